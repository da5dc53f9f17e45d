"""Named saved searches: create from the current search, list, delete, and an Atom feed each."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from archive import audit, saved
from archive.errors import NotFoundError, QueryError
from archive.search import SearchRequest, describe
from web.access import client_address, with_feed_token
from web.feeds import atom_feed, feed_response, feed_search
from web.helpers import external_url, get_archive, search_url

bp = Blueprint("saved", __name__, url_prefix="/saved")


def get_saved(name: str) -> tuple[str, SearchRequest, str]:
    try:
        return saved.load(get_archive(), name, g.user)
    except NotFoundError as error:
        abort(404, str(error))


@bp.get("")
def index(error: str | None = None, name: str = "", params: str = "", confirm: dict | None = None):
    entries = []
    for entry in saved.entries(get_archive(), g.user):
        try:
            req = SearchRequest.from_query_string(entry.params)
        except QueryError:
            req = SearchRequest()
        entries.append(
            {
                "name": entry.name,
                "created": entry.created,
                "owner": entry.owner,
                "shared": entry.shared,
                "mine": g.user is not None and entry.owner_id == g.user.id,
                "changeable": saved.can_change(g.user, entry),
                "description": describe(req),
                "url": search_url(req),
                "feed_url": with_feed_token(url_for("saved.feed", name=entry.name)),
                "delete_url": url_for("saved.delete", name=entry.name),
                "rename_url": url_for("saved.rename", name=entry.name),
            }
        )
    status = 409 if confirm else 400 if error else 200
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
        _, req, _ = saved.load(get_archive(), name, g.user)
    except (NotFoundError, QueryError):
        return None
    return f"{action.capitalize()} “{name}”: {describe(req)}."


@bp.post("")
def create():
    params = request.form.get("params", "")
    name_raw = request.form.get("name", "")
    replace = request.form.get("replace") == "1"
    shared = request.form.get("private") != "1"
    expected = request.form.get("expected") if replace else None
    archive = get_archive()
    try:
        new_req = SearchRequest.from_query_string(saved.check_params(params))
        existed = saved.exists(archive, saved.check_name(name_raw))
        stored = saved.save(archive, name_raw, new_req, replace, g.user, shared, expected)
    except saved.NameTakenError as error:
        name = saved.check_name(name_raw)
        old = saved.find(archive, name)
        if isinstance(error, saved.ChangedMeanwhileError):
            replace = False  # ask again, showing what it holds now
        if replace or not saved.visible(g.user, old) or not saved.can_change(g.user, old):
            # someone else's: not ours to replace (a private one: the name is all we say)
            return index(error=str(error), name=name, params=params[:4000])
        old_req, created = SearchRequest.from_query_string(old.params), old.created
        confirm = {
            "name": name,
            "old": describe(old_req),
            "new": describe(new_req),
            "created": created,
            "expected": old.params,
            "private": not shared,
        }
        meanwhile = str(error) if isinstance(error, saved.ChangedMeanwhileError) else None
        return index(error=meanwhile, name=name, params=params[:4000], confirm=confirm)
    except QueryError as error:
        return index(error=str(error), name=name_raw[: saved.MAX_NAME], params=params[:4000])
    _audit("saved search " + ("replaced" if existed else "saved"), stored, params)
    done = "replaced" if existed else "saved"
    return redirect(url_for("saved.index", done=done, name=stored, _anchor="saved-done"), 303)


@bp.post("/<name>/rename")
def rename(name: str):
    new_raw = request.form.get("new_name", "")
    try:
        stored = saved.rename(get_archive(), name, new_raw, g.user)
    except NotFoundError as error:
        abort(404, str(error))
    except saved.NotYoursError as error:
        abort(403, str(error))
    except QueryError as error:
        return index(error=str(error), name=new_raw[: saved.MAX_NAME])
    _audit("saved search renamed", f"{name} -> {stored}")
    return redirect(url_for("saved.index", done="renamed", name=stored, _anchor="saved-done"), 303)


@bp.post("/<name>/delete")
def delete(name: str):
    try:
        if not saved.delete(get_archive(), name, g.user):
            abort(404, f"There is no saved search named {name[: saved.MAX_NAME]!r}.")
    except saved.NotYoursError as error:
        abort(403, str(error))
    _audit("saved search deleted", name)
    return redirect(url_for("saved.index"), 303)


def _audit(action: str, name: str, params: str = "") -> None:
    detail = f"{name} ({params})" if params else name
    user = g.user.name if g.user else ""
    audit.record(get_archive(), action, user, detail[:500], client_address())


@bp.get("/<name>/feed.atom")
def feed(name: str):
    """The newest matches of a saved search (by date added) as an Atom feed.

    Only articles with all the words; ``partial=1`` adds those with some of them.
    """
    name, saved_req, created = get_saved(name)
    _, result, partial = feed_search(saved_req)
    self_url = with_feed_token(
        external_url("saved.feed", name=name, **({"partial": "1"} if partial else {}))
    )
    html_url = search_url(saved_req.with_sort("added"), _external=True)
    subtitle = describe(saved_req)
    kind = "saved-search-partial" if partial else "saved-search"  # another feed, another id
    xml = atom_feed(
        name, subtitle, result, created, self_url=self_url, html_url=html_url, kind=kind
    )
    return feed_response(
        f"Saved search: {name}", subtitle, result, xml, self_url=self_url, html_url=html_url
    )
