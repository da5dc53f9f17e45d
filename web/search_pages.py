"""The search page: query box, hits, facets, timeline, pagination."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import Blueprint, abort, redirect, render_template, request

from archive.errors import QueryError
from archive.search import (
    FACET_LABELS,
    MAX_PAGE,
    SORT_LABELS,
    SORTS,
    FacetValue,
    SearchRequest,
    SearchResult,
    describe,
    search,
)
from web.access import with_feed_token
from web.feeds import atom_feed, feed_response, feed_search
from web.helpers import get_archive, search_url, settings
from web.timeline import timeline_chart

bp = Blueprint("search", __name__)

PAGE_WINDOW = 2  # page links shown each side of the current page
PAGE_SIZES = (10, 25, 50, 100)
_EPOCH = "1970-01-01T00:00:00+00:00"  # a search feed with no entries was "updated" then


@dataclass
class FacetView:
    """A facet in the sidebar: the values in sight and the rest behind "more"."""

    name: str
    label: str
    shown: list[FacetValue]
    more: list[FacetValue]
    truncated: bool


@dataclass
class Chip:
    label: str
    value: str
    remove_url: str


@bp.get("/")
@bp.get("/search")
def search_page():
    """The search page; other spellings of the same state redirect to the canonical URL."""
    if request.args.get("from_date") or request.args.get("to_date"):
        return redirect_dates()
    try:
        req = SearchRequest.from_params(request.args)
    except QueryError as error:
        return render_error(str(error))
    if request.args and (
        request.path == "/" or list(request.args.items(multi=True)) != req.to_params()
    ):
        return redirect(search_url(req), 302)
    try:
        result = search(get_archive(), req, deadline_s=settings().search_seconds)
    except QueryError as error:
        return render_error(str(error))
    return render_template("search/index.html", **page_context(req, result))


@bp.get("/search.atom")
def search_feed():
    """The newest arrivals matching any search, as an Atom feed (or its HTML twin).

    Only articles with all the words; ``partial=1`` adds those with some of them.
    """
    try:
        req = SearchRequest.from_params(request.args)
        feed_req, result, partial = feed_search(req)
    except QueryError as error:
        abort(400, str(error))
    key = feed_req.with_page(1).query_string()
    self_url = search_url(feed_req, "search.search_feed", _external=True)
    if partial:  # another feed: its own address and id
        self_url, key = with_partial(self_url), with_partial(key)
    self_url = with_feed_token(self_url)
    html_url = search_url(feed_req, _external=True)
    title = f"Search: {describe(req)}"
    xml = atom_feed(
        key,
        describe(req),
        result,
        _EPOCH,
        self_url=self_url,
        html_url=html_url,
        title=title,
        kind="search",
    )
    return feed_response(title, describe(req), result, xml, self_url=self_url, html_url=html_url)


def redirect_dates():
    """The form's from/to dates (inclusive days) as ``after:``/``before:`` in the query text."""
    words = [request.args.get("q", "").strip()]
    for key, field, step in (("from_date", "after", -1), ("to_date", "before", 1)):
        raw = request.args.get(key, "").strip()
        if not raw:
            continue
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            return render_error(f"The {key.replace('_', ' ')} must be a date such as 2023-09-19.")
        words.append(f"{field}:{(day + timedelta(days=step)).isoformat()}")
    args = request.args.copy()
    for key in ("from_date", "to_date", "page"):
        args.pop(key, None)
    args["q"] = " ".join(w for w in words if w)
    try:
        req = SearchRequest.from_params(args)
    except QueryError as error:
        return render_error(str(error))
    return redirect(search_url(req), 303)


def render_error(message: str):
    """The search page with the user's text still in the box and what is wrong with it."""
    raw = request.args.get("q", "")
    try:  # keep the filters if they, unlike the query text, are fine
        rest = SearchRequest.from_params(
            {k: request.args.getlist(k) for k in request.args if k != "q"}
        )
    except QueryError:
        rest = SearchRequest()
    return render_template(
        "search/index.html",
        error=message,
        q=raw[:2000],
        req=None,
        result=None,
        archive_empty=False,
        hidden=hidden_fields(rest),
        page_sizes=sorted({*PAGE_SIZES, rest.per_page}),
        page_size=rest.per_page,
    ), 400


def hidden_fields(req: SearchRequest) -> list[tuple[str, str]]:
    """What the query box's form carries along: filters, sort and page size, not the page."""
    return [(k, v) for k, v in req.with_page(1).to_params() if k not in ("q", "n")]


def page_context(req: SearchRequest, result: SearchResult) -> dict:
    archive_empty = result.total == 0 and get_archive().count() == 0
    shown = settings().facet_values_shown
    return {
        "req": req,
        "q": req.q,
        "result": result,
        "error": None,
        "hidden": hidden_fields(req),
        "archive_empty": archive_empty,
        "archive_path": str(get_archive().path),
        "facets": [facet_view(f, shown) for f in result.facets if f.values],
        "chips": chips(req),
        "clear_url": search_url(req.without_filters()) if req.filters else None,
        "collapse_url": search_url(req.with_collapse(not req.collapse)),
        "sort_links": [
            (SORT_LABELS[s], search_url(req.with_sort(s)), s == req.sort) for s in SORTS
        ],
        "pages": page_links(req, result),
        "timeline": timeline_chart(req, result),
        "suggestion_url": search_url(req.with_query(result.suggestion))
        if result.suggestion
        else None,
        "canonical_url": search_url(req, _external=True),
        "saved_params": req.with_page(1).query_string(),
        "exports": {
            "csv": search_url(req.with_page(1), "exports.search_csv"),
            "jsonl": search_url(req.with_page(1), "exports.search_jsonl"),
            "json": search_url(req, "api.search"),
            "atom": with_feed_token(
                search_url(req.with_page(1).with_sort("relevance"), "search.search_feed")
            ),
        },
        "exports_partial": {
            "csv": with_partial(search_url(req.with_page(1), "exports.search_csv")),
            "jsonl": with_partial(search_url(req.with_page(1), "exports.search_jsonl")),
            "atom": with_feed_token(
                with_partial(
                    search_url(req.with_page(1).with_sort("relevance"), "search.search_feed")
                )
            ),
        }
        if result.partial_total
        else None,
        "export_limit": settings().export_limit,
        "first_rank": (req.page - 1) * req.per_page + 1,
        "page_sizes": sorted({*PAGE_SIZES, req.per_page}),
        "page_size": req.per_page,
    }


def with_partial(url: str) -> str:
    """A feed's or an export's address that also asks for the articles with some words."""
    return url + ("&" if "?" in url else "?") + "partial=1"


def facet_view(facet, shown: int) -> FacetView:
    values = facet.values
    # Selected values always stay in sight, whatever their rank.
    visible = values[:shown] + [v for v in values[shown:] if v.selected]
    more = [v for v in values[shown:] if not v.selected]
    return FacetView(facet.name, facet.label, visible, more, facet.truncated)


def chips(req: SearchRequest) -> list[Chip]:
    return [
        Chip(FACET_LABELS[name], value, search_url(req.toggled(name, value)))
        for name, values in req.filters
        for value in values
    ]


def page_links(req: SearchRequest, result: SearchResult) -> dict | None:
    last = min(result.pages, MAX_PAGE)
    if last <= 1 and req.page == 1:
        return None
    around = range(max(1, req.page - PAGE_WINDOW), min(last, req.page + PAGE_WINDOW) + 1)
    numbers = sorted({1, last, *around} - {0})
    items, previous = [], 0
    for n in numbers:
        if n - previous > 1:
            items.append(None)  # a gap: "…"
        items.append((n, search_url(req.with_page(n)), n == req.page))
        previous = n
    return {
        "items": items,
        "prev": search_url(req.with_page(req.page - 1)) if 1 < req.page <= last + 1 else None,
        "next": search_url(req.with_page(req.page + 1)) if req.page < last else None,
        "first": search_url(req.with_page(1)),
        "last": last,
    }
