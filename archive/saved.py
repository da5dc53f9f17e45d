"""Named saved searches: a name and the search's canonical URL parameters.

The web pages, the Atom feeds and the CLI all save and run searches through here;
this module alone reads and writes the ``saved_searches`` table of ``archive.db``,
and copies it to a plain file after every change (``archive.state_files``) so that
``archive rebuild`` can restore it.
Each has an owner (a user id; None before accounts) and is shared or private.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl

from archive import state_files
from archive.accounts import User
from archive.errors import NotFoundError, QueryError
from archive.search import SearchRequest
from archive.store import Archive

MAX_NAME = 80
#: The longest search a saved search keeps (its parameters decoded), as long as a query may be.
MAX_PARAMS = 1000


def check_name(raw: str) -> str:
    """A saved search's name, tidied; raises QueryError saying what is wrong with it."""
    name = " ".join((raw or "").split())
    if not name:
        raise QueryError("Give the saved search a name, e.g. “Karabakh 2023”.")
    if len(name) > MAX_NAME:
        raise QueryError(f"The name is longer than {MAX_NAME} characters: shorten it.")
    if "/" in name or "\\" in name or any(unicodedata.category(c).startswith("C") for c in name):
        raise QueryError("A name cannot contain “/”, “\\” or control characters.")
    if name in (".", ".."):  # a browser drops them from a link: its page could not be reached
        raise QueryError("A name cannot be “.” or “..”: add a word.")
    return name


def check_params(params: str) -> str:
    """A saved search's parameters (a query string), checked.

    QueryError when its values (the words and the filters, decoded) are longer than
    ``MAX_PARAMS`` characters together.
    """
    encoded_max = MAX_PARAMS * 12  # a character is at most 9 when %-encoded, and the keys
    size = len(params) if len(params) > encoded_max else sum(map(len, _values(params)))
    if size > MAX_PARAMS:
        raise QueryError(
            f"This search is too long to save ({size:,} characters; at most {MAX_PARAMS:,}): "
            "shorten its words or choose fewer filters."
        )
    return params


def _values(params: str) -> list[str]:
    return [value for _key, value in parse_qsl(params, keep_blank_values=False)]


class NameTakenError(QueryError):
    """A saved search of that name exists already."""


@dataclass(frozen=True)
class SavedSearch:
    """A saved search, its owner (a user name; '' before accounts) and whether it is shared."""

    name: str
    params: str
    created: str
    owner: str
    owner_id: int | None
    shared: bool


_SELECT = (
    "SELECT s.name, s.params, s.created, coalesce(u.name, ''), s.owner, s.shared "
    "FROM saved_searches s LEFT JOIN users u ON u.id = s.owner"
)


def entries(archive: Archive, user: User | None = None) -> list[SavedSearch]:
    """The saved searches ``user`` sees: theirs and the shared ones (no user: all of them)."""
    if user is None:
        rows = archive.db.execute(f"{_SELECT} ORDER BY s.name")
    else:
        rows = archive.db.execute(
            f"{_SELECT} WHERE s.shared = 1 OR s.owner = ? ORDER BY s.name", (user.id,)
        )
    return [SavedSearch(*row[:5], bool(row[5])) for row in rows]


def find(archive: Archive, name: str) -> SavedSearch | None:
    """The saved search of that name, whoever owns it (callers check ``visible``)."""
    row = archive.db.execute(f"{_SELECT} WHERE s.name = ?", (name,)).fetchone()
    return SavedSearch(*row[:5], bool(row[5])) if row else None


def can_change(user: User | None, entry: SavedSearch) -> bool:
    """Its owner and admins may change a saved search (no user: the local, open archive)."""
    return user is None or user.role == "admin" or entry.owner_id == user.id


def visible(user: User | None, entry: SavedSearch | None) -> bool:
    return entry is not None and (user is None or entry.shared or entry.owner_id == user.id)


def exists(archive: Archive, name: str) -> bool:
    return find(archive, name) is not None


def list_saved(archive: Archive) -> list[tuple[str, str, str]]:
    """(name, query string, created) of every saved search, by name."""
    rows = archive.db.execute("SELECT name, params, created FROM saved_searches ORDER BY name")
    return list(rows)


def store(archive: Archive, name: str, params: str) -> None:
    """Write a saved search as it is (no checks: ``save`` is the checked way)."""
    with archive.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO saved_searches (name, params, created, owner)"
            " VALUES (?, ?, ?, ?)",
            (name, params, _now(), _first_admin(conn)),
        )
    _export(archive)


def save(
    archive: Archive,
    raw_name: str,
    request: SearchRequest,
    replace: bool = False,
    user: User | None = None,
    shared: bool = True,
    expected: str | None = None,
) -> str:
    """Save a named search as ``user`` (None: the local user); returns the name as stored.

    An existing search of that name is replaced only with ``replace`` and only by its
    owner or an admin; else NameTakenError. Owner: ``user``, else the first admin.
    ``expected``: the parameters the user saw when they chose to replace it; if
    someone changed it meanwhile, nothing is replaced (ChangedMeanwhileError).
    """
    name = check_name(raw_name)
    request.tree()  # the query text must parse, too
    params = check_params(request.with_page(1).query_string())
    with archive.transaction() as conn:
        old = find(archive, name)
        if old is not None and not (replace and can_change(user, old)):
            if replace:
                raise NameTakenError(
                    f"The saved search {name!r} belongs to {old.owner or 'someone else'}: "
                    "pick another name."
                )
            raise NameTakenError(
                f"A saved search named {name!r} exists already: replace it or pick another name."
            )
        if old is not None and expected is not None and old.params != expected:
            raise ChangedMeanwhileError(
                f"The saved search {name!r} was changed meanwhile: look at it again, then choose."
            )
        owner = user.id if user else (old.owner_id if old else _first_admin(conn))
        conn.execute(
            "INSERT OR REPLACE INTO saved_searches (name, params, created, owner, shared)"
            " VALUES (?, ?, ?, ?, ?)",
            (name, params, _now(), owner, int(shared)),
        )
    _export(archive)
    return name


def _export(archive: Archive) -> None:
    """The saved searches, as committed, to their plain file (read by ``archive rebuild``)."""
    state_files.export_table(archive.db, archive.path, "saved_searches")


def _first_admin(conn) -> int | None:
    row = conn.execute("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else None


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _changeable(archive: Archive, name: str, user: User | None) -> SavedSearch:
    entry = find(archive, name)
    if not visible(user, entry):
        raise NotFoundError(f"There is no saved search named {name[:MAX_NAME]!r}.")
    if not can_change(user, entry):
        raise NotYoursError(
            f"The saved search {name!r} belongs to {entry.owner}: only they or an admin "
            "may change it."
        )
    return entry


class ChangedMeanwhileError(NameTakenError):
    """Someone changed the saved search between the question and the answer."""


class NotYoursError(QueryError):
    """Someone else's saved search."""


def rename(archive: Archive, old: str, raw_new: str, user: User | None = None) -> str:
    """Rename a saved search; returns the new name. The new name must be free."""
    new = check_name(raw_new)
    with archive.transaction() as conn:
        _changeable(archive, old, user)
        if new != old and find(archive, new) is not None:
            raise NameTakenError(f"A saved search named {new!r} exists already: pick another name.")
        conn.execute("UPDATE saved_searches SET name = ? WHERE name = ?", (new, old))
    _export(archive)
    return new


def delete(archive: Archive, name: str, user: User | None = None) -> bool:
    """Delete a saved search; False if ``user`` sees none of that name (NotYoursError:
    it is someone else's)."""
    with archive.transaction() as conn:
        try:
            _changeable(archive, name, user)
        except NotFoundError:
            return False
        conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,))
    _export(archive)
    return True


def load(archive: Archive, name: str, user: User | None = None) -> tuple[str, SearchRequest, str]:
    """(name, request, created) of a saved search ``user`` may see; else NotFoundError."""
    entry = find(archive, name)
    if not visible(user, entry):
        raise NotFoundError(f"There is no saved search named {name[:MAX_NAME]!r}.")
    return entry.name, SearchRequest.from_query_string(entry.params), entry.created
