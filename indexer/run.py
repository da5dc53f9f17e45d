"""An indexing run: find files, skip unchanged ones, extract in parallel, store, index.

Incremental: a file whose size and modification time match the last run (and
whose extractor version is current) is skipped without being read. One bad
file never stops the batch: it is rejected with its reason. Interrupted runs
leave the archive consistent; the next run finishes the job.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import signal
import stat as stat_mode
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from archive.errors import ArchiveError, NotFoundError
from archive.originals import remove_stale_temporaries, write_original
from archive.records import EXTRACTOR_VERSION, Record
from archive.store import Archive, FileState, content_hash
from indexer import claims
from indexer.pipeline import FileResult, OverBudget, human_error, records_from_bytes
from indexer.readers import MAX_FILE_BYTES, find_files

FILES_PER_TASK = 8
TASKS_IN_FLIGHT_PER_WORKER = 4
#: Records per commit; ARCHIVE_BATCH_SIZE overrides it (smaller: visible sooner, slower runs).
COMMIT_EVERY_RECORDS = int(os.environ.get("ARCHIVE_BATCH_SIZE", "5000"))
COMMIT_EVERY_SECONDS = 60.0
#: Seconds of extraction per file before it is rejected; ARCHIVE_FILE_SECONDS overrides it.
FILE_TIME_BUDGET = float(os.environ.get("ARCHIVE_FILE_SECONDS", "120"))
#: Worker processes that may crash (os._exit, a segfault in a C extension) in one run before
#: it stops; each crash rejects the file that caused it.
MAX_WORKER_CRASHES = 10
#: Testing hook: sleep this long before each file (makes interruption tests deterministic).
_SLOW_FILE_SECONDS = float(os.environ.get("ARCHIVE_TEST_SLOW_FILE", "0"))
#: Testing hook: a worker crashes on files whose name contains this ("NAME" exits, "NAME:segv"
#: is a segmentation fault).
_CRASH_ON = os.environ.get("ARCHIVE_TEST_CRASH_FILE", "")


class WorkerCrashError(ArchiveError):
    """Extraction processes kept crashing: the run stopped (what was extracted is saved)."""


def _on_alarm(signum, frame):
    raise OverBudget(f"over {FILE_TIME_BUDGET:g} s")


@dataclass
class RunSummary:
    """What a run did; ``rejected`` and ``skipped`` say why, file by file."""

    counts: Counter = field(default_factory=Counter)
    rejected: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    #: Fields dropped from articles that were kept: {"path", "member", "reason"}.
    warnings: list[dict] = field(default_factory=list)
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
            "read": self.counts["read"],
            "seconds": round(self.seconds, 2),
            "interrupted": self.interrupted,
            "rejected_files": self.rejected,
            "skipped_files": self.skipped,
            "duplicate_files": self.duplicates,
            "warnings": self.warnings,
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
    """Worker side: read, hash, extract; keep the original only if it gave a record.

    Never raises for a file's sake: every failure is a rejection with a reason.
    """
    if _SLOW_FILE_SECONDS:
        time.sleep(_SLOW_FILE_SECONDS)
    if _CRASH_ON:
        _test_crash(task.path)
    try:
        data = _read_regular_file(task.path)
    except OSError as error:
        return _Done(task, None, FileResult(), f"cannot read the file: {human_error(error)}")
    if len(data) > MAX_FILE_BYTES:
        return _Done(task, None, FileResult(), f"larger than {MAX_FILE_BYTES // 2**20} MB")
    sha = hashlib.sha256(data).hexdigest()
    container = task.kind in CONTAINER_KINDS  # the budget is per article inside it
    try:
        with contextlib.nullcontext() if container else time_budget():
            result = _extract(
                task, data, sha, user_tags, vocabulary_file, time_budget if container else None
            )
    except OverBudget:
        return _Done(task, sha, FileResult(), OVER_BUDGET.format(FILE_TIME_BUDGET))
    except Exception as error:  # noqa: BLE001 - reported per file, never stops the batch
        return _Done(task, sha, FileResult(), f"could not be read: {human_error(error)}")
    if result.records:
        try:
            write_original(Path(originals_dir), sha, data)
        except OSError as error:
            if error.errno == errno.ENOSPC:
                raise  # the disk is full: the whole run stops with that message
            return _Done(task, sha, FileResult(), f"cannot save the original: {human_error(error)}")
    return _Done(task, sha, result)


OVER_BUDGET = "took too long (over {:g} s)"
#: Files of many articles: each article gets the time budget, not the file.
CONTAINER_KINDS = ("warc", "json")


@contextmanager
def time_budget():
    """Raise ``OverBudget`` after ``FILE_TIME_BUDGET`` seconds (in the main thread only)."""
    alarm = FILE_TIME_BUDGET > 0 and threading.current_thread() is threading.main_thread()
    if not alarm:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, FILE_TIME_BUDGET)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _test_crash(path: str) -> None:
    import multiprocessing

    name, _, how = _CRASH_ON.partition(":")
    if name in os.path.basename(path) and multiprocessing.parent_process() is not None:
        if how == "segv":
            os.kill(os.getpid(), signal.SIGSEGV)
        os._exit(70)


def _read_regular_file(path: str) -> bytes:
    """The file's bytes (at most one more than the limit); a FIFO or device is refused."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat_mode.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)


def _extract(task, data, sha, user_tags, vocabulary_file, item_budget=None) -> FileResult:
    result = records_from_bytes(
        data,
        path=task.path,
        kind=task.kind,
        sha256=sha,
        mtime=datetime.fromtimestamp(task.mtime_ns / 1e9, UTC),
        user_tags=user_tags,
        vocabulary_file=Path(vocabulary_file) if vocabulary_file else None,
        item_budget=item_budget,
    )
    for record in result.records:  # a lone surrogate (JSON "\\ud800") cannot be stored
        record.to_json().encode("utf-8")
    return result


def _init_worker(parent_pid: int) -> None:
    """In each worker: ignore Ctrl-C (the main process decides) and die with the main process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:  # PR_SET_PDEATHSIG = 1: SIGKILL when the parent (the forkserver) exits
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    """Exit as soon as the main process is gone (kill -9 leaves no orphans holding pipes).

    Gone means: no such process, or a zombie not yet reaped by whoever started it.
    """
    server = os.getppid()
    while True:
        time.sleep(0.25)
        if os.getppid() != server or not _running(parent_pid):
            os._exit(1)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except FileNotFoundError:
        return False
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


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
        summary.add("read")
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
        summary.warnings += [
            {"path": task.path, "member": w.member, "reason": w.reason}
            for w in done.result.warnings
        ]
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
        elif not self._may_update(record):
            self._take_record(claims.own_record(record), task)  # not the same article
            return
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

    def _may_update(self, record: Record) -> bool:
        """Whether this capture may replace the text of the record whose address it claims."""
        try:
            current = self.archive.get(record.id)
        except NotFoundError:  # first seen earlier in this run: not saved yet
            return True
        return claims.may_update(current, record)

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
            self._index_pending()
        elif self._indexer is None or not self._indexer.is_alive():
            self._join()  # re-raises what a finished thread ran into
            self._indexer = threading.Thread(target=self._index, name="indexer", daemon=True)
            self._indexer.start()
        # else: the running thread takes this batch too (it indexes until nothing is pending)
        self.last_commit = time.monotonic()

    def _index(self) -> None:
        try:
            self._index_pending()
        except BaseException as error:  # noqa: BLE001 - re-raised by _join in the main thread
            self._error = error

    def _index_pending(self) -> None:
        try:
            self.archive.index_pending(submit=self.submit)
        except BrokenProcessPool:  # a worker crashed under a parallel build: build here
            self.archive.index_pending()

    def settle(self) -> None:
        """Wait for the background indexing (before its pool is replaced); errors stay for later."""
        if self._indexer is not None:
            self._indexer.join()

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


def display_path(name: str) -> str:
    """A path safe to print: undecodable bytes and control characters escaped."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def plan(
    archive: Archive, paths: Iterable[str], summary: RunSummary, exclude: Iterable[str] = ()
) -> list[_Task]:
    """The files that need reading; unchanged, unsupported and unreadable ones are counted here."""
    known = archive.file_states()
    for lost in archive.files_without_originals():  # read again: that restores the original
        known.pop(lost, None)
    tasks = []
    unlistable: list[tuple[str, str]] = []
    for path, kind in find_files(paths, exclude, on_error=unlistable.append):
        summary.add("files")
        name = str(path.absolute())
        try:
            name = str(path.resolve(strict=True))
            name.encode("utf-8")
        except UnicodeEncodeError:
            _reject(summary, name, "the file name is not valid UTF-8 (rename the file)")
            continue
        except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop (Python 3.11)
            reason = human_error(error) if isinstance(error, OSError) else "a symbolic link loop"
            _reject(summary, name, f"cannot read: {reason}")
            continue
        if kind is None:
            summary.add("skipped")
            summary.skipped.append(
                {"path": name, "reason": f"not an article format ({path.suffix or 'no extension'})"}
            )
            continue
        try:
            stat = path.stat()
        except OSError as error:
            _reject(summary, name, f"cannot read: {human_error(error)}")
            continue
        if not stat_mode.S_ISREG(stat.st_mode):
            _reject(summary, name, "not a regular file (a pipe, socket or device is never read)")
            continue
        seen = known.get(name)
        if seen and seen == (stat.st_size, stat.st_mtime_ns, EXTRACTOR_VERSION):
            summary.add("unchanged")
            continue
        tasks.append(_Task(name, kind, stat.st_size, stat.st_mtime_ns))
    for folder, reason in unlistable:
        _reject(summary, folder, f"cannot list the folder: {reason}")
    return tasks


def _reject(summary: RunSummary, name: str, reason: str) -> None:
    summary.rejected.append({"path": display_path(name), "reason": reason})


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
        remove_stale_temporaries(archive.originals_dir)
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
            if summary.interrupted:  # save what was extracted; the next run indexes it
                save_batch(archive, writer.pending)
            else:
                writer.flush(wait=True)
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
    # After kill -9 the resource tracker warns of "leaked semaphores" (the pool's): keep it quiet
    os.environ.setdefault("PYTHONWARNINGS", "ignore:resource_tracker:UserWarning")
    crashes = _Crashes()
    pool = _new_pool(workers)
    try:
        queue = iter(chunks)
        running: dict = {}  # future -> its chunk
        writer.submit = pool.submit
        try:
            while True:
                while len(running) < workers * TASKS_IN_FLIGHT_PER_WORKER:
                    chunk = next(queue, None)
                    if chunk is None:
                        break
                    running[pool.submit(_process_chunk, chunk, *args)] = chunk
                if not running:
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                lost = []
                for future in finished:
                    chunk = running.pop(future)
                    try:
                        results = future.result()
                    except BrokenProcessPool:
                        lost.append(chunk)
                        continue
                    for result in results:
                        writer.take(result)
                    done += len(results)
                if lost:  # a worker died: every chunk in flight went with the pool
                    lost += list(running.values())
                    running.clear()
                    writer.submit = None
                    writer.settle()
                    _stop_pool(pool)
                    tasks_lost = [task for chunk in lost for task in chunk]
                    done += crashes.retry_alone(tasks_lost, args, writer)
                    pool = _new_pool(workers)
                    writer.submit = pool.submit
                if progress:
                    progress(done, total)
                if writer.due():
                    writer.flush()
            writer.flush(wait=True)  # the last batches, while the pool is still there
        finally:
            writer.submit = None
    except BaseException:
        _stop_pool(pool)  # Ctrl-C or a fault: do not wait for the workers' queued chunks
        raise
    pool.shutdown(wait=True)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(os.getpid(),)
    )


class _Crashes:
    """Files whose worker crashed: found by extracting each lost file alone, then rejected."""

    def __init__(self):
        self.count = 0

    def retry_alone(self, tasks: list[_Task], args: tuple, writer: _Writer) -> int:
        """Extract each task in a one-worker pool of its own making; returns the tasks done."""
        pool = _new_pool(1)
        try:
            for task in tasks:
                future = pool.submit(process_file, task, *args)
                try:
                    writer.take(future.result())
                    continue
                except BrokenProcessPool:
                    pass
                status = _exit_status(pool)
                _stop_pool(pool)
                self.count += 1
                writer.take(
                    _Done(task, None, FileResult(), f"the extraction process crashed{status}")
                )
                if self.count >= MAX_WORKER_CRASHES:
                    raise WorkerCrashError(
                        f"Stopped: extraction processes crashed {self.count} times (the last on "
                        f"{display_path(task.path)}); what was extracted before is saved."
                    )
                pool = _new_pool(1)
        finally:
            _stop_pool(pool)
        return len(tasks)


def _exit_status(pool: ProcessPoolExecutor) -> str:
    """ " (killed by SIGSEGV)" or " (exit status 70)" of a broken pool's dead worker, if known.

    With the forkserver, a status that could not be read back is 255 (unknown: left out);
    the pool stops other workers with SIGTERM: a crash's own status comes first.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:  # a dead worker's status is known once it is reaped
        process.join(timeout=2)
    codes = [p.exitcode for p in processes if p.exitcode and p.exitcode != 255]
    if not codes:
        return ""
    code = min(codes, key=lambda c: (c in (-signal.SIGTERM, -signal.SIGKILL), c > 0))
    if code < 0:
        try:
            return f" (killed by {signal.Signals(-code).name})"
        except ValueError:
            return f" (killed by signal {-code})"
    return f" (exit status {code})"


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()
    for process in processes:
        process.join(5)


def reextract(archive: Archive, progress=None) -> RunSummary:
    """Re-parse every stored original with the current extractor, in batches.

    The user's own tags (``--tag``), the time a record was added and when it was
    captured are kept. One missing original, failing article or article over the
    per-file time budget (``ARCHIVE_FILE_SECONDS``) is a rejection with its reason;
    the run goes on.
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
        with time_budget():  # the same budget per file as an indexing run
            result = records_from_bytes(
                data,
                path=old.origin.path,
                kind=old.type,
                sha256=old.origin.sha256,
                user_tags=tuple(user_tags),
                vocabulary_file=vocabulary if vocabulary.exists() else None,
            )
    except OverBudget:
        return None, OVER_BUDGET.format(FILE_TIME_BUDGET)
    except Exception as error:  # noqa: BLE001 - reported per record, never stops the run
        return None, f"extraction failed: {human_error(error)}"
    match = [r for r in result.records if r.origin.member == old.origin.member]
    if not match:
        return None, "the original no longer gives this article"
    new = match[0]
    new.id, new.added = old.id, old.added
    new.captured = new.captured or old.captured
    return new, ""
