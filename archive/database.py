"""The archive's SQLite database: its tables, their migrations, how it is opened, its damage."""

from __future__ import annotations

import os
import sqlite3
import threading
import urllib.parse
from pathlib import Path

from archive import stories
from archive.errors import DamagedDatabaseError

#: The first bytes of every SQLite database file.
HEADER = b"SQLite format 3\x00"
#: What SQLite says when a database file is damaged (not when it is busy or read-only).
DAMAGE_WORDS = ("malformed", "not a database", "corrupt")

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
    version INTEGER NOT NULL DEFAULT 0,
    trashed TEXT,
    trashed_by TEXT
);
CREATE INDEX IF NOT EXISTS records_pending ON records(pending) WHERE pending = 1;
CREATE INDEX IF NOT EXISTS records_date ON records(date);
CREATE INDEX IF NOT EXISTS records_sha ON records(sha256);
-- the few records kept apart because they claimed another article's address (indexer/claims.py)
CREATE INDEX IF NOT EXISTS records_claimed ON records(json_extract(data, '$.claimed_url'))
    WHERE json_extract(data, '$.claimed_url') IS NOT NULL;
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
    if "trashed" not in columns:  # the trash: the record is kept, marked, out of the index
        conn.execute("ALTER TABLE records ADD COLUMN trashed TEXT")
        conn.execute("ALTER TABLE records ADD COLUMN trashed_by TEXT")
    from archive import accounts, audit, corrections  # accounts, the audit log, the editors' layer

    accounts.migrate(conn)
    audit.migrate(conn)
    corrections.migrate(conn)


#: One read-only descriptor per database file (per inode), opened on first look and never
#: closed. Closing any descriptor of a file drops every POSIX lock the process holds on it,
#: SQLite's too (https://sqlite.org/howtocorrupt.html, 2.2): another process closing its
#: connection then takes the database for its last user, checkpoints and deletes the
#: write-ahead log under this process's open connections. So the header is read here.
_DESCRIPTORS: dict[tuple[int, int], int] = {}
_DESCRIPTORS_LOCK = threading.Lock()


def read_head(path: Path, size: int = 100) -> bytes:
    """The first ``size`` bytes of a database file, read without closing a descriptor of it
    (``_DESCRIPTORS``). Raises ``OSError`` (``FileNotFoundError`` if there is none)."""
    found = os.stat(path)
    with _DESCRIPTORS_LOCK:
        fd = _DESCRIPTORS.get((found.st_dev, found.st_ino))
        if fd is None:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            opened = os.fstat(fd)  # the file may have been replaced since the stat
            _DESCRIPTORS.setdefault((opened.st_dev, opened.st_ino), fd)
    return os.pread(fd, size, 0)


def file_damage(path: Path) -> str | None:
    """What is wrong with ``archive.db`` as a file, seen without reading it through; None if
    nothing: "missing", "empty (0 bytes)" or "not an SQLite database"."""
    try:
        head = read_head(path, len(HEADER))
    except FileNotFoundError:
        return "missing"
    if not head:
        return "empty (0 bytes)"
    return None if head == HEADER else "not an SQLite database"


def thorough_damage(conn: sqlite3.Connection, path: Path) -> str | None:
    """What is wrong with ``archive.db`` read through (``PRAGMA quick_check``), or None.

    Also finds a file shorter than its header says (truncated) when no write-ahead log
    holds the rest.
    """
    try:
        head = read_head(path)
        size = Path(path).stat().st_size
    except OSError as error:
        return f"unreadable ({error.strerror})"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    wal = Path(f"{path}-wal")
    if size < page_size * pages and not (wal.is_file() and wal.stat().st_size):
        return f"truncated ({size:,} of {page_size * pages:,} bytes)"
    try:
        rows = conn.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    found = [row[0] for row in rows if row[0] != "ok"]
    return f"damaged ({'; '.join(found)})" if found else None


def is_damage(error: BaseException) -> bool:
    """Whether an SQLite error says the database file is damaged."""
    return isinstance(error, sqlite3.DatabaseError) and any(
        word in str(error).lower() for word in DAMAGE_WORDS
    )


def damaged(path: Path, what: str) -> DamagedDatabaseError:
    """The one message every command gives for a damaged (or lost) ``archive.db``."""
    if what == "missing":
        state = "is missing while originals/ holds originals"
    elif what.startswith(("empty", "truncated", "damaged", "not ")):
        state = f"is {what}"
    else:
        state = f"is damaged ({what})"
    return DamagedDatabaseError(
        f"The archive's database {path} {state}: run `archive rebuild` to recreate it from "
        "the originals (the old file is moved aside, never deleted)."
    )
