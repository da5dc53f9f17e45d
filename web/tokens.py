"""A user's own API tokens (create, list, revoke) and feed link; admins see everyone's."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from archive import accounts, audit
from archive.errors import NotFoundError, QueryError
from web.access import client_address, with_feed_token
from web.helpers import external_url, get_archive

bp = Blueprint("tokens", __name__, url_prefix="/tokens")


@bp.get("")
def index(new_token: str = "", error: str = "", status: int = 200):
    archive, user = get_archive(), g.user
    everyone = user.role == "admin"
    return render_template(
        "auth/tokens.html",
        tokens=accounts.list_tokens(archive, None if everyone else user.name),
        everyone=everyone,
        new_token=new_token,
        error=error,
        feed_example=with_feed_token(external_url("search.search_feed", sort="added")),
    ), status


@bp.post("")
def create():
    archive, user = get_archive(), g.user
    try:
        token, secret = accounts.create_token(archive, user.name, request.form.get("name", ""))
    except QueryError as error:
        return index(error=str(error), status=400)
    audit.record(
        archive, "token created", user.name, f"token {token.id} ({token.name})", client_address()
    )
    return index(new_token=secret)


@bp.post("/<int:token_id>/revoke")
def revoke(token_id: int):
    archive, user = get_archive(), g.user
    try:
        token = accounts.get_token(archive, token_id)
    except NotFoundError as error:
        abort(404, str(error))
    if token.user != user.name and user.role != "admin":
        abort(404, f"There is no token number {token_id} of yours.")
    accounts.revoke_token(archive, token_id)
    detail = f"token {token.id} ({token.name}) of {token.user}"
    audit.record(archive, "token revoked", user.name, detail, client_address())
    return redirect(url_for("tokens.index"), 303)


@bp.post("/feed/reset")
def reset_feed():
    archive, user = get_archive(), g.user
    accounts.reset_feed_token(archive, user.name)
    audit.record(archive, "feed token reset", user.name, "", client_address())
    return redirect(url_for("tokens.index"), 303)
