"""An indexing run: find files, skip unchanged ones, extract in parallel, store, index.

Incremental: a file whose size and modification time match the last run (and
whose extractor version is current) is skipped without being read. One bad
file never stops the batch: it is rejected with its reason. Interrupted runs
leave the archive consistent; the next run finishes the job.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from archive.errors import ArchiveError
from archive.originals import write_original
from archive.records import EXTRACTOR_VERSION, Record
from archive.store import Archive, FileState, content_hash
from indexer.pipeline import FileResult, records_from_bytes
from indexer.readers import MAX_FILE_BYTES, find_files

FILES_PER_TASK = 8
TASKS_IN_FLIGHT_PER_WORKER = 4
#: Records per commit; ARCHIVE_BATCH_SIZE overrides it (smaller: visible sooner, slower runs).
COMMIT_EVERY_RECORDS = int(os.environ.get("ARCHIVE_BATCH_SIZE", "5000"))
COMMIT_EVERY_SECONDS = 60.0


@dataclass
class RunSummary:
    """What a run did; ``rejected`` and ``skipped`` say why, file by file."""

    counts: Counter = field(default_factory=Counter)
    rejected: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    def add(self, outcome: str, n: int = 1) -> None:
        self.counts[outcome] += n

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected or self.interrupted else 0

    def to_dict(self) -> dict:
        return {
            "indexed": self.counts["indexed"],
            "updated": self.counts["updated"],
            "duplicates": self.counts["duplicate"],
            "unchanged": self.counts["unchanged"],
            "skipped": self.counts["skipped"],
            "rejected": len(self.rejected),
            "files": self.counts["files"],
            "seconds": round(self.seconds, 2),
            "interrupted": self.interrupted,
            "rejected_files": self.rejected,
            "skipped_files": self.skipped,
            "duplicate_files": self.duplicates,
        }


@dataclass
class _Task:
    path: str
    kind: str
    size: int
    mtime_ns: int


@dataclass
class _Done:
    task: _Task
    sha256: str | None
    result: FileResult
    error: str | None = None


def process_file(
    task: _Task, user_tags: tuple[str, ...], originals_dir: str, vocabulary_file: str | None
) -> _Done:
    """Worker side: read, hash, extract; keep the original only if it gave a record."""
    try:
        with open(task.path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return _Done(task, None, FileResult(), f"cannot read the file: {error.strerror}")
    if len(data) > MAX_FILE_BYTES:
        return _Done(task, None, FileResult(), f"larger than {MAX_FILE_BYTES // 2**20} MB")
    sha = hashlib.sha256(data).hexdigest()
    mtime = datetime.fromtimestamp(task.mtime_ns / 1e9, UTC)
    try:
        result = records_from_bytes(
            data,
            path=task.path,
            kind=task.kind,
            sha256=sha,
            mtime=mtime,
            user_tags=user_tags,
            vocabulary_file=Path(vocabulary_file) if vocabulary_file else None,
        )
    except Exception as error:  # noqa: BLE001 - reported per file, never stops the batch
        return _Done(task, sha, FileResult(), f"could not be read: {error!r}"[:200])
    if result.records:
        write_original(Path(originals_dir), sha, data)
    return _Done(task, sha, result)


def _process_chunk(tasks, user_tags, originals_dir, vocabulary_file) -> list[_Done]:
    return [process_file(t, user_tags, originals_dir, vocabulary_file) for t in tasks]


class _Writer:
    """Main-process side: decides new/updated/duplicate and commits in batches."""

    def __init__(self, archive: Archive, summary: RunSummary):
        self.archive = archive
        self.summary = summary
        self.pending: list[tuple] = []  # ("record", record, name) | ("file", FileState)
        self.pending_records = 0
        self.last_commit = time.monotonic()
        self.seen_sha: dict[str, str] = {}  # sha -> first path, this run
        self.seen_ids: dict[str, tuple[str, str]] = {}  # id -> (content hash, type), this run
        self._indexer: threading.Thread | None = None
        self._error: BaseException | None = None
        self.submit = None  # a process pool's submit, while one runs: parallel indexing

    def take(self, done: _Done) -> None:
        task, summary = done.task, self.summary
        state = FileState(
            task.path, task.size, task.mtime_ns, done.sha256, "indexed", None, EXTRACTOR_VERSION
        )
        if done.error or (not done.result.records and done.result.rejections):
            reason = done.error or "; ".join(
                (f"{r.member}: " if r.member else "") + r.reason for r in done.result.rejections[:5]
            )
            summary.rejected.append({"path": task.path, "reason": reason})
            state.status, state.reason = "rejected", reason
            self.pending.append(("file", state))
            return
        for rejection in done.result.rejections:
            summary.rejected.append(
                {"path": task.path, "member": rejection.member, "reason": rejection.reason}
            )
        first = self.seen_sha.get(done.sha256) or self.archive.has_original(done.sha256)
        if first and first != task.path:
            summary.add("duplicate", len(done.result.records))
            summary.duplicates.append({"path": task.path, "duplicate_of": first})
            state.status, state.reason = "duplicate", f"same bytes as {first}"
            self.pending.append(("file", state))
            return
        self.seen_sha.setdefault(done.sha256, task.path)
        for record in done.result.records:
            self._take_record(record, task)
        self.pending.append(("file", state))

    def _take_record(self, record: Record, task: _Task) -> None:
        new_hash = content_hash(record)
        existing = self.seen_ids.get(record.id) or self.archive.existing(record.id)
        if existing is None:
            outcome = "indexed"
        elif existing[0] == new_hash:
            outcome = "unchanged" if self._same_file(record) else "duplicate"
        elif existing[1] in ("html", "warc") and record.type == "json":
            outcome = "duplicate"  # a capture of the page beats a third-party export
        else:
            outcome = "updated"
            # None when the record was first seen earlier in this run, not yet saved.
            record.added = self.archive.added_time(record.id) or record.added
        self.summary.add(outcome)
        if outcome == "duplicate":
            self.summary.duplicates.append(
                {"path": task.path, "member": record.origin.member, "duplicate_of": record.id}
            )
        if outcome in ("indexed", "updated"):
            self.seen_ids[record.id] = (new_hash, record.type)
            self.pending.append(("record", record, task.path))
            self.pending_records += 1

    def _same_file(self, record: Record) -> bool:
        return self.archive.origin_path(record.id) == record.origin.path

    def due(self) -> bool:
        return self.pending_records >= COMMIT_EVERY_RECORDS or (
            self.pending and time.monotonic() - self.last_commit > COMMIT_EVERY_SECONDS
        )

    def flush(self, wait: bool = False) -> None:
        """Save the batch's records now; index them in the background (or now, with ``wait``).

        Indexing in a thread lets extraction go on meanwhile, so neither waits for
        the other; the records are safe in the store (pending) before it starts.
        """
        if self.pending:
            save_batch(self.archive, self.pending)
            self.pending.clear()
            self.pending_records = 0
        if wait:
            self._join()
            self.archive.index_pending(submit=self.submit)
        elif self._indexer is None or not self._indexer.is_alive():
            self._join()  # re-raises what a finished thread ran into
            self._indexer = threading.Thread(target=self._index, name="indexer", daemon=True)
            self._indexer.start()
        # else: the running thread takes this batch too (it indexes until nothing is pending)
        self.last_commit = time.monotonic()

    def _index(self) -> None:
        try:
            self.archive.index_pending(submit=self.submit)
        except BaseException as error:  # noqa: BLE001 - re-raised by _join in the main thread
            self._error = error

    def _join(self) -> None:
        if self._indexer is not None:
            self._indexer.join()
            self._indexer = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error


def save_batch(archive: Archive, items: list[tuple]) -> None:
    """Save records ("record", record, name) and file states ("file", state) in one transaction."""
    with archive.transaction() as conn:
        for item in items:
            if item[0] == "record":
                archive.save(conn, item[1], item[2])
            else:
                archive.set_file_state(conn, item[1])


def plan(
    archive: Archive, paths: Iterable[str], summary: RunSummary, exclude: Iterable[str] = ()
) -> list[_Task]:
    """The files that need reading; unchanged and unsupported ones are counted here."""
    known = archive.file_states()
    tasks = []
    for path, kind in find_files(paths, exclude):
        summary.add("files")
        name = str(path.resolve())
        if kind is None:
            summary.add("skipped")
            summary.skipped.append(
                {"path": name, "reason": f"not an article format ({path.suffix or 'no extension'})"}
            )
            continue
        try:
            stat = path.stat()
        except OSError as error:
            summary.rejected.append({"path": name, "reason": f"cannot read: {error.strerror}"})
            continue
        seen = known.get(name)
        if seen and seen == (stat.st_size, stat.st_mtime_ns, EXTRACTOR_VERSION):
            summary.add("unchanged")
            continue
        tasks.append(_Task(name, kind, stat.st_size, stat.st_mtime_ns))
    return tasks


def run_index(
    archive: Archive,
    paths: Iterable[str],
    *,
    user_tags: tuple[str, ...] = (),
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    wait_for_lock: bool = False,
    exclude: Iterable[str] = (),
) -> RunSummary:
    """Index files and folders into the archive; returns the run's summary."""
    started = time.monotonic()
    summary = RunSummary()
    missing = [p for p in paths if not Path(p).expanduser().exists()]
    for p in missing:
        summary.rejected.append({"path": str(p), "reason": "no such file or folder"})
    paths = [p for p in paths if p not in missing]
    archive.lock(wait=wait_for_lock)
    try:
        archive.ensure_index()
        archive.index_pending()  # finish what an interrupted run left
        tasks = plan(archive, paths, summary, exclude)
        writer = _Writer(archive, summary)
        try:
            _execute(archive, tasks, user_tags, workers, progress, writer)
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            writer.submit = None
            try:
                writer.flush(wait=True)
            except Exception:  # the records are saved and pending: the next run indexes them
                if not summary.interrupted:
                    raise
    finally:
        archive.unlock()
    summary.seconds = time.monotonic() - started
    return summary


def _execute(archive, tasks, user_tags, workers, progress, writer) -> None:
    vocab = archive.path / "vocabulary.txt"
    args = (user_tags, str(archive.originals_dir), str(vocab) if vocab.exists() else None)
    total, done = len(tasks), 0
    if progress:
        progress(0, total)
    workers = workers or os.cpu_count() or 1
    chunks = [tasks[i : i + FILES_PER_TASK] for i in range(0, total, FILES_PER_TASK)]
    if workers <= 1 or total <= FILES_PER_TASK:
        for chunk in chunks:
            for result in _process_chunk(chunk, *args):
                writer.take(result)
                done += 1
                if progress:
                    progress(done, total)
            if writer.due():
                writer.flush()
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        queue = iter(chunks)
        running = set()
        writer.submit = pool.submit
        try:
            while True:
                while len(running) < workers * TASKS_IN_FLIGHT_PER_WORKER:
                    chunk = next(queue, None)
                    if chunk is None:
                        break
                    running.add(pool.submit(_process_chunk, chunk, *args))
                if not running:
                    break
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    for result in future.result():
                        writer.take(result)
                        done += 1
                    if progress:
                        progress(done, total)
                if writer.due():
                    writer.flush()
            writer.flush(wait=True)  # the last batches, while the pool is still there
        except BaseException:
            for future in running:
                future.cancel()
            raise
        finally:
            writer.submit = None


def reextract(archive: Archive, progress=None) -> RunSummary:
    """Re-parse every stored original with the current extractor, in batches.

    The user's own tags (``--tag``), the time a record was added and when it was
    captured are kept. One missing original or failing article is a rejection
    with its reason; the run goes on.
    """
    started = time.monotonic()
    summary = RunSummary()
    vocabulary = archive.path / "vocabulary.txt"
    archive.lock()
    try:
        archive.ensure_index()
        total, batch = archive.count(), []
        for n, old in enumerate(archive.iter_records(), 1):
            new, reason = _reextract_one(archive, old, vocabulary)
            if reason:
                summary.rejected.append(
                    {"path": old.origin.path, "member": old.origin.member, "reason": reason}
                )
            elif content_hash(new) == content_hash(old):
                summary.add("unchanged")
            else:
                summary.add("updated")
                batch.append(("record", new, new.origin.path))
            if len(batch) >= COMMIT_EVERY_RECORDS:
                save_batch(archive, batch)
                batch.clear()
                archive.index_pending()
            if progress:
                progress(n, total)
        save_batch(archive, batch)
        archive.index_pending()
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        archive.unlock()
    summary.seconds = time.monotonic() - started
    return summary


def _reextract_one(archive: Archive, old: Record, vocabulary: Path) -> tuple[Record | None, str]:
    """The record extracted anew from its original, or None and the reason why not."""
    try:
        data = archive.read_original(old.origin.sha256)
    except ArchiveError as error:
        return None, str(error)
    user_tags = old.tags if old.user_tags is None else old.user_tags
    try:
        result = records_from_bytes(
            data,
            path=old.origin.path,
            kind=old.type,
            sha256=old.origin.sha256,
            user_tags=tuple(user_tags),
            vocabulary_file=vocabulary if vocabulary.exists() else None,
        )
    except Exception as error:  # noqa: BLE001 - reported per record, never stops the run
        return None, f"extraction failed: {error!r}"[:200]
    match = [r for r in result.records if r.origin.member == old.origin.member]
    if not match:
        return None, "the original no longer gives this article"
    new = match[0]
    new.id, new.added = old.id, old.added
    new.captured = new.captured or old.captured
    return new, ""
