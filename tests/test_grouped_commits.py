"""indexer.grouped_commits and the uploader that uses it: an upload is answered once saved and
made searchable by one index commit shared by every upload of the moment, on every engine."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import time

import pytest

from archive import index_sync
from archive.search import SearchRequest, search
from archive.store import Archive, open_archive
from indexer import grouped_commits
from indexer.grouped_commits import GroupedCommits
from indexer.uploads import Uploader
from tests.support import html_page, wait_for

WORDS = ["Quokkaharbour", "Narwhalquay", "Puffinpier", "Walruswharf", "Ottermarina"]
BODY = "The harbour board met on Monday to discuss the new crane.\n\n" + (
    "Members asked how long the repairs would close the quay to the ferries. " * 5
)


def page(word: str) -> bytes:
    return html_page(f"Harbour notes {word}", f"{BODY}\n\nThe board named it {word}.").encode()


def found(archive, word: str) -> list[str]:
    return [hit.record.id for hit in search(archive, SearchRequest(q=word)).hits]


@pytest.fixture
def archive(any_backend, tmp_path):
    archive = Archive(tmp_path / "archive", any_backend)
    yield archive
    archive.disconnect()


@pytest.fixture
def upserts(archive, monkeypatch) -> list[int]:
    """How many records each index commit sent (the engine's upsert, counted)."""
    sizes: list[int] = []
    upsert = archive.index.upsert

    def counted(records, *args, **kwargs):
        records = list(records)
        sizes.append(len(records))
        return upsert(records, *args, **kwargs)

    monkeypatch.setattr(archive.index, "upsert", counted)
    return sizes


def test_uploads_are_saved_at_once_and_share_one_commit(archive, upserts):
    uploader = Uploader(index_delay=3600)  # no commit until asked: the grouping is seen whole
    try:
        ids = []
        for n, word in enumerate(WORDS):
            [result], summary = uploader.index(archive, [(f"page{n}.html", page(word))])
            assert (result.status, summary.counts["indexed"]) == ("indexed", 1)
            assert word in archive.get(result.record_id).title  # saved before the answer
            ids.append(result.record_id)
        assert found(archive, WORDS[0]) == [] and upserts == []
        assert index_sync.pending_count(archive) == len(WORDS) and uploader.commits.waiting()
        uploader.commits.flush()
        assert upserts == [len(WORDS)]  # one commit for the five uploads
        assert [found(archive, word) for word in WORDS] == [[rid] for rid in ids]
        assert index_sync.index_state(archive) == "current"
    finally:
        uploader.close()


def test_an_upload_becomes_searchable_by_itself_within_the_delay(archive, upserts):
    uploader = Uploader(index_delay=0.2)
    try:
        [result], _ = uploader.index(archive, [("page.html", page(WORDS[1]))])
        assert wait_for(lambda: found(archive, WORDS[1]) == [result.record_id])
        assert upserts == [1] and not uploader.commits.waiting()
    finally:
        uploader.close()


def test_closing_the_uploader_commits_what_waits(archive):
    uploader = Uploader(index_delay=3600)
    [result], _ = uploader.index(archive, [("page.html", page(WORDS[2]))])
    uploader.close()
    assert found(archive, WORDS[2]) == [result.record_id]


def test_an_upload_answered_before_a_crash_is_indexed_by_the_next_server(tmp_path):
    """The answer comes after the save: a process killed before its commit loses nothing."""
    folder = tmp_path / "archive"
    upload = textwrap.dedent(
        f"""
        import os
        from archive.store import open_archive
        from indexer.uploads import Uploader
        [result], _ = Uploader(index_delay=3600).index(
            open_archive({str(folder)!r}), [("page.html", {page(WORDS[3])!r})]
        )
        print(result.status, result.record_id, flush=True)
        os._exit(0)  # dies before the deferred commit
        """
    )
    answer = subprocess.run(
        [sys.executable, "-c", upload], capture_output=True, text=True, timeout=120
    )
    status, record_id = answer.stdout.split()
    assert status == "indexed", answer.stderr
    archive = open_archive(folder)
    try:
        assert index_sync.index_state(archive) == "pending"
        assert found(archive, WORDS[3]) == []
        later = Uploader(index_delay=0.1)
        later.index_later(archive)  # what `archive serve` does at start
        assert wait_for(lambda: found(archive, WORDS[3]) == [record_id])
        later.close()
    finally:
        archive.close()


def test_a_failed_commit_is_logged_and_tried_again(monkeypatch, caplog):
    monkeypatch.setattr(grouped_commits, "RETRY_SECONDS", 0.1)
    calls = []

    def commit(archive):
        calls.append(archive)
        if len(calls) == 1:
            raise OSError("No space left on device")

    commits = GroupedCommits(commit, delay=0.05)
    with caplog.at_level(logging.ERROR, logger=grouped_commits.__name__):
        commits.request("the archive")
        assert wait_for(lambda: len(calls) == 2, 5)
    commits.close()
    assert calls == ["the archive", "the archive"]
    assert "not yet searchable (No space left on device): trying again" in caplog.text


def test_requests_in_the_delay_make_one_call_and_none_after(tmp_path):
    calls = []
    commits = GroupedCommits(calls.append, delay=0.3)
    for _ in range(10):
        commits.request("the archive")
    assert wait_for(lambda: calls == ["the archive"], 5)
    time.sleep(0.5)
    commits.close()
    assert calls == ["the archive"]


def test_the_writer_lock_is_taken_once_for_the_process_and_released_after_the_last(tmp_path):
    from archive.errors import ArchiveLockedError
    from indexer.grouped_commits import SharedWriterLock

    archive, other_run = open_archive(tmp_path / "archive"), open_archive(tmp_path / "archive")
    shared = SharedWriterLock(wait_seconds=0.3)
    with shared.held(archive):
        with shared.held(archive):  # a commit while an upload saves: no second lock
            with pytest.raises(ArchiveLockedError):
                other_run.lock()
        with pytest.raises(ArchiveLockedError):
            other_run.lock()
    other_run.lock()  # free once the last holder is done
    with pytest.raises(ArchiveLockedError, match="try the upload again when it has finished"):
        with shared.held(archive):
            pass
    other_run.unlock()
    with shared.held(archive):
        pass
    archive.close()
    other_run.close()
