"""The login and logout pages, and the failed-login throttle.

Failed logins are counted per name and per client address in the audit log; past
the limit, logins wait (429) whatever the password. The message is the same
whether or not the name exists, and so is the time it takes.
"""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for

from archive import accounts, audit
from web import sessions
from web.access import client_address
from web.helpers import get_archive, settings

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
        idle_minutes=settings().session_idle_minutes,
    ), status


@bp.post("/login")
def login_post():
    archive = get_archive()
    name = request.form.get("name", "").strip()[:200]
    password = request.form.get("password", "")
    address = client_address()
    if throttled(name, address):
        audit.record(archive, "login throttled", name, "", address)
        minutes = settings().login_throttle_minutes
        return _page(THROTTLED.format(minutes=minutes), name, 429)
    user = accounts.authenticate(archive, name, password)
    if user is None:
        audit.record(archive, audit.LOGIN_FAILED, name, "", address)
        return _page(WRONG, name, 401)
    sessions.start(user)
    audit.record(archive, "login", user.name, user.role, address)
    return redirect(_safe_next(request.form.get("next", "")) or url_for("search.search_page"), 303)


def throttled(name: str, address: str) -> bool:
    chosen, archive = settings(), get_archive()
    minutes = chosen.login_throttle_minutes
    return (
        audit.failures_since(archive, minutes, user=name) >= chosen.login_failures_per_account
        or audit.failures_since(archive, minutes, address=address)
        >= chosen.login_failures_per_address
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
