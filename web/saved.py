"""Named saved searches: create from the current search, list, delete, and an Atom feed each."""

from __future__ import annotations

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

from archive import saved
from archive.errors import NotFoundError, QueryError
from archive.search import SearchRequest, search
from web.feeds import atom_feed
from web.helpers import get_archive, search_url

bp = Blueprint("saved", __name__, url_prefix="/saved")


def get_saved(name: str) -> tuple[str, SearchRequest, str]:
    try:
        return saved.load(get_archive(), name)
    except NotFoundError as error:
        abort(404, str(error))


@bp.get("")
def index(error: str | None = None, name: str = "", params: str = ""):
    entries = []
    for saved_name, raw, created in get_archive().saved_searches():
        try:
            req = saved.request_from_params(raw)
        except QueryError:
            req = SearchRequest()
        entries.append(
            {
                "name": saved_name,
                "created": created,
                "description": saved.describe(req),
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
        saved.save(get_archive(), name_raw, saved.request_from_params(params))
    except QueryError as error:
        return index(error=str(error), name=name_raw[: saved.MAX_NAME], params=params[:4000])
    return redirect(url_for("saved.index", _anchor="saved-list"), 303)


@bp.post("/<name>/delete")
def delete(name: str):
    if not get_archive().delete_saved_search(name):
        abort(404, f"There is no saved search named {name[: saved.MAX_NAME]!r}.")
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
        saved.describe(saved_req),
        result,
        created,
        self_url=url_for("saved.feed", name=name, _external=True),
        html_url=search_url(saved_req.with_sort("added"), _external=True),
    )
    return Response(xml, mimetype="application/atom+xml")
