"""web.auth: logging in and out, and the failed-login throttle (per name and per address)."""

from __future__ import annotations

from html import unescape

from archive import audit
from tests.support import TEAM_PASSWORD, browser_client, login


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_log_in_go_where_you_were_going_and_log_out(team_app):
    client = browser_client(team_app)
    first = client.get("/saved")
    assert first.status_code == 302 and "/login?next=/saved" in first.headers["Location"]
    response = client.post(
        "/login", data={"name": "Vera", "password": TEAM_PASSWORD, "next": "/saved"}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/saved"
    page = text(client.get("/saved"))
    assert "vera (viewer)" in page and "Log out" in page
    with client.session_transaction() as session:
        client.environ_base["HTTP_X_CSRF_TOKEN"] = session["csrf_token"]
    assert client.post("/logout").status_code == 303
    assert client.get("/saved").status_code == 302
    actions = [e.action for e in audit.entries(team_app.extensions["news_archive"])]
    assert actions[:2] == ["logout", "login"]


def test_next_never_leads_to_another_site(team_app):
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = browser_client(team_app).post(
            "/login", data={"name": "vera", "password": TEAM_PASSWORD, "next": target}
        )
        assert response.headers["Location"] == "/search", target


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer_and_are_logged(team_app):
    client = browser_client(team_app)
    wrong = client.post("/login", data={"name": "vera", "password": "not it at all"})
    unknown = client.post("/login", data={"name": "nobody", "password": "not it at all"})
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong name or password." in text(wrong) and "Wrong name or password." in text(unknown)
    assert text(wrong).replace("vera", "X") == text(unknown).replace("nobody", "X")
    entries = audit.entries(team_app.extensions["news_archive"])
    assert [(e.action, e.user, e.address) for e in entries[:2]] == [
        ("login failed", "nobody", "127.0.0.1"),
        ("login failed", "vera", "127.0.0.1"),
    ]


def test_failed_logins_are_throttled_per_name_even_with_the_right_password(team_app):
    client = browser_client(team_app)
    for _ in range(5):
        assert (
            client.post("/login", data={"name": "vera", "password": "nope nope"}).status_code == 401
        )
    response = client.post("/login", data={"name": "vera", "password": TEAM_PASSWORD})
    assert response.status_code == 429 and "Too many failed logins" in text(response)
    assert client.post("/login", data={"name": "nobody", "password": "x"}).status_code == 401
    # another name still logs in from this address (the address limit is higher)
    assert login(team_app, "eddie").get("/saved").status_code == 200
    assert audit.entries(team_app.extensions["news_archive"], user="vera")[0].action == (
        "login throttled"
    )


def test_failed_logins_are_throttled_per_address(team_app):
    settings = team_app.extensions["settings"]
    team_app.extensions["settings"] = settings.with_values(login_failures_per_address=3)
    client = browser_client(team_app)
    for name in ("a1", "a2", "a3"):
        client.post("/login", data={"name": name, "password": "wrong password"})
    response = client.post("/login", data={"name": "ada", "password": TEAM_PASSWORD})
    assert response.status_code == 429
    other = browser_client(team_app)
    other.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert other.post("/login", data={"name": "ada", "password": TEAM_PASSWORD}).status_code == 303


def test_the_login_page_says_how_to_make_the_first_admin_when_there_is_none(client):
    page = text(client.get("/login"))
    assert "archive users add NAME --role admin" in page
