"""Keeping the search index in step with the stored records.

A record is saved "pending" with a new version number; ``index_pending`` sends
pending records to the engine and clears the flag only after the engine's commit,
and only for the version it indexed. A run that dies at any point leaves pending
records, which the next run (or ``archive reindex``) sends again.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from archive import corrections, stories
from archive.records import Record

if TYPE_CHECKING:
    from archive.store import Archive

#: Records per search-index commit: each commit writes new segments, and large
#: segments mean fewer (costly) merges later.
INDEX_BATCH = 5000


def pending_count(archive: Archive) -> int:
    """How many records wait for the search index."""
    return archive.db.execute("SELECT count(*) FROM records WHERE pending = 1").fetchone()[0]


def index_pending(archive: Archive, batch: int | None = None, submit=None, progress=None) -> int:
    """Send pending records to the search index; returns how many were indexed.

    With ``submit`` (a process pool's), the backend may analyse large batches in
    parallel. A record saved again while its batch was indexed stays pending.
    ``progress`` is called with the running count after each batch.
    """
    batch = batch or INDEX_BATCH
    done = 0
    while True:
        rows = archive.db.execute(
            "SELECT id, version, data, trashed FROM records WHERE pending = 1 ORDER BY id LIMIT ?",
            (batch,),
        ).fetchall()
        if not rows:
            return done
        live = [Record.from_json(data) for _rid, _version, data, trashed in rows if not trashed]
        if live:  # as shown: with the editors' corrections and note, and their stories
            shown = stories.laid_over(archive.db, corrections.corrected(archive, live))
            archive.index.upsert(shown, submit)
        trashed = [rid for rid, _version, _data, trashed in rows if trashed]
        if trashed:  # in the trash: out of the index, the record kept
            archive.index.delete(trashed)
        with archive.transaction() as conn:
            conn.executemany(
                "UPDATE records SET pending = 0 WHERE id = ? AND version = ?",
                [(rid, version) for rid, version, _, _ in rows],
            )
        done += len(rows)
        if progress:
            progress(done)


def reindex(archive: Archive, progress=None) -> int:
    """Rebuild the search index (and the stories, archive/stories.py) from the stored records.

    Every record is marked pending *before* the new index is created, so a
    crash at any point leaves records that the next run indexes again. The
    new index is built beside the live one (which keeps answering searches)
    and swapped in when complete.
    """
    with archive.transaction() as conn:
        conn.execute("UPDATE records SET pending = 1")
        stories.rebuild(conn, archive.iter_records())
    live = archive.index
    fresh = live.beside()
    fresh.create()
    _test_pause("reindex-created")
    total = 0

    def report(n: int) -> None:
        progress(total + n)

    archive.index = fresh
    try:
        while n := index_pending(archive, progress=progress and report):
            total += n
    finally:
        archive.index = live
    if fresh is not live:
        live.replace_with(fresh)
    return total


def index_state(archive: Archive) -> str:
    """ "current", or why not: "missing", "outdated", "pending" or "incomplete"."""
    if not archive.index.exists():
        return "missing"
    if not archive.index.is_current():
        return "outdated"
    if pending_count(archive):
        return "pending"
    if archive.index.count() != archive.count():
        return "incomplete"
    return "current"


def ensure_index(archive: Archive) -> bool:
    """Make the index whole (writers only): rebuilt if missing, outdated or short."""
    state = index_state(archive)
    if state == "current":
        return False
    if state in ("missing", "outdated") and archive.count() == 0:
        archive.index.create()
        return False
    if state == "pending":
        index_pending(archive)
        if archive.index.count() == archive.count():
            return False
    reindex(archive)
    return True


def _test_pause(point: str) -> None:
    """Testing hook: ARCHIVE_TEST_PAUSE=point:seconds says "paused" on stderr and sleeps there."""
    wanted, _, seconds = os.environ.get("ARCHIVE_TEST_PAUSE", "").partition(":")
    if wanted == point:
        import sys
        import time

        print(f"paused at {point}", file=sys.stderr, flush=True)
        time.sleep(float(seconds or 60))


def sync_now(archive: Archive) -> bool:
    """Index the pending records now (an edit's); False when an indexing run holds the
    writer lock: that run indexes them before it ends."""
    from archive.errors import ArchiveLockedError

    try:
        archive.lock()
    except ArchiveLockedError:
        return False
    try:
        index_pending(archive)
    finally:
        archive.unlock()
    return True
