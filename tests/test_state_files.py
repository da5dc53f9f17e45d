"""Plain copies of what only archive.db holds: rewritten on every change, restored from."""

from __future__ import annotations

import json
import sqlite3

import pytest

from archive import saved as saved_searches
from archive import state_files
from archive.database import SCHEMA
from archive.search import SearchRequest
from archive.store import open_archive


def copied(folder) -> list[tuple[str, str]]:
    rows = state_files.read_export(folder, "saved_searches")
    return [(r["name"], r["params"]) for r in rows]


def test_every_change_to_saved_searches_is_copied(tmp_path):
    archive = open_archive(tmp_path / "arc")
    saved_searches.save(archive, "Tides", SearchRequest.from_query_string("q=tide"))
    saved_searches.save(archive, "Ferries", SearchRequest.from_query_string("q=ferry"))
    assert sorted(copied(archive.path)) == [("Ferries", "q=ferry"), ("Tides", "q=tide")]
    saved_searches.rename(archive, "Tides", "High tides")
    saved_searches.delete(archive, "Ferries")
    assert copied(archive.path) == [("High tides", "q=tide")]
    assert not list((archive.path / state_files.FOLDER).glob(".*.tmp"))


def test_a_copy_is_restored_into_a_new_database(tmp_path):
    archive = open_archive(tmp_path / "arc")
    saved_searches.save(archive, "Tides", SearchRequest.from_query_string("q=tide"))
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    assert state_files.restore_tables(conn, archive.path) == {"saved_searches": 1}
    assert conn.execute("SELECT name, params FROM saved_searches").fetchall() == [
        ("Tides", "q=tide")
    ]


def test_no_copy_is_nothing_and_a_broken_copy_says_so(tmp_path):
    assert state_files.read_export(tmp_path, "saved_searches") == []
    path = state_files.export_path(tmp_path, "saved_searches")
    path.parent.mkdir()
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot be read"):
        state_files.read_export(tmp_path, "saved_searches")
    path.write_text(json.dumps({"rows": "x"}), encoding="utf-8")
    with pytest.raises(ValueError, match="not a copy of the saved_searches table"):
        state_files.read_export(tmp_path, "saved_searches")


def test_accounts_and_the_audit_log_are_copied_as_they_change(tmp_path):
    from archive import accounts, audit

    archive = open_archive(tmp_path / "arc")
    accounts.add_user(archive, "ada", "admin", "correct horse battery")
    accounts.create_token(archive, "ada", "nightly")
    audit.record(archive, "login", "ada", address="127.0.0.1")
    audit.record(archive, "token created", "ada", "nightly")
    users = state_files.read_export(archive.path, "users")
    assert [u["name"] for u in users] == ["ada"] and users[0]["password_hash"]
    assert [t["name"] for t in state_files.read_export(archive.path, "tokens")] == ["nightly"]
    path = state_files.export_path(archive.path, "audit")
    assert oct(path.stat().st_mode & 0o777) == oct(state_files.MODE)  # password hashes
    with open(path, "ab") as handle:
        handle.write(b'{"id": 3, "at": "2026-')  # a line cut short by a crash
    entries = state_files.read_appended(archive.path, "audit")
    assert [(e["id"], e["action"]) for e in entries] == [(1, "login"), (2, "token created")]
