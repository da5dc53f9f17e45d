"""Users, their roles and their tokens, kept in the archive's ``archive.db``.

Roles, each with the rights of the one before: ``viewer`` (search, read, export,
feeds), ``editor`` (+ change articles and saved searches), ``admin`` (+ users,
tokens, the audit log). Passwords are hashed with scrypt (werkzeug), API tokens
with SHA-256 (they are long random strings): neither is ever stored or logged in
clear. Each user has one feed token, put in their feed links for feed readers;
resetting it (or removing the user) stops the old links at once.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from werkzeug.security import check_password_hash, generate_password_hash

from archive.errors import NotFoundError, QueryError

if TYPE_CHECKING:
    from archive.store import Archive

ROLES = ("viewer", "editor", "admin")
RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}
MIN_PASSWORD = 10
MAX_NAME = 64
TOKEN_PREFIX = "na_"
#: How often a token's last-used time is written (a busy script does not write each call).
LAST_USED_EVERY = timedelta(minutes=1)
KDF = "scrypt"  # werkzeug's default parameters: n=2**15, r=8, p=1

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    session_key TEXT NOT NULL,
    feed_token TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    last_used TEXT
);
"""


class AccountError(QueryError):
    """A user or token request that cannot be done as asked (the message says why)."""


class UnknownUserError(NotFoundError):
    """No user of that name."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    created: str
    session_key: str
    feed_token: str

    def can(self, role: str) -> bool:
        """Whether this user has at least ``role``'s rights."""
        return RANK[self.role] >= RANK[role]


@dataclass(frozen=True)
class Token:
    id: int
    user: str
    name: str
    created: str
    last_used: str | None


@dataclass(frozen=True)
class TokenUse:
    """A token that matched: its owner, and whether this is its first use today."""

    user: User
    token: Token
    first_today: bool


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def check_role(role: str) -> str:
    if role not in RANK:
        raise AccountError(f"Unknown role {role!r}: use one of {', '.join(ROLES)}.")
    return role


def check_user_name(raw: str) -> str:
    name = (raw or "").strip()
    if not name or len(name) > MAX_NAME or not all(c.isalnum() or c in "._-@" for c in name):
        raise AccountError(
            f"A user name is 1 to {MAX_NAME} letters, digits and . _ - @ (got {raw[:80]!r})."
        )
    return name


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"A password needs at least {MIN_PASSWORD} characters.")
    return password


# ---------------------------------------------------------------- users
_USER_COLUMNS = "id, name, role, created, session_key, feed_token"


def _user(row) -> User | None:
    return User(*row) if row else None


def count_users(archive: Archive) -> int:
    """How many accounts exist (0 for an archive older than accounts, or not yet made)."""
    if not archive.exists():
        return 0
    try:
        return archive.db.execute("SELECT count(*) FROM users").fetchone()[0]
    except sqlite3.OperationalError:  # a read-only archive from before accounts
        return 0


def list_users(archive: Archive) -> list[User]:
    if not count_users(archive):
        return []
    rows = archive.db.execute(f"SELECT {_USER_COLUMNS} FROM users ORDER BY name")
    return [User(*row) for row in rows]


def get_user(archive: Archive, name: str) -> User:
    row = archive.db.execute(
        f"SELECT {_USER_COLUMNS} FROM users WHERE name = ?", (name,)
    ).fetchone()
    if row is None:
        raise UnknownUserError(f"There is no user named {name[:80]!r} (see `archive users list`).")
    return User(*row)


def user_by_id(archive: Archive, user_id: int) -> User | None:
    row = archive.db.execute(
        f"SELECT {_USER_COLUMNS} FROM users WHERE id = ?", (user_id,)
    ).fetchone()
    return _user(row)


def add_user(archive: Archive, name: str, role: str, password: str) -> User:
    """A new user; the first admin also becomes the owner of the ownerless saved searches."""
    name, role = check_user_name(name), check_role(role)
    password_hash = generate_password_hash(check_password(password), method=KDF)
    with archive.transaction() as conn:
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise AccountError(f"A user named {name!r} exists already.")
        conn.execute(
            "INSERT INTO users (name, role, password_hash, session_key, feed_token, created)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (name, role, password_hash, _key(), _key(), _now().isoformat()),
        )
        if role == "admin":
            adopt_ownerless_saved_searches(conn)
    return get_user(archive, name)


def adopt_ownerless_saved_searches(conn: sqlite3.Connection) -> None:
    """Saved searches from before accounts become shared ones owned by the first admin."""
    row = conn.execute("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1").fetchone()
    if row:
        conn.execute("UPDATE saved_searches SET owner = ?, shared = 1 WHERE owner IS NULL", row)


def set_role(archive: Archive, name: str, role: str) -> User:
    user, role = get_user(archive, name), check_role(role)
    with archive.transaction() as conn:
        if user.role == "admin" and role != "admin":
            _keep_an_admin(conn, user)
        conn.execute("UPDATE users SET role = ? WHERE id = ?", (role, user.id))
    return get_user(archive, name)


def reset_password(archive: Archive, name: str, password: str) -> User:
    """A new password; the user's open sessions end (their tokens stay)."""
    user = get_user(archive, name)
    password_hash = generate_password_hash(check_password(password), method=KDF)
    with archive.transaction() as conn:
        conn.execute(
            "UPDATE users SET password_hash = ?, session_key = ? WHERE id = ?",
            (password_hash, _key(), user.id),
        )
    return get_user(archive, name)


def remove_user(archive: Archive, name: str) -> User:
    """Remove a user: their sessions, API tokens and feed links stop working at once.

    Their saved searches pass to the first remaining admin (nothing shared is lost).
    """
    user = get_user(archive, name)
    with archive.transaction() as conn:
        if user.role == "admin":
            _keep_an_admin(conn, user)
        conn.execute("DELETE FROM tokens WHERE user_id = ?", (user.id,))
        conn.execute("DELETE FROM users WHERE id = ?", (user.id,))
        conn.execute("UPDATE saved_searches SET owner = NULL WHERE owner = ?", (user.id,))
        adopt_ownerless_saved_searches(conn)
    return user


def _keep_an_admin(conn: sqlite3.Connection, user: User) -> None:
    admins = conn.execute("SELECT count(*) FROM users WHERE role = 'admin'").fetchone()[0]
    if admins <= 1:
        raise AccountError(
            f"{user.name} is the only admin: make another user admin first "
            "(`archive users set-role NAME admin`)."
        )


def authenticate(archive: Archive, name: str, password: str) -> User | None:
    """The user with this name and password, else None (same cost either way)."""
    row = archive.db.execute(
        f"SELECT {_USER_COLUMNS}, password_hash FROM users WHERE name = ?", ((name or "")[:200],)
    ).fetchone()
    if row is None:
        check_password_hash(_dummy_hash(), password or "")  # the same cost as a real check
        return None
    return User(*row[:-1]) if check_password_hash(row[-1], password or "") else None


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16), method=KDF)


def user_for_session(archive: Archive, user_id, session_key) -> User | None:
    """The user a session cookie names, if it still exists and the key still matches."""
    if not isinstance(user_id, int) or not isinstance(session_key, str):
        return None
    user = user_by_id(archive, user_id)
    if user is None or not hmac.compare_digest(user.session_key, session_key):
        return None
    return user


def user_for_feed_token(archive: Archive, token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    row = archive.db.execute(
        f"SELECT {_USER_COLUMNS} FROM users WHERE feed_token = ?", (token,)
    ).fetchone()
    return _user(row)


def reset_feed_token(archive: Archive, name: str) -> User:
    """A new feed token for the user: their old feed links stop working."""
    user = get_user(archive, name)
    with archive.transaction() as conn:
        conn.execute("UPDATE users SET feed_token = ? WHERE id = ?", (_key(), user.id))
    return get_user(archive, name)


def _key() -> str:
    return secrets.token_urlsafe(32)


# ---------------------------------------------------------------- API tokens
def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def create_token(archive: Archive, user_name: str, token_name: str) -> tuple[Token, str]:
    """A new API token for the user: (its record, the token itself, shown this once)."""
    user = get_user(archive, user_name)
    label = " ".join((token_name or "").split())
    if not label or len(label) > 80:
        raise AccountError("Give the token a name of 1 to 80 characters (what script uses it).")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with archive.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO tokens (user_id, name, token_hash, created) VALUES (?, ?, ?, ?)",
            (user.id, label, _hash_token(secret), _now().isoformat()),
        )
    return Token(cursor.lastrowid, user.name, label, _now().isoformat(), None), secret


_TOKEN_QUERY = (
    "SELECT t.id, u.name, t.name, t.created, t.last_used FROM tokens t "
    "JOIN users u ON u.id = t.user_id"
)


def list_tokens(archive: Archive, user_name: str | None = None) -> list[Token]:
    """Every token (or one user's), newest first; never the token itself."""
    if not count_users(archive):
        return []
    if user_name is None:
        rows = archive.db.execute(f"{_TOKEN_QUERY} ORDER BY t.id DESC")
    else:
        user = get_user(archive, user_name)
        rows = archive.db.execute(
            f"{_TOKEN_QUERY} WHERE t.user_id = ? ORDER BY t.id DESC", (user.id,)
        )
    return [Token(*row) for row in rows]


def get_token(archive: Archive, token_id: int) -> Token:
    row = archive.db.execute(f"{_TOKEN_QUERY} WHERE t.id = ?", (token_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"There is no token number {token_id} (see `archive tokens list`).")
    return Token(*row)


def revoke_token(archive: Archive, token_id: int) -> Token:
    """Delete a token: it stops working at once."""
    token = get_token(archive, token_id)
    with archive.transaction() as conn:
        conn.execute("DELETE FROM tokens WHERE id = ?", (token_id,))
    return token


def use_token(archive: Archive, secret: str) -> TokenUse | None:
    """The token's owner if ``secret`` is a live API token; notes its last use."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    row = archive.db.execute(
        f"SELECT t.id, t.name, t.created, t.last_used, "
        f"{', '.join('u.' + c for c in _USER_COLUMNS.split(', '))}"
        " FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
        (_hash_token(secret),),
    ).fetchone()
    if row is None:
        return None
    token_id, token_name, created, last_used = row[:4]
    user = User(*row[4:])
    now = _now()
    previous = datetime.fromisoformat(last_used) if last_used else None
    first_today = previous is None or previous.date() != now.date()
    if (previous is None or now - previous >= LAST_USED_EVERY) and not archive.read_only():
        with archive.transaction() as conn:
            conn.execute(
                "UPDATE tokens SET last_used = ? WHERE id = ?", (now.isoformat(), token_id)
            )
    token = Token(token_id, user.name, token_name, created, now.isoformat())
    return TokenUse(user, token, first_today)


def migrate(conn: sqlite3.Connection) -> None:
    """Accounts' tables, and saved searches' owner and sharing (existing ones: shared)."""
    conn.executescript(SCHEMA)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(saved_searches)")}
    if "owner" not in columns:
        conn.execute("ALTER TABLE saved_searches ADD COLUMN owner INTEGER")
        conn.execute("ALTER TABLE saved_searches ADD COLUMN shared INTEGER NOT NULL DEFAULT 1")
        adopt_ownerless_saved_searches(conn)
