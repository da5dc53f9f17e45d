"""The `archive` command, through click's runner and as a real subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from tests.support import PARAGRAPH, html_page, jsonl, write, write_wire_story

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "saved"
    write(
        folder / "aden.html",
        html_page(
            "Storm closes the port of Aden",
            f"A storm closed the port of Aden to shipping.\n\n{PARAGRAPH}",
            date="2023-09-19T08:00:00+00:00",
            url="https://news.example/aden",
            keywords="shipping",
        ),
    )
    write(
        folder / "grid.html",
        html_page(
            "Grid batteries reach record output",
            f"Batteries on the grid.\n\n{PARAGRAPH}",
            date="2022-06-01T08:00:00+00:00",
            url="https://news.example/grid",
            site="Energy Ledger",
        ),
    )
    return folder


def invoke(tmp_path, *args):
    runner = CliRunner()
    return runner.invoke(main, ["--archive", str(tmp_path / "arc"), *args], catch_exceptions=False)


def test_index_prints_a_summary_and_json(tmp_path, pages):
    result = invoke(tmp_path, "index", str(pages), "--json", "--workers", "1", "--tag", "mine")
    assert result.exit_code == 0, result.output
    assert "2 indexed" in result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["indexed"] == 2 and summary["rejected"] == 0
    again = invoke(tmp_path, "index", str(pages), "--json")
    assert json.loads(again.output.strip().splitlines()[-1])["unchanged"] == 2


def test_rejections_give_exit_code_1_and_the_reason(tmp_path, pages):
    write(pages / "empty.txt", "")
    result = invoke(tmp_path, "index", str(pages), "--workers", "1")
    assert result.exit_code == 1
    assert "rejected" in result.output and "empty.txt: the file is empty" in result.output


def test_search_json_hits(tmp_path, pages):
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    result = invoke(tmp_path, "search", "Aden", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["total"] == 1
    hit = data["hits"][0]
    assert {"id", "title", "date", "source", "tags", "score", "snippet"} <= set(hit)
    assert hit["title"] == "Storm closes the port of Aden"
    assert "[Aden]" in hit["snippet"]
    assert "facets" not in data
    with_facets = json.loads(invoke(tmp_path, "search", "Aden", "--json", "--facets").output)
    assert with_facets["facets"]["tag"]["values"] == [
        {"value": "shipping", "count": 1, "selected": False}
    ]
    assert with_facets["timeline"]["buckets"][0]["count"] == 1


def test_search_text_with_facets_filters_and_sort(tmp_path, pages):
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    result = invoke(
        tmp_path, "search", "--filter", "source=Energy Ledger", "--facets", "--sort", "newest"
    )
    assert result.exit_code == 0
    assert "1 match (" in result.output and "Grid batteries" in result.output
    assert "Source: Energy Ledger (1)" in result.output


def test_search_a_pasted_address_and_words_some_articles_lack(tmp_path, pages):
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    found = invoke(tmp_path, "search", "https://www.news.example/aden/?utm_source=feed")
    assert found.output.startswith("1 match") and "Storm closes the port of Aden" in found.output
    missing = invoke(tmp_path, "search", "news.example/somewhere-else")
    assert "No article saved from this address" in missing.output
    mixed = invoke(tmp_path, "search", "storm batteries")
    assert "-- 0 articles with all of your words; from here on, articles with some" in mixed.output
    assert mixed.output.startswith("0 matches (")
    assert "\n2 more articles with some of the words\n" in mixed.output


def test_json_and_saved_run_hold_only_matches_unless_partial(tmp_path, pages):
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    strict = json.loads(invoke(tmp_path, "search", "storm", "batteries", "--json").output)
    assert strict["total"] == 0 and strict["hits"] == []
    loose = invoke(tmp_path, "search", "storm batteries", "--json", "--partial", "--every-copy")
    loose = json.loads(loose.output)
    assert loose["exact_total"] == 0 and [h["partial"] for h in loose["hits"]] == [True, True]
    invoke(tmp_path, "saved", "add", "alert", "storm batteries", "--every-copy")
    ran = invoke(tmp_path, "saved", "run", "alert")
    assert ran.output.startswith("0 matches (") and "Storm closes" not in ran.output
    assert json.loads(invoke(tmp_path, "saved", "run", "alert", "--json").output)["hits"] == []
    ran = json.loads(invoke(tmp_path, "saved", "run", "alert", "--json", "--partial").output)
    assert len(ran["hits"]) == 2 and all(h["partial"] for h in ran["hits"])


@pytest.mark.parametrize(
    "query, message",
    [
        ("after:soon", "not a date"),
        ("date:[2021 TO", "Write a date range"),
        ("date:2023-13", "calendar date"),
    ],
)
def test_malformed_query_is_one_line_without_traceback(tmp_path, pages, query, message):
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    result = invoke(tmp_path, "search", query)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert result.output.startswith("Error: ")


def test_show_and_stats(tmp_path, pages):
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    hit = json.loads(invoke(tmp_path, "search", "Aden", "--json").output)["hits"][0]
    shown = invoke(tmp_path, "show", hit["id"])
    assert "Storm closes the port of Aden" in shown.output and "date_source" in shown.output
    assert json.loads(invoke(tmp_path, "show", hit["id"], "--json").output)["id"] == hit["id"]
    missing = invoke(tmp_path, "show", "0000000000000000")
    assert missing.exit_code == 1 and "No article with id" in missing.output
    stats = json.loads(invoke(tmp_path, "stats", "--json").output)
    assert stats["records"] == 2


def test_reindex_and_reextract(tmp_path, pages):
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    assert "Indexed 2 records" in invoke(tmp_path, "reindex").output
    result = invoke(tmp_path, "reextract")
    assert result.exit_code == 0 and "2 unchanged" in result.output
    assert json.loads(invoke(tmp_path, "search", "Aden", "--json").output)["total"] == 1


def test_every_command_has_help_with_an_example_and_is_in_the_readme():
    readme = README.read_text()
    for name, command in main.commands.items():
        assert command.help and "Example" in command.help, name
        assert f"archive {name}" in readme, name


def test_runs_as_python_module(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "cli", "--help"], capture_output=True, text=True, check=True
    )
    assert "Archive saved news articles" in result.stdout


def test_saved_searches_from_the_command_line(tmp_path, pages):
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    added = invoke(tmp_path, "saved", "add", "Aden news", "Aden", "--filter", "tag=shipping")
    assert added.exit_code == 0 and "Saved 'Aden news'" in added.output
    listed = invoke(tmp_path, "saved")
    assert "Aden news: “Aden” · Tag: shipping" in listed.output
    ran = json.loads(invoke(tmp_path, "saved", "run", "Aden news", "--json").output)
    assert ran["total"] == 1 and ran["params"] == {"q": "Aden", "tag": ["shipping"]}
    assert invoke(tmp_path, "saved", "run", "nope").exit_code == 1
    bad = invoke(tmp_path, "saved", "add", "broken", "date:2023-13")
    assert bad.exit_code == 1 and "not a valid calendar date" in bad.output
    assert "Deleted" in invoke(tmp_path, "saved", "delete", "Aden news").output
    assert "No saved searches yet" in invoke(tmp_path, "saved").output


# ---------------------------------------------------------------- CLI manners (issue 12.5)
@pytest.mark.parametrize("command", [["search", "Aden"], ["show", "abc"], ["stats"]])
def test_readers_refuse_a_folder_that_is_not_an_archive(tmp_path, command):
    (tmp_path / "arc").mkdir()
    (tmp_path / "arc" / "notes.txt").write_text("mine")
    result = invoke(tmp_path, *command)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "not an archive" in result.output.lower() or "no archive" in result.output.lower()
    assert not (tmp_path / "arc" / "archive.db").exists()


def test_index_says_it_created_a_new_archive(tmp_path, pages):
    result = invoke(tmp_path, "index", str(pages), "--workers", "1")
    assert f"Created a new archive at {tmp_path / 'arc'}" in result.output
    again = invoke(tmp_path, "index", str(pages), "--workers", "1")
    assert "Created a new archive" not in again.output


def test_summary_uses_plurals_and_counts_files_like_the_progress(tmp_path, pages):
    write(pages / "copy.html", (pages / "aden.html").read_bytes())
    first = invoke(tmp_path, "index", str(pages), "--workers", "1")
    assert "3 files found, 3 read" in first.output and "1 duplicate," in first.output
    again = invoke(tmp_path, "index", str(pages / "grid.html"), "--workers", "1")
    assert "1 file found, 0 read" in again.output and "0 duplicates," in again.output


def test_search_says_one_match_and_more_values(tmp_path, pages):
    for i in range(12):
        write(
            pages / f"extra{i}.html",
            html_page(
                f"Aden report {i}",
                f"Aden again, file kw{i:02d}.\n\n{PARAGRAPH}",
                keywords=f"kw{i:02d}",
            ),
        )
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    one = invoke(tmp_path, "search", "storm", "closed", "port")
    assert one.output.startswith("1 match (")
    many = invoke(tmp_path, "search", "Aden", "--facets")
    assert "13 articles in " in many.output and "and 3 more values" in many.output


def test_search_says_what_was_shortened(tmp_path, pages):
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    phrase = '"' + " ".join(PARAGRAPH.split()[:20]) + '"'
    out = invoke(tmp_path, "search", phrase).output
    assert "Note: A phrase of more than 16 words was searched as its words" in out


def test_show_accepts_a_unique_id_prefix(tmp_path, pages):
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    ids = [h["id"] for h in json.loads(invoke(tmp_path, "search", "--json").output)["hits"]]
    target = ids[0]
    others = [i for i in ids if i != target]
    length = next(
        n for n in range(1, len(target) + 1) if not any(o.startswith(target[:n]) for o in others)
    )
    shown = invoke(tmp_path, "show", target[:length], "--json")
    assert shown.exit_code == 0 and json.loads(shown.output)["id"] == target
    ambiguous = invoke(tmp_path, "show", "")
    assert ambiguous.exit_code == 1 and "No article with id" in ambiguous.output


def test_ambiguous_id_prefix_lists_the_candidates(tmp_path, pages):
    for i in range(17):  # 19 hex ids: two share a first character
        write(pages / f"n{i}.txt", f"Note {i}\n\n{PARAGRAPH} {i}")
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    from archive.store import open_archive

    archive = open_archive(tmp_path / "arc", must_exist=True)
    ids = sorted(r.id for r in archive.iter_records())
    archive.close()
    first, second = next((a, b) for a, b in zip(ids, ids[1:], strict=False) if a[0] == b[0])
    result = invoke(tmp_path, "show", first[0])
    assert result.exit_code == 1 and "not unique" in result.output
    assert first in result.output and second in result.output


@pytest.mark.parametrize(
    "query, expected",
    [
        ("lang:german", "'lang' takes a language code such as en, de"),
        ("type:docx", "'type' is one of html, text, warc, json, mhtml, pdf, not 'docx'."),
    ],
)
def test_bad_type_and_lang_values_get_one_line_with_the_valid_values(
    tmp_path, pages, query, expected
):
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    result = invoke(tmp_path, "search", query)
    assert result.exit_code == 1 and expected in result.output
    assert len(result.output.strip().splitlines()) == 1
    filtered = invoke(tmp_path, "search", "--filter", "type=docx")
    assert filtered.exit_code == 1 and "'type' is one of" in filtered.output


def test_did_you_mean_keeps_the_users_capitalisation(tmp_path, pages):
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    result = invoke(tmp_path, "search", "Batteires")
    assert "Did you mean: Batteries" in result.output
    upper = invoke(tmp_path, "search", "BATTEIRES")
    assert "Did you mean: BATTERIES" in upper.output


def test_index_exclude_and_archiveignore(tmp_path, pages):
    write(pages / "drafts" / "draft.html", html_page("Draft piece", PARAGRAPH))
    write(pages / "notes.tmp.txt", f"Scratch notes\n\n{PARAGRAPH}")
    write(pages / "sub" / "kept.txt", f"Kept words\n\n{PARAGRAPH}")
    write(pages / "sub" / "skip-me.txt", f"Skipped words\n\n{PARAGRAPH}")
    write(pages / "sub" / ".archiveignore", "# mine\nskip-*\n")
    result = invoke(
        tmp_path,
        "index",
        str(pages),
        "--workers",
        "1",
        "--exclude",
        "drafts",
        "--exclude",
        "*.tmp.txt",
        "--json",
    )
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["files"] == 3 and summary["indexed"] == 3
    titles = {
        h["title"]
        for h in json.loads(
            invoke(tmp_path, "search", "--json", "-n", "50", "--every-copy").output
        )["hits"]
    }
    assert "Draft piece" not in titles and "Kept words" in titles and "Skipped words" not in titles


def test_stats_counts_undated_articles(tmp_path, pages):
    write(pages / "export.jsonl", jsonl([{"title": "An undated note", "body": PARAGRAPH}]))
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    text = invoke(tmp_path, "stats").output
    assert "undated: 1" in text
    assert json.loads(invoke(tmp_path, "stats", "--json").output)["undated"] == 1


def test_saved_list_replace_and_rename(tmp_path, pages):
    invoke(tmp_path, "index", str(pages), "--workers", "1")
    assert "Saved 'Ports'" in invoke(tmp_path, "saved", "add", "Ports", "port").output
    taken = invoke(tmp_path, "saved", "add", "Ports", "grid")
    assert taken.exit_code == 1 and "exists already" in taken.output and "--replace" in taken.output
    assert "Ports: “port”" in invoke(tmp_path, "saved", "list").output
    replaced = invoke(tmp_path, "saved", "add", "Ports", "grid", "--replace")
    assert replaced.exit_code == 0 and "Replaced 'Ports': “grid”" in replaced.output
    renamed = invoke(tmp_path, "saved", "rename", "Ports", "Grid news")
    assert renamed.exit_code == 0 and "Renamed 'Ports' to 'Grid news'." in renamed.output
    listed = invoke(tmp_path, "saved", "list").output
    assert "Grid news: “grid”" in listed and "Ports" not in listed
    invoke(tmp_path, "saved", "add", "Other", "x")
    clash = invoke(tmp_path, "saved", "rename", "Other", "Grid news")
    assert clash.exit_code == 1 and "exists already" in clash.output
    assert invoke(tmp_path, "saved", "rename", "nope", "x").exit_code == 1


def test_index_of_a_missing_path_creates_no_archive(tmp_path):
    """Issue 22.15: the archive was created before the path was found missing."""
    result = CliRunner().invoke(
        main, ["--archive", str(tmp_path / "arc"), "index", str(tmp_path / "nowhere")]
    )
    assert result.exit_code == 1
    assert "Nothing to index" in result.output and "no such file or folder" in result.output
    assert not (tmp_path / "arc").exists()


def test_search_into_a_closed_pipe_exits_quietly(tmp_path, pages):
    """Issue 22.15: `archive search ... | head -1` exited 1 (a broken pipe)."""
    import os

    archive = tmp_path / "arc"
    assert CliRunner().invoke(main, ["--archive", str(archive), "index", str(pages)]).exit_code == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    try:
        result = subprocess.run(
            [sys.executable, "-m", "cli", "--archive", str(archive), "search", "port"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (0, "")


def test_help_imports_no_search_indexer_or_web_module():
    """`archive --help` stays quick: commands import what is costly inside themselves."""
    code = (
        "import sys\nfrom cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('indexer', 'web', 'flask', 'whoosh',"
        " 'trafilatura', 'multiprocessing') or m.startswith('archive.search')]\n"
        "print(heavy, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "Usage:" in result.stdout
    assert result.stderr.strip() == "[]"


def test_search_collapses_copies_and_says_both_counts(tmp_path):
    write_wire_story(tmp_path / "wire")
    invoke(tmp_path, "index", str(tmp_path / "wire"), "--workers", "1")
    out = invoke(tmp_path, "search", "herring", "--sort", "oldest").output
    assert out.startswith("3 articles in 1 story (")
    assert out.count("\n1. ") == 1 and "2 other articles (story:" in out
    every = invoke(tmp_path, "search", "herring", "--every-copy").output
    assert every.startswith("3 articles in 1 story (") and "\n3. " in every
    data = json.loads(invoke(tmp_path, "search", "herring", "--json").output)
    assert (data["total"], data["stories"], len(data["hits"])) == (3, 1, 1)
    assert data["hits"][0]["copies"] == 2
    bad = invoke(tmp_path, "search", "copies:lots")
    assert bad.exit_code == 1 and bad.output.startswith("Error: 'copies:' is yes")
