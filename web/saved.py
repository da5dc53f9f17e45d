"""Named saved searches: create from the current search, list, delete, and an Atom feed each."""

from __future__ import annotations

import unicodedata
from urllib.parse import parse_qsl

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from archive.errors import QueryError
from archive.search import FACET_LABELS, SORT_LABELS, SearchRequest, search
from web.feeds import atom_feed
from web.helpers import get_archive, search_url

bp = Blueprint("saved", __name__, url_prefix="/saved")

MAX_NAME = 80


def saved_request(params: str) -> SearchRequest:
    return SearchRequest.from_params(_multi(params))


def _multi(params: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in parse_qsl(params, keep_blank_values=False):
        out.setdefault(key, []).append(value)
    return out


def describe(req: SearchRequest) -> str:
    """A one-line summary of a search: its words and its filters."""
    parts = [f"“{req.q}”"] if req.q else ["everything"]
    parts += [f"{FACET_LABELS[name]}: {' or '.join(values)}" for name, values in req.filters]
    if req.sort != "relevance":
        parts.append(f"sorted: {SORT_LABELS[req.sort].lower()}")
    return " · ".join(parts)


def check_name(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise QueryError("Give the saved search a name, e.g. “Karabakh 2023”.")
    if len(name) > MAX_NAME:
        raise QueryError(f"The name is longer than {MAX_NAME} characters: shorten it.")
    if "/" in name or any(unicodedata.category(c).startswith("C") for c in name):
        raise QueryError("A name cannot contain “/” or control characters.")
    return name


def get_saved(name: str) -> tuple[str, SearchRequest, str]:
    for saved_name, params, created in get_archive().saved_searches():
        if saved_name == name:
            return saved_name, saved_request(params), created
    abort(404, f"There is no saved search named {name[:MAX_NAME]!r}.")


@bp.get("")
def index(error: str | None = None, name: str = "", params: str = ""):
    entries = []
    for saved_name, raw, created in get_archive().saved_searches():
        try:
            req = saved_request(raw)
        except QueryError:
            req = SearchRequest()
        entries.append(
            {
                "name": saved_name,
                "created": created,
                "description": describe(req),
                "url": search_url(req),
                "feed_url": url_for("saved.feed", name=saved_name),
                "delete_url": url_for("saved.delete", name=saved_name),
            }
        )
    status = 400 if error else 200
    return render_template(
        "saved/index.html", entries=entries, error=error, name=name, params=params
    ), status


@bp.post("")
def create():
    params = request.form.get("params", "")
    name_raw = request.form.get("name", "")
    try:
        name = check_name(name_raw)
        req = saved_request(params).with_page(1)
        req.tree()  # the query text must parse, too
    except QueryError as error:
        return index(error=str(error), name=name_raw[:MAX_NAME], params=params[:4000])
    get_archive().save_search(name, req.query_string())
    return redirect(url_for("saved.index", _anchor="saved-list"), 303)


@bp.post("/<name>/delete")
def delete(name: str):
    if not get_archive().delete_saved_search(name):
        abort(404, f"There is no saved search named {name[:MAX_NAME]!r}.")
    return redirect(url_for("saved.index"), 303)


@bp.get("/<name>/feed.atom")
def feed(name: str):
    """The newest matches of a saved search (by publication date) as an Atom feed."""
    name, saved_req, created = get_saved(name)
    limit = current_app.config["FEED_ENTRIES"]
    req = SearchRequest(
        q=saved_req.q, filters=saved_req.filters, sort="added", page=1, per_page=min(limit, 100)
    )
    result = search(get_archive(), req, with_snippets=False)
    xml = atom_feed(
        name,
        describe(saved_req),
        result,
        created,
        self_url=url_for("saved.feed", name=name, _external=True),
        html_url=search_url(saved_req.with_sort("added"), _external=True),
    )
    return Response(xml, mimetype="application/atom+xml")
