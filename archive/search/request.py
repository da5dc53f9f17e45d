"""A search's whole state (``SearchRequest``), its validation and its URL round trip.

The state round-trips through URL parameters in a canonical order, so equal
searches have equal URLs; bad parameters raise ``QueryError`` saying what is wrong.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode

from archive import facets as facet_table
from archive import query as q
from archive.errors import QueryError
from archive.records import RECORD_TYPES
from archive.stories import OUTLET_BUCKETS

SORTS = ("relevance", "newest", "oldest", "added")
SORT_LABELS = {
    "relevance": "Relevance",
    "newest": "Newest",
    "oldest": "Oldest",
    "added": "Recently added",
}
#: Facet names in display (and URL) order; the specs are ``archive.facets.FACET_SPECS``.
FACET_NAMES = facet_table.NAMES
FACET_LABELS = facet_table.LABELS
DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100
MAX_PAGE = 1000
MAX_FILTER_VALUES = 20
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


@dataclass(frozen=True)
class SearchRequest:
    """Everything that defines a search: query text, facet filters, sort, page."""

    q: str = ""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    #: Copies of one story as one hit (its best-ranked); ``collapse=0`` shows them all.
    collapse: bool = True

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
        for name in FACET_NAMES:
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
        collapse = _yes_no(COLLAPSE_PARAM, get_one(COLLAPSE_PARAM, "1"), COLLAPSE_HELP)
        request = cls(
            q=text,
            filters=tuple(filters),
            sort=sort,
            page=page,
            per_page=per_page,
            collapse=collapse,
        )
        _check_facet_nodes(request.query_tree)  # a malformed query fails here, explained
        return request

    @classmethod
    def from_query_string(cls, query_string: str) -> SearchRequest:
        """The search a query string describes (a saved search, a "back to results" link)."""
        multi: dict[str, list[str]] = {}
        for key, value in parse_qsl(query_string, keep_blank_values=False):
            multi.setdefault(key, []).append(value)
        return cls.from_params(multi)

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
        if not self.collapse:
            params.append((COLLAPSE_PARAM, "0"))
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
        filters = tuple((n, current[n]) for n in FACET_NAMES if current.get(n))
        return replace(self, filters=filters, page=1)

    def without_filters(self) -> SearchRequest:
        return replace(self, filters=(), page=1)

    def with_page(self, page: int) -> SearchRequest:
        return replace(self, page=page)

    def with_sort(self, sort: str) -> SearchRequest:
        return replace(self, sort=sort, page=1)

    def with_query(self, text: str) -> SearchRequest:
        return replace(self, q=text, page=1)

    def with_collapse(self, collapse: bool) -> SearchRequest:
        return replace(self, collapse=collapse, page=1)

    # ---- as a query tree
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


#: The ``partial`` parameter of feeds and exports: also the articles with some of the words.
PARTIAL_PARAM = "partial"
#: The search's ``collapse`` parameter: 1 (default) one hit per story, 0 every copy.
COLLAPSE_PARAM = "collapse"
COLLAPSE_HELP = "1 (copies of one story as one hit, the default) or 0 (every copy)"
_YES, _NO = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


def wants_partial(params: Mapping) -> bool:
    """Whether a feed's or an export's caller asks for the some-words continuation.

    Off unless ``partial=1``: an alert or an export carries only the articles that
    match all the words. Any other value than 1/0 (true/false, yes/no) is an error.
    """
    help_text = "1 (also the articles that match some of the words) or 0"
    return _yes_no(PARTIAL_PARAM, params.get(PARTIAL_PARAM), help_text)


def _yes_no(name: str, value, help_text: str) -> bool:
    """A 1/0 (true/false, yes/no, on/off) parameter; anything else is explained."""
    raw = str(value or "").strip().lower()
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise QueryError(f"'{name}' is {help_text}, not {raw[:40]!r}.")


def describe(request: SearchRequest) -> str:
    """A one-line summary of a search: its words and its filters."""
    parts = [f"“{request.q}”"] if request.q else ["everything"]
    parts += [f"{FACET_LABELS[name]}: {' or '.join(values)}" for name, values in request.filters]
    if request.sort != "relevance":
        parts.append(f"sorted: {SORT_LABELS[request.sort].lower()}")
    if not request.collapse:
        parts.append("every copy")
    return " · ".join(parts)


def _int_param(name: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise QueryError(f"'{name}' must be a whole number, not {raw!r}.") from None
    if not low <= value <= high:
        raise QueryError(f"'{name}' must be between {low} and {high}.")
    return value


def _check_facet_value(name: str, value: str) -> None:
    """A one-line error for a ``type``, ``lang``, ``story`` or ``outlets`` value that can
    never match."""
    folded = value.strip().lower()
    if name == facet_table.STORY and not folded.isdigit():
        raise QueryError(
            f"'story' takes a story id (a number, as an article's page shows it), not {value!r}."
        )
    if name == "outlets" and folded not in OUTLET_BUCKETS:
        raise QueryError(f"'outlets' is one of {', '.join(OUTLET_BUCKETS)}, not {value!r}.")
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
