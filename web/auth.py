"""The login and logout pages, and the failed-login throttle.

Failed logins are counted per name and per client address in the audit log; past
the limit, logins wait (429) whatever the password. The message is the same
whether or not the name exists, and so is the time it takes.
"""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for

from archive import accounts, audit
from web import sessions
from web.access import client_address
from web.helpers import get_archive

bp = Blueprint("auth", __name__)

WRONG = "Wrong name or password."
THROTTLED = (
    "Too many failed logins for this name or from this address: wait {minutes} minutes, "
    "then try again (or ask an admin to reset the password)."
)


@bp.get("/login")
def login():
    return _page()


def _page(error: str = "", name: str = "", status: int = 200):
    expired = g.get("session_expired", False) or request.args.get("expired") == "1"
    no_accounts = not accounts.count_users(get_archive())
    return render_template(
        "auth/login.html",
        error=error,
        name=name,
        next=_safe_next(request.values.get("next", "")),
        expired=expired and not error,
        no_accounts=no_accounts,
        idle_minutes=current_app.config["SESSION_IDLE_MINUTES"],
    ), status


@bp.post("/login")
def login_post():
    archive = get_archive()
    name = request.form.get("name", "").strip()[:200]
    password = request.form.get("password", "")
    address = client_address()
    if throttled(name, address):
        audit.record(archive, "login throttled", name, "", address)
        minutes = current_app.config["LOGIN_THROTTLE_MINUTES"]
        return _page(THROTTLED.format(minutes=minutes), name, 429)
    user = accounts.authenticate(archive, name, password)
    if user is None:
        audit.record(archive, audit.LOGIN_FAILED, name, "", address)
        return _page(WRONG, name, 401)
    sessions.start(user)
    audit.record(archive, "login", user.name, user.role, address)
    return redirect(_safe_next(request.form.get("next", "")) or url_for("search.search_page"), 303)


def throttled(name: str, address: str) -> bool:
    config = current_app.config
    minutes = config["LOGIN_THROTTLE_MINUTES"]
    archive = get_archive()
    return (
        audit.failures_since(archive, minutes, user=name) >= config["LOGIN_FAILURES_PER_ACCOUNT"]
        or audit.failures_since(archive, minutes, address=address)
        >= config["LOGIN_FAILURES_PER_ADDRESS"]
    )


@bp.post("/logout")
def logout():
    user = g.get("user")
    if user is not None:
        audit.record(get_archive(), "logout", user.name, "", client_address())
    sessions.end()
    return redirect(url_for("auth.login"), 303)


def _safe_next(target: str) -> str:
    """A path on this site only (never ``//other.example`` or a full URL)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target[:2000]
    return ""
