"""The store's write batch: originals and rows of one write, committed together.

``Archive.batch()`` opens one SQLite transaction and yields a ``WriteBatch``; the
transaction commits when the ``with`` block ends without an exception and rolls
back when one is raised (and the exception goes on). An original is on disk
(written, renamed) before the row that names it: ``add_original`` writes it at
once, and ``save`` refuses a record whose original is not there. The originals
of the batch's records are synced together (``durable``) before the rows commit,
so a power cut leaves no row naming an original that is not whole. A run killed at
any point leaves either nothing or a complete original with or without its rows,
never a row without its original.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from archive import stories
from archive.errors import ArchiveError
from archive.originals import Originals
from archive.records import EDITOR_FIELDS, Record


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def content_hash(record: Record) -> str:
    """What makes two extractions of an article the same article text."""
    data = record.to_dict()
    skipped = ("id", "origin", "added", "updated", "captured", "extractor_version", *EDITOR_FIELDS)
    for key in skipped:
        data.pop(key, None)
    if data.get("claimed_url") is None:  # absent from records saved before it was kept
        data.pop("claimed_url", None)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass
class FileState:
    """What the last indexing run saw of one input file."""

    path: str
    size: int
    mtime_ns: int
    sha256: str | None
    status: str
    reason: str | None
    extractor_version: int


class MissingOriginalError(ArchiveError):
    """A record was saved before its original was written: the store refuses the row."""


class WriteBatch:
    """One transaction's writes: originals, records (pending until indexed), file states."""

    def __init__(self, conn: sqlite3.Connection, originals: Originals):
        self.conn = conn
        self.originals = originals
        self.saved: list[str] = []  # the originals the batch's rows name

    def durable(self) -> None:
        """Sync the originals of the saved records (one sync for all; before the commit)."""
        self.originals.make_durable(self.saved)

    def add_original(self, sha256: str, data: bytes) -> Path:
        """Write an original now (before any row names it); an existing one is kept as it is."""
        return self.originals.write(sha256, data)

    def save(self, record: Record, name: str) -> None:
        """Insert or replace a record, its version and its original's row."""
        origin = record.origin
        if not self.originals.path(origin.sha256).is_file():
            raise MissingOriginalError(
                f"The original {origin.sha256} of {name} is not in {self.originals.folder}: "
                "write it (WriteBatch.add_original) before its record."
            )
        self.saved.append(origin.sha256)
        now = utcnow().isoformat()
        self.conn.execute(
            "INSERT OR IGNORE INTO originals (sha256, size, name, added) VALUES (?, ?, ?, ?)",
            (origin.sha256, origin.size, name, now),
        )
        self.conn.execute(  # each version keeps the body text it had, for diffs between versions
            "INSERT INTO versions (record_id, sha256, member, added, body) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (record_id, sha256, member) DO UPDATE SET body = excluded.body"
            " WHERE versions.body IS NULL",
            (record.id, origin.sha256, origin.member or "", now, record.body),
        )
        self.conn.execute(
            "INSERT OR REPLACE INTO records (id, sha256, member, date, added, updated,"
            " content_hash, extractor_version, pending, data, version, trashed, trashed_by)"
            " SELECT ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, coalesce(old.version, 0) + 1,"
            " old.trashed, old.trashed_by"  # a trashed article stays in the trash
            " FROM (SELECT 1) LEFT JOIN records old ON old.id = ?",
            (
                record.id,
                origin.sha256,
                origin.member,
                record.date.astimezone(UTC).isoformat() if record.date else None,
                record.added.isoformat(),
                record.updated.isoformat(),
                content_hash(record),
                record.extractor_version,
                record.extracted_json(),
                record.id,
            ),
        )
        stories.note(self.conn, record)  # its copies and versions (archive/stories.py)

    def file_state(self, state: FileState) -> None:
        """What an indexing run saw of one input file (for the next run's unchanged check)."""
        self.conn.execute(
            "INSERT OR REPLACE INTO files (path, size, mtime_ns, sha256, status, reason,"
            " extractor_version, checked) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                state.path,
                state.size,
                state.mtime_ns,
                state.sha256,
                state.status,
                state.reason,
                state.extractor_version,
                utcnow().isoformat(),
            ),
        )
