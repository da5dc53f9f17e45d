"""Bulk tags: add or remove a user tag on every article a search finds.

The articles are those of the one search function (``archive.search``) that match
all of the query (never the "some of the words" results that follow them). Each
article gets the tag as a correction (``archive.corrections``, field ``tag:NAME``),
so it survives reextract and reindex; one audit entry says what was done to how many.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from archive import audit, corrections
from archive.errors import ArchiveError
from archive.search import MAX_PER_PAGE, SearchRequest, search

if TYPE_CHECKING:
    from archive.store import Archive

ACTIONS = ("add", "remove")


@dataclass(frozen=True)
class BulkPlan:
    tag: str
    action: str
    ids: list[str]

    @property
    def count(self) -> int:
        return len(self.ids)


def plan(archive: Archive, tag: str, action: str, request: SearchRequest) -> BulkPlan:
    """What ``apply`` would change: the articles matching the whole search."""
    if action not in ACTIONS:
        raise ArchiveError(f"{action!r} is not a bulk tag action: use add or remove.")
    corrections.tag_field(tag)  # a bad tag is explained before anything is searched
    ids: list[str] = []
    page = 1
    while True:
        every = replace(request, page=page, per_page=MAX_PER_PAGE, collapse=False)
        result = search(archive, every, with_snippets=False)
        full = [h.record.id for h in result.hits if not h.partial]
        ids += full
        if len(full) < len(result.hits) or page >= result.pages:
            break
        page += 1
    return BulkPlan(" ".join(tag.split()), action, list(dict.fromkeys(ids)))


def apply(archive: Archive, bulk: BulkPlan, user: str, query: str, address: str = "") -> int:
    """Tag (or untag) the planned articles; returns how many; one audit entry."""
    corrections.set_for_many(archive, bulk.ids, corrections.tag_field(bulk.tag), bulk.action, user)
    verb = "added to" if bulk.action == "add" else "removed from"
    audit.record(
        archive,
        "bulk tag",
        user,
        f"tag {bulk.tag!r} {verb} {bulk.count} articles ({query})",
        address,
    )
    return bulk.count
