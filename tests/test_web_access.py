"""Every route and method of the app × every kind of caller → the expected status.

The table below is written by hand: a route added to the app without a row here
fails ``test_every_route_and_method_has_a_row``. Callers: anonymous, a viewer, an
editor and an admin (each logged in through the login form), a wrong API token,
a revoked one, and the viewer's feed token.
"""

from __future__ import annotations

import io
import shutil

import pytest

from archive import accounts, saved
from archive.search import SearchRequest
from tests.support import app_settings, with_csrf

CALLERS = ("anonymous", "viewer", "editor", "admin", "wrong token", "revoked token", "feed token")
PASSWORD = "correct horse battery"
UPLOADED = b"<html><head><title>Uploaded</title></head><body><p>An uploaded page.</p></body></html>"

# (method, rule) -> statuses in the order of CALLERS
A, V, E, D = "anonymous", "viewer", "editor", "admin"
ROWS: dict[tuple[str, str], tuple[int, ...]] = {
    # public: the login page and static files
    ("GET", "/static/<path:filename>"): (200, 200, 200, 200, 200, 200, 200),
    ("GET", "/login"): (200, 200, 200, 200, 200, 200, 200),
    # a wrong password for everyone; token callers have no session, so no CSRF token
    ("POST", "/login"): (401, 401, 401, 401, 403, 403, 403),
    ("POST", "/logout"): (303, 303, 303, 303, 403, 403, 403),
    # viewer pages: tokens are refused (403), anonymous is sent to the login page
    ("GET", "/"): (302, 200, 200, 200, 403, 403, 403),
    ("GET", "/search"): (302, 200, 200, 200, 403, 403, 403),
    ("GET", "/articles/<record_id>"): (302, 200, 200, 200, 403, 403, 403),
    ("GET", "/articles/<record_id>/diff"): (302, 200, 200, 200, 403, 403, 403),
    ("GET", "/articles/<record_id>/versions/<sha256>.txt"): (302, 200, 200, 200, 403, 403, 403),
    ("GET", "/articles/<record_id>/compare/<other_id>"): (302, 200, 200, 200, 403, 403, 403),
    ("GET", "/saved"): (302, 200, 200, 200, 403, 403, 403),
    # exports and the API: API tokens are checked (401 when bad); feed tokens refused
    ("GET", "/search.csv"): (302, 200, 200, 200, 401, 401, 403),
    ("GET", "/search.jsonl"): (401, 200, 200, 200, 401, 401, 403),
    ("GET", "/coverage.csv"): (302, 200, 200, 200, 401, 401, 403),
    ("GET", "/articles/<record_id>.csv"): (302, 200, 200, 200, 401, 401, 403),
    ("GET", "/articles/<record_id>/original"): (302, 200, 200, 200, 401, 401, 403),
    ("GET", "/api/search"): (401, 200, 200, 200, 401, 401, 403),
    ("GET", "/api/articles/<record_id>"): (401, 200, 200, 200, 401, 401, 403),
    ("GET", "/api/openapi.json"): (401, 200, 200, 200, 401, 401, 403),
    # feeds: the feed token opens them
    ("GET", "/search.atom"): (302, 200, 200, 200, 401, 401, 200),
    ("GET", "/saved/<name>/feed.atom"): (302, 200, 200, 200, 401, 401, 200),
    # editor: saved searches (the target is the editor's own)
    ("POST", "/saved"): (401, 403, 303, 303, 403, 403, 403),
    ("POST", "/saved/<name>/rename"): (401, 403, 303, 303, 403, 403, 403),
    ("POST", "/saved/<name>/delete"): (401, 403, 303, 303, 403, 403, 403),
    # editor: uploads (the page: a session; the API: a token too); the admin's is a duplicate
    ("GET", "/upload"): (302, 403, 200, 200, 403, 403, 403),
    ("POST", "/upload"): (401, 403, 200, 200, 403, 403, 403),
    ("POST", "/api/articles"): (401, 403, 201, 200, 401, 401, 403),
    # editor: corrections, the note, the trash (an empty form changes nothing: 303, or 400
    # where it must name something)
    ("POST", "/articles/<record_id>/correct"): (401, 403, 303, 303, 403, 403, 403),
    ("POST", "/articles/<record_id>/reject"): (401, 403, 400, 400, 403, 403, 403),
    ("POST", "/articles/<record_id>/revert"): (401, 403, 400, 400, 403, 403, 403),
    ("POST", "/articles/<record_id>/note"): (401, 403, 303, 303, 403, 403, 403),
    ("POST", "/articles/<record_id>/delete"): (401, 403, 303, 303, 403, 403, 403),
    ("POST", "/articles/<record_id>/restore"): (401, 403, 303, 303, 403, 403, 403),
    ("GET", "/articles/trash"): (302, 403, 200, 200, 403, 403, 403),
    ("POST", "/articles/bulk-tag"): (401, 403, 400, 400, 403, 403, 403),
    # any account: its own tokens (the token revoked is the viewer's: not the editor's)
    ("GET", "/tokens"): (302, 200, 200, 200, 403, 403, 403),
    ("POST", "/tokens"): (401, 200, 200, 200, 403, 403, 403),
    ("POST", "/tokens/<int:token_id>/revoke"): (401, 303, 404, 303, 403, 403, 403),
    ("POST", "/tokens/feed/reset"): (401, 303, 303, 303, 403, 403, 403),
    # admin
    ("GET", "/admin/users"): (302, 403, 403, 200, 403, 403, 403),
    ("POST", "/admin/users"): (401, 403, 403, 303, 403, 403, 403),
    ("POST", "/admin/users/<name>/role"): (401, 403, 403, 303, 403, 403, 403),
    ("POST", "/admin/users/<name>/password"): (401, 403, 403, 303, 403, 403, 403),
    ("POST", "/admin/users/<name>/remove"): (401, 403, 403, 303, 403, 403, 403),
    ("GET", "/admin/log"): (302, 403, 403, 200, 403, 403, 403),
}


@pytest.fixture(scope="module")
def site(built_archive, tmp_path_factory):
    """An app over a copy of the test archive with a viewer, an editor and an admin."""
    from app import create_app

    folder = tmp_path_factory.mktemp("access") / "archive"
    shutil.copytree(built_archive, folder)
    app = create_app(app_settings(folder))
    archive = app.extensions["news_archive"]
    for name, role in (("vera", "viewer"), ("eddie", "editor"), ("ada", "admin")):
        accounts.add_user(archive, name, role, PASSWORD)
    revoked, revoked_secret = accounts.create_token(archive, "vera", "old script")
    accounts.revoke_token(archive, revoked.id)
    sessions = {}
    for caller, name in ((V, "vera"), (E, "eddie"), (D, "ada")):
        client = with_csrf(app.test_client())
        client.environ_base["HTTP_ORIGIN"] = "http://localhost"
        response = client.post("/login", data={"name": name, "password": PASSWORD})
        assert response.status_code == 303, response.get_data(as_text=True)
        with client.session_transaction() as session:
            sessions[caller] = (client.get_cookie("archive_session").value, session["csrf_token"])
    yield app, archive, sessions, revoked_secret
    app.extensions["uploader"].close()
    archive.close()


def client_for(app, archive, sessions, revoked_secret, caller: str):
    """(a fresh client as ``caller``, extra query parameters)."""
    client = app.test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    if caller in sessions:
        cookie, csrf = sessions[caller]
        client.set_cookie("archive_session", cookie)
        client.environ_base["HTTP_X_CSRF_TOKEN"] = csrf
    elif caller == A:
        with_csrf(client)
    elif caller == "wrong token":
        client.environ_base["HTTP_AUTHORIZATION"] = "Bearer na_" + "x" * 43
    elif caller == "revoked token":
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {revoked_secret}"
    elif caller == "feed token":
        return client, {"feed_token": accounts.get_user(archive, "vera").feed_token}
    return client, {}


def prepare(archive, rule: str) -> tuple[dict, dict, dict]:
    """(URL arguments, query, form data) for one request; recreates what the last one changed."""
    record_id = next(archive.iter_records()).id
    version = archive.versions(record_id)[0]["sha256"]
    if not saved.exists(archive, "Eddie's"):
        saved.save(
            archive, "Eddie's", SearchRequest(q="port"), user=accounts.get_user(archive, "eddie")
        )
    if not any(u.name == "temp" for u in accounts.list_users(archive)):
        accounts.add_user(archive, "temp", "viewer", PASSWORD)
    token, _ = accounts.create_token(archive, "vera", "a script")
    args = {
        "filename": "style.css",
        "record_id": record_id,
        "other_id": record_id,  # an article is trivially of its own story
        "name": "temp" if rule.startswith("/admin/") else "Eddie's",
        "token_id": token.id,
        "sha256": version,
    }
    query = {"a": version, "b": version} if rule.endswith("/diff") else {}
    data = {
        "/login": {"name": "nobody", "password": "wrong password"},
        "/saved": {"name": "New one", "params": "q=port", "replace": "1"},
        "/saved/<name>/rename": {"new_name": "Eddie's"},
        "/tokens": {"name": "nightly"},
        "/admin/users": {"name": "newbie", "role": "viewer", "password": PASSWORD},
        "/admin/users/<name>/role": {"role": "editor"},
        "/admin/users/<name>/password": {"password": PASSWORD + "!"},
        "/upload": {"file": (io.BytesIO(UPLOADED), "uploaded.html")},
        "/api/articles": {"file": (io.BytesIO(UPLOADED), "uploaded.html")},
    }.get(rule, {})
    return args, query, data


def url_of(app, rule_text: str, args: dict) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.rule == rule_text)
    with app.test_request_context():
        return rule.build({k: v for k, v in args.items() if k in rule.arguments})[1]


def test_every_route_and_method_has_a_row(site):
    app = site[0]
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes - ROWS.keys() == set(), "routes without a row in the access table"
    assert ROWS.keys() - routes == set(), "rows for routes that no longer exist"


@pytest.mark.parametrize("method,rule", sorted(ROWS))
def test_each_caller_gets_the_expected_status(site, method, rule):
    app, archive, sessions, revoked_secret = site
    got = {}
    for caller in CALLERS:
        args, query, data = prepare(archive, rule)
        client, extra = client_for(app, archive, sessions, revoked_secret, caller)
        url = url_of(app, rule, args)
        if method == "GET":
            response = client.get(url, query_string={**query, **extra})
        else:
            response = client.post(url, data=data, query_string=extra)
        got[caller] = response.status_code
        response.get_data()  # a streamed export runs to its end
        response.close()
        if caller == "admin" and rule == "/admin/users" and method == "POST":
            accounts.remove_user(archive, "newbie")
    assert got == dict(zip(CALLERS, ROWS[(method, rule)], strict=True))


def test_open_public_read_and_closed(web_archive_dir):
    """No accounts on loopback: open. --public-read: anyone reads. Else: log in first."""
    from app import create_app
    from tests.support import add_team, browser_client

    def statuses(**values):
        app = create_app(app_settings(web_archive_dir, **values))
        client = browser_client(app)
        got = (
            client.get("/search?q=port").status_code,
            client.post("/saved", data={"name": "x", "params": "q=port"}).status_code,
            client.get("/admin/users").status_code,
        )
        app.extensions["news_archive"].close()
        return got

    assert statuses() == (200, 303, 302)  # README command 1: no login
    assert statuses(host="0.0.0.0") == (302, 401, 302)
    assert statuses(host="0.0.0.0", public_read=True) == (200, 401, 302)
    from archive.store import open_archive

    archive = open_archive(web_archive_dir)
    add_team(archive)
    archive.close()
    assert statuses() == (302, 401, 302)  # an account exists: closed, even on loopback
    assert statuses(public_read=True) == (200, 401, 302)


def test_the_readme_lists_every_route_with_its_minimum_role(site):
    """The README's table of routes and roles says what RULES says (it cannot drift)."""
    from pathlib import Path

    from web.access import RULES

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `") and " /" in line]
    for rule in site[0].url_map.iter_rules():
        role = RULES[rule.endpoint].role
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            cell = f"`{method} {rule.rule}`"
            [row] = [r for r in rows if cell in r.split(" | ")[0]]
            assert row.split(" | ")[1].startswith(role), (cell, row)
