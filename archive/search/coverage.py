"""Who covered what, when: matches per week, month or year, by source or by query.

The coverage chart of the search page, its table and its CSV all read ``coverage()``.
A search's matches (all the words, every filter) are counted per period and split by
their TOP_SOURCES most frequent sources plus "Other sources"; with ``compare`` queries
(``SearchRequest.compare``, up to four queries in all, each with the same filters)
each query is one series instead. Periods are picked by the span of the matches:
weeks up to WEEKS_UP_TO_DAYS, months up to MONTHS_UP_TO_YEARS calendar years, years
beyond; at most MAX_PERIODS are listed, the matches before them are counted as
``earlier``. Counting is one ``Backend.histogram`` call per query (a second one by
week when the span is short), on any engine.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from archive import query as q
from archive.backend import DEADLINE, Histogram, time_left
from archive.errors import IndexMissingError
from archive.search.request import FACET_NAMES, SearchRequest
from archive.search.run import DEFAULT_DEADLINE_S
from archive.store import Archive

TOP_SOURCES = 5
#: Spans of matches up to this many days are counted by week (about six months).
WEEKS_UP_TO_DAYS = 26 * 7
#: Spans over this many calendar years are counted by year.
MONTHS_UP_TO_YEARS = 5
MAX_PERIODS = 120
OTHER_SOURCES = "Other sources"


@dataclass(frozen=True)
class Period:
    label: str  # "2023-09-18" (the week from that Monday), "2023-09" or "2023"
    start: date
    end: date


@dataclass
class Series:
    """One line of the chart: a source (or "Other sources") or one compared query."""

    label: str
    total: int  # all its matches, dated or not
    counts: list[int]  # one per period of ``Coverage.periods``
    undated: int = 0
    earlier: int = 0  # dated before the first period listed
    #: The search this series stands for (None for "Other sources").
    request: SearchRequest | None = field(default=None, repr=False, compare=False)


@dataclass
class Coverage:
    split: str  # "source" or "query"
    unit: str  # "week", "month" or "year"
    periods: list[Period]
    series: list[Series]
    #: What was cut short to answer in time, one sentence each.
    notes: list[str] = field(default_factory=list)

    @property
    def totals(self) -> list[int]:
        """All matches per period (by source: every series together; by query: not summed)."""
        return [sum(s.counts[i] for s in self.series) for i in range(len(self.periods))]

    @property
    def peak(self) -> int:
        return max((c for s in self.series for c in s.counts), default=0)


def coverage(
    archive: Archive, request: SearchRequest, *, deadline_s: float = DEFAULT_DEADLINE_S
) -> Coverage:
    """The coverage of a search: by its top sources, or by query when it compares some."""
    token = None
    if DEADLINE.get() is None:  # an outer caller's deadline holds
        token = DEADLINE.set(time.monotonic() + deadline_s)
    try:
        return _coverage(archive, request)
    finally:
        if token is not None:
            DEADLINE.reset(token)


def compared_requests(request: SearchRequest) -> list[SearchRequest]:
    """The searches drawn side by side: this one, then each ``compare`` query (same filters)."""
    first = replace(request, page=1, compare=())
    return [first] + [first.with_query(text) for text in request.compare]


def _coverage(archive: Archive, request: SearchRequest) -> Coverage:
    split = "query" if request.compare else "source"
    wanted = compared_requests(request) if request.compare else [request]

    def count(unit: str) -> list[Histogram]:
        if split == "query":
            return [_histogram(archive, r.tree(), unit) for r in wanted]
        return [_histogram(archive, request.tree(), unit, "source", TOP_SOURCES)]

    found, unit, notes = count("month"), "month", []
    months = sorted({label for h in found for label in h.totals})
    if not months:
        return Coverage(split, unit, [], _series(split, wanted, found, []), notes)
    first, last = q.index_day_span(months[0])[0], q.index_day_span(months[-1])[1]
    if (last - first).days < WEEKS_UP_TO_DAYS:
        if time_left(1.0) > 0:
            found, unit = count("week"), "week"
        else:
            notes.append("The search took too long to count its matches week by week.")
    elif last.year - first.year >= MONTHS_UP_TO_YEARS:
        found, unit = [_by_year(h) for h in found], "year"
    labels = [label for h in found for label in h.totals]
    periods = _periods(unit, min(labels), max(labels))[-MAX_PERIODS:]
    return Coverage(split, unit, periods, _series(split, wanted, found, periods), notes)


def _series(split: str, wanted, found: list[Histogram], periods: list[Period]) -> list[Series]:
    if split == "query":
        return [
            _one(r.q or "everything", h.totals, sum(h.totals.values()) + h.undated, periods, r)
            for r, h in zip(wanted, found, strict=True)
        ]
    [request], [h] = wanted, found
    series = [
        _one(value, counts, total, periods, _only_source(request, value))
        for value, total, counts in h.series
    ]
    rest = dict(h.totals)
    for _value, _total, counts in h.series:
        for label, n in counts.items():
            rest[label] -= n
    rest_total = sum(h.totals.values()) + h.undated - sum(s.total for s in series)
    if rest_total > 0:
        label = OTHER_SOURCES if series else "All matches"
        series.append(_one(label, rest, rest_total, periods, None if series else request))
    return series


def _one(label, counts: dict[str, int], total: int, periods, request) -> Series:
    listed = [counts.get(p.label, 0) for p in periods]
    first = periods[0].label if periods else None
    earlier = sum(n for key, n in counts.items() if first is not None and key < first)
    undated = total - sum(counts.values())
    return Series(label, total, listed, undated, earlier, request)


def _only_source(request: SearchRequest, value: str) -> SearchRequest:
    """The search with this one source as its source filter (page 1, no comparison)."""
    filters = dict(request.filters)
    filters["source"] = (value,)
    ordered = tuple((name, filters[name]) for name in FACET_NAMES if name in filters)
    return replace(request, filters=ordered, page=1, compare=())


def _histogram(archive: Archive, tree, unit: str, split=None, top: int = 0) -> Histogram:
    try:
        return archive.index.histogram(tree, unit=unit, split=split, top=top)
    except IndexMissingError:
        if archive.count():
            raise
        return Histogram()  # a new, empty archive: nothing to count yet


def _by_year(found: Histogram) -> Histogram:
    def fold(counts: dict[str, int]) -> dict[str, int]:
        years: dict[str, int] = {}
        for label, n in counts.items():
            years[label[:4]] = years.get(label[:4], 0) + n
        return years

    series = [(value, total, fold(counts)) for value, total, counts in found.series]
    return Histogram(fold(found.totals), series, found.undated)


def _periods(unit: str, first: str, last: str) -> list[Period]:
    """Every period from the one labelled ``first`` to the one labelled ``last``, in order."""
    if unit == "week":
        start, final = date.fromisoformat(first), date.fromisoformat(last)
        weeks = (final - start).days // 7
        starts = [start + timedelta(weeks=n) for n in range(weeks + 1)]
        ends = [d + timedelta(days=min(6, (date.max - d).days)) for d in starts]
        return [Period(d.isoformat(), d, e) for d, e in zip(starts, ends, strict=True)]
    if unit == "month":

        def number(label: str) -> int:  # months since year 0
            return int(label[:4]) * 12 + int(label[5:7]) - 1

        months = range(number(first), number(last) + 1)
        labels = [f"{n // 12:04d}-{n % 12 + 1:02d}" for n in months]
    else:
        labels = [f"{year:04d}" for year in range(int(first), int(last) + 1)]
    return [Period(label, *q.index_day_span(label)) for label in labels]
