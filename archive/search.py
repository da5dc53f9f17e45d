"""The one search function behind the web pages, the JSON API, the CLI and feeds.

A search's whole state is a ``SearchRequest``; it round-trips through URL
parameters in a canonical order, so equal searches have equal URLs.
"""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

from archive import facets as facet_table
from archive import query as q
from archive.backend import DEADLINE, Highlight, Page, time_left
from archive.errors import IndexMissingError, QueryError
from archive.highlight import as_text
from archive.records import RECORD_TYPES, Record
from archive.store import Archive

SORTS = ("relevance", "newest", "oldest", "added")
SORT_LABELS = {
    "relevance": "Relevance",
    "newest": "Newest",
    "oldest": "Oldest",
    "added": "Recently added",
}
#: Facets in display (and URL) order (the table is ``archive.facets``).
FACETS = facet_table.NAMES
FACET_LABELS = facet_table.LABELS
#: The record fields of a hit, as the CLI, the JSON API and the exports give them.
HIT_FIELDS = (
    "id",
    "title",
    "date",
    "date_source",
    "source",
    "url",
    "authors",
    "lang",
    "type",
    "tags",
    "places",
    "people",
    "orgs",
    "terms",
    "dates_mentioned",
)
DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100
MAX_PAGE = 1000
FACET_LIMIT = 50
MAX_FILTER_VALUES = 20
#: "Did you mean" is for typed words; a pasted sentence is not checked for typos.
MAX_SUGGEST_WORDS = 8
#: Seconds a whole search may take (both passes, spelling); past them the expensive
#: parts are cut short and the result says so. ARCHIVE_SEARCH_SECONDS overrides it.
SEARCH_TIME_LIMIT_S = float(os.environ.get("ARCHIVE_SEARCH_SECONDS", "3"))
#: "Did you mean" runs only with at least this much of the budget left.
SUGGEST_RESERVE_S = 0.5


@dataclass(frozen=True)
class SearchRequest:
    """Everything that defines a search: query text, facet filters, sort, page."""

    q: str = ""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    # ---- URL round trip
    @classmethod
    def from_params(cls, params: Mapping) -> SearchRequest:
        """Build from URL parameters (a dict of str or lists, or a Werkzeug MultiDict)."""

        def get_all(key):
            if hasattr(params, "getlist"):
                return [v for v in params.getlist(key)]
            value = params.get(key)
            if value is None:
                return []
            return list(value) if isinstance(value, (list, tuple)) else [value]

        def get_one(key, default=""):
            values = get_all(key)
            return values[0] if values else default

        filters = []
        for name in FACETS:
            values = sorted({str(v).strip() for v in get_all(name) if str(v).strip()})
            if len(values) > MAX_FILTER_VALUES:
                raise QueryError(f"Too many '{name}' filters: at most {MAX_FILTER_VALUES}.")
            for value in values:
                _check_filter(name, value)
            if values:
                filters.append((name, tuple(values)))
        sort = get_one("sort", "relevance") or "relevance"
        if sort not in SORTS:
            raise QueryError(f"Unknown sort '{sort}': use one of {', '.join(SORTS)}.")
        page = _int_param("page", get_one("page", "1") or "1", 1, MAX_PAGE)
        per_page = _int_param(
            "n", get_one("n", str(DEFAULT_PER_PAGE)) or str(DEFAULT_PER_PAGE), 1, MAX_PER_PAGE
        )
        text = str(get_one("q", "")).strip()
        request = cls(q=text, filters=tuple(filters), sort=sort, page=page, per_page=per_page)
        _check_facet_nodes(request.query_tree)  # a malformed query fails here, explained
        return request

    def to_params(self) -> list[tuple[str, str]]:
        """Canonical parameters: q, filters in facet order with sorted values, sort, page, n."""
        params = []
        if self.q:
            params.append(("q", self.q))
        for name, values in self.filters:
            params += [(name, v) for v in values]
        if self.sort != "relevance":
            params.append(("sort", self.sort))
        if self.page != 1:
            params.append(("page", str(self.page)))
        if self.per_page != DEFAULT_PER_PAGE:
            params.append(("n", str(self.per_page)))
        return params

    def query_string(self) -> str:
        return urlencode(self.to_params())

    # ---- derived states (each a new request on page 1 unless paging)
    def selected(self, name: str) -> tuple[str, ...]:
        return dict(self.filters).get(name, ())

    def toggled(self, name: str, value: str) -> SearchRequest:
        """The request with one facet value added, or removed if it was selected.

        Values compare case-insensitively, as the filters match: with ``place=shusha``
        selected, toggling "Shusha" removes it.
        """
        current = dict(self.filters)
        values = set(current.get(name, ()))
        kept = {v for v in values if v.casefold() != value.casefold()}
        removed = len(kept) < len(values)
        values = kept if removed else values | {value}
        if name == "year" and removed:  # leaving a year leaves its months
            current.pop("month", None)
        current[name] = tuple(sorted(values))
        filters = tuple((n, current[n]) for n in FACETS if current.get(n))
        return replace(self, filters=filters, page=1)

    def without_filters(self) -> SearchRequest:
        return replace(self, filters=(), page=1)

    def with_page(self, page: int) -> SearchRequest:
        return replace(self, page=page)

    def with_sort(self, sort: str) -> SearchRequest:
        return replace(self, sort=sort, page=1)

    def with_query(self, text: str) -> SearchRequest:
        return replace(self, q=text, page=1)

    @functools.cached_property
    def parsed(self) -> tuple[q.Node, list[str]]:
        """The query text as a tree and its notices, parsed once per request."""
        return q.parse_query_notes(self.q)

    @property
    def query_tree(self) -> q.Node:
        return self.parsed[0]

    def filter_nodes(self) -> list[tuple[str, q.Node]]:
        """Each facet's filter as a node (its values ORed)."""
        out = []
        for name, values in self.filters:
            alternatives = tuple(_filter_node(name, v) for v in values)
            out.append((name, alternatives[0] if len(alternatives) == 1 else q.Or(alternatives)))
        return out

    def tree(self) -> q.Node:
        """The query text and the filters as one query tree."""
        parts = [] if not self.q else [self.query_tree]
        parts += [node for _name, node in self.filter_nodes()]
        if not parts:
            return q.MatchAll()
        return parts[0] if len(parts) == 1 else q.And(tuple(parts))


def _int_param(name: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise QueryError(f"'{name}' must be a whole number, not {raw!r}.") from None
    if not low <= value <= high:
        raise QueryError(f"'{name}' must be between {low} and {high}.")
    return value


#: The values ``type:`` takes; ``lang:`` takes a two- or three-letter ISO 639 code.
TYPES = RECORD_TYPES
LANGUAGE_CODES = {
    "english": "en",
    "german": "de",
    "deutsch": "de",
    "french": "fr",
    "russian": "ru",
    "spanish": "es",
    "italian": "it",
    "azerbaijani": "az",
    "turkish": "tr",
    "dutch": "nl",
    "portuguese": "pt",
    "arabic": "ar",
}


def _check_facet_value(name: str, value: str) -> None:
    """A one-line error for a ``type`` or ``lang`` value that can never match."""
    folded = value.strip().lower()
    if name == "type" and folded not in TYPES:
        raise QueryError(f"'type' is one of {', '.join(TYPES)}, not {value!r}.")
    if name == "lang" and not re.fullmatch(r"[a-z]{2,3}", folded):
        hint = f" (for {value}: {LANGUAGE_CODES[folded]})" if folded in LANGUAGE_CODES else ""
        raise QueryError(
            f"'lang' takes a language code such as en, de, fr, ru, az{hint}, not {value!r}."
        )


def _check_facet_nodes(node) -> None:
    """Check the ``type:`` and ``lang:`` values written in the query text."""
    if isinstance(node, q.Facet) and not node.prefix:
        _check_facet_value(node.name, node.value)
    elif isinstance(node, (q.And, q.Or)):
        for child in node.children:
            _check_facet_nodes(child)
    elif isinstance(node, q.Not):
        _check_facet_nodes(node.child)


def _check_filter(name: str, value: str) -> None:
    if name in ("year", "month"):
        _filter_node(name, value)
    elif len(value) > 200:
        raise QueryError(f"The '{name}' filter value is too long.")
    else:
        _check_facet_value(name, value)


def _filter_node(name: str, value: str) -> q.Node:
    if name == "year":
        if not (len(value) == 4 and value.isdigit()):
            raise QueryError(f"'year' takes a year such as 2023, not {value!r}.")
        return q.DateRange(*q.parse_day_span(value))
    if name == "month":
        if not (len(value) == 7 and value[4] == "-"):
            raise QueryError(f"'month' takes a month such as 2023-09, not {value!r}.")
        return q.DateRange(*q.parse_day_span(value))
    return q.place_alternatives(q.Facet(name, value.lower()))


# ------------------------------------------------------------------ results
@dataclass
class Hit:
    record: Record
    score: float
    #: Passages around the query's words (plain text and spans); empty: show the summary.
    passages: list[Highlight] = field(default_factory=list)
    #: Matches only some of the query's words (it comes after every hit that matches all).
    partial: bool = False

    @property
    def snippet_text(self) -> str:
        """The snippet as plain text, matches in [brackets] (else the summary)."""
        return as_text(self.passages) if self.passages else self.record.summary


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool
    label: str = ""


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


def search(archive: Archive, request: SearchRequest, *, with_snippets: bool = True) -> SearchResult:
    """Run a search: hits of the requested page, exact total, all facet counts, timeline.

    All words must match; when fewer than a page of articles do, the results go on
    with the articles that match some of the words, ranked (``Hit.partial``).
    """
    token = None
    if DEADLINE.get() is None:  # an outer caller's deadline holds
        token = DEADLINE.set(time.monotonic() + SEARCH_TIME_LIMIT_S)
    try:
        return _search(archive, request, with_snippets)
    finally:
        if token is not None:
            DEADLINE.reset(token)


def _search(archive: Archive, request: SearchRequest, with_snippets: bool) -> SearchResult:
    started = time.perf_counter()
    query = request.query_tree
    offset = (request.page - 1) * request.per_page
    found = _page(archive, request, query, offset, request.per_page)
    address_notes = []
    by_words = q.address_fallback(query) if found.total == 0 else None
    if by_words is not None:
        query = by_words
        found = _page(archive, request, query, offset, request.per_page)
        where = "matches these filters" if request.filters else "is in the archive"
        address_notes.append(
            f"No article saved from this address {where}; these articles have its words."
        )
    exact_total, partial_from = found.total, len(found.hits)
    looser = q.relaxed(query)
    notes = list(found.notes)
    late = looser is not None and found.total < request.per_page and time_left(1.0) <= 0
    if late:
        notes.append("The search took too long to add articles that match only some words.")
    elif looser is not None and found.total < request.per_page:
        rest = _page(
            archive,
            request,
            q.And((looser, q.Not(query))),
            max(0, offset - found.total),
            request.per_page - len(found.hits),
        )
        found = _merged(found, rest)
    records = archive.get_many([rid for rid, _ in found.hits])
    scores = dict(found.hits)
    order = {rid: n for n, (rid, _) in enumerate(found.hits)}
    hits = [
        Hit(
            r,
            scores[r.id],
            archive.index.snippets(query, r.body, r.lang) if with_snippets else [],
            partial=order[r.id] >= partial_from,
        )
        for r in records
    ]
    suggestion = None
    if exact_total == 0 and request.q and len(q.query_words(query)) <= MAX_SUGGEST_WORDS:
        if time_left(1.0) >= SUGGEST_RESERVE_S:
            suggestion = _did_you_mean(archive, request)
    by_day = len(request.selected("month")) == 1 and found.total > 0
    if by_day and time_left(1.0) <= 0:  # a count per day is a query per day: not now
        by_day = False
        notes.append("The search took too long to count its matches day by day.")
    notices = list(dict.fromkeys(request.parsed[1] + address_notes + found.notes + notes))
    result = SearchResult(
        request=request,
        total=found.total,
        hits=hits,
        facets=_facets(request, found),
        timeline=[],
        timeline_unit="year",
        undated=found.undated,
        suggestion=suggestion,
        timed_out=found.timed_out or late,
        pages=(found.total + request.per_page - 1) // request.per_page,
        exact_total=exact_total,
        notice=" ".join(notices) or None,
    )
    result.timeline, result.timeline_unit = _timeline(found.months)
    if by_day:
        result.timeline, result.timeline_unit = _day_timeline(archive, request), "day"
    result.took_ms = round((time.perf_counter() - started) * 1000, 1)
    return result


def _page(archive: Archive, request: SearchRequest, query: q.Node, offset: int, limit: int):
    try:
        return archive.index.search(
            query,
            filters=request.filter_nodes(),
            sort=request.sort,
            offset=offset,
            limit=limit,
            facet_limit=FACET_LIMIT,
        )
    except IndexMissingError:
        if archive.count():
            raise
        return Page(total=0, hits=[])  # a new, empty archive: nothing to find yet


def _merged(first: Page, rest: Page) -> Page:
    """Two pages of disjoint matches as one: hits in order, counts added."""
    facets = {}
    for name in set(first.facets) | set(rest.facets):
        counts: dict[str, int] = {}
        for value, count in [*first.facets.get(name, []), *rest.facets.get(name, [])]:
            counts[value] = counts.get(value, 0) + count
        facets[name] = sorted(counts.items(), key=lambda vc: (-vc[1], vc[0]))[:FACET_LIMIT]
    sizes = {
        name: max(first.facet_sizes.get(name, 0), rest.facet_sizes.get(name, 0), len(facets[name]))
        for name in facets
    }
    months = dict(first.months)
    for month, count in rest.months.items():
        months[month] = months.get(month, 0) + count
    return Page(
        total=first.total + rest.total,
        hits=first.hits + rest.hits,
        facets=facets,
        facet_sizes=sizes,
        months=months,
        undated=first.undated + rest.undated,
        timed_out=first.timed_out or rest.timed_out,
        notes=list(dict.fromkeys(first.notes + rest.notes)),
    )


def _facets(request: SearchRequest, found) -> list[Facet]:
    facets = []
    for spec in facet_table.FACETS:
        name = spec.name
        if name == "month" and not request.selected("year"):
            continue
        pairs = found.facets.get(name, [])
        size = found.facet_sizes.get(name, 0)
        if name == "month":
            years = set(request.selected("year"))
            pairs = [(v, c) for v, c in pairs if v[:4] in years]
            size = len(pairs)
        selected = set(request.selected(name))
        lowered = {v.lower() for v in selected}
        values = [FacetValue(v, c, v.lower() in lowered) for v, c in pairs]
        listed = {v.value.lower() for v in values}
        values += [FacetValue(v, 0, True) for v in selected if v.lower() not in listed]
        facets.append(Facet(name, spec.label, values, size > len(pairs)))
    return facets


def _timeline(months: dict[str, int]) -> tuple[list[TimelineBucket], str]:
    """Buckets from the first to the last dated match: months over up to 3 years, else years."""
    if not months:
        return [], "year"
    numbers = {int(k[:4]) * 100 + int(k[5:7]): c for k, c in months.items()}
    first, last = min(numbers) // 100, max(numbers) // 100
    if last - first <= 2:
        buckets = []
        y, m = divmod(min(numbers), 100)
        while y * 100 + m <= max(numbers):
            label = f"{y:04d}-{m:02d}"
            s, e = q.parse_day_span(label)
            buckets.append(TimelineBucket(label, numbers.get(y * 100 + m, 0), "month", s, e))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return buckets, "month"
    years: dict[int, int] = {}
    for number, count in numbers.items():
        years[number // 100] = years.get(number // 100, 0) + count
    buckets = []
    for year in range(first, last + 1):
        s, e = q.parse_day_span(f"{year:04d}")
        buckets.append(TimelineBucket(f"{year:04d}", years.get(year, 0), "year", s, e))
    return buckets, "year"


def bucket_selected(request: SearchRequest, bucket: TimelineBucket) -> bool:
    if bucket.filter_name == "day":
        return f"date:{bucket.label}" in request.q.split()
    return bucket.label in request.selected(bucket.filter_name)


def bucket_request(request: SearchRequest, bucket: TimelineBucket) -> SearchRequest:
    """The search narrowed to a timeline bucket (a day has no facet: date:DAY in the text)."""
    if bucket.filter_name == "day":
        return request.with_query(f"{request.q} date:{bucket.label}".strip())
    return request.toggled(bucket.filter_name, bucket.label)


def _day_timeline(archive: Archive, request: SearchRequest) -> list[TimelineBucket]:
    """One bucket per day of the one selected month (a count query per day)."""
    first, last = q.parse_day_span(request.selected("month")[0])
    tree, buckets = request.tree(), []
    for number in range(first.day, last.day + 1):
        day = first.replace(day=number)
        count = archive.index.count_matches(q.And((tree, q.DateRange(day, day))))
        buckets.append(TimelineBucket(day.isoformat(), count, "day", day, day))
    return buckets


def _did_you_mean(archive: Archive, request: SearchRequest) -> str | None:
    words = q.query_words(request.query_tree)
    fixes = archive.index.suggest(words)
    if not fixes:
        return None
    corrected = request.q
    for wrong, right in fixes.items():
        corrected = re.sub(
            rf"(?<!\w){re.escape(wrong)}(?!\w)",
            lambda m, right=right: _same_case(m.group(), right),
            corrected,
            flags=re.IGNORECASE,
        )
    try:
        tree = replace(request, q=corrected).tree()
    except QueryError:
        return None
    return corrected if archive.index.count_matches(tree) else None


def _same_case(written: str, word: str) -> str:
    """``word`` in the capitalisation the user wrote: Aden, ADEN or aden."""
    if written.isupper() and len(written) > 1:
        return word.upper()
    if written[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def related(archive: Archive, record: Record, limit: int = 5) -> list[Record]:
    """Articles most like ``record``."""
    return archive.get_many([rid for rid, _ in archive.index.related(record, limit)])


# ------------------------------------------------------------------ JSON forms
def hit_to_dict(hit: Hit) -> dict:
    """One hit as the CLI and the JSON API print it."""
    data = {name: getattr(hit.record, name) for name in HIT_FIELDS}
    data["date"] = hit.record.date.isoformat() if hit.record.date else None
    data["score"] = round(hit.score, 4)
    data["snippet"] = hit.snippet_text
    data["partial"] = hit.partial
    return data


def result_to_dict(result: SearchResult, facets: bool = True, url_for=None) -> dict:
    """A whole result; ``url_for(request)`` adds the URL of each toggle and bucket."""
    data = {
        "query": result.request.q,
        "params": dict_params(result.request),
        "total": result.total,
        "exact_total": result.exact_total,
        "notice": result.notice,
        "page": result.request.page,
        "pages": result.pages,
        "per_page": result.request.per_page,
        "sort": result.request.sort,
        "took_ms": result.took_ms,
        "suggestion": result.suggestion,
        "timed_out": result.timed_out,
        "hits": [hit_to_dict(h) for h in result.hits],
    }
    if facets:
        data["facets"] = {
            f.name: {
                "label": f.label,
                "truncated": f.truncated,
                "values": [
                    {
                        "value": v.value,
                        "count": v.count,
                        "selected": v.selected,
                        **(
                            {"toggle_url": url_for(result.request.toggled(f.name, v.value))}
                            if url_for
                            else {}
                        ),
                    }
                    for v in f.values
                ],
            }
            for f in result.facets
        }
        data["timeline"] = {
            "unit": result.timeline_unit,
            "undated": result.undated,
            "buckets": [
                {
                    "label": b.label,
                    "count": b.count,
                    "start": b.start.isoformat(),
                    "end": b.end.isoformat(),
                    **(
                        {
                            "url": url_for(
                                bucket_request(result.request, b)
                                if not bucket_selected(result.request, b)
                                else result.request
                            )
                        }
                        if url_for
                        else {}
                    ),
                }
                for b in result.timeline
            ],
        }
    return data


def dict_params(request: SearchRequest) -> dict[str, list[str] | str]:
    out: dict = {}
    for key, value in request.to_params():
        if key in FACETS:
            out.setdefault(key, []).append(value)
        else:
            out[key] = value
    return out
