"""Index sync: pending records reach the index; reindex, ensure_index and the index state."""

import pytest

from archive import index_sync
from archive.errors import IndexMissingError, IndexOutOfDateError
from archive.search import SearchRequest, search
from archive.stats import archive_stats
from archive.store import open_archive
from archive.whoosh_backend import SCHEMA_VERSION_FILE
from tests.support import lighthouse_archive


@pytest.fixture
def archive(tmp_path):
    return lighthouse_archive(tmp_path)


def test_reindex_rebuilds_the_same_index_from_records(archive):
    before = search(archive, SearchRequest(q="lighthouse")).total
    archive.index.create()  # lose the index's contents
    assert index_sync.index_state(archive) == "incomplete"
    assert index_sync.reindex(archive) == 3
    assert search(archive, SearchRequest(q="lighthouse")).total == before == 3
    assert index_sync.index_state(archive) == "current"


def test_reindex_reports_progress_after_every_batch(archive, monkeypatch):
    monkeypatch.setattr(index_sync, "INDEX_BATCH", 1)
    seen = []
    assert index_sync.reindex(archive, progress=seen.append) == 3
    assert seen == [1, 2, 3]


def test_a_reader_never_creates_an_index_and_a_deleted_one_is_reported_then_rebuilt(archive):
    import shutil

    archive.index.close()
    shutil.rmtree(archive.path / "index")
    reader = open_archive(archive.path)
    with pytest.raises(IndexMissingError, match="archive reindex"):
        search(reader, SearchRequest(q="lighthouse"))
    assert not (archive.path / "index").exists()  # the reader created nothing
    assert archive_stats(reader)["index"] == "missing"
    assert index_sync.ensure_index(reader) is True  # what `archive index` runs first
    assert search(reader, SearchRequest(q="lighthouse")).total == 3


def test_a_short_index_is_not_current_and_ensure_index_repairs_it(archive):
    archive.index.delete([next(archive.iter_records()).id])
    assert archive.index.count() == 2
    assert index_sync.index_state(archive) == "incomplete"
    assert index_sync.ensure_index(archive) is True
    assert archive.index.count() == 3 and index_sync.index_state(archive) == "current"


def test_reindex_marks_records_pending_before_it_empties_the_index(archive, monkeypatch):
    backend = type(archive.index)
    original_create = backend.create

    def create_then_crash(self):
        original_create(self)
        raise KeyboardInterrupt  # killed right after the new, empty index was made

    monkeypatch.setattr(backend, "create", create_then_crash)
    with pytest.raises(KeyboardInterrupt):
        index_sync.reindex(archive)
    monkeypatch.undo()
    assert archive.index.count() == 3  # built beside: the live index still answers
    assert search(archive, SearchRequest(q="lighthouse")).total == 3
    assert (
        index_sync.pending_count(archive) == 3
    )  # so no index is taken as current before it is whole
    assert index_sync.index_state(archive) == "pending"
    assert index_sync.ensure_index(archive) is False  # the pending records are indexed again
    assert search(archive, SearchRequest(q="lighthouse")).total == 3


def test_search_answers_from_the_old_index_while_a_reindex_runs(archive, monkeypatch):
    reader = open_archive(archive.path)
    seen = []
    original = index_sync.index_pending

    def index_and_search(*args, **kwargs):
        seen.append(search(reader, SearchRequest(q="lighthouse")).total)
        return original(*args, **kwargs)

    monkeypatch.setattr(index_sync, "index_pending", index_and_search)
    assert index_sync.reindex(archive) == 3
    assert seen and all(total == 3 for total in seen)
    assert not (archive.path / "index.new").exists()
    assert search(reader, SearchRequest(q="lighthouse")).total == 3
    assert index_sync.index_state(archive) == "current"


def test_a_record_saved_again_while_indexed_stays_pending(archive):
    record = next(archive.iter_records())
    with archive.batch() as batch:
        batch.save(record, record.origin.path)
    version = archive.db.execute(
        "SELECT version FROM records WHERE id = ?", (record.id,)
    ).fetchone()
    record.title = "Newer text"
    real_upsert = archive.index.upsert

    def upsert_while_saved_again(records, submit=None):
        real_upsert(records, submit)
        archive.index.upsert = real_upsert
        with archive.batch() as batch:  # the same URL saved again, same second
            batch.save(record, record.origin.path)

    archive.index.upsert = upsert_while_saved_again
    index_sync.index_pending(archive)  # the first batch must not un-pend the newer version
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
    assert index_sync.ensure_index(stale) is True
    assert search(stale, SearchRequest(q="lighthouse")).total == 3


def test_pending_records_reach_the_index_on_the_next_run(archive):
    with archive.transaction() as conn:
        conn.execute("UPDATE records SET pending = 1")
    archive.index.create()
    assert index_sync.pending_count(archive) == 3
    from indexer.run import run_index

    run_index(archive, [], workers=1)
    assert index_sync.pending_count(archive) == 0
    assert archive.index.count() == 3


def test_parallel_indexing_builds_segments_elsewhere_and_replaces_old_versions(
    archive, monkeypatch
):
    from concurrent.futures import ThreadPoolExecutor

    import archive.whoosh_backend as whoosh_backend

    monkeypatch.setattr(whoosh_backend, "PARALLEL_MIN_BATCH", 2)
    records = list(archive.iter_records())
    for record in records:
        record.title = record.title + " revised"
    with archive.batch() as batch:
        for record in records:
            batch.save(record, record.origin.path)
    with ThreadPoolExecutor(2) as pool:
        assert index_sync.index_pending(archive, submit=pool.submit) == 3
    assert archive.index.count() == 3  # replaced, not duplicated
    assert search(archive, SearchRequest(q="title:revised")).total == 3
    assert index_sync.pending_count(archive) == 0
