"""The archive on disk: originals kept byte for byte, records, and the derived index.

Layout of an archive folder::

    archive.db      SQLite: records, versions, the files seen by indexing runs
    originals/      every ingested file, content-addressed by SHA-256, read-only
    index/          the Whoosh index, derived from the records (``archive reindex``)
    vocabulary.txt  the user's own tagging vocabulary (optional)

Writes go originals first, then records (``Archive.batch()``, a write batch: one
SQLite transaction, each record marked "pending" with a new version number), then
the search index (``archive.index_sync``); a record stops being pending only after
the index commit, and only if it was not saved again meanwhile. A run that dies
at any point leaves pending records, which the next run (or ``archive reindex``)
sends to the index again.

The search engine is a ``archive.backend.Backend`` passed in by ``open_archive``;
importing this module imports no engine.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from archive import corrections, database
from archive.backend import Backend
from archive.errors import (
    ArchiveLockedError,
    ArchiveReadOnlyError,
    NotAnArchiveError,
    NotFoundError,
)
from archive.originals import Originals, WarcMember
from archive.records import Record, canonical_url, make_record_id
from archive.settings import resolve_archive_dir
from archive.write_batch import WriteBatch

DB_NAME = "archive.db"


class Archive:
    """One archive folder and its search backend. Thread-safe for readers; one writer at a time."""

    def __init__(self, path: Path, backend: Backend):
        self.path = Path(path)
        self.originals_dir = self.path / "originals"
        self.originals = Originals(self.originals_dir)
        self.index = backend
        self._local = threading.local()
        self._lock_file = None

    def exists(self) -> bool:
        """Whether the folder holds an archive (an ``archive.db``)."""
        return (self.path / DB_NAME).is_file()

    def database_damage(self) -> str | None:
        """What is wrong with ``archive.db`` at a glance (missing or empty only counts while
        originals exist: else it is a new archive), or None; ``archive check`` looks deeper."""
        what = database.file_damage(self.path / DB_NAME)
        if what in ("missing", "empty (0 bytes)") and not self.originals.any_stored():
            return None
        return what

    def require_database(self) -> None:
        """Raise DamagedDatabaseError (run ``archive rebuild``) if ``archive.db`` is lost."""
        what = self.database_damage()
        if what:
            raise database.damaged(self.path / DB_NAME, what)

    # ---- database
    @property
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = database.connect(self.path / DB_NAME, self.read_only())
        return conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; on any error (a failed COMMIT too) it is rolled back and the
        error raised as it was. SQLite ends the transaction itself on some errors ("database
        or disk is full"): then there is nothing to roll back, and the cause still shows."""
        conn = self.db
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def batch(self) -> Iterator[WriteBatch]:
        """A write batch: commits when the block ends without an exception, else rolls back."""
        with self.transaction() as conn:
            batch = WriteBatch(conn, self.originals)
            yield batch
            batch.durable()  # the originals, synced before their rows commit

    def disconnect(self) -> None:
        """Close this thread's connection to ``archive.db`` (the next use opens it again)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def close(self) -> None:
        self.disconnect()
        self.index.close()
        self.unlock()

    def read_only(self) -> bool:
        """Whether the archive exists but its folder or database cannot be written."""
        db = self.path / DB_NAME
        return db.is_file() and not (os.access(self.path, os.W_OK) and os.access(db, os.W_OK))

    # ---- the writer lock
    def lock(self, wait: bool = False) -> None:
        """Take the archive's writer lock (released when the process ends, even by kill -9)."""
        if self.read_only():
            raise ArchiveReadOnlyError(
                f"The archive at {self.path} is read-only: searching works, "
                "indexing needs write access."
            )
        self.path.mkdir(parents=True, exist_ok=True)
        handle = open(self.path / ".lock", "a+")  # noqa: SIM115 - held for the run
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.close()
            raise ArchiveLockedError(
                f"Another indexing run is writing to {self.path}: wait for it to finish, "
                "then run this command again."
            ) from None
        self._lock_file = handle

    def unlock(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

    # ---- originals
    def original_path(self, sha256: str) -> Path:
        return self.originals.path(sha256)

    def has_original(self, sha256: str) -> str | None:
        """The name under which these bytes were first archived, if they were."""
        row = self.db.execute("SELECT name FROM originals WHERE sha256 = ?", (sha256,)).fetchone()
        return row[0] if row else None

    def read_original(self, sha256: str) -> bytes:
        return self.originals.read(sha256)

    def read_member(self, sha256: str, member: str) -> WarcMember:
        """One record of a saved WARC file, read at its stored offset."""
        return self.originals.read_member(sha256, member)

    # ---- records
    def get(self, record_id: str) -> Record:
        """A record as shown: its extraction with the editors' corrections laid over it."""
        return corrections.corrected(self, [self.get_extracted(record_id)])[0]

    def get_extracted(self, record_id: str) -> Record:
        """A record as extracted from its original (no corrections)."""
        row = self.db.execute("SELECT data FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No article with id {record_id!r} is in this archive.")
        return Record.from_json(row[0])

    def trashed(self, record_id: str) -> tuple[str, str] | None:
        """(when, by whom) a record was moved to the trash, or None if it is not there."""
        row = self.db.execute(
            "SELECT trashed, trashed_by FROM records WHERE id = ? AND trashed IS NOT NULL",
            (record_id,),
        ).fetchone()
        return (row[0], row[1] or "") if row else None

    def resolve_id(self, prefix: str) -> str:
        """The one record id starting with ``prefix``; NotFoundError if none or several do."""
        prefix = prefix.strip().lower()
        if not prefix or not prefix.isalnum():
            raise NotFoundError(f"No article with id {prefix!r} is in this archive.")
        rows = self.db.execute(
            "SELECT id FROM records WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
            (prefix, prefix + "\uffff"),
        ).fetchall()
        if not rows:
            raise NotFoundError(f"No article with id {prefix!r} is in this archive.")
        if len(rows) > 1 and rows[0][0] != prefix:
            shown = ", ".join(r[0] for r in rows[:5]) + (", ..." if len(rows) > 5 else "")
            raise NotFoundError(
                f"The id prefix {prefix!r} is not unique ({shown}): give more characters."
            )
        return rows[0][0]

    def get_many(self, ids: list[str]) -> list[Record]:
        """Records in the order of ``ids``; ids no longer in the store are left out."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT id, data FROM records WHERE id IN ({marks})", ids)
        found = {rid: Record.from_json(data) for rid, data in rows}
        return corrections.corrected(self, [found[i] for i in ids if i in found])

    def claimed_record(self, record: Record) -> Record | None:
        """The article whose address ``record`` claims (its ``claimed_url``), if it is kept
        and not in the trash."""
        key = canonical_url(record.claimed_url)
        if not key:
            return None
        found = self.get_many([make_record_id(f"url:{key}")])
        return next((r for r in found if not self.trashed(r.id)), None)

    def claimants(self, record: Record) -> list[Record]:
        """The records kept apart because they claim ``record``'s address (not in the trash).

        Read through the partial index of claimed addresses: only claiming records are read.
        """
        key = canonical_url(record.url)
        if not key:
            return []
        rows = self.db.execute(
            "SELECT id, json_extract(data, '$.claimed_url') FROM records "
            "WHERE json_extract(data, '$.claimed_url') IS NOT NULL AND trashed IS NULL"
        )
        ids = [rid for rid, claimed in rows if rid != record.id and canonical_url(claimed) == key]
        return self.get_many(sorted(ids))

    def added_time(self, record_id: str) -> datetime | None:
        """When a stored record was first added (None if it is not stored)."""
        row = self.db.execute("SELECT added FROM records WHERE id = ?", (record_id,)).fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def origin_path(self, record_id: str) -> str | None:
        """The path of the file a stored record was last read from."""
        row = self.db.execute(
            "SELECT json_extract(data, '$.origin.path') FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        return row[0] if row else None

    def records_of_original(self, sha256: str) -> list[str]:
        """The ids of the records read from these bytes (now, or in an earlier version)."""
        rows = self.db.execute(
            "SELECT id FROM records WHERE sha256 = ? UNION "
            "SELECT record_id FROM versions WHERE sha256 = ?",
            (sha256, sha256),
        )
        return sorted(row[0] for row in rows)

    def existing(self, record_id: str) -> tuple[str, str] | None:
        """(content hash, type) of a stored record, or None."""
        row = self.db.execute(
            "SELECT content_hash, json_extract(data, '$.type') FROM records WHERE id = ?",
            (record_id,),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def iter_records(self, batch: int = 500, pending_only: bool = False) -> Iterator[Record]:
        """Every record as extracted (or every pending one), in id order, ``batch`` at a time."""
        where = "id > ? AND pending = 1" if pending_only else "id > ?"
        last = ""
        while True:
            rows = self.db.execute(
                f"SELECT id, data FROM records WHERE {where} ORDER BY id LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            for _rid, data in rows:
                yield Record.from_json(data)
            last = rows[-1][0]

    def count(self) -> int:
        """How many records are in the archive (those in the trash are not counted)."""
        return self.db.execute("SELECT count(*) FROM records WHERE trashed IS NULL").fetchone()[0]

    def versions(self, record_id: str) -> list[dict]:
        rows = self.db.execute(
            "SELECT v.sha256, v.member, v.added, o.name, o.size FROM versions v "
            "JOIN originals o ON o.sha256 = v.sha256 WHERE v.record_id = ? ORDER BY v.added",
            (record_id,),
        )
        return [
            dict(zip(("sha256", "member", "added", "name", "size"), r, strict=True)) for r in rows
        ]

    def version_text(self, record_id: str, sha256: str) -> str | None:
        """The body text a record had when this original was indexed (None if not kept)."""
        row = self.db.execute(
            "SELECT body FROM versions WHERE record_id = ? AND sha256 = ? AND body IS NOT NULL",
            (record_id, sha256),
        ).fetchone()
        return row[0] if row else None

    def files_of(self, sha256s: list[str]) -> list[tuple[str, str]]:
        """(path, status) of every file seen whose bytes are one of these originals."""
        marks = ",".join("?" * len(sha256s))
        return (
            list(
                self.db.execute(
                    f"SELECT path, status FROM files WHERE sha256 IN ({marks}) ORDER BY path",
                    sha256s,
                )
            )
            if sha256s
            else []
        )

    # ---- the files seen by indexing runs
    def file_states(self) -> dict[str, tuple[int, int, int]]:
        """path -> (size, mtime_ns, extractor version) for the quick unchanged check (files
        read in part, status "partial", are left out: they are not done)."""
        rows = self.db.execute(
            "SELECT path, size, mtime_ns, extractor_version FROM files WHERE status != 'partial'"
        )
        return {p: (s, m, v) for p, s, m, v in rows}

    def partial_files(self) -> dict[str, tuple[int, int, int, str, str]]:
        """path -> (size, mtime_ns, extractor version, sha256, reason) of the files a run
        stopped reading mid-way (status "partial"; the reason says where)."""
        rows = self.db.execute(
            "SELECT path, size, mtime_ns, extractor_version, sha256, reason FROM files"
            " WHERE status = 'partial'"
        )
        return {row[0]: tuple(row[1:]) for row in rows}

    def files_without_originals(self) -> set[str]:
        """Paths of files seen whose original is missing from ``originals/`` (reading such a
        file again restores it, so the quick unchanged check must not skip it)."""
        rows = self.db.execute("SELECT path, sha256 FROM files WHERE status = 'indexed'")
        return {p for p, sha in rows if sha and not self.original_path(sha).is_file()}


def open_archive(
    path: str | os.PathLike | None = None,
    backend: Backend | None = None,
    *,
    must_exist: bool = False,
    damaged_ok: bool = False,
) -> Archive:
    """The archive at ``path`` (or the configured default) with its search backend.

    With ``must_exist``, a folder that holds no archive is an error that says so
    (readers use it: they never create an empty archive by mistake). A lost or
    damaged ``archive.db`` is an error saying to run ``archive rebuild``, unless
    ``damaged_ok`` (``check`` and ``rebuild`` themselves).
    """
    from archive.engines import default_backend

    folder = resolve_archive_dir(path)
    archive = Archive(folder, backend or default_backend(folder))
    if not damaged_ok:
        archive.require_database()
    if (
        must_exist
        and not archive.exists()
        and not (damaged_ok and archive.originals.any_stored())  # check, rebuild: lost db
    ):
        raise NotAnArchiveError(
            f"{folder} is not an archive (it has no {DB_NAME}): check --archive or "
            "$ARCHIVE_DIR, or create one with `archive index FILES...`."
        )
    return archive
