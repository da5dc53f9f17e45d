"""The one seam between the archive and a search engine.

The store and the search function speak records (``archive.records``) and query
trees (``archive.query``) to a ``Backend``; only a backend's own module talks to
its engine (Whoosh embedded, OpenSearch for archives that outgrow one machine).
The index a backend keeps is derived data: the archive can always rebuild it from
its records (``archive reindex``).
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field

from archive.query import Node
from archive.records import Record

#: A facet name and the query node its selected values make (values ORed).
Filters = Sequence[tuple[str, Node]]
#: A process pool's ``submit`` (or None): lets a backend analyse large batches in parallel.
Submit = Callable | None
#: The ``time.monotonic()`` by which the current search must be answered (set by
#: ``archive.search``); past it a backend answers with cheaper parts (a long phrase
#: as its words, fewer wildcard expansions) and says so in ``Page.notes``.
DEADLINE: ContextVar[float | None] = ContextVar("search_deadline", default=None)


#: Spelling suggestions are looked for only for words of 4 to this many characters (longer
#: ones are pasted junk: a word of 1,000 letters cost seconds of the suggester's time).
MAX_SUGGEST_WORD_CHARS = 40
#: How long the suggester may take when no search deadline is set.
SUGGEST_SECONDS = 1.0


#: A query field (``title:``, ``author:``, ``note:``) -> the index fields its words are in; both
#: engines name their fields alike. Plain words are in the title and every text field.
FIELD_INDEX_FIELDS = {"title": ["title"], "author": ["byline"], "note": ["note"]}


def text_fields(fieldname: str | None, languages) -> list[str]:
    """The index fields a query field's words are looked up in (``languages``: the stemmed ones)."""
    if fieldname in FIELD_INDEX_FIELDS:
        return list(FIELD_INDEX_FIELDS[fieldname])
    return ["title", "text"] + [f"text_{lang}" for lang in languages]


def suggestable(word: str) -> bool:
    """Whether a word is worth a spelling suggestion (by its length)."""
    return 4 <= len(word) <= MAX_SUGGEST_WORD_CHARS


def time_left(default: float) -> float:
    """Seconds until the current search's deadline (``default`` when none is set)."""
    deadline = DEADLINE.get()
    return default if deadline is None else deadline - time.monotonic()


@dataclass
class Page:
    """One page of a search: hits, the exact total, facet counts and the timeline.

    ``facets`` maps each facet of ``archive.facets`` (years as "2023", months as
    "2023-09") to its top values with counts. The counts of a facet are taken over
    the matches of the query and of every *other* facet's filter, so the values of
    a facet that has a selection still show what choosing them would add.
    ``months`` ("2023-09" -> count) covers all matches, for the timeline.
    """

    total: int
    hits: list[tuple[str, float]]  # (record id, score) for the requested page
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    facet_sizes: dict[str, int] = field(default_factory=dict)  # distinct values per facet
    #: How many stories (``archive.stories``) the matches belong to; with ``collapse``, the
    #: hits are one per story and ``offset`` counts stories.
    stories: int = 0
    months: dict[str, int] = field(default_factory=dict)
    undated: int = 0
    timed_out: bool = False
    #: What was shortened to answer in time, one sentence each (shown with the results).
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Highlight:
    """A passage of an article's text and the (start, end) offsets of the matched words."""

    text: str
    spans: tuple[tuple[int, int], ...]
    starts_inside: bool = False  # the passage begins mid-text ("… " before it)
    ends_inside: bool = False


class Backend(ABC):
    """What the store and the search function need of a search engine."""

    #: "whoosh", "opensearch": shown by ``archive stats`` and ``archive check``.
    name: str = ""

    # ---- lifecycle
    @abstractmethod
    def exists(self) -> bool:
        """Whether an index is there at all (never creates one)."""

    @abstractmethod
    def create(self) -> None:
        """Create an empty index, replacing any existing one. Only writers call this."""

    @abstractmethod
    def is_current(self) -> bool:
        """The index exists and was built with this backend's schema version."""

    @abstractmethod
    def close(self) -> None:
        """Release files, searchers and connections (the backend can be used again after)."""

    def beside(self) -> Backend:
        """An empty index to rebuild into while this one answers; ``self`` rebuilds in place."""
        return self

    def replace_with(self, other: Backend) -> None:
        """Make ``other`` (from :meth:`beside`, fully built) the live index, atomically."""
        if other is not self:
            raise NotImplementedError(f"{self.name} rebuilds in place")

    def health(self) -> dict:
        """What ``archive stats`` and ``archive check`` report about the engine."""
        return {"engine": self.name, "status": "ok" if self.exists() else "missing"}

    # ---- writing
    @abstractmethod
    def upsert(self, records: Sequence[Record], submit: Submit = None) -> None:
        """Add or replace records; all or nothing. ``submit`` may analyse in parallel."""

    @abstractmethod
    def delete(self, ids: Sequence[str]) -> None:
        """Remove records by id (unknown ids are ignored)."""

    @abstractmethod
    def verify(self) -> list[str]:
        """Problems found checking the whole index (damaged or missing parts); empty: sound."""

    # ---- reading
    @abstractmethod
    def count(self) -> int:
        """Documents in the index."""

    @abstractmethod
    def ids(self) -> Iterator[str]:
        """Every indexed record id, in no particular order."""

    @abstractmethod
    def search(
        self,
        query: Node,
        *,
        filters: Filters = (),
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 10,
        facet_limit: int = 50,
        collapse: bool = False,
    ) -> Page:
        """A page of hits of ``query`` AND every filter, with all facet counts.

        ``collapse``: one hit per story, its best-ranked match (ties by record id).
        """

    @abstractmethod
    def count_matches(self, query: Node) -> int:
        """How many records match (no facets, no hits): for "did you mean"."""

    @abstractmethod
    def snippets(self, query: Node, text: str, lang: str | None, top: int = 2) -> list[Highlight]:
        """Up to ``top`` passages of ``text`` around the query's words (plain text + spans)."""

    @abstractmethod
    def suggest(self, words: Sequence[str]) -> dict[str, str]:
        """Spelling corrections for words the archive does not hold (word -> correction)."""

    @abstractmethod
    def related(self, record: Record, limit: int = 5) -> list[tuple[str, float]]:
        """Records most like ``record`` (never itself), best first."""
