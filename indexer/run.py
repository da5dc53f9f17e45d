"""An indexing run: find files, skip unchanged ones, extract in parallel, store, index.

Incremental: a file whose size and modification time match the last run (and
whose extractor version is current) is skipped without being read. One bad
file never stops the batch: it is rejected with its reason. Interrupted runs
leave the archive consistent; the next run finishes the job.

The parts: ``indexer.workers`` (extraction in supervised worker processes),
``indexer.intake`` (new, updated, duplicate or unchanged; saved in write
batches); this module plans the run and puts them together.
"""

from __future__ import annotations

import stat as stat_mode
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from archive import index_sync
from archive.records import EXTRACTOR_VERSION
from archive.store import Archive
from indexer.containers import Part
from indexer.intake import FileOutcome, Intake, RunSummary, save_batch
from indexer.limits import DEFAULT_LIMITS, RunLimits
from indexer.pipeline import human_error
from indexer.progress import display_path
from indexer.readers import find_files
from indexer.workers import (
    Job,
    Task,
    WorkerCrashError,
    extract_all,
)

__all__ = ["RunLimits", "RunSummary", "WorkerCrashError", "display_path", "run_index"]


def plan(
    archive: Archive, paths: Iterable[str], summary: RunSummary, exclude: Iterable[str] = ()
) -> list[Task]:
    """The files that need reading; unchanged, unsupported and unreadable ones are counted here."""
    known = archive.file_states()
    partial = archive.partial_files()
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
        resume = _resumed(partial.get(name), stat)
        tasks.append(Task(name, kind, stat.st_size, stat.st_mtime_ns, part=resume))
    for folder, reason in unlistable:
        _reject(summary, folder, f"cannot list the folder: {reason}")
    return tasks


def _resumed(state: tuple | None, stat) -> Part | None:
    """Where a container a run stopped reading mid-way goes on, if it is unchanged since."""
    if state is None:
        return None
    size, mtime_ns, version, sha256, reason = state
    if (size, mtime_ns, version) != (stat.st_size, stat.st_mtime_ns, EXTRACTOR_VERSION):
        return None
    return Part.from_state(sha256, reason)


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
    limits: RunLimits = DEFAULT_LIMITS,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> RunSummary:
    """Index files and folders into the archive; returns the run's summary.

    ``limits`` (``RunLimits.from_settings(settings)``) bound the run: ``batch_size``
    records are saved (and made searchable) per commit; a file over ``max_file_bytes``
    or whose extraction takes over ``file_seconds`` (0: no limit) is rejected.
    ``on_file`` is told each read file's outcome.
    """
    started = time.monotonic()
    summary = RunSummary()
    missing = [p for p in paths if not Path(p).expanduser().exists()]
    for p in missing:
        summary.rejected.append({"path": str(p), "reason": "no such file or folder"})
    paths = [p for p in paths if p not in missing]
    archive.lock(wait=wait_for_lock)
    try:
        archive.originals.remove_stale_temporaries()
        index_sync.ensure_index(archive)
        index_sync.index_pending(archive)  # finish what an interrupted run left
        tasks = plan(archive, paths, summary, exclude)
        writer = Intake(archive, summary, limits.batch_size)
        writer.on_file = on_file
        vocabulary = archive.path / "vocabulary.txt"
        job = Job(
            archive.originals,
            tuple(user_tags),
            str(vocabulary) if vocabulary.exists() else None,
            limits,
        )
        try:
            extract_all(tasks, job, workers, writer, progress)
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
