"""Accounts in a real Chromium: log in, search, log out; idle expiry; the login throttle;
what a viewer sees; a cross-site form with the session cookie but no CSRF token."""

from __future__ import annotations

import re
import shutil
import time

import pytest

from archive import saved
from archive.search import SearchRequest
from archive.store import open_archive
from tests.browser.conftest import serve_archive
from tests.support import TEAM_PASSWORD, add_team, serve_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def team_folder(built_archive, tmp_path_factory):
    folder = tmp_path_factory.mktemp("team") / "archive"
    shutil.copytree(built_archive, folder)
    archive = open_archive(folder)
    add_team(archive)
    saved.save(archive, "Ports", SearchRequest(q="port"))  # shared, owned by the admin
    archive.close()
    return folder


@pytest.fixture(scope="module")
def team_server(team_folder):
    with serve_archive(team_folder) as url:
        yield url


def log_in(page, base: str, name: str, password: str = TEAM_PASSWORD) -> None:
    page.goto(base + "/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_log_in_search_and_log_out(page, team_server, shot):
    page.goto(team_server + "/search?q=port")
    page.wait_for_url(re.compile(r"/login\?next="))
    shot(page, "login")
    page.get_by_label("Name").fill("vera")
    page.get_by_label("Password").fill(TEAM_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/search\?q=port$"))
    assert page.locator("#signed-in-as").inner_text() == "vera (viewer)"
    page.get_by_label("Search the archive").fill("strike")
    page.get_by_label("Search the archive").press("Enter")
    page.wait_for_url(re.compile(r"q=strike"))
    assert page.locator("ol.hits .hit").count() > 0
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/login$"))
    page.goto(team_server + "/saved")
    page.wait_for_url(re.compile(r"/login\?next=/saved"))


def test_a_viewer_sees_no_edit_controls_and_an_editor_does(browser, team_server, shot):
    for name, editable in (("vera", False), ("eddie", True)):
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, team_server, name)
        page.goto(team_server + "/search?q=port")
        assert page.get_by_label("Save this search as").count() == (1 if editable else 0)
        page.goto(team_server + "/saved")
        assert page.get_by_role("link", name="Ports", exact=True).count() == 1
        assert page.get_by_role("button", name="Delete Ports").count() == 0  # the admin's
        if editable:
            page.goto(team_server + "/search?q=harbour")
            page.get_by_label("Save this search as").fill("Harbours")
            page.get_by_role("button", name="Save", exact=True).click()
            page.wait_for_url(re.compile(r"/saved\?done=saved"))
            assert page.get_by_role("button", name="Delete Harbours").count() == 1
        shot(page, f"saved-{name}")
        context.close()


def test_the_login_throttle(page, team_server, shot):
    for _ in range(5):
        log_in(page, team_server, "ada", "not the password")
        assert page.locator("#login-error").inner_text() == "Wrong name or password."
    log_in(page, team_server, "ada")
    assert "Too many failed logins" in page.locator("#login-error").inner_text()
    assert page.locator("#signed-in-as").count() == 0
    shot(page, "login-throttled")


def test_an_idle_session_ends(page, team_folder):
    with serve_archive(team_folder, session_idle_minutes=0.05) as url:
        log_in(page, url, "eddie")
        page.wait_for_url(re.compile(r"/search$"))
        time.sleep(5)  # past the 3 s idle limit in whole seconds (the cookie keeps seconds)
        page.goto(url + "/saved")
        page.wait_for_url(re.compile(r"/login\?"))
        assert "without activity" in page.locator("#login-expired").inner_text()


def _evil_site(target: str):
    """A page on another origin whose form posts to the archive (no CSRF token)."""
    html = (
        f'<form id="f" method="post" action="{target}/saved">'
        '<input name="name" value="Planted"><input name="params" value="q=port">'
        '<button type="submit">Win a prize</button></form>'
    ).encode()

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html")])
        return [html]

    return app


def test_a_cross_site_form_with_the_session_cookie_is_refused(page, team_server, team_folder):
    log_in(page, team_server, "eddie")
    page.wait_for_url(re.compile(r"/search$"))
    with serve_app(_evil_site(team_server)) as evil:
        page.goto(evil)
        page.get_by_role("button", name="Win a prize").click()
        page.wait_for_load_state()
        assert "Refused" in page.locator("main").inner_text()
    archive = open_archive(team_folder)
    assert not saved.exists(archive, "Planted")
    archive.close()
