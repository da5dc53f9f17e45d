"""Search-index commits shared by the uploads of the last moment: one commit for many files.

An upload is answered once its original and its record are saved (the record
"pending": from then on a crash loses nothing, and the next writer indexes it).
Making it searchable is the costly part (a Whoosh commit writes and merges
segments; OpenSearch refreshes), so it is deferred by at most ``delay`` seconds
and done once for every upload saved meanwhile. A failed commit is logged and
tried again ``RETRY_SECONDS`` later; the records wait, pending, in ``archive.db``.

The archive's writer lock is held once for the process (``SharedWriterLock``) while
any upload saves or a commit runs, so uploads go on saving during a commit (a record
saved again meanwhile stays pending for the next one: ``archive.index_sync``).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from archive.errors import ArchiveLockedError

if TYPE_CHECKING:
    from archive.store import Archive

log = logging.getLogger(__name__)

#: Seconds from the first save waiting for the index to the commit that makes it searchable.
DELAY_SECONDS = 0.5
#: Seconds before a failed commit is tried again.
RETRY_SECONDS = 10.0


class GroupedCommits:
    """Calls ``commit(archive)`` at most ``delay`` seconds after ``request``, once for every
    request made meanwhile, from its own thread (started on the first request)."""

    def __init__(self, commit: Callable[[Archive], None], delay: float = DELAY_SECONDS):
        self._commit = commit
        self.delay = delay
        self._cond = threading.Condition()
        self._archive: Archive | None = None
        self._due: float | None = None  # time.monotonic() of the next commit, if one waits
        self._thread: threading.Thread | None = None
        self._closed = False

    def request(self, archive: Archive) -> None:
        """Records of ``archive`` were saved: commit them to the index within ``delay``."""
        with self._cond:
            self._archive = archive
            if self._due is None:
                self._due = time.monotonic() + self.delay
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(
                    target=self._run, name="grouped-commits", daemon=True
                )
                self._thread.start()
            self._cond.notify()

    def waiting(self) -> bool:
        """Whether a commit is due (requested and not yet done)."""
        with self._cond:
            return self._due is not None

    def flush(self) -> None:
        """Commit what waits now, in this thread (errors are raised here)."""
        archive = self._take()
        if archive is not None:
            self._commit(archive)

    def close(self) -> None:
        """Stop the thread, then commit what still waits (the server is stopping)."""
        with self._cond:
            self._closed = True
            self._cond.notify()
            thread = self._thread
        if thread is not None:
            thread.join()
        self.flush()

    def _take(self) -> Archive | None:
        with self._cond:
            archive, self._archive, self._due = self._archive, None, None
            return archive

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._closed and (self._due is None or self._due > time.monotonic()):
                    wait = None if self._due is None else self._due - time.monotonic()
                    self._cond.wait(wait)
                if self._closed:
                    return  # close() commits what waits
            archive = self._take()
            if archive is None:
                continue
            try:
                self._commit(archive)
            except Exception as error:  # noqa: BLE001 - the records stay pending: try again
                log.error(
                    "Uploaded articles are saved but not yet searchable (%s): "
                    "trying again in %g s.",
                    error,
                    RETRY_SECONDS,
                )
                with self._cond:
                    self._archive = self._archive or archive
                    self._due = self._due or time.monotonic() + RETRY_SECONDS


class SharedWriterLock:
    """The archive's writer lock, taken once for every thread of this process that needs it
    and released when the last one is done; another process's run is waited for."""

    def __init__(self, wait_seconds: float):
        self.wait_seconds = wait_seconds
        self._users = 0
        self._mutex = threading.Lock()

    @contextlib.contextmanager
    def held(self, archive: Archive) -> Iterator[None]:
        with self._mutex:
            if self._users == 0:
                self._wait_for(archive)
            self._users += 1
        try:
            yield
        finally:
            with self._mutex:
                self._users -= 1
                if self._users == 0:
                    archive.unlock()

    def _wait_for(self, archive: Archive) -> None:
        """The lock, waiting up to ``wait_seconds`` for another run to finish."""
        deadline = time.monotonic() + self.wait_seconds
        while True:
            try:
                archive.lock()
                return
            except ArchiveLockedError:
                if time.monotonic() > deadline:
                    raise ArchiveLockedError(
                        "Another indexing run has been writing to the archive for over "
                        f"{self.wait_seconds:g} s: try the upload again when it has finished."
                    ) from None
                time.sleep(0.2)
