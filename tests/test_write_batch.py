"""The store's write batch: originals and rows together, committed only without an exception."""

import dataclasses
import hashlib
import sqlite3

import pytest

from archive.originals import Originals
from archive.write_batch import MissingOriginalError
from tests.support import lighthouse_archive


@pytest.fixture
def archive(tmp_path):
    return lighthouse_archive(tmp_path)


def _new_article(record, data: bytes):
    """A copy of ``record`` as a new article whose original is ``data``."""
    sha = hashlib.sha256(data).hexdigest()
    origin = dataclasses.replace(record.origin, sha256=sha, size=len(data), path="/new.html")
    return dataclasses.replace(record, id="f" * 16, origin=origin, title="Fog signal")


def test_a_batch_writes_the_original_then_commits_its_rows(archive):
    data = b"<html><body>A fog signal sounded.</body></html>"
    record = _new_article(next(archive.iter_records()), data)
    with archive.batch() as batch:
        path = batch.add_original(record.origin.sha256, data)
        assert path.read_bytes() == data  # on disk before the row that names it
        batch.save(record, "new.html")
    assert archive.get(record.id).title == "Fog signal"
    assert archive.read_original(record.origin.sha256) == data
    assert archive.has_original(record.origin.sha256) == "new.html"


def test_an_exception_rolls_the_whole_batch_back_and_goes_on(archive):
    data = b"<html><body>Rolled back.</body></html>"
    record = _new_article(next(archive.iter_records()), data)
    before = archive.count()
    with pytest.raises(RuntimeError, match="stop"), archive.batch() as batch:
        batch.add_original(record.origin.sha256, data)
        batch.save(record, "new.html")
        raise RuntimeError("stop")
    assert archive.count() == before and archive.has_original(record.origin.sha256) is None
    # the original stays (content-addressed, never wrong); the next run's row will name it
    assert archive.read_original(record.origin.sha256) == data


def test_a_record_without_its_original_on_disk_is_refused(archive):
    record = _new_article(next(archive.iter_records()), b"never written")
    before = archive.count()
    with pytest.raises(MissingOriginalError, match="before its record"), archive.batch() as batch:
        batch.save(record, "new.html")
    assert archive.count() == before


def test_the_batchs_originals_are_synced_before_its_rows_commit(archive, monkeypatch):
    data = b"<html><body>Synced first.</body></html>"
    record = _new_article(next(archive.iter_records()), data)
    archive.originals.write(record.origin.sha256, data, sync=False)  # as a worker writes it
    synced = []

    def make_durable(originals, sha256s):
        other = sqlite3.connect(archive.path / "archive.db")  # what another reader sees then
        rows = other.execute("SELECT count(*) FROM records WHERE id = ?", (record.id,)).fetchone()
        other.close()
        synced.append((list(sha256s), rows[0]))

    monkeypatch.setattr(Originals, "make_durable", make_durable)
    with archive.batch() as batch:
        batch.save(record, "new.html")
    assert synced == [([record.origin.sha256], 0)]  # synced while the row was not yet committed
    assert archive.get(record.id).title == "Fog signal"


def test_an_original_cut_short_before_its_sync_is_written_again(archive):
    data = b"<html><body>Cut short by a power cut.</body></html>"
    sha = hashlib.sha256(data).hexdigest()
    path = archive.originals.path(sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")  # what a power cut may leave of an unsynced write
    archive.originals.write(sha, data)
    assert path.read_bytes() == data
    mtime = path.stat().st_mtime_ns
    archive.originals.write(sha, data)  # a whole original is never rewritten
    assert path.stat().st_mtime_ns == mtime
