"""web.sessions: signed-cookie sessions (flags, idle expiry, removal) and CSRF tokens."""

from __future__ import annotations

import time
from html import unescape

from archive import accounts, saved
from tests.support import TEAM_PASSWORD, add_team, app_settings, browser_client, login


def test_the_session_cookie_is_httponly_and_samesite_lax_and_secure_under_https(
    team_app, web_archive_dir
):
    client = browser_client(team_app)
    response = client.post("/login", data={"name": "vera", "password": TEAM_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "archive_session=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    from app import create_app

    https = create_app(app_settings(web_archive_dir, base_url="https://news.example"))
    client = browser_client(https)
    client.environ_base["HTTP_ORIGIN"] = "https://news.example"
    response = client.post("/login", data={"name": "vera", "password": TEAM_PASSWORD})
    assert response.status_code == 303 and "Secure" in response.headers["Set-Cookie"]
    https.extensions["news_archive"].close()


def test_a_post_with_a_valid_session_but_no_csrf_token_is_refused(team_app):
    client = login(team_app, "eddie")
    del client.environ_base["HTTP_X_CSRF_TOKEN"]
    data = {"name": "Ports", "params": "q=port"}
    for headers in ({"Origin": "http://localhost"}, {"Origin": "https://evil.example"}):
        response = client.post("/saved", data=data, headers=headers)
        assert response.status_code == 403
    response = client.post("/saved", data={**data, "csrf_token": "guessed"})
    assert response.status_code == 403
    assert "security token" in unescape(response.get_data(as_text=True))
    archive = team_app.extensions["news_archive"]
    assert saved.list_saved(archive) == []
    with client.session_transaction() as session:
        token = session["csrf_token"]
    assert client.post("/saved", data={**data, "csrf_token": token}).status_code == 303


def test_every_form_on_the_pages_carries_the_csrf_token(team_app):
    client = login(team_app, "ada")
    client.post("/saved", data={"name": "Ports", "params": "q=port"})
    with client.session_transaction() as session:
        token = session["csrf_token"]
    for path in ("/search?q=port", "/saved", "/tokens", "/admin/users"):
        page = client.get(path).get_data(as_text=True)
        forms = page.count('method="post"')
        assert forms and page.count(f'name="csrf_token" value="{token}"') == forms, path


def test_an_idle_session_ends_and_the_login_page_says_why(web_archive_dir):
    from app import create_app

    app = create_app(app_settings(web_archive_dir, session_idle_minutes=0.03))
    add_team(app.extensions["news_archive"])
    client = login(app, "vera")
    assert client.get("/search").status_code == 200
    time.sleep(2.2)
    response = client.get("/search", follow_redirects=True)
    assert response.request.path == "/login"
    assert "without activity" in response.get_data(as_text=True)
    app.extensions["news_archive"].close()


def test_a_removed_user_or_a_reset_password_ends_the_session_at_once(team_app):
    archive = team_app.extensions["news_archive"]
    eddie, vera = login(team_app, "eddie"), login(team_app, "vera")
    assert eddie.get("/saved").status_code == 200
    accounts.remove_user(archive, "eddie")
    assert eddie.get("/saved").status_code == 302
    accounts.reset_password(archive, "vera", "a new password")
    assert vera.get("/saved").status_code == 302


def test_a_role_change_applies_to_the_next_request(team_app):
    archive = team_app.extensions["news_archive"]
    vera = login(team_app, "vera")
    data = {"name": "Ports", "params": "q=port"}
    assert vera.post("/saved", data=data).status_code == 403
    accounts.set_role(archive, "vera", "editor")
    assert vera.post("/saved", data=data).status_code == 303
