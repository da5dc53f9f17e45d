"""The archive store: records, originals, the derived index and its schema version."""

import pytest

from archive.errors import IndexMissingError, IndexOutOfDateError, NotAnArchiveError, NotFoundError
from archive.search import SearchRequest, search
from archive.store import open_archive, resolve_archive_dir
from archive.whoosh_backend import SCHEMA_VERSION_FILE
from tests.support import PARAGRAPH, build_archive, html_page, write


@pytest.fixture
def archive(tmp_path):
    for n in range(3):
        write(
            tmp_path / "in" / f"p{n}.html",
            html_page(
                f"Lighthouse story {n}",
                f"Keepers of lighthouse {n}.\n\n{PARAGRAPH}",
                date="2022-05-0%dT10:00:00+00:00" % (n + 1),
                url=f"https://e.example/{n}",
            ),
        )
    archive, _ = build_archive(tmp_path / "arc", tmp_path / "in")
    return archive


def test_archive_dir_option_then_environment_then_default(monkeypatch, tmp_path):
    monkeypatch.setenv("ARCHIVE_DIR", str(tmp_path / "env"))
    assert resolve_archive_dir(tmp_path / "opt") == tmp_path / "opt"
    assert resolve_archive_dir(None) == tmp_path / "env"
    monkeypatch.delenv("ARCHIVE_DIR")
    assert resolve_archive_dir(None).name == "news-archive"


def test_unknown_record_is_a_clear_error(archive):
    with pytest.raises(NotFoundError, match="No article with id 'nope'"):
        archive.get("nope")


def test_reindex_rebuilds_the_same_index_from_records(archive):
    before = search(archive, SearchRequest(q="lighthouse")).total
    archive.index.create()  # lose the index's contents
    assert archive.index_state() == "incomplete"
    assert archive.reindex() == 3
    assert search(archive, SearchRequest(q="lighthouse")).total == before == 3
    assert archive.index_state() == "current"


def test_reindex_reports_progress_after_every_batch(archive, monkeypatch):
    import archive.store as store

    monkeypatch.setattr(store, "INDEX_BATCH", 1)
    seen = []
    assert archive.reindex(progress=seen.append) == 3
    assert seen == [1, 2, 3]


def test_a_reader_never_creates_an_index_and_a_deleted_one_is_reported_then_rebuilt(archive):
    import shutil

    archive.index.close()
    shutil.rmtree(archive.path / "index")
    reader = open_archive(archive.path)
    with pytest.raises(IndexMissingError, match="archive reindex"):
        search(reader, SearchRequest(q="lighthouse"))
    assert not (archive.path / "index").exists()  # the reader created nothing
    assert reader.stats()["index"] == "missing"
    assert reader.ensure_index() is True  # what `archive index` runs first
    assert search(reader, SearchRequest(q="lighthouse")).total == 3


def test_a_short_index_is_not_current_and_ensure_index_repairs_it(archive):
    archive.index.delete([next(archive.iter_records()).id])
    assert archive.index.count() == 2
    assert archive.index_state() == "incomplete"
    assert archive.ensure_index() is True
    assert archive.index.count() == 3 and archive.index_state() == "current"


def test_reindex_marks_records_pending_before_it_empties_the_index(archive, monkeypatch):
    backend = type(archive.index)
    original_create = backend.create

    def create_then_crash(self):
        original_create(self)
        raise KeyboardInterrupt  # killed right after the new, empty index was made

    monkeypatch.setattr(backend, "create", create_then_crash)
    with pytest.raises(KeyboardInterrupt):
        archive.reindex()
    monkeypatch.undo()
    assert archive.index.count() == 3  # built beside: the live index still answers
    assert search(archive, SearchRequest(q="lighthouse")).total == 3
    assert archive.pending_count() == 3  # so no index is taken as current before it is whole
    assert archive.index_state() == "pending"
    assert archive.ensure_index() is False  # the pending records are indexed again
    assert search(archive, SearchRequest(q="lighthouse")).total == 3


def test_search_answers_from_the_old_index_while_a_reindex_runs(archive, monkeypatch):
    from archive.store import open_archive

    reader = open_archive(archive.path)
    seen = []
    original = archive.index_pending

    def index_and_search(*args, **kwargs):
        seen.append(search(reader, SearchRequest(q="lighthouse")).total)
        return original(*args, **kwargs)

    monkeypatch.setattr(archive, "index_pending", index_and_search)
    assert archive.reindex() == 3
    assert seen and all(total == 3 for total in seen)
    assert not (archive.path / "index.new").exists()
    assert search(reader, SearchRequest(q="lighthouse")).total == 3
    assert archive.index_state() == "current"


def test_readers_do_not_create_an_archive_where_there_is_none(tmp_path):
    with pytest.raises(NotAnArchiveError, match="not an archive"):
        open_archive(tmp_path / "nothing", must_exist=True)
    assert not (tmp_path / "nothing").exists()


def test_a_record_saved_again_while_indexed_stays_pending(archive):
    record = next(archive.iter_records())
    with archive.transaction() as conn:
        archive.save(conn, record, record.origin.path)
    version = archive.db.execute(
        "SELECT version FROM records WHERE id = ?", (record.id,)
    ).fetchone()
    record.title = "Newer text"
    real_upsert = archive.index.upsert

    def upsert_while_saved_again(records, submit=None):
        real_upsert(records, submit)
        archive.index.upsert = real_upsert
        with archive.transaction() as conn:  # the same URL saved again, same second
            archive.save(conn, record, record.origin.path)

    archive.index.upsert = upsert_while_saved_again
    archive.index_pending()  # the first batch must not un-pend the newer version
    del archive.index.upsert
    newer = archive.db.execute("SELECT version, pending FROM records WHERE id = ?", (record.id,))
    assert newer.fetchone() == (version[0] + 1, 0)
    assert search(archive, SearchRequest(q='title:"newer text"')).total == 1


def test_schema_version_mismatch_asks_for_reindex_and_ensure_rebuilds(archive):
    (archive.index.path / SCHEMA_VERSION_FILE).write_text("0")
    archive.index.close()
    stale = open_archive(archive.path)
    with pytest.raises(IndexOutOfDateError, match="archive reindex"):
        search(stale, SearchRequest(q="lighthouse"))
    assert stale.ensure_index() is True
    assert search(stale, SearchRequest(q="lighthouse")).total == 3


def test_pending_records_reach_the_index_on_the_next_run(archive):
    with archive.transaction() as conn:
        conn.execute("UPDATE records SET pending = 1")
    archive.index.create()
    assert archive.pending_count() == 3
    from indexer.run import run_index

    run_index(archive, [], workers=1)
    assert archive.pending_count() == 0
    assert archive.index.count() == 3


def test_saved_searches(archive):
    archive.save_search("lights", "q=lighthouse")
    assert [(n, p) for n, p, _ in archive.saved_searches()] == [("lights", "q=lighthouse")]
    assert archive.delete_saved_search("lights") is True
    assert archive.saved_searches() == []


def test_stats(archive):
    stats = archive.stats()
    assert stats["records"] == 3 and stats["originals"] == 3
    assert stats["by_type"] == {"html": 3}
    assert stats["first_date"].startswith("2022-05-01")


def test_parallel_indexing_builds_segments_elsewhere_and_replaces_old_versions(
    archive, monkeypatch
):
    from concurrent.futures import ThreadPoolExecutor

    import archive.whoosh_backend as whoosh_backend

    monkeypatch.setattr(whoosh_backend, "PARALLEL_MIN_BATCH", 2)
    records = list(archive.iter_records())
    for record in records:
        record.title = record.title + " revised"
    with archive.transaction() as conn:
        for record in records:
            archive.save(conn, record, record.origin.path)
    with ThreadPoolExecutor(2) as pool:
        assert archive.index_pending(submit=pool.submit) == 3
    assert archive.index.count() == 3  # replaced, not duplicated
    assert search(archive, SearchRequest(q="title:revised")).total == 3
    assert archive.pending_count() == 0


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
