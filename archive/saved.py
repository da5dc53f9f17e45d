"""Named saved searches: a name and the search's canonical URL parameters.

The web pages, the Atom feeds and the CLI all save and run searches through here.
"""

from __future__ import annotations

import unicodedata

from archive.errors import NotFoundError, QueryError
from archive.search import SearchRequest
from archive.search import describe as search_describe
from archive.store import Archive

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


def exists(archive: Archive, name: str) -> bool:
    return any(saved_name == name for saved_name, _, _ in archive.saved_searches())


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
    archive.save_search(name, request.with_page(1).query_string())
    return name


def rename(archive: Archive, old: str, raw_new: str) -> str:
    """Rename a saved search; returns the new name. The new name must be free."""
    new = check_name(raw_new)
    load(archive, old)
    if new != old and exists(archive, new):
        raise NameTakenError(f"A saved search named {new!r} exists already: pick another name.")
    archive.rename_saved_search(old, new)
    return new


def load(archive: Archive, name: str) -> tuple[str, SearchRequest, str]:
    """(name, request, created) of a saved search; NotFoundError if there is none."""
    for saved_name, params, created in archive.saved_searches():
        if saved_name == name:
            return saved_name, SearchRequest.from_query_string(params), created
    raise NotFoundError(f"There is no saved search named {name[:MAX_NAME]!r}.")


# cli.py still reaches these general helpers through this module; they live in
# archive.search now (drop these two lines once the CLI imports them from there).
describe = search_describe
request_from_params = SearchRequest.from_query_string
