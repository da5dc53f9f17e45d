"""The archive's SQLite database: its tables, their migrations, and how it is opened."""

from __future__ import annotations

import sqlite3
import urllib.parse
from pathlib import Path

from archive import stories

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


def connect(path: Path, read_only: bool) -> sqlite3.Connection:
    """A connection to ``archive.db`` at ``path`` (created and brought up to date if writable).

    Read-only (chmod -R a-w): opened immutable, touching nothing in the folder (no WAL,
    no -shm, no schema).
    """
    if read_only:
        uri = f"file:{urllib.parse.quote(str(Path(path).absolute()))}?immutable=1"
        return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executescript(SCHEMA + stories.SCHEMA)  # copies and versions: archive/stories.py
    migrate(conn)
    return conn


def migrate(conn: sqlite3.Connection) -> None:
    """Bring an archive.db written by an older version up to this schema."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(records)")}
    if "version" not in columns:
        conn.execute("ALTER TABLE records ADD COLUMN version INTEGER NOT NULL DEFAULT 0")
    if "body" not in {row[1] for row in conn.execute("PRAGMA table_info(versions)")}:
        conn.execute("ALTER TABLE versions ADD COLUMN body TEXT")  # older versions: no text
    from archive import accounts, audit  # users, tokens, saved searches' owners; the audit log

    accounts.migrate(conn)
    audit.migrate(conn)
