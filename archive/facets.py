"""The facet table: every facet's name, label, record attribute and kind, in one place.

The query language (``place:Shusha``), the engines (which fields to count), the
search function, the web sidebar, the exports and the OpenAPI document all read
this table, so a new facet is one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from archive.bylines import author_facet_values
from archive.records import Record


@dataclass(frozen=True)
class FacetSpec:
    """One facet.

    ``kind`` is "values" (exact values of a record attribute, one or many per
    record) or "date" (the year or month of the publication date). A facet that is
    not ``listed`` only filters (``story``): the engines never count its values.
    """

    name: str
    label: str
    attribute: str | None
    kind: str = "values"
    listed: bool = True
    select: Callable[[list[str]], list[str]] | None = None  # which values the facet lists

    def values(self, record: Record) -> list[str]:
        """This facet's values for one record (empty for date facets)."""
        if self.kind != "values":
            return []
        value = getattr(record, self.attribute)
        if isinstance(value, str):
            return [value] if value else []
        values = [v for v in (value or []) if v]
        return self.select(values) if self.select else values


#: In display and URL order.
FACET_SPECS: tuple[FacetSpec, ...] = (
    FacetSpec("source", "Source", "source"),
    FacetSpec("tag", "Tag", "tags"),
    FacetSpec("place", "Place", "places"),
    FacetSpec("person", "Person", "people"),
    FacetSpec("org", "Organisation", "orgs"),
    FacetSpec("term", "Key term", "terms"),
    FacetSpec("author", "Author", "authors", select=author_facet_values),  # people, agencies
    FacetSpec("year", "Year", None, "date"),
    FacetSpec("month", "Month", None, "date"),
    FacetSpec("lang", "Language", "lang"),
    FacetSpec("type", "Type", "type"),
    # from the story layer (archive.stories): how many outlets ran the story, and its id
    FacetSpec("outlets", "Outlets per story", "story_outlets"),
    FacetSpec("story", "Story", "story_id", listed=False),
)
BY_NAME = {f.name: f for f in FACET_SPECS}
NAMES = tuple(f.name for f in FACET_SPECS)
LABELS = {f.name: f.label for f in FACET_SPECS}
#: Facets over exact record values: each is a keyword field in every engine.
VALUE_FACETS = tuple(f for f in FACET_SPECS if f.kind == "values")
VALUE_NAMES = tuple(f.name for f in VALUE_FACETS)
#: The value facets whose values the engines count (the sidebar's).
COUNTED_NAMES = tuple(f.name for f in VALUE_FACETS if f.listed)
#: The facet whose value is a record's story id (``story:12``; search collapses on it).
STORY = "story"


def facet_values(record: Record) -> dict[str, list[str]]:
    """Every value facet's values for one record (what an engine indexes and counts)."""
    return {f.name: f.values(record) for f in VALUE_FACETS}
