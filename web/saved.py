"""Named saved searches: create from the current search, list, delete, and an Atom feed each."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    redirect,
    render_template,
    request,
    url_for,
)

from archive import saved
from archive.errors import NotFoundError, QueryError
from archive.search import SearchRequest, describe
from web.feeds import atom_feed, feed_response, feed_search
from web.helpers import external_url, get_archive, search_url

bp = Blueprint("saved", __name__, url_prefix="/saved")


def get_saved(name: str) -> tuple[str, SearchRequest, str]:
    try:
        return saved.load(get_archive(), name)
    except NotFoundError as error:
        abort(404, str(error))


@bp.get("")
def index(error: str | None = None, name: str = "", params: str = "", confirm: dict | None = None):
    entries = []
    for saved_name, raw, created in saved.list_saved(get_archive()):
        try:
            req = SearchRequest.from_query_string(raw)
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
                "rename_url": url_for("saved.rename", name=saved_name),
            }
        )
    status = 400 if error else 409 if confirm else 200
    done = _done_message(request.args.get("done", ""), request.args.get("name", ""))
    return render_template(
        "saved/index.html",
        entries=entries,
        error=error,
        name=name,
        params=params,
        confirm=confirm,
        done=done,
    ), status


def _done_message(action: str, name: str) -> str | None:
    """The confirmation shown after a save, replace or rename (from the redirect's URL)."""
    if action not in ("saved", "replaced", "renamed") or not name:
        return None
    try:
        _, req, _ = saved.load(get_archive(), name)
    except (NotFoundError, QueryError):
        return None
    return f"{action.capitalize()} “{name}”: {describe(req)}."


@bp.post("")
def create():
    params = request.form.get("params", "")
    name_raw = request.form.get("name", "")
    replace = request.form.get("replace") == "1"
    archive = get_archive()
    try:
        new_req = SearchRequest.from_query_string(params)
        existed = saved.exists(archive, saved.check_name(name_raw))
        stored = saved.save(archive, name_raw, new_req, replace=replace)
    except saved.NameTakenError:
        name = saved.check_name(name_raw)
        _, old_req, created = saved.load(archive, name)
        confirm = {
            "name": name,
            "old": describe(old_req),
            "new": describe(new_req),
            "created": created,
        }
        return index(name=name, params=params[:4000], confirm=confirm)
    except QueryError as error:
        return index(error=str(error), name=name_raw[: saved.MAX_NAME], params=params[:4000])
    done = "replaced" if existed else "saved"
    return redirect(url_for("saved.index", done=done, name=stored, _anchor="saved-done"), 303)


@bp.post("/<name>/rename")
def rename(name: str):
    new_raw = request.form.get("new_name", "")
    try:
        stored = saved.rename(get_archive(), name, new_raw)
    except NotFoundError as error:
        abort(404, str(error))
    except QueryError as error:
        return index(error=str(error), name=new_raw[: saved.MAX_NAME])
    return redirect(url_for("saved.index", done="renamed", name=stored, _anchor="saved-done"), 303)


@bp.post("/<name>/delete")
def delete(name: str):
    if not saved.delete(get_archive(), name):
        abort(404, f"There is no saved search named {name[: saved.MAX_NAME]!r}.")
    return redirect(url_for("saved.index"), 303)


@bp.get("/<name>/feed.atom")
def feed(name: str):
    """The newest matches of a saved search (by date added) as an Atom feed.

    Only articles with all the words; ``partial=1`` adds those with some of them.
    """
    name, saved_req, created = get_saved(name)
    _, result, partial = feed_search(saved_req)
    self_url = external_url("saved.feed", name=name, **({"partial": "1"} if partial else {}))
    html_url = search_url(saved_req.with_sort("added"), _external=True)
    subtitle = describe(saved_req)
    kind = "saved-search-partial" if partial else "saved-search"  # another feed, another id
    xml = atom_feed(
        name, subtitle, result, created, self_url=self_url, html_url=html_url, kind=kind
    )
    return feed_response(
        f"Saved search: {name}", subtitle, result, xml, self_url=self_url, html_url=html_url
    )
