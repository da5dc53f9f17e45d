"""Worker supervision: extraction in worker processes, each file within a time budget.

A worker reads, hashes and extracts one file, and keeps its original (through the
store's ``Originals``) only if it gave a record. Workers ignore Ctrl-C and die
with the main process (prctl, a watcher thread); a worker that crashes takes its
pool with it, and every file that was in flight is then extracted alone to find
(and reject) the one that crashed. A file over its time budget is rejected.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import hashlib
import os
import signal
import stat as stat_mode
import sys
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from archive.errors import ArchiveError
from archive.originals import Originals
from archive.sidecars import Sidecar
from indexer.limits import DEFAULT_LIMITS, RunLimits
from indexer.pipeline import FileResult, OverBudget, human_error, records_from_bytes
from indexer.progress import display_path

if TYPE_CHECKING:
    from indexer.containers import Part
    from indexer.intake import FileOutcome

FILES_PER_TASK = 8
TASKS_IN_FLIGHT_PER_WORKER = 4
#: Testing hook: sleep this long before each file (makes interruption tests deterministic).
_SLOW_FILE_SECONDS = float(os.environ.get("ARCHIVE_TEST_SLOW_FILE", "0"))
#: Testing hook: a worker crashes on files whose name contains this ("NAME" exits, "NAME:segv"
#: is a segmentation fault).
_CRASH_ON = os.environ.get("ARCHIVE_TEST_CRASH_FILE", "")
OVER_BUDGET = "took too long (over {:g} s)"
#: Files of many articles: each article gets the time budget, not the file.
CONTAINER_KINDS = ("warc", "json")


class WorkerCrashError(ArchiveError):
    """Extraction processes kept crashing: the run stopped (what was extracted is saved)."""


@dataclass
class Task:
    """One file to read."""

    path: str
    kind: str
    size: int
    mtime_ns: int
    url: str | None = None  # the page's address when the file names none (an upload's)
    part: Part | None = None  # where a container read as a stream goes on (indexer.containers)


@dataclass
class Done:
    """What a worker made of one file: records and rejections, or why it gave nothing."""

    task: Task
    sha256: str | None
    result: FileResult
    error: str | None = None
    next: Task | None = None  # the task that reads the container's next part; None: the end


@dataclass(frozen=True)
class Job:
    """What every worker needs for every file of one run (sent once per chunk)."""

    originals: Originals
    user_tags: tuple[str, ...] = ()
    vocabulary_file: str | None = None
    limits: RunLimits = DEFAULT_LIMITS


class Intake(Protocol):
    """The main process's side (``indexer.intake.Intake``), as the workers' loop sees it."""

    submit: object

    def take(self, done: Done) -> FileOutcome: ...
    def due(self) -> bool: ...
    def flush(self, wait: bool = False) -> None: ...
    def settle(self) -> None: ...


def process_file(task: Task, job: Job) -> Done:
    """Worker side: read, hash, extract; keep the original only if it gave a record.

    Never raises for a file's sake: every failure is a rejection with a reason.
    """
    if _SLOW_FILE_SECONDS:
        time.sleep(_SLOW_FILE_SECONDS)
    if _CRASH_ON:
        _test_crash(task.path)
    from indexer import containers  # it builds on this module

    stream = containers.streamed(task, job)
    if isinstance(stream, Done):
        return stream
    if stream:
        return containers.process_part(task, job)
    try:
        data = _read_regular_file(task.path, job.limits.max_file_bytes)
    except OSError as error:
        return Done(task, None, FileResult(), f"cannot read the file: {human_error(error)}")
    return process_bytes(task, data, job)


def process_bytes(task: Task, data: bytes, job: Job) -> Done:
    """Worker side, for bytes already read (a file's, an upload's): hash, extract, keep."""
    if len(data) > job.limits.max_file_bytes:
        return Done(task, None, FileResult(), too_large(job.limits.max_file_bytes))
    sha = hashlib.sha256(data).hexdigest()
    try:
        container = task.kind in CONTAINER_KINDS  # the budget is per article inside it
        seconds = job.limits.file_seconds
        with contextlib.nullcontext() if container else time_budget(seconds):
            budget = functools.partial(time_budget, seconds) if container else None
            result = _extract(task, data, sha, job, budget)
    except OverBudget:
        return Done(task, sha, FileResult(), OVER_BUDGET.format(job.limits.file_seconds))
    except Exception as error:  # noqa: BLE001 - reported per file, never stops the batch
        return Done(task, sha, FileResult(), f"could not be read: {human_error(error)}")
    if result.records:
        try:
            facts = (sha, task.path, task.kind, task.size, task.mtime_ns, job.user_tags)
            sidecar = Sidecar.describe(*facts, result.records)
            job.originals.write(sha, data, sidecar, sync=False)  # synced by the write batch
        except OSError as error:
            if error.errno == errno.ENOSPC:
                raise  # the disk is full: the whole run stops with that message
            return Done(task, sha, FileResult(), f"cannot save the original: {human_error(error)}")
    return Done(task, sha, result)


def too_large(limit: int) -> str:
    """Why a file over the size limit is rejected, naming the limit and its setting."""
    size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit:,} bytes"
    return f"larger than the limit of {size} (ARCHIVE_MAX_FILE_BYTES)"


@contextmanager
def time_budget(seconds: float):
    """Raise ``OverBudget`` after ``seconds`` (in the main thread only; 0: no budget)."""
    alarm = seconds > 0 and threading.current_thread() is threading.main_thread()
    if not alarm:
        yield
        return

    def on_alarm(signum, frame):
        raise OverBudget(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
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


def _read_regular_file(path: str, limit: int) -> bytes:
    """The file's bytes (at most one more than the limit); a FIFO or device is refused."""
    with open_regular_file(path) as handle:
        return handle.read(limit + 1)


@contextmanager
def open_regular_file(path: str):
    """The file open for reading (binary); a FIFO or device is refused (``OSError``)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat_mode.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            yield handle
    finally:
        os.close(fd)


def _extract(task: Task, data: bytes, sha: str, job: Job, item_budget=None) -> FileResult:
    result = records_from_bytes(
        data,
        path=task.path,
        kind=task.kind,
        sha256=sha,
        mtime=datetime.fromtimestamp(task.mtime_ns / 1e9, UTC),
        user_tags=job.user_tags,
        vocabulary_file=Path(job.vocabulary_file) if job.vocabulary_file else None,
        limits=job.limits,
        item_budget=item_budget,
        page_url=task.url,
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


def die_with_parent(parent_pid: int) -> None:
    """In a child process (a worker, the watch folder's): ignore Ctrl-C, die with the parent."""
    _init_worker(parent_pid)


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


def _process_chunk(tasks: list[Task], job: Job) -> list[Done]:
    return [process_file(t, job) for t in tasks]


def extract_all(tasks: list[Task], job: Job, workers: int | None, writer: Intake, progress) -> None:
    """Extract every task (in a pool of ``workers`` processes) and hand each result to ``writer``.

    A container read as a stream comes back a part at a time: the task of its next
    part goes first in the queue (alone: a part is a chunk's worth of work).
    ``progress`` (optional) is called with (files done, files in all).
    """
    total, done = len(tasks), 0
    if progress:
        progress(0, total)
    workers = workers or os.cpu_count() or 1
    queue = deque(tasks[i : i + FILES_PER_TASK] for i in range(0, total, FILES_PER_TASK))
    if workers <= 1 or total <= FILES_PER_TASK:
        while queue:
            for result in _process_chunk(queue.popleft(), job):
                done += hand_over(result, writer, queue)
                if progress:
                    progress(done, total)
            if writer.due():
                writer.flush()
        return
    # After kill -9 the resource tracker warns of "leaked semaphores" (the pool's): keep it quiet
    os.environ.setdefault("PYTHONWARNINGS", "ignore:resource_tracker:UserWarning")
    crashes = Crashes()
    pool = new_pool(workers)
    try:
        running: dict = {}  # future -> its chunk
        writer.submit = pool.submit
        try:
            while True:
                while len(running) < workers * TASKS_IN_FLIGHT_PER_WORKER and queue:
                    chunk = queue.popleft()
                    running[pool.submit(_process_chunk, chunk, job)] = chunk
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
                        done += hand_over(result, writer, queue)
                if lost:  # a worker died: every chunk in flight went with the pool
                    lost += list(running.values())
                    running.clear()
                    writer.submit = None
                    writer.settle()
                    _stop_pool(pool)
                    tasks_lost = [task for chunk in lost for task in chunk]
                    done += crashes.retry_alone(tasks_lost, job, writer, queue)
                    pool = new_pool(workers)
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


def hand_over(result: Done, writer: Intake, queue: deque) -> int:
    """Give a result to the writer; queue the container's next part, if any (unless the
    file is a duplicate). Returns 1 when the file is done, else 0."""
    outcome = writer.take(result)
    if result.next is None or outcome.outcome == "duplicate":  # a copy: its first part says so
        return 1
    queue.appendleft([result.next])
    return 0


def new_pool(workers: int, mp_context=None) -> ProcessPoolExecutor:
    """A pool of supervised extraction processes (they die with this one)."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=mp_context,
        initializer=_init_worker,
        initargs=(os.getpid(),),
    )


class Crashes:
    """Files whose worker crashed: found by extracting each lost file alone, then rejected."""

    def __init__(self):
        self.count = 0

    def retry_alone(self, tasks: list[Task], job: Job, writer: Intake, queue: deque) -> int:
        """Extract each task in a one-worker pool of its own making; returns the files done
        (a container's next part goes to ``queue``)."""
        finished = 0
        pool = new_pool(1)
        try:
            for task in tasks:
                future = pool.submit(process_file, task, job)
                try:
                    finished += hand_over(future.result(), writer, queue)
                    continue
                except BrokenProcessPool:
                    pass
                status = _exit_status(pool)
                _stop_pool(pool)
                self.count += 1
                writer.take(
                    Done(task, None, FileResult(), f"the extraction process crashed{status}")
                )
                finished += 1
                if self.count >= job.limits.max_worker_crashes:
                    raise WorkerCrashError(
                        f"Stopped: extraction processes crashed {self.count} times (the last on "
                        f"{display_path(task.path)}; ARCHIVE_MAX_WORKER_CRASHES sets the limit);"
                        " what was extracted before is saved."
                    )
                pool = new_pool(1)
        finally:
            _stop_pool(pool)
        return finished


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
