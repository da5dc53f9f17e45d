"""The audit log: who did what, when, from where. Append-only, in ``archive.db``.

Triggers refuse any UPDATE or DELETE of the table, so no code path can rewrite
history. Actions are short verbs (``login``, ``login failed``, ``token created``,
``saved search deleted``, ...); ``detail`` says what they touched. The login
throttle counts the failed logins recorded here.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.store import Archive

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_action_at ON audit(action, at);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
LOGIN_FAILED = "login failed"


@dataclass(frozen=True)
class Entry:
    at: str
    user: str
    action: str
    detail: str
    address: str


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def record(
    archive: Archive, action: str, user: str = "", detail: str = "", address: str = ""
) -> None:
    """Append one entry (a read-only archive cannot keep one: it is logged instead)."""
    entry = (_now().isoformat(), user or "", action, detail[:500], (address or "")[:100])
    if archive.read_only():
        log.warning("audit (read-only archive, not kept): %s", " | ".join(entry))
        return
    with archive.transaction() as conn:
        conn.execute(
            "INSERT INTO audit (at, user, action, detail, address) VALUES (?, ?, ?, ?, ?)", entry
        )


def entries(
    archive: Archive, since: datetime | None = None, user: str | None = None, limit: int = 1000
) -> list[Entry]:
    """The newest entries first, optionally since a time and of one user."""
    sql, args = "SELECT at, user, action, detail, address FROM audit WHERE 1", []
    if since is not None:
        sql += " AND at >= ?"
        args.append(since.astimezone(UTC).replace(microsecond=0).isoformat())
    if user:
        sql += " AND user = ? COLLATE NOCASE"
        args.append(user)
    sql += " ORDER BY id DESC LIMIT ?"
    args.append(limit)
    try:
        return [Entry(*row) for row in archive.db.execute(sql, args)]
    except sqlite3.OperationalError:  # a read-only archive from before the audit log
        return []


def failures_since(
    archive: Archive, minutes: float, *, user: str | None = None, address: str | None = None
) -> int:
    """Failed logins in the last ``minutes`` for this name (or else from this address)."""
    since = (_now() - timedelta(minutes=minutes)).isoformat()
    column, value = ("user", user) if user is not None else ("address", address or "")
    try:
        return archive.db.execute(
            f"SELECT count(*) FROM audit WHERE action = ? AND at >= ? AND {column} = ?"
            " COLLATE NOCASE",
            (LOGIN_FAILED, since, value),
        ).fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def migrate(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)
