"""The `archive` command, through click's runner and as a real subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from tests.support import PARAGRAPH, html_page, write

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "saved"
    write(
        folder / "aden.html",
        html_page(
            "Storm closes the port of Aden",
            f"A storm closed the port of Aden.\n\n{PARAGRAPH}",
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
    assert "1 matches" in result.output and "Grid batteries" in result.output
    assert "Source: Energy Ledger (1)" in result.output


@pytest.mark.parametrize(
    "query, message",
    [("after:soon", "not a date"), ("date:[2021 TO", "Write a date range"), ("date:2023-13", "calendar date")],
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
    assert invoke(tmp_path, "saved").output == ""
