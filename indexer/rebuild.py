"""``archive rebuild``: recreate ``archive.db`` from ``originals/`` alone, then the index.

The old database (with its write-ahead log) is moved aside, never deleted. Every
original is read again in the order the archive kept them, with what its sidecar
says (file name and path, modification time, kind, the user's tags, when each
article was added), and goes through the same intake as an indexing run: so the
records, their versions and the files seen come back as they were. Saved
searches, users, API tokens, the editors' corrections and notes, the trash and the
audit log come back from their plain copies (``archive.state_files``), or from the
old database when one has no copy and can still be read there.

An original without a sidecar (kept before sidecars existed) is still read: its
kind is guessed from its bytes, its name is unknown (its path in ``originals/``
stands in), it is added when the original was written; an article identified by
its file rather than its address then gets another id.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from archive import index_sync, state_files, trash
from archive.errors import ArchiveError
from archive.originals import file_sha256
from archive.records import Record
from archive.sidecars import Sidecar
from archive.store import DB_NAME, Archive
from indexer.containers import is_stream, stored_parts
from indexer.intake import Intake, RunSummary, save_batch
from indexer.limits import DEFAULT_LIMITS, RunLimits
from indexer.pipeline import FileResult, human_error, records_from_bytes
from indexer.workers import OVER_BUDGET, Done, Job, OverBudget, Task, time_budget


class NothingToRebuildError(ArchiveError):
    """The archive folder has no originals: there is nothing to rebuild from."""


@dataclass
class RebuildSummary:
    """What a rebuild did: counts, where the old database went, what could not be read."""

    originals: int = 0
    without_sidecar: int = 0
    records: int = 0
    versions: int = 0
    restored: dict[str, int] = field(default_factory=dict)
    moved_aside: list[str] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "originals": self.originals,
            "without_sidecar": self.without_sidecar,
            "records": self.records,
            "versions": self.versions,
            "restored": self.restored,
            "moved_aside": self.moved_aside,
            "rejected": self.rejected,
            "seconds": round(self.seconds, 2),
        }


@dataclass
class Kept:
    """One original to read again, with its sidecar (None if it has none)."""

    sha256: str
    sidecar: Sidecar | None
    written_ns: int  # when the original was kept: the order of the replay

    def when_added(self) -> datetime:
        """When the archive kept it (the sidecar's time, else the original's file time)."""
        ns = self.sidecar.kept_ns if self.sidecar and self.sidecar.kept_ns else self.written_ns
        return datetime.fromtimestamp(ns / 1e9, UTC).replace(microsecond=0)


def rebuild(
    archive: Archive,
    progress: Callable[[int, int], None] | None = None,
    limits: RunLimits = DEFAULT_LIMITS,
) -> RebuildSummary:
    """Recreate ``archive.db`` from the originals and their sidecars, then the search index.

    ``limits``: the same as an indexing run's (time and sizes per file, the batch size).
    """
    started = time.monotonic()
    summary = RebuildSummary()
    kept = _kept_originals(archive)
    if not kept:
        raise NothingToRebuildError(
            f"{archive.originals.folder} holds no originals: there is nothing to rebuild from."
        )
    archive.lock()
    try:
        archive.disconnect()
        old = _move_aside(archive.path / DB_NAME)
        summary.moved_aside = [str(p) for p in old]
        with archive.transaction() as conn:  # a new, empty archive.db
            summary.restored = _restore_tables(conn, archive.path, old[0] if old else None)
        for table in summary.restored:  # the copies say what the new database holds
            if table in state_files.APPENDED:
                state_files.export_appended(archive.db, archive.path, table)
            else:
                state_files.export_table(archive.db, archive.path, table)
        _replay(archive, kept, summary, progress, limits)
        in_trash = state_files.read_export(archive.path, "trash")
        if not state_files.export_path(archive.path, "trash").exists() and old:
            in_trash = _read_old(old[0], "trash") or []
        with archive.transaction() as conn:  # the records are back: mark those in the trash
            summary.restored["trash"] = trash.put_back(conn, in_trash)
        state_files.export_table(archive.db, archive.path, "trash")
        index_sync.reindex(archive)
    finally:
        archive.unlock()
    summary.records = archive.count()
    summary.versions = archive.db.execute("SELECT count(*) FROM versions").fetchone()[0]
    summary.seconds = time.monotonic() - started
    return summary


def _kept_originals(archive: Archive) -> list[Kept]:
    """Every original with its sidecar, in the order they were kept."""
    kept = []
    for sha in archive.originals.stored():
        written = archive.originals.path(sha).stat().st_mtime_ns
        kept.append(Kept(sha, archive.originals.sidecar(sha), written))
    kept.sort(key=lambda k: (k.sidecar.kept_ns if k.sidecar else 0) or k.written_ns)
    return kept


def _move_aside(db: Path) -> list[Path]:
    """Move ``archive.db`` and its -wal/-shm files to ``archive.db.before-rebuild-STAMP``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    moved = []
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db}{suffix}")
        if path.exists():
            target = Path(f"{db}.before-rebuild-{stamp}{suffix}")
            path.rename(target)
            moved.append(target)
    return moved


def _restore_tables(conn: sqlite3.Connection, folder: Path, old_db: Path | None) -> dict:
    """Saved searches (and every exported table) from their plain copies; a table without a
    copy is read from the old database if that part of it can still be read."""
    restored = state_files.restore_tables(conn, folder)
    for table in (*state_files.EXPORTED, *state_files.APPENDED):
        if state_files.export_path(folder, table).exists() or old_db is None:
            continue
        rows = _read_old(old_db, table)
        if not rows:
            continue
        columns = list(rows[0])
        marks = ", ".join("?" * len(columns))
        conn.executemany(
            f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
            [[row[c] for c in columns] for row in rows],
        )
        restored[table] = len(rows)
    return restored


def _read_old(old_db: Path, table: str) -> list[dict] | None:
    """A table (or a ``state_files.SELECTED`` copy) read from the old database; None when
    it is damaged there too, or has no such table."""
    try:
        old = sqlite3.connect(f"file:{old_db}?mode=ro", uri=True)
        try:
            return state_files.select_rows(old, table)
        finally:
            old.close()
    except sqlite3.DatabaseError:
        return None


def _replay(
    archive: Archive,
    kept: list[Kept],
    summary: RebuildSummary,
    progress: Callable[[int, int], None] | None,
    limits: RunLimits,
) -> None:
    """Every original through the intake again, as the indexing run that kept it did."""
    vocabulary = archive.path / "vocabulary.txt"
    intake = Intake(archive, RunSummary(), limits.batch_size)
    times: dict[str, str] = {}  # sha256 -> when kept, for the versions' and originals' rows
    for n, item in enumerate(kept, 1):
        summary.originals += 1
        summary.without_sidecar += item.sidecar is None
        for done in _read_again(archive, item, vocabulary, limits):
            if done.error:
                summary.rejected.append({"sha256": item.sha256, "reason": done.error})
                continue
            times[item.sha256] = item.when_added().isoformat()
            if any(r.id in intake.seen_ids for r in done.result.records):
                _save(archive, intake)  # an update: its record as saved before, like a new run
            intake.take(done)
            if intake.pending_records >= limits.batch_size:
                _save(archive, intake)
        if progress:
            progress(n, len(kept))
    _save(archive, intake)
    with archive.transaction() as conn:  # rows say when the original was kept, not rebuilt
        for table in ("versions", "originals"):
            conn.executemany(
                f"UPDATE {table} SET added = ? WHERE sha256 = ?",  # noqa: S608 - our names
                [(when, sha) for sha, when in times.items()],
            )
    summary.rejected += intake.summary.rejected


def _save(archive: Archive, intake: Intake) -> None:
    """Save the intake's pending rows; no file state for an original whose file is unknown."""
    originals = str(archive.originals.folder)
    save_batch(
        archive,
        [i for i in intake.pending if i[0] != "file" or not i[1].path.startswith(originals)],
    )
    intake.pending.clear()
    intake.pending_records = 0


def _read_again(
    archive: Archive, item: Kept, vocabulary: Path, limits: RunLimits
) -> Iterator[Done]:
    """The records one original gives, with what its sidecar knew (as a worker's ``Done``s).

    A container (a WARC, JSON Lines) is read a part at a time, each article within the
    per-article budget, as the indexing run that kept it read it; other files whole,
    within the per-file budget.
    """
    path = archive.originals.path(item.sha256)
    side = item.sidecar
    task = Task(
        side.path if side else str(path),
        side.kind if side else "",
        side.size if side else path.stat().st_size,
        side.mtime_ns if side else item.written_ns,
    )
    if file_sha256(path) != item.sha256:
        yield Done(task, item.sha256, FileResult(), "the original was modified (SHA-256 differs)")
        return
    if not task.kind:
        with path.open("rb") as handle:
            task.kind = guess_kind(handle.read(4096))
    job = Job(
        archive.originals,
        tuple(side.user_tags) if side else (),
        str(vocabulary) if vocabulary.exists() else None,
        limits,
    )
    with path.open("rb") as handle:
        streamed = is_stream(task.kind, handle)
    parts = (
        stored_parts(path, task, job, item.sha256)
        if streamed
        else [_read_whole(path, task, job, item)]
    )
    for done in parts:
        for record in done.result.records:
            _restore_times(record, item)
        yield done


def _read_whole(path: Path, task: Task, job: Job, item: Kept) -> Done:
    """The records of an original read whole, within the per-file budget."""
    limits = job.limits
    try:
        with time_budget(limits.file_seconds):
            result = records_from_bytes(
                path.read_bytes(),
                path=task.path,
                kind=task.kind,
                sha256=item.sha256,
                mtime=datetime.fromtimestamp(task.mtime_ns / 1e9, UTC) if item.sidecar else None,
                user_tags=job.user_tags,
                vocabulary_file=Path(job.vocabulary_file) if job.vocabulary_file else None,
                limits=limits,
            )
    except OverBudget:
        return Done(task, item.sha256, FileResult(), OVER_BUDGET.format(limits.file_seconds))
    except Exception as error:  # noqa: BLE001 - one original never stops the rebuild
        return Done(task, item.sha256, FileResult(), f"could not be read: {human_error(error)}")
    return Done(task, item.sha256, result)


def _restore_times(record: Record, item: Kept) -> None:
    """The record's ``added`` and ``updated``: when the intake first saw it in this original."""
    added = item.sidecar.added_of(record.origin.member) if item.sidecar else None
    when = datetime.fromisoformat(added) if added else item.when_added()
    record.added = record.updated = when


def guess_kind(data: bytes) -> str:
    """The format of an original kept without a sidecar, from its first bytes."""
    head = data[:4096].lstrip()
    if data[:2] == b"\x1f\x8b" or head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"{", b"[")):
        return "json"
    lower = head.lower()
    if b"multipart/related" in lower and b"mime-version" in lower:
        return "mhtml"
    if lower.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in lower:
        return "html"
    return "text"
