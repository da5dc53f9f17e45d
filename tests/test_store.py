"""The archive store: records, originals, the write batch."""

import pytest

from archive.errors import NotAnArchiveError, NotFoundError
from archive.store import open_archive
from tests.support import PARAGRAPH, build_archive, html_page, lighthouse_archive, write


@pytest.fixture
def archive(tmp_path):
    return lighthouse_archive(tmp_path)


def test_unknown_record_is_a_clear_error(archive):
    with pytest.raises(NotFoundError, match="No article with id 'nope'"):
        archive.get("nope")


def test_readers_do_not_create_an_archive_where_there_is_none(tmp_path):
    with pytest.raises(NotAnArchiveError, match="not an archive"):
        open_archive(tmp_path / "nothing", must_exist=True)
    assert not (tmp_path / "nothing").exists()


def test_a_full_database_says_so_and_the_next_run_finishes(tmp_path):
    """Issue 22.11: a full disk ended in "cannot rollback - no transaction is active", which
    hid the cause. The database is made full for real: SQLite's max_page_count."""
    import sqlite3

    from indexer.run import run_index

    write(tmp_path / "first" / "a.html", html_page("First", PARAGRAPH, url="https://x.ex/0"))
    archive, _ = build_archive(tmp_path / "arc", tmp_path / "first")
    for n in range(1, 40):
        body = " ".join([f"Report {n} on the quay."] + [PARAGRAPH] * (20 + n))
        page = html_page(f"Report {n}", body, url=f"https://x.ex/{n}")
        write(tmp_path / "more" / f"p{n}.html", page)
    pages = archive.db.execute("PRAGMA page_count").fetchone()[0]
    archive.db.execute(f"PRAGMA max_page_count = {pages + 3}")
    with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
        run_index(archive, [str(tmp_path / "more")], workers=1)
    assert not archive.db.in_transaction
    archive.db.execute("PRAGMA max_page_count = 1073741823")
    summary = run_index(archive, [str(tmp_path / "more")], workers=1).to_dict()
    assert summary["rejected"] == 0 and summary["indexed"] + summary["unchanged"] == 39, summary
    assert archive.count() == 40 == archive.index.count()


def test_claimants_come_through_the_index_of_claimed_addresses_not_from_the_trash(tmp_path):
    """Issue 22.1: the records that claim an article's address, and the article one claims."""
    from archive import trash
    from tests.support import claimed_address_archive

    archive, genuine, claimant = claimed_address_archive(tmp_path)
    assert [r.id for r in archive.claimants(archive.get(genuine))] == [claimant]
    assert archive.claimants(archive.get(claimant)) == []
    assert archive.claimed_record(archive.get(claimant)).id == genuine
    assert archive.claimed_record(archive.get(genuine)) is None
    plan = archive.db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM records "
        "WHERE json_extract(data, '$.claimed_url') IS NOT NULL AND trashed IS NULL"
    ).fetchall()
    assert "records_claimed" in str(plan)  # only the claiming records are read
    trash.move(archive, [claimant], "editor")
    assert archive.claimants(archive.get(genuine)) == []
    trash.restore(archive, [claimant], "editor")
    trash.move(archive, [genuine], "editor")
    assert archive.claimed_record(archive.get(claimant)) is None
