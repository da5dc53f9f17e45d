"""Admin pages: users (add, change role, reset password, remove) and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from archive import accounts, audit
from archive.errors import NotFoundError, QueryError
from web.access import client_address
from web.helpers import get_archive

bp = Blueprint("admin", __name__, url_prefix="/admin")
LOG_DAYS = (1, 7, 30, 365)


@bp.get("/users")
def users(error: str = "", done: str = "", status: int = 200):
    return render_template(
        "admin/users.html",
        users=accounts.list_users(get_archive()),
        roles=accounts.ROLES,
        error=error,
        done=done or request.args.get("done", ""),
        min_password=accounts.MIN_PASSWORD,
    ), status


def _change(action: str, change, name: str, *args, detail: str = ""):
    """Run one user change, record it, and come back to the users page (or say why not)."""
    try:
        change(get_archive(), name, *args)
    except NotFoundError as error:
        abort(404, str(error))
    except QueryError as error:
        return users(error=str(error), status=400)
    audit.record(get_archive(), action, g.user.name, f"{name}{detail}", client_address())
    return redirect(url_for("admin.users", done=f"{action}: {name}{detail}"), 303)


@bp.post("/users")
def add_user():
    form = request.form
    role = form.get("role", "")
    add = accounts.add_user
    return _change(
        "user added", add, form.get("name", ""), role, form.get("password", ""), detail=f" ({role})"
    )


@bp.post("/users/<name>/role")
def set_role(name: str):
    role = request.form.get("role", "")
    return _change("role changed", accounts.set_role, name, role, detail=f" -> {role}")


@bp.post("/users/<name>/password")
def reset_password(name: str):
    return _change(
        "password reset", accounts.reset_password, name, request.form.get("password", "")
    )


@bp.post("/users/<name>/remove")
def remove_user(name: str):
    return _change("user removed", accounts.remove_user, name)


@bp.get("/log")
def log():
    days = request.args.get("days", type=int) or 7
    user = request.args.get("user", "").strip()
    since = datetime.now(UTC) - timedelta(days=days)
    return render_template(
        "admin/log.html",
        entries=audit.entries(get_archive(), since=since, user=user or None, limit=2000),
        days=days,
        day_choices=LOG_DAYS,
        user=user,
    )
