"""``archive rebuild``: archive.db lost, truncated or emptied comes back from the originals.

One archive is built through the CLI (HTML pages, a page edited and indexed again,
a WARC of two responses, a JSONL export, a user tag, two users, an API token, a
saved search, the audit log they wrote), then each test damages a copy. Every record must come back identical, field for field:
with sidecars nothing a record holds is lost. What a rebuild cannot give back is
outside the records and is left out of the comparisons, each with its reason:
``versions.added`` and ``originals.added`` (the commit time of the first run: the
rebuild gives the time the original was kept, to the second), ``files.checked``
(when a run last looked) and the files that gave no original (rejected files,
duplicates of another file: the next ``index`` run reads them again).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time

import pytest
from click.testing import CliRunner

from cli import main
from tests.support import PARAGRAPH, edit_article, html_page, jsonl, slow_article, warc_bytes, write

WORDS = " ".join(["lighthouse"] * 3)


def cli(folder, *args):
    return CliRunner().invoke(main, ["--archive", str(folder), *args])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A real archive built from files written here; its folder and what it held."""
    root = tmp_path_factory.mktemp("built")
    src = root / "src"
    write(
        src / "quay.html",
        html_page(
            "Quay repairs finished",
            f"The council said the quay repairs cost 2 million.\n\n{PARAGRAPH}",
            date="2023-05-02T08:00:00+00:00",
            url="https://harbour.example/news/quay",
        ),
    )
    write(  # no address: its id comes from its file's path (kept by the sidecar)
        src / "notes" / "keeper.html",
        html_page("The keeper's notes", f"The {WORDS} keeper wrote it down.\n\n{PARAGRAPH}"),
    )
    write(
        src / "crawl.warc.gz",
        warc_bytes(
            [
                ("https://news.example/w1", html_page("Crawled one", f"Alpha tide. {PARAGRAPH}")),
                ("https://news.example/w2", html_page("Crawled two", f"Beta tide. {PARAGRAPH}")),
            ]
        ),
    )
    write(
        src / "export.jsonl",
        jsonl(
            [
                {
                    "title": "Ferry timetable changes",
                    "url": "https://ferries.example/timetable",
                    "body": f"The winter ferry timetable starts in November. {PARAGRAPH}",
                    "date": "2023-09-01T06:00:00Z",
                    "tags": ["ferries"],
                },
                {
                    "title": "Pier lights replaced",
                    "url": "https://ferries.example/pier",
                    "body": f"New lights were fitted on the pier. {PARAGRAPH}",
                },
            ]
        ),
    )
    folder = root / "arc"
    first = cli(folder, "index", str(src), "--tag", "coast", "--workers", "1", "-q")
    assert first.exit_code == 0, first.output
    edit_article(src / "quay.html")  # a new version of the same article...
    time.sleep(1.1)  # ...saved a second later: its "updated" differs from "added"
    second = cli(folder, "index", str(src), "--tag", "coast", "--workers", "1", "-q")
    assert second.exit_code == 0 and "1 updated" in second.output, second.output
    for args, given in (
        (("users", "add", "ada", "--role", "admin"), "correct horse battery\n"),
        (("users", "add", "ed", "--role", "editor"), "staple battery horse\n"),
        (("tokens", "create", "ed", "nightly export"), None),
        (("saved", "add", "Tides", "tide -storm"), None),
    ):
        done = CliRunner().invoke(main, ["--archive", str(folder), *args], input=given)
        assert done.exit_code == 0, (args, done.output)
    conn = sqlite3.connect(folder / "archive.db")  # all in archive.db, as after a clean exit
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    state = db_state(folder)
    assert len(state["records"]) == 6 and len(state["versions"]) == 7
    assert len(state["users"]) == 2 and len(state["tokens"]) == 1 and len(state["audit"]) >= 3
    quay = next(d for d, _ in state["records"].values() if d["title"].startswith("Quay"))
    assert quay["updated"] > quay["added"]  # the update kept when it was first added
    return folder, state


def db_state(folder) -> dict:
    """What archive.db holds that a rebuild must give back (see the module's docstring)."""
    conn = sqlite3.connect(folder / "archive.db")
    try:
        return {
            "records": {
                rid: (json.loads(data), version)
                for rid, data, version in conn.execute("SELECT id, data, version FROM records")
            },
            "versions": sorted(
                conn.execute("SELECT record_id, sha256, member, body FROM versions")
            ),
            "originals": sorted(conn.execute("SELECT sha256, size, name FROM originals")),
            "files": sorted(
                conn.execute("SELECT path, size, mtime_ns, sha256, status, reason FROM files")
            ),
            "saved": sorted(conn.execute("SELECT * FROM saved_searches")),
            "users": sorted(conn.execute("SELECT * FROM users")),
            "tokens": sorted(conn.execute("SELECT * FROM tokens")),
            "audit": sorted(conn.execute("SELECT * FROM audit")),
        }
    finally:
        conn.close()


@pytest.fixture
def copy(built, tmp_path):
    folder, state = built
    shutil.copytree(folder, tmp_path / "arc")
    return tmp_path / "arc", state


def delete(db):
    db.unlink()


def truncate_half(db):
    os.truncate(db, db.stat().st_size // 2)


def truncate_zero(db):
    os.truncate(db, 0)


@pytest.mark.parametrize("damage", [delete, truncate_half, truncate_zero])
def test_rebuild_gives_every_record_back_identical(copy, damage):
    folder, before = copy
    db = folder / "archive.db"
    damage(db)
    damaged_bytes = db.read_bytes() if db.exists() else None

    check = cli(folder, "check")
    assert check.exit_code == 1
    assert check.output.startswith("DAMAGED: ") and "run `archive rebuild`" in check.output
    assert len(check.output.strip().splitlines()) == 1, check.output
    for command in (["search", "tide"], ["stats"], ["saved", "list"], ["check", "--repair"]):
        other = cli(folder, *command)
        assert other.exit_code == 1, (command, other.output)
        assert "run `archive rebuild`" in other.output and "Traceback" not in other.output
        assert len(other.output.strip().splitlines()) == 1, (command, other.output)

    rebuilt = cli(folder, "rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "6 records (7 versions) from 5 originals" in rebuilt.output

    after = db_state(folder)
    assert after["records"] == before["records"]  # every field, every record, same versions
    for part in ("versions", "originals", "files", "saved", "users", "tokens", "audit"):
        assert after[part] == before[part], part
    if damaged_bytes is not None:  # the damaged file is kept aside, as it was
        (aside,) = folder.glob("archive.db.before-rebuild-*[0-9]")
        assert aside.read_bytes() == damaged_bytes
    assert cli(folder, "check").output.startswith("OK: ")
    found = cli(folder, "search", "tide", "--json")
    assert found.exit_code == 0 and json.loads(found.output)["total"] == 2


def test_check_repair_never_blesses_an_empty_database_over_originals(copy):
    folder, _ = copy
    truncate_zero(folder / "archive.db")
    index_before = sorted(p.name for p in (folder / "index").iterdir())
    result = cli(folder, "check", "--repair")
    assert result.exit_code == 1 and result.output.startswith("DAMAGED: "), result.output
    assert "OK" not in result.output
    assert (folder / "archive.db").stat().st_size == 0  # nothing written over it
    assert sorted(p.name for p in (folder / "index").iterdir()) == index_before


def test_a_database_without_records_while_originals_exist_is_damaged(copy):
    folder, _ = copy
    conn = sqlite3.connect(folder / "archive.db")
    with conn:
        conn.execute("DELETE FROM records")
    conn.close()
    result = cli(folder, "check", "--repair")
    assert result.exit_code == 1, result.output
    assert "no records, while originals/ holds originals" in result.output
    assert "run `archive rebuild`" in result.output


def test_index_into_a_lost_database_says_to_rebuild_and_creates_nothing(copy, tmp_path):
    folder, _ = copy
    (folder / "archive.db").unlink()
    write(tmp_path / "more" / "new.html", html_page("New page", f"Fresh words. {PARAGRAPH}"))
    result = cli(folder, "index", str(tmp_path / "more"))
    assert result.exit_code == 1 and "run `archive rebuild`" in result.output
    assert not (folder / "archive.db").exists()


def test_originals_without_sidecars_still_rebuild(copy):
    """An archive kept before sidecars: what each original tells is all there is. Articles
    with an address keep their id and text; the file's name, its modification time (the
    HTML capture time) and the user's tags are unknown, and an article without an address
    (identified by its file) gets another id."""
    folder, before = copy
    shutil.rmtree(folder / "originals" / "sidecars")
    (folder / "archive.db").unlink()
    result = cli(folder, "rebuild", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["originals"] == summary["without_sidecar"] == 5
    after = db_state(folder)["records"]
    kept = {rid: data for rid, (data, _) in before["records"].items() if data["url"]}
    assert set(kept) <= set(after)
    for rid, data in kept.items():
        assert after[rid][0]["title"] == data["title"]
        assert after[rid][0]["body"] == data["body"]
        assert after[rid][0]["type"] == data["type"]
        assert after[rid][0]["origin"]["path"].startswith(str(folder / "originals"))
        assert after[rid][0]["user_tags"] == []
    keeper = [d for d, _ in after.values() if d["title"] == "The keeper's notes"]
    assert len(keeper) == 1 and keeper[0]["id"] not in before["records"]
    assert db_state(folder)["files"] == []  # no file of theirs is known


def test_rebuild_without_originals_says_so_and_creates_nothing(tmp_path):
    result = cli(tmp_path / "empty", "rebuild")
    assert result.exit_code == 1 and "holds no originals" in result.output
    assert not (tmp_path / "empty" / "archive.db").exists()


def test_tables_come_back_from_the_old_database_when_no_copy_exists(copy):
    """An archive whose saved searches, users and log have no plain copies (written by an
    older version): a rebuild reads them from the old database where it can be read."""
    folder, before = copy
    quay, pier = (
        next(rid for rid, (data, _) in before["records"].items() if data["title"] == title)
        for title in ("Quay repairs finished", "Pier lights replaced")
    )
    assert cli(folder, "edit", quay, "--note", "Ask the council").exit_code == 0
    assert cli(folder, "delete", pier).exit_code == 0
    before = db_state(folder)
    shutil.rmtree(folder / "exported")
    result = cli(folder, "rebuild")
    assert result.exit_code == 0, result.output
    after = db_state(folder)
    for part in ("saved", "users", "tokens", "audit"):
        assert after[part] == before[part], part
    copies = sorted(p.name for p in (folder / "exported").iterdir())
    assert copies == [
        "audit.jsonl",
        "corrections.json",
        "saved_searches.json",
        "tokens.json",
        "trash.json",
        "users.json",
    ]
    assert json.loads(cli(folder, "show", quay, "--json").output)["note"] == "Ask the council"
    assert pier in cli(folder, "trash", "list").output


def test_the_rebuilt_archive_takes_new_files_as_before(copy, tmp_path):
    folder, before = copy
    (folder / "archive.db").unlink()
    assert cli(folder, "rebuild").exit_code == 0
    sources = {d["origin"]["path"] for d, _ in before["records"].values()}
    again = cli(folder, "index", *sorted(sources), "--workers", "1", "-q")
    assert again.exit_code == 0, again.output
    assert "0 indexed, 0 updated, 0 duplicates, 4 unchanged" in again.output  # not even read


def test_a_modified_original_is_reported_and_the_rest_rebuilt(copy):
    folder, before = copy
    quay = next(d for d, _ in before["records"].values() if d["title"].startswith("Quay"))
    path = folder / "originals" / quay["origin"]["sha256"][:2] / quay["origin"]["sha256"]
    path.chmod(0o644)
    path.write_bytes(path.read_bytes() + b"<!-- changed -->")
    (folder / "archive.db").unlink()
    result = cli(folder, "rebuild")
    assert result.exit_code == 1, result.output
    assert f"not read: {quay['origin']['sha256']}: the original was modified" in result.output
    after = db_state(folder)["records"]
    assert after[quay["id"]][0]["body"] != quay["body"]  # the first version stands instead
    assert len(after) == 6


def test_corrections_notes_and_the_trash_come_back_when_archive_db_is_deleted(copy):
    from archive import corrections, open_archive, trash

    folder, before = copy
    ids = {data["title"]: rid for rid, (data, _) in before["records"].items()}
    quay, keeper, ferry, pier = (
        ids[title]
        for title in (
            "Quay repairs finished",
            "The keeper's notes",
            "Ferry timetable changes",
            "Pier lights replaced",
        )
    )
    term = next(t for data, _ in before["records"].values() for t in data["terms"])
    for args in (
        ("edit", quay, "--title", "Quay repairs finished at last", "--date", "2023-05-03"),
        ("edit", quay, "--author", "Ann Holm", "--tag", "+harbour"),
        ("edit", keeper, "--note", "Check the keeper's name with the museum"),
        ("edit", ferry, "--tag", "-ferries"),
        ("edit", ferry, "--reject", f"term:{term}", "--everywhere"),
        ("delete", pier),
    ):
        done = cli(folder, *args)
        assert done.exit_code == 0, (args, done.output)

    def state():
        archive = open_archive(folder)
        try:
            return {
                "corrections": sorted(archive.db.execute("SELECT * FROM corrections")),
                "trash": trash.listing(archive),
                "shown": {rid: archive.get(rid).to_dict() for rid in ids.values()},
                "everywhere": corrections.rejected_everywhere(archive),
            }
        finally:
            archive.close()

    edited = state()
    assert len(edited["corrections"]) == 7 and [t.id for t in edited["trash"]] == [pier]
    assert edited["shown"][keeper]["note"] == "Check the keeper's name with the museum"
    for suffix in ("", "-wal", "-shm"):  # archive.db lost, with whatever it had not checkpointed
        (folder / f"archive.db{suffix}").unlink(missing_ok=True)
    rebuilt = cli(folder, "rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "corrections: 7" in rebuilt.output and "trash: 1" in rebuilt.output
    assert state() == edited  # every correction (who, when), the note, the trash, as shown
    assert json.loads(cli(folder, "search", "title:last", "--json").output)["total"] == 1
    assert json.loads(cli(folder, "search", "pier lights", "--json").output)["total"] == 0
    assert cli(folder, "check").output.startswith("OK: ")


def test_a_slow_article_of_a_container_is_left_out_alone(copy, monkeypatch):
    """Each article of a WARC or JSON Lines export has its own time budget in a rebuild,
    as in the indexing run: one slow article does not lose the whole container."""
    from archive import open_archive
    from indexer.limits import RunLimits
    from indexer.rebuild import rebuild

    folder, _ = copy
    slow_article(monkeypatch, "line 1")
    (folder / "archive.db").unlink()
    summary = rebuild(open_archive(folder, damaged_ok=True), limits=RunLimits(file_seconds=1))
    (rejected,) = summary.rejected
    assert rejected["member"] == "line 1" and rejected["reason"].startswith("took too long")
    after = db_state(folder)["records"]
    assert len(after) == 5
    assert {d["title"] for d, _ in after.values()} >= {"Pier lights replaced", "Crawled two"}
