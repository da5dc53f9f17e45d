"""Named saved searches: a name and the search's canonical URL parameters.

The web pages, the Atom feeds and the CLI all save and run searches through here;
this module alone reads and writes the ``saved_searches`` table of ``archive.db``.
"""

from __future__ import annotations

import unicodedata

from archive.errors import NotFoundError, QueryError
from archive.search import SearchRequest
from archive.store import Archive, utcnow

MAX_NAME = 80


def check_name(raw: str) -> str:
    """A saved search's name, tidied; raises QueryError saying what is wrong with it."""
    name = " ".join((raw or "").split())
    if not name:
        raise QueryError("Give the saved search a name, e.g. “Karabakh 2023”.")
    if len(name) > MAX_NAME:
        raise QueryError(f"The name is longer than {MAX_NAME} characters: shorten it.")
    if "/" in name or any(unicodedata.category(c).startswith("C") for c in name):
        raise QueryError("A name cannot contain “/” or control characters.")
    return name


class NameTakenError(QueryError):
    """A saved search of that name exists already."""


def list_saved(archive: Archive) -> list[tuple[str, str, str]]:
    """(name, query string, created) of every saved search, by name."""
    rows = archive.db.execute("SELECT name, params, created FROM saved_searches ORDER BY name")
    return list(rows)


def exists(archive: Archive, name: str) -> bool:
    row = archive.db.execute("SELECT 1 FROM saved_searches WHERE name = ?", (name,)).fetchone()
    return row is not None


def store(archive: Archive, name: str, params: str) -> None:
    """Write a saved search as it is (no checks: ``save`` is the checked way)."""
    with archive.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO saved_searches (name, params, created) VALUES (?, ?, ?)",
            (name, params, utcnow().isoformat()),
        )


def delete(archive: Archive, name: str) -> bool:
    """Delete a saved search; False if there was none of that name."""
    with archive.transaction() as conn:
        return conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,)).rowcount > 0


def save(archive: Archive, raw_name: str, request: SearchRequest, replace: bool = False) -> str:
    """Save a named search; returns the name as stored.

    An existing search of that name is replaced only with ``replace``, else NameTakenError.
    """
    name = check_name(raw_name)
    if not replace and exists(archive, name):
        raise NameTakenError(
            f"A saved search named {name!r} exists already: replace it or pick another name."
        )
    request.tree()  # the query text must parse, too
    store(archive, name, request.with_page(1).query_string())
    return name


def rename(archive: Archive, old: str, raw_new: str) -> str:
    """Rename a saved search; returns the new name. The new name must be free."""
    new = check_name(raw_new)
    load(archive, old)
    if new != old and exists(archive, new):
        raise NameTakenError(f"A saved search named {new!r} exists already: pick another name.")
    with archive.transaction() as conn:
        conn.execute("UPDATE saved_searches SET name = ? WHERE name = ?", (new, old))
    return new


def load(archive: Archive, name: str) -> tuple[str, SearchRequest, str]:
    """(name, request, created) of a saved search; NotFoundError if there is none."""
    row = archive.db.execute(
        "SELECT params, created FROM saved_searches WHERE name = ?", (name,)
    ).fetchone()
    if row is not None:
        return name, SearchRequest.from_query_string(row[0]), row[1]
    raise NotFoundError(f"There is no saved search named {name[:MAX_NAME]!r}.")
