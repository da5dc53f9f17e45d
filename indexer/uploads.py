"""Uploaded files into the archive: the web page's uploads and one-click saving (SingleFile).

An upload is indexed like a file of ``archive index``: the same extraction (in a
supervised worker process, within the per-file time budget), the same intake
rules (new, updated, duplicate) and the same summary. Its name in the archive is
``upload/USER/TIME-XXXXXX/NAME`` (unique, so two files that share a name never
update each other's record); its bytes are kept as the original. The writer lock
is waited for (``lock_seconds``), so an upload during an ``archive index`` run
waits for it rather than failing at once.

An upload is answered once its original and record are saved; the search-index
commit that makes it searchable follows within ``index_delay`` seconds, shared with
every upload saved meanwhile (``indexer.grouped_commits``): one commit per file made
uploading one file per request slow.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import re
import secrets
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import NamedTuple

from archive import formats, index_sync
from archive.store import Archive
from indexer.grouped_commits import DELAY_SECONDS, GroupedCommits, SharedWriterLock
from indexer.intake import Intake, RunSummary
from indexer.limits import DEFAULT_LIMITS, RunLimits
from indexer.pipeline import FileResult
from indexer.workers import Done, Job, Task, new_pool, process_bytes, too_large

log = logging.getLogger(__name__)

#: Seconds an upload waits for another indexing run to release the writer lock.
LOCK_SECONDS = 120.0
#: What an upload's outcome is called in answers (an unchanged file is a duplicate here).
STATUS = {
    "indexed": "indexed",
    "updated": "updated",
    "duplicate": "duplicate",
    "unchanged": "duplicate",
    "rejected": "rejected",
    "empty": "rejected",
}
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


class Upload(NamedTuple):
    """One uploaded file: its name (as the browser sent it), bytes, and the page's address.

    A plain ``(name, data, url)`` tuple will do (the web app passes those).
    """

    name: str
    data: bytes
    url: str | None = None


@dataclass
class UploadResult:
    """What one upload came to: indexed, updated, duplicate or rejected (with the reason)."""

    name: str
    status: str
    reason: str = ""
    record_ids: list[str] = field(default_factory=list)

    @property
    def record_id(self) -> str | None:
        return self.record_ids[0] if self.record_ids else None


def safe_name(name: str) -> str:
    """The file's own name from what a browser sent (no folders, no control characters)."""
    name = PurePosixPath(_UNSAFE.sub("", name or "").replace("\\", "/")).name.strip()
    return name[-200:] or "upload"


def refusal(upload: Upload, max_file_bytes: int) -> str | None:
    """Why an upload is rejected before it is read (format, size), or None."""
    name = safe_name(upload.name)
    if formats.kind_of(name) is None:
        suffix = PurePosixPath(name).suffix or "no extension"
        return f"not an article format ({suffix}): the archive reads {formats.describe()}"
    if not upload.data:
        return "the file is empty"
    if len(upload.data) > max_file_bytes:
        return too_large(max_file_bytes)
    return None


def upload_name(user: str, name: str) -> str:
    """The name an upload is kept under: ``upload/USER/20261207T192000Z-3fa9c1/NAME``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = safe_name(user or "local")
    return f"upload/{folder}/{stamp}-{secrets.token_hex(3)}/{safe_name(name)}"


class Uploader:
    """Indexes uploads: extraction in worker processes kept for the server's life.

    Safe to call from many threads: extraction runs in parallel, the intake (which
    decides and saves) one upload at a time, under the archive's writer lock; the
    index commit is shared (``index_delay``) and runs while other uploads save.
    """

    def __init__(
        self,
        limits: RunLimits = DEFAULT_LIMITS,
        *,
        workers: int | None = None,
        lock_seconds: float = LOCK_SECONDS,
        index_delay: float = DELAY_SECONDS,
    ):
        self.limits = limits
        self.workers = workers or min(os.cpu_count() or 1, 4)
        self._pool = None
        self._pool_lock = threading.Lock()
        self._writer = SharedWriterLock(lock_seconds)
        self._intake_lock = threading.Lock()  # one upload decides and saves at a time
        self._index_lock = threading.Lock()  # one thread writes to the index at a time
        self.commits = GroupedCommits(self._commit, index_delay)

    def index(
        self, archive: Archive, uploads: list[Upload], *, user: str = "", tags: tuple = ()
    ) -> tuple[list[UploadResult], RunSummary]:
        """Index ``uploads``; every one gets a result, in order, and the run its summary."""
        started = time.monotonic()
        summary = RunSummary()
        vocabulary = archive.path / "vocabulary.txt"
        job = Job(
            archive.originals,
            tuple(tags),
            str(vocabulary) if vocabulary.exists() else None,
            self.limits,
        )
        results: list[UploadResult | None] = []
        work: list[tuple[int, Task, bytes]] = []
        now_ns = time.time_ns()
        for upload in uploads:
            upload = Upload(*upload)
            summary.add("files")
            name = safe_name(upload.name)
            reason = refusal(upload, self.limits.max_file_bytes)
            if reason:
                summary.rejected.append({"path": name, "reason": reason})
                results.append(UploadResult(name, "rejected", reason))
                continue
            kind = formats.kind_of(name)
            task = Task(upload_name(user, name), kind, len(upload.data), now_ns, upload.url or None)
            work.append((len(results), task, upload.data))
            results.append(None)
        done = self._extract([(task, data) for _, task, data in work], job)
        if work:
            with self._writer.held(archive), self._intake_lock:
                if index_sync.index_state(archive) not in ("current", "pending"):
                    with self._index_lock:  # not while a commit runs: it is missing or short
                        index_sync.ensure_index(archive)
                writer = Intake(archive, summary, self.limits.batch_size)
                for (position, _task, _), extracted in zip(work, done, strict=True):
                    results[position] = self._result(archive, writer.take(extracted), extracted)
                writer.save()  # safe before the answer; searchable within index_delay
            self.index_later(archive)
        summary.seconds = time.monotonic() - started
        return [r for r in results if r is not None], summary

    def _result(self, archive: Archive, outcome, done: Done) -> UploadResult:
        name = PurePosixPath(outcome.path).name
        status = STATUS[outcome.outcome]
        if outcome.outcome == "empty":
            return UploadResult(name, status, "no article text found")
        ids = [record_id for record_id, _ in outcome.records]
        if outcome.outcome == "duplicate" and not ids and done.sha256:
            ids = archive.records_of_original(done.sha256)
        reason = outcome.reason
        if status == "duplicate":
            reason = "already in the archive"
        return UploadResult(name, status, reason, ids)

    def index_later(self, archive: Archive) -> None:
        """Index what waits, pending, in ``archive`` within ``index_delay`` (after an upload;
        at start, what a server that stopped before its commit left)."""
        if index_sync.pending_count(archive):
            self.commits.request(archive)

    def _commit(self, archive: Archive) -> None:
        """The shared commit: every pending record to the index (uploads go on saving)."""
        with self._writer.held(archive), self._index_lock:
            index_sync.index_pending(archive)

    def _extract(self, work: list[tuple[Task, bytes]], job: Job) -> list[Done]:
        """Each upload extracted in the pool; a file whose worker crashes is tried alone once."""
        if not work:
            return []
        futures = [self._submit(task, data, job) for task, data in work]
        results = []
        for (task, data), future in zip(work, futures, strict=True):
            try:
                results.append(future.result())
            except BrokenProcessPool:
                results.append(self._alone(task, data, job))
        return results

    def _alone(self, task: Task, data: bytes, job: Job) -> Done:
        self._reset_pool()
        try:
            return self._submit(task, data, job).result()
        except BrokenProcessPool:
            self._reset_pool()
            return Done(task, None, FileResult(), "the extraction process crashed")

    def _submit(self, task: Task, data: bytes, job: Job):
        with self._pool_lock:
            if self._pool is None:
                # forkserver: never fork the threads of a web server
                context = multiprocessing.get_context("forkserver")
                self._pool = new_pool(self.workers, context)
                atexit.register(self.close)
            return self._pool.submit(process_bytes, task, data, job)

    def _reset_pool(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Commit what waits for the index, stop the worker processes (the server stops)."""
        try:
            self.commits.close()
        except Exception as error:  # noqa: BLE001 - saved, pending: the next writer indexes them
            log.error("Uploaded articles saved but not yet searchable: %s", error)
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
