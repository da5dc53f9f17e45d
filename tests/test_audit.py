"""archive.audit: the append-only audit log and the failed-login counts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from archive import audit
from archive.store import open_archive


@pytest.fixture
def archive(tmp_path):
    archive = open_archive(tmp_path / "arc")
    yield archive
    archive.close()


def test_entries_are_kept_newest_first_and_filtered_by_user_and_time(archive):
    audit.record(archive, "login", "alice", "admin", "10.0.0.1")
    audit.record(archive, "token created", "bob", "token 1 (nightly)", "10.0.0.2")
    assert [(e.user, e.action) for e in audit.entries(archive)] == [
        ("bob", "token created"),
        ("alice", "login"),
    ]
    assert [e.action for e in audit.entries(archive, user="ALICE")] == ["login"]
    future = datetime.now(UTC) + timedelta(hours=1)
    assert audit.entries(archive, since=future) == []
    assert audit.entries(archive)[0].address == "10.0.0.2"


def test_the_log_cannot_be_changed_or_deleted(archive):
    audit.record(archive, "login", "alice")
    for sql in ("UPDATE audit SET user = 'mallory'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            archive.db.execute(sql)
    assert [e.user for e in audit.entries(archive)] == ["alice"]


def test_failed_logins_are_counted_per_name_and_per_address(archive):
    for address in ("10.0.0.1", "10.0.0.1", "10.0.0.2"):
        audit.record(archive, audit.LOGIN_FAILED, "alice", "", address)
    audit.record(archive, "login", "alice", "", "10.0.0.1")
    assert audit.failures_since(archive, 15, user="Alice") == 3
    assert audit.failures_since(archive, 15, address="10.0.0.1") == 2
    assert audit.failures_since(archive, 15, user="") == 0
