"""The archive on disk: originals kept byte for byte, records, and the derived index.

Layout of an archive folder::

    archive.db      SQLite: records, versions, the files seen by indexing runs
    originals/      every ingested file, content-addressed by SHA-256, read-only
    index/          the Whoosh index, derived from the records (``archive reindex``)
    vocabulary.txt  the user's own tagging vocabulary (optional)

Writes go originals first, then records (one SQLite transaction per batch, each
record marked "pending" with a new version number), then the search index; a
record stops being pending only after the index commit, and only if it was not
saved again meanwhile. A run that dies at any point leaves pending records,
which the next run (or ``archive reindex``) sends to the index again.

The search engine is a ``archive.backend.Backend`` passed in by ``open_archive``;
importing this module imports no engine.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sqlite3
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from archive import originals, stories
from archive.backend import Backend
from archive.errors import (
    ArchiveError,
    ArchiveLockedError,
    ArchiveReadOnlyError,
    EngineUnavailableError,
    NotAnArchiveError,
    NotFoundError,
)
from archive.records import Record

DEFAULT_ARCHIVE_DIR = Path("~/.local/share/news-archive")
DB_NAME = "archive.db"
#: Records per search-index commit: each commit writes new segments, and large
#: segments mean fewer (costly) merges later.
INDEX_BATCH = 5000
SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    member TEXT,
    date TEXT,
    added TEXT NOT NULL,
    updated TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    extractor_version INTEGER NOT NULL,
    pending INTEGER NOT NULL DEFAULT 1,
    data TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS records_pending ON records(pending) WHERE pending = 1;
CREATE INDEX IF NOT EXISTS records_date ON records(date);
CREATE INDEX IF NOT EXISTS records_sha ON records(sha256);
CREATE TABLE IF NOT EXISTS originals (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    name TEXT NOT NULL,
    added TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS versions (
    record_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    member TEXT NOT NULL DEFAULT '',
    added TEXT NOT NULL,
    body TEXT,
    PRIMARY KEY (record_id, sha256, member)
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    extractor_version INTEGER NOT NULL,
    checked TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS saved_searches (
    name TEXT PRIMARY KEY,
    params TEXT NOT NULL,
    created TEXT NOT NULL
);
"""


def resolve_archive_dir(option: str | os.PathLike | None = None) -> Path:
    """``--archive DIR``, else $ARCHIVE_DIR, else ~/.local/share/news-archive."""
    chosen = option or os.environ.get("ARCHIVE_DIR") or DEFAULT_ARCHIVE_DIR
    return Path(chosen).expanduser().resolve()


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def content_hash(record: Record) -> str:
    """What makes two extractions of an article the same article text."""
    data = record.to_dict()
    for key in ("id", "origin", "added", "updated", "captured", "extractor_version"):
        data.pop(key, None)
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


class Archive:
    """One archive folder and its search backend. Thread-safe for readers; one writer at a time."""

    def __init__(self, path: Path, backend: Backend):
        self.path = Path(path)
        self.originals_dir = self.path / "originals"
        self.index = backend
        self._local = threading.local()
        self._lock_file = None

    def exists(self) -> bool:
        """Whether the folder holds an archive (an ``archive.db``)."""
        return (self.path / DB_NAME).is_file()

    # ---- database
    @property
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None and self.read_only():
            # chmod -R a-w: read without touching the folder (no WAL, no -shm, no schema)
            uri = f"file:{urllib.parse.quote(str((self.path / DB_NAME).absolute()))}?immutable=1"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            self._local.conn = conn
        if conn is None:
            self.path.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path / DB_NAME, timeout=60, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(SCHEMA + stories.SCHEMA)
            _migrate(conn)
            self._local.conn = conn
        return conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.db
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
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
        return originals.original_path(self.originals_dir, sha256)

    def write_original(self, sha256: str, data: bytes) -> Path:
        return originals.write_original(self.originals_dir, sha256, data)

    def has_original(self, sha256: str) -> str | None:
        """The name under which these bytes were first archived, if they were."""
        row = self.db.execute("SELECT name FROM originals WHERE sha256 = ?", (sha256,)).fetchone()
        return row[0] if row else None

    def read_original(self, sha256: str) -> bytes:
        try:
            return self.original_path(sha256).read_bytes()
        except FileNotFoundError:
            raise NotFoundError(
                f"The original {sha256} is missing from {self.originals_dir}."
            ) from None

    def read_member(self, sha256: str, member: str) -> originals.WarcMember:
        """One record of a saved WARC file, read at its stored offset."""
        path = self.original_path(sha256)
        if not path.is_file():
            raise NotFoundError(f"The original {sha256} is missing from {self.originals_dir}.")
        return originals.read_warc_member(path, member)

    # ---- records
    def get(self, record_id: str) -> Record:
        row = self.db.execute("SELECT data FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No article with id {record_id!r} is in this archive.")
        return Record.from_json(row[0])

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
        return [found[i] for i in ids if i in found]

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

    def existing(self, record_id: str) -> tuple[str, str] | None:
        """(content hash, type) of a stored record, or None."""
        row = self.db.execute(
            "SELECT content_hash, json_extract(data, '$.type') FROM records WHERE id = ?",
            (record_id,),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def iter_records(self, batch: int = 500, pending_only: bool = False) -> Iterator[Record]:
        """Every record (or every pending one), in id order, ``batch`` rows at a time."""
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
        return self.db.execute("SELECT count(*) FROM records").fetchone()[0]

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

    def save(self, conn: sqlite3.Connection, record: Record, name: str) -> None:
        """Insert or replace a record (inside a transaction); it is pending until indexed."""
        origin = record.origin
        now = utcnow().isoformat()
        conn.execute(
            "INSERT OR IGNORE INTO originals (sha256, size, name, added) VALUES (?, ?, ?, ?)",
            (origin.sha256, origin.size, name, now),
        )
        conn.execute(  # each version keeps the body text it had, for diffs between versions
            "INSERT INTO versions (record_id, sha256, member, added, body) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (record_id, sha256, member) DO UPDATE SET body = excluded.body"
            " WHERE versions.body IS NULL",
            (record.id, origin.sha256, origin.member or "", now, record.body),
        )
        conn.execute(
            "INSERT OR REPLACE INTO records (id, sha256, member, date, added, updated, content_hash,"
            " extractor_version, pending, data, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?,"
            " coalesce((SELECT version FROM records WHERE id = ?), 0) + 1)",
            (
                record.id,
                origin.sha256,
                origin.member,
                record.date.astimezone(UTC).isoformat() if record.date else None,
                record.added.isoformat(),
                record.updated.isoformat(),
                content_hash(record),
                record.extractor_version,
                record.to_json(),
                record.id,
            ),
        )
        stories.note(conn, record)  # its copies and versions (archive/stories.py)

    # ---- the files seen by indexing runs
    def file_states(self) -> dict[str, tuple[int, int, int]]:
        """path -> (size, mtime_ns, extractor version) for the quick unchanged check."""
        rows = self.db.execute("SELECT path, size, mtime_ns, extractor_version FROM files")
        return {p: (s, m, v) for p, s, m, v in rows}

    def set_file_state(self, conn: sqlite3.Connection, state: FileState) -> None:
        conn.execute(
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

    # ---- the index
    def pending_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM records WHERE pending = 1").fetchone()[0]

    def index_pending(self, batch: int | None = None, submit=None, progress=None) -> int:
        """Send pending records to the search index; returns how many were indexed.

        With ``submit`` (a process pool's), the backend may analyse large batches in
        parallel. A record saved again while its batch was indexed stays pending.
        ``progress`` is called with the running count after each batch.
        """
        batch = batch or INDEX_BATCH
        done = 0
        while True:
            rows = self.db.execute(
                "SELECT id, version, data FROM records WHERE pending = 1 ORDER BY id LIMIT ?",
                (batch,),
            ).fetchall()
            if not rows:
                return done
            self.index.upsert([Record.from_json(data) for _rid, _version, data in rows], submit)
            with self.transaction() as conn:
                conn.executemany(
                    "UPDATE records SET pending = 0 WHERE id = ? AND version = ?",
                    [(rid, version) for rid, version, _ in rows],
                )
            done += len(rows)
            if progress:
                progress(done)

    def reindex(self, progress=None) -> int:
        """Rebuild the search index (and the stories, archive/stories.py) from the stored records.

        Every record is marked pending *before* the new index is created, so a
        crash at any point leaves records that the next run indexes again. The
        new index is built beside the live one (which keeps answering searches)
        and swapped in when complete.
        """
        with self.transaction() as conn:
            conn.execute("UPDATE records SET pending = 1")
            stories.rebuild(conn, self.iter_records())
        live = self.index
        fresh = live.beside()
        fresh.create()
        _test_pause("reindex-created")
        total = 0
        self.index = fresh
        try:
            while n := self.index_pending(progress=progress and (lambda n: progress(total + n))):
                total += n
        finally:
            self.index = live
        if fresh is not live:
            live.replace_with(fresh)
        return total

    def index_state(self) -> str:
        """ "current", or why not: "missing", "outdated", "pending" or "incomplete"."""
        if not self.index.exists():
            return "missing"
        if not self.index.is_current():
            return "outdated"
        if self.pending_count():
            return "pending"
        if self.index.count() != self.count():
            return "incomplete"
        return "current"

    def ensure_index(self) -> bool:
        """Make the index whole (writers only): rebuilt if missing, outdated or short."""
        state = self.index_state()
        if state == "current":
            return False
        if state in ("missing", "outdated") and self.count() == 0:
            self.index.create()
            return False
        if state == "pending":
            self.index_pending()
            if self.index.count() == self.count():
                return False
        self.reindex()
        return True

    # ---- saved searches
    def save_search(self, name: str, params: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO saved_searches (name, params, created) VALUES (?, ?, ?)",
                (name, params, utcnow().isoformat()),
            )

    def saved_searches(self) -> list[tuple[str, str, str]]:
        return list(
            self.db.execute("SELECT name, params, created FROM saved_searches ORDER BY name")
        )

    def rename_saved_search(self, old: str, new: str) -> bool:
        """Rename a saved search; False if ``old`` does not exist (the caller checks ``new``)."""
        with self.transaction() as conn:
            return (
                conn.execute(
                    "UPDATE saved_searches SET name = ? WHERE name = ?", (new, old)
                ).rowcount
                > 0
            )

    def delete_saved_search(self, name: str) -> bool:
        with self.transaction() as conn:
            return conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,)).rowcount > 0

    # ---- stats
    def stats(self) -> dict:
        db = self.db
        by_type = dict(
            db.execute("SELECT json_extract(data, '$.type'), count(*) FROM records GROUP BY 1")
        )
        by_lang = dict(
            db.execute(
                "SELECT coalesce(json_extract(data, '$.lang'), '?'), count(*) FROM records GROUP BY 1"
                " ORDER BY 2 DESC LIMIT 10"
            )
        )
        first, last = db.execute("SELECT min(date), max(date) FROM records").fetchone()
        size = (
            sum(p.stat().st_size for p in self.originals_dir.rglob("*") if p.is_file())
            if self.originals_dir.exists()
            else 0
        )
        return {
            "archive": str(self.path),
            "records": self.count(),
            "pending_index": self.pending_count(),
            "originals": db.execute("SELECT count(*) FROM originals").fetchone()[0],
            "originals_mb": round(size / 1e6, 2),
            "sources": db.execute(
                "SELECT count(DISTINCT json_extract(data, '$.source')) FROM records"
            ).fetchone()[0],
            "by_type": by_type,
            "by_language": by_lang,
            "undated": db.execute("SELECT count(*) FROM records WHERE date IS NULL").fetchone()[0],
            "first_date": first,
            "last_date": last,
            "files_seen": db.execute("SELECT count(*) FROM files").fetchone()[0],
            "files_rejected": db.execute(
                "SELECT count(*) FROM files WHERE status = 'rejected'"
            ).fetchone()[0],
            **self._engine_stats(),
        }

    def _engine_stats(self) -> dict:
        """The engine's health and the index state; "unavailable" (and why) when it is down."""
        try:
            return {"engine": self.index.health(), "index": self.index_state()}
        except EngineUnavailableError as exc:
            return {
                "engine": {"engine": self.index.name, "status": "unavailable", "error": str(exc)},
                "index": "unavailable",
            }


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring an archive.db written by an older version up to this schema."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(records)")}
    if "version" not in columns:
        conn.execute("ALTER TABLE records ADD COLUMN version INTEGER NOT NULL DEFAULT 0")
    if "body" not in {row[1] for row in conn.execute("PRAGMA table_info(versions)")}:
        conn.execute("ALTER TABLE versions ADD COLUMN body TEXT")  # older versions: no text


def default_backend(path: Path) -> Backend:
    """The embedded Whoosh index in ``path/index`` (imported only when an archive opens)."""
    from archive.whoosh_backend import WhooshBackend

    return WhooshBackend(Path(path) / "index")


def _test_pause(point: str) -> None:
    """Testing hook: ARCHIVE_TEST_PAUSE=point:seconds says "paused" on stderr and sleeps there."""
    wanted, _, seconds = os.environ.get("ARCHIVE_TEST_PAUSE", "").partition(":")
    if wanted == point:
        import sys
        import time

        print(f"paused at {point}", file=sys.stderr, flush=True)
        time.sleep(float(seconds or 60))


ENGINES = ("whoosh", "opensearch")


def make_backend(
    path: Path,
    engine: str | None = None,
    opensearch_url: str | None = None,
    opensearch_index: str | None = None,
) -> Backend:
    """The backend chosen by name (default: $ARCHIVE_ENGINE, else the embedded Whoosh)."""
    engine = (engine or os.environ.get("ARCHIVE_ENGINE") or "whoosh").lower()
    if engine == "whoosh":
        return default_backend(path)
    if engine == "opensearch":
        from archive.opensearch_backend import DEFAULT_INDEX, OpenSearchBackend

        url = opensearch_url or os.environ.get("ARCHIVE_OPENSEARCH_URL")
        if not url:
            raise ArchiveError(
                "The OpenSearch engine needs the cluster's address: --opensearch-url URL "
                "or $ARCHIVE_OPENSEARCH_URL (e.g. http://127.0.0.1:9200)."
            )
        index = opensearch_index or os.environ.get("ARCHIVE_OPENSEARCH_INDEX") or DEFAULT_INDEX
        return OpenSearchBackend(url, index)
    raise ArchiveError(f"Unknown engine {engine!r}: use one of {', '.join(ENGINES)}.")


def open_archive(
    path: str | os.PathLike | None = None,
    backend: Backend | None = None,
    *,
    must_exist: bool = False,
) -> Archive:
    """The archive at ``path`` (or the configured default) with its search backend.

    With ``must_exist``, a folder that holds no archive is an error that says so
    (readers use it: they never create an empty archive by mistake).
    """
    folder = resolve_archive_dir(path)
    archive = Archive(folder, backend or default_backend(folder))
    if must_exist and not archive.exists():
        raise NotAnArchiveError(
            f"{folder} is not an archive (it has no {DB_NAME}): check --archive or "
            "$ARCHIVE_DIR, or create one with `archive index FILES...`."
        )
    return archive
