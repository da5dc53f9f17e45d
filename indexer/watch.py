"""A watch folder: files that appear or change in it are indexed once completely written.

A file is taken when its size and modification time have not changed for
``settle_seconds`` (a browser or a copy still writing it keeps changing them), then
indexed by an ordinary indexing run (``indexer.run.run_index``: the same rules,
and its files table makes a second look at an unchanged file free). On start, the
folders are indexed once to catch up with what arrived while nobody watched.
File events come from watchdog (inotify on Linux); where they cannot be had (a
network share, too many watches) the folders are polled instead. Every file's
outcome is logged, and written to the audit log as the action ``watch`` by
``watch:FOLDER`` (the watched folder it arrived in).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from archive import audit
from archive.formats import kind_of
from archive.store import Archive
from indexer.intake import FileOutcome, RunSummary
from indexer.progress import display_path
from indexer.run import run_index

log = logging.getLogger("archive.watch")

#: Seconds a file's size and time must stay the same before it is read.
SETTLE_SECONDS = 1.5
#: How often waiting files are looked at (and, when polling, the folders).
TICK_SECONDS = 0.5


def log_outcome(outcome: FileOutcome) -> None:
    """One line per file: what it came to, its article ids or the reason."""
    ids = " ".join(record_id for record_id, _ in outcome.records[:5])
    more = f" (+{len(outcome.records) - 5})" if len(outcome.records) > 5 else ""
    detail = outcome.reason or f"{ids}{more}"
    log.info("%-9s %s%s", outcome.outcome, display_path(outcome.path), f": {detail}" * bool(detail))


def audit_outcome(archive: Archive, folder: Path, outcome: FileOutcome) -> None:
    """The audit log's entry for one file: ``watch`` by ``watch:FOLDER``, what it came to."""
    ids = " ".join(record_id for record_id, _ in outcome.records[:5])
    detail = f"{display_path(outcome.path)}: {outcome.outcome}"
    detail += f" {ids}" * bool(ids) + f" ({outcome.reason})" * bool(outcome.reason)
    audit.record(archive, "watch", f"watch:{folder}", detail, "local")


def log_summary(summary: RunSummary) -> None:
    for item in summary.rejected:
        if item.get("member"):  # whole files were logged by log_outcome
            log.info("rejected  %s [%s]: %s", item["path"], item["member"], item["reason"])


class Watcher:
    """Watches folders and indexes what settles in them (``run`` until ``stop`` is set)."""

    def __init__(
        self,
        archive: Archive,
        folders: Iterable[str | os.PathLike],
        *,
        settle_seconds: float = SETTLE_SECONDS,
        polling: bool = False,
        run_options: dict | None = None,
        on_file: Callable[[FileOutcome], None] = log_outcome,
    ):
        self.archive = archive
        self.folders = [Path(f).expanduser().resolve() for f in folders]
        self.settle_seconds = settle_seconds
        self.polling = polling
        self.run_options = run_options or {}
        self.on_file = on_file
        self.stop = threading.Event()
        self._waiting: dict[str, tuple[tuple[int, int], float]] = {}  # path -> (state, since)
        self._lock = threading.Lock()
        self._known: dict[str, tuple[int, int]] = {}  # polling: path -> (size, mtime)
        for folder in self.folders:
            if not folder.is_dir():
                raise NotADirectoryError(f"{folder} is not a folder: watch an existing folder.")

    def catch_up(self) -> RunSummary:
        """Index what arrived while nobody watched (unchanged files cost a stat each)."""
        return self._index([str(f) for f in self.folders])

    def run(self) -> None:
        """Catch up, then watch until ``stop`` is set."""
        observer = self._observer()
        if observer is None:
            self._scan(notice=False)  # what is there now is the catch-up's
        try:
            self.catch_up()
            while not self.stop.wait(TICK_SECONDS):
                if observer is None:
                    self._scan()
                ready = self._settled()
                if ready:
                    self._index(ready)
        finally:
            if observer is not None:
                observer.stop()
                observer.join(5)

    def noticed(self, path: str) -> None:
        """A file appeared or changed: wait until it settles (called from the event thread)."""
        if kind_of(path) is None or Path(path).name.startswith("."):
            return  # not an article format, or a hidden temporary file (a download in progress)
        with self._lock:
            self._waiting.setdefault(path, ((-1, -1), time.monotonic()))

    def _settled(self) -> list[str]:
        now, ready = time.monotonic(), []
        with self._lock:
            for path, (state, since) in list(self._waiting.items()):
                try:
                    stat = os.stat(path)
                except OSError:  # gone (moved away, deleted): nothing to index
                    del self._waiting[path]
                    continue
                current = (stat.st_size, stat.st_mtime_ns)
                if current != state:
                    self._waiting[path] = (current, now)
                elif now - since >= self.settle_seconds:
                    ready.append(path)
                    del self._waiting[path]
        return ready

    def _index(self, paths: list[str]) -> RunSummary:
        summary = run_index(
            self.archive, paths, wait_for_lock=True, on_file=self._outcome, **self.run_options
        )
        log_summary(summary)
        return summary

    def _outcome(self, outcome: FileOutcome) -> None:
        """One file's outcome: to the audit log, then to ``on_file`` (the log on stderr)."""
        path = Path(outcome.path)
        folders = [f for f in self.folders if path.is_relative_to(f)]
        folder = max(folders, key=lambda f: len(f.parts), default=path.parent)
        audit_outcome(self.archive, folder, outcome)
        self.on_file(outcome)

    def _observer(self):
        """A watchdog observer feeding ``noticed``; None (and polling) when none can start."""
        if self.polling:
            return None
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer

            watcher = self

            class Handler(FileSystemEventHandler):
                def on_any_event(self, event):
                    if event.is_directory or event.event_type not in _EVENTS:
                        return
                    watcher.noticed(getattr(event, "dest_path", "") or event.src_path)

            observer = Observer()
            for folder in self.folders:
                observer.schedule(Handler(), str(folder), recursive=True)
            observer.start()
            return observer
        except (ImportError, OSError) as error:
            log.warning("File events unavailable (%s): polling every %g s.", error, TICK_SECONDS)
            self.polling = True
            return None

    def _scan(self, notice: bool = True) -> None:
        """Polling: notice files whose size or time changed since the last look."""
        known = self._known
        for folder in self.folders:
            for root, _dirs, files in os.walk(folder):
                for name in files:
                    path = os.path.join(root, name)
                    try:
                        stat = os.stat(path)
                    except OSError:
                        continue
                    state = (stat.st_size, stat.st_mtime_ns)
                    if known.get(path) != state:
                        known[path] = state
                        if notice:
                            self.noticed(path)


_EVENTS = ("created", "modified", "moved", "closed")
