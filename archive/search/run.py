"""The one search function behind the web pages, the JSON API, the CLI and feeds.

All words must match; when fewer than a page of articles do, the results of a caller
that asks for it (``partial=True``: the search page, the API) go on with articles that
match some of the words; feeds, exports and the CLI's JSON ask only when their user
does, so an alert never carries an article that lacks a word. Facet counts, the
timeline and "did you mean" come with every result; a deadline bounds the whole search.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace

from archive import facets as facet_table
from archive import query as q
from archive import stories
from archive.backend import DEADLINE, Page, time_left
from archive.errors import IndexMissingError, QueryError
from archive.search.request import SearchRequest
from archive.search.results import Facet, FacetValue, Hit, SearchResult, TimelineBucket
from archive.store import Archive

FACET_LIMIT = 50
#: "Did you mean" is for typed words; a pasted sentence is not checked for typos.
MAX_SUGGEST_WORDS = 8
#: Seconds a whole search may take by default (both passes, spelling); past them the
#: expensive parts are cut short and the result says so. Callers pass the setting.
DEFAULT_DEADLINE_S = 3.0
#: "Did you mean" runs only with at least this much of the budget left.
SUGGEST_RESERVE_S = 0.5


def search(
    archive: Archive,
    request: SearchRequest,
    *,
    with_snippets: bool = True,
    deadline_s: float = DEFAULT_DEADLINE_S,
    partial: bool = True,
) -> SearchResult:
    """Run a search: hits of the requested page, exact total, all facet counts, timeline.

    All words must match; with ``partial``, when fewer than a page of articles do, the
    results go on with the articles that match some of the words, ranked
    (``Hit.partial``); without it they hold only the articles that match. The
    search gets ``deadline_s`` seconds unless an outer caller set a deadline already.
    """
    token = None
    if DEADLINE.get() is None:  # an outer caller's deadline holds
        token = DEADLINE.set(time.monotonic() + deadline_s)
    try:
        return _search(archive, request, with_snippets, partial)
    finally:
        if token is not None:
            DEADLINE.reset(token)


def _search(
    archive: Archive, request: SearchRequest, with_snippets: bool, partial: bool
) -> SearchResult:
    started = time.perf_counter()
    query = request.query_tree
    offset = (request.page - 1) * request.per_page
    found = _page(archive, request, query, offset, request.per_page)
    address_notice = None
    by_words = q.address_fallback(query) if found.total == 0 else None
    if by_words is not None:
        query = by_words
        found = _page(archive, request, query, offset, request.per_page)
        where = "matches these filters" if request.filters else "is in the archive"
        address_notice = f"No article saved from this address {where}."
    exact_total, partial_from = found.total, len(found.hits)
    exact_units = _units(request, found)
    looser = q.relaxed(query) if partial else None
    notes = list(found.notes)
    late = looser is not None and exact_units < request.per_page and time_left(1.0) <= 0
    if late:
        notes.append("The search took too long to add articles that match only some words.")
    elif looser is not None and exact_units < request.per_page:
        rest = _page(
            archive,
            request,
            q.And((looser, q.Not(query))),
            max(0, offset - exact_units),
            request.per_page - len(found.hits),
        )
        found = _merged(found, rest)
    ids = [rid for rid, _ in found.hits]
    told = stories.summaries(archive.db, ids, members=request.collapse and with_snippets)
    records = archive.get_many(_one_per_story(ids, told, partial_from, request.collapse))
    scores = dict(found.hits)
    order = {rid: n for n, (rid, _) in enumerate(found.hits)}
    hits = [
        Hit(
            r,
            scores[r.id],
            archive.index.snippets(query, r.body, r.lang) if with_snippets else [],
            partial=order[r.id] >= partial_from,
            story=told.get(r.id),
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
    notices = list(dict.fromkeys(request.parsed[1] + found.notes + notes))
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
        pages=(_units(request, found) + request.per_page - 1) // request.per_page,
        exact_total=exact_total,
        stories=found.stories,
        notice=" ".join(notices) or None,
        address_notice=address_notice,
    )
    result.timeline, result.timeline_unit = _timeline(found.months)
    if by_day:
        result.timeline, result.timeline_unit = _day_timeline(archive, request), "day"
    result.took_ms = round((time.perf_counter() - started) * 1000, 1)
    return result


def _units(request: SearchRequest, found: Page) -> int:
    """What the pages count: stories when copies collapse, else articles."""
    return found.stories if request.collapse else found.total


def _one_per_story(ids: list[str], told: dict, partial_from: int, collapse: bool) -> list[str]:
    """The hits' ids; collapsed, a some-words hit whose story is already shown is left out."""
    if not collapse:
        return ids
    shown = {told[rid].story for rid in ids[:partial_from] if rid in told}
    return ids[:partial_from] + [
        rid for rid in ids[partial_from:] if rid not in told or told[rid].story not in shown
    ]


def _page(archive: Archive, request: SearchRequest, query: q.Node, offset: int, limit: int):
    try:
        return archive.index.search(
            query,
            filters=request.filter_nodes(),
            sort=request.sort,
            offset=offset,
            limit=limit,
            facet_limit=FACET_LIMIT,
            collapse=request.collapse,
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
        stories=first.stories + rest.stories,
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
    for spec in facet_table.FACET_SPECS:
        name = spec.name
        if not spec.listed or (name == "month" and not request.selected("year")):
            continue
        pairs = found.facets.get(name, [])
        size = found.facet_sizes.get(name, 0)
        if name == "month":
            years = set(request.selected("year"))
            pairs = [(v, c) for v, c in pairs if v[:4] in years]
            size = len(pairs)
        selected = set(request.selected(name))
        lowered = {v.lower() for v in selected}
        values = [FacetValue(v, c, v.lower() in lowered, name, request) for v, c in pairs]
        listed = {v.value.lower() for v in values}
        values += [
            FacetValue(v, 0, True, name, request) for v in selected if v.lower() not in listed
        ]
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
