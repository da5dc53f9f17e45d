"""What a search returns, typed: hits, facets with their values, timeline buckets."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date

from archive.backend import Highlight
from archive.highlight import as_text
from archive.records import Record
from archive.search.request import SearchRequest
from archive.stories import Summary


@dataclass
class Hit:
    record: Record
    score: float
    #: Passages around the query's words (plain text and spans); empty: show the summary.
    passages: list[Highlight] = field(default_factory=list)
    #: Matches only some of the query's words (it comes after every hit that matches all).
    partial: bool = False
    #: Its story in numbers (and, on a collapsed page, its other records); None: none known.
    story: Summary | None = None

    @property
    def snippet_text(self) -> str:
        """The snippet as plain text, matches in [brackets] (else the summary)."""
        return as_text(self.passages) if self.passages else self.record.summary


@dataclass
class FacetValue:
    """One value of a facet: its count, whether it is selected, and the search that toggles it.

    The one shape the page, the API and the exports use (a URL is ``toggle``'s URL).
    """

    value: str
    count: int
    selected: bool
    facet: str
    #: The search this value was counted in.
    request: SearchRequest = field(repr=False, compare=False)

    @functools.cached_property
    def toggle(self) -> SearchRequest:
        """The search with this value added, or removed if it is selected."""
        return self.request.toggled(self.facet, self.value)

    @property
    def toggle_params(self) -> list[tuple[str, str]]:
        return self.toggle.to_params()


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]
    truncated: bool  # more values exist than are listed


@dataclass
class TimelineBucket:
    label: str  # "2023" or "2023-09"
    count: int
    filter_name: str  # "year" or "month": the facet a click selects; "day": a date: query
    start: date
    end: date


@dataclass
class SearchResult:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: list[Facet]
    timeline: list[TimelineBucket]
    timeline_unit: str
    undated: int
    suggestion: str | None = None
    took_ms: float = 0.0
    timed_out: bool = False
    pages: int = field(default=0)
    #: Matches of all the query's words; hits beyond it match only some of them
    #: (shown when fewer than a page of articles match all words).
    exact_total: int = 0
    #: What the user should know about the query (parts of it left out), or None.
    notice: str | None = None
    #: Set when no article was saved from the pasted address: the hits then have its
    #: words (``exact_total`` of them all the words), and this says so, on its own.
    address_notice: str | None = None
    #: How many stories the matches belong to (copies and versions of one story count once).
    stories: int = 0

    @property
    def partial_total(self) -> int:
        """Articles in the results that match only some of the words."""
        return self.total - self.exact_total


def bucket_selected(request: SearchRequest, bucket: TimelineBucket) -> bool:
    if bucket.filter_name == "day":
        return f"date:{bucket.label}" in request.q.split()
    return bucket.label in request.selected(bucket.filter_name)


def bucket_request(request: SearchRequest, bucket: TimelineBucket) -> SearchRequest:
    """The search narrowed to a timeline bucket (a day has no facet: date:DAY in the text)."""
    if bucket.filter_name == "day":
        return request.with_query(f"{request.q} date:{bucket.label}".strip())
    return request.toggled(bucket.filter_name, bucket.label)
