"""Who may open which address: every route's minimum role, checked in one place.

``RULES`` names every endpoint of the app; ``check_access`` (one ``before_request``
hook) finds who is asking and refuses what their role does not allow. A route
missing from the table is open to admins only (and fails the route-table test).

Who is asking, in order: an ``Authorization: Bearer`` API token (only on the
routes marked ``tokens``: the JSON API, exports, feeds), a ``feed_token`` in the
query string (only on feeds), else the session cookie. Without any of these:
an archive with no accounts served on a loopback address is open to the local
user (as an editor); ``PUBLIC_READ`` lets anyone read; otherwise one must log in.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, abort, g, redirect, request, url_for

from archive import accounts, audit
from web import sessions
from web.errors import wants_json
from web.helpers import get_archive, settings

PUBLIC, VIEWER, EDITOR, ADMIN = "public", "viewer", "editor", "admin"
_RANK = {PUBLIC: 0, VIEWER: 1, EDITOR: 2, ADMIN: 3}


@dataclass(frozen=True)
class Rule:
    role: str
    tokens: bool = False  # an API token may be used (scripts)
    feed: bool = False  # a user's feed token may be used (feed readers)
    account: bool = False  # needs a real account (the open local mode has none)


RULES: dict[str, Rule] = {
    "static": Rule(PUBLIC),
    "auth.login": Rule(PUBLIC),
    "auth.login_post": Rule(PUBLIC),
    "auth.logout": Rule(PUBLIC),
    "search.search_page": Rule(VIEWER),
    "search.search_feed": Rule(VIEWER, tokens=True, feed=True),
    "exports.search_csv": Rule(VIEWER, tokens=True),
    "exports.search_jsonl": Rule(VIEWER, tokens=True),
    "coverage.coverage_csv": Rule(VIEWER, tokens=True),
    "articles.show": Rule(VIEWER),
    "articles.diff": Rule(VIEWER),
    "articles.version_text": Rule(VIEWER),
    "articles.compare": Rule(VIEWER),
    "articles.show_csv": Rule(VIEWER, tokens=True),
    "articles.original": Rule(VIEWER, tokens=True),
    "curation.correct": Rule(EDITOR),
    "curation.reject": Rule(EDITOR),
    "curation.revert": Rule(EDITOR),
    "curation.note": Rule(EDITOR),
    "curation.delete": Rule(EDITOR),
    "curation.restore": Rule(EDITOR),
    "curation.trash_page": Rule(EDITOR),
    "curation.bulk_tag": Rule(EDITOR),
    "api.search": Rule(VIEWER, tokens=True),
    "api.article": Rule(VIEWER, tokens=True),
    "api.openapi": Rule(VIEWER, tokens=True),
    "saved.index": Rule(VIEWER),
    "saved.feed": Rule(VIEWER, tokens=True, feed=True),
    "saved.create": Rule(EDITOR),
    "saved.rename": Rule(EDITOR),
    "saved.delete": Rule(EDITOR),
    "uploads.page": Rule(EDITOR),
    "uploads.upload": Rule(EDITOR),
    "uploads.save_article": Rule(EDITOR, tokens=True),
    "tokens.index": Rule(VIEWER, account=True),
    "tokens.create": Rule(VIEWER, account=True),
    "tokens.revoke": Rule(VIEWER, account=True),
    "tokens.reset_feed": Rule(VIEWER, account=True),
    "admin.users": Rule(ADMIN, account=True),
    "admin.add_user": Rule(ADMIN, account=True),
    "admin.set_role": Rule(ADMIN, account=True),
    "admin.reset_password": Rule(ADMIN, account=True),
    "admin.remove_user": Rule(ADMIN, account=True),
    "admin.log": Rule(ADMIN, account=True),
}
NO_RULE = Rule(ADMIN, account=True)  # unlisted: admins only, until it has its row
FEED_TOKEN_PARAM = "feed_token"


def init_app(app: Flask) -> None:
    app.before_request(check_access)
    app.jinja_env.globals.update(current_user=current_user, may=may)


def current_user() -> accounts.User | None:
    return g.get("user")


def may(role: str) -> bool:
    """Whether whoever is asking has ``role``'s rights (templates hide what they lack)."""
    return _RANK[g.get("role", PUBLIC)] >= _RANK[role]


def with_feed_token(url: str) -> str:
    """A feed's URL carrying the logged-in user's feed token (for their feed reader)."""
    user = g.get("user")
    if user is None:
        return url
    return f"{url}{'&' if '?' in url else '?'}{FEED_TOKEN_PARAM}={user.feed_token}"


def client_address() -> str:
    """The client's address; behind a proxy on this machine, the one it forwarded."""
    address = request.remote_addr or ""
    forwarded = request.headers.get("X-Forwarded-For", "")
    if forwarded and address in ("127.0.0.1", "::1"):
        return forwarded.rsplit(",", 1)[-1].strip()[:100]
    return address


def check_access():
    """The one hook: who is asking, and may their role open this route?"""
    if request.endpoint is None:  # no such route: its 404 or 405 needs no rights
        rule = Rule(PUBLIC)
    else:
        rule = RULES.get(request.endpoint, NO_RULE)
    if rule.role == PUBLIC:
        g.user = sessions.load_user()
        g.role = g.user.role if g.user else PUBLIC
    else:
        g.user, g.role, via = _identify(rule)
        if g.user is None and (rule.account or _RANK[g.role] < _RANK[rule.role]):
            return _login_required()  # anonymous: an account may have the rights
        if _RANK[g.role] < _RANK[rule.role]:
            abort(403, f"Your role ({g.role}) cannot do this: it needs {rule.role} rights.")
        if via == "token":
            return None  # no cookie involved: nothing to forge
    sessions.check_csrf()
    return None


def _identify(rule: Rule) -> tuple[accounts.User | None, str, str]:
    """(user, role, how): from a token, a feed token, the session, or the archive's mode."""
    archive = get_archive()
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if not rule.tokens:
            abort(403, "API tokens work only on the JSON API, the exports and the feeds: log in.")
        secret = secret.strip()
        if secret[:7].lower() == "bearer ":  # "Bearer " typed into SingleFile's token field too
            secret = secret[7:].strip()
        use = accounts.use_token(archive, secret) if scheme.lower() == "bearer" else None
        if use is None:
            abort(401, "That API token is not valid (wrong, revoked, or its user was removed).")
        if use.first_today:
            audit.record(
                archive,
                "token used",
                use.user.name,
                f"token {use.token.id} ({use.token.name})",
                client_address(),
            )
        return use.user, use.user.role, "token"
    feed_token = request.args.get(FEED_TOKEN_PARAM)
    if feed_token is not None:
        if not rule.feed:
            abort(403, "A feed token opens only feeds: log in for this page.")
        user = accounts.user_for_feed_token(archive, feed_token)
        if user is None:
            abort(401, "That feed link is no longer valid: copy the feed link again.")
        return user, VIEWER, "feed"
    user = sessions.load_user()
    if user is not None:
        return user, user.role, "session"
    return None, anonymous_role(), "anonymous"


def anonymous_role() -> str:
    """Open (editor) with no accounts on loopback; viewer with PUBLIC_READ; else nothing."""
    from web.hosts import is_loopback

    chosen = settings()
    if not accounts.count_users(get_archive()) and is_loopback(chosen.host):
        return EDITOR
    return VIEWER if chosen.public_read else PUBLIC


def _login_required():
    if request.method == "GET" and not wants_json():
        expired = 1 if g.get("session_expired") else None
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?"), expired=expired))
    abort(401, "Log in first (or send an API token: Authorization: Bearer TOKEN).")
