"""Login sessions in signed cookies, and the CSRF token every form carries.

The cookie (signed with the archive's secret key, ``HttpOnly``, ``SameSite=Lax``,
``Secure`` when the base URL is https) holds the user's id, their session key
(changed when their password is reset, so old sessions end), the time of their
last request (an idle session ends after ``SESSION_IDLE_MINUTES``) and the CSRF
token. The user is looked up on every request: a removed user is out at once.
"""

from __future__ import annotations

import hmac
import secrets
import time

from flask import Flask, abort, g, request, session
from markupsafe import Markup

from archive import accounts
from archive.secret_key import load_secret_key
from web.helpers import get_archive, settings

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
CSRF_REFUSED = (
    "Refused: this form did not carry the archive's security token (it is old, or it did "
    "not come from this archive's page). Reload the page and send it again."
)


def init_app(app: Flask) -> None:
    chosen = app.extensions["settings"]
    if not app.config.get("SECRET_KEY"):
        app.secret_key = load_secret_key(chosen.archive_dir)
    base = chosen.base_url or ""
    app.config.update(
        SESSION_COOKIE_NAME="archive_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=base.startswith("https://"),
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    app.jinja_env.globals.update(csrf_token=csrf_token, csrf_field=csrf_field)


def start(user: accounts.User) -> None:
    """A new session for ``user`` (a fresh cookie: nothing from before the login survives)."""
    session.clear()
    session.update(uid=user.id, key=user.session_key, seen=int(time.time()))
    session[CSRF_FIELD] = secrets.token_urlsafe(24)


def end() -> None:
    session.clear()


def load_user() -> accounts.User | None:
    """The logged-in user, or None (no session, idle too long, key changed, user removed)."""
    if "uid" not in session:
        return None
    now = int(time.time())
    idle = settings().session_idle_minutes * 60
    seen = session.get("seen", 0)
    if not isinstance(seen, int) or now - seen > idle:
        session.clear()
        g.session_expired = True
        return None
    user = accounts.user_for_session(get_archive(), session.get("uid"), session.get("key"))
    if user is None:
        session.clear()
        return None
    if now - seen >= min(60, idle / 4):  # not a new cookie on every request
        session["seen"] = now
    return user


def csrf_token() -> str:
    """This session's CSRF token (made on first use: an anonymous form has one too)."""
    if CSRF_FIELD not in session:
        session[CSRF_FIELD] = secrets.token_urlsafe(24)
    return session[CSRF_FIELD]


def csrf_field() -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, csrf_token())


def check_csrf() -> None:
    """Every POST carries the session's token (form field or header): 403 otherwise."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    sent = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    expected = session.get(CSRF_FIELD) or ""
    if not expected or not hmac.compare_digest(str(sent), str(expected)):
        abort(403, CSRF_REFUSED)
