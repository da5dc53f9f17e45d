"""web.admin: users added, changed and removed from the web, and the audit log page."""

from __future__ import annotations

from html import unescape

from archive import accounts
from tests.support import TEAM_PASSWORD, login


def test_an_admin_manages_users_from_the_web_and_every_change_is_in_the_log(team_app):
    archive = team_app.extensions["news_archive"]
    ada = login(team_app, "ada")
    new = {"name": "nina", "role": "editor", "password": TEAM_PASSWORD}
    assert ada.post("/admin/users", data=new).status_code == 303
    assert accounts.get_user(archive, "nina").role == "editor"
    again = ada.post("/admin/users", data=new)
    assert again.status_code == 400 and "exists already" in unescape(again.get_data(as_text=True))
    assert ada.post("/admin/users/nina/role", data={"role": "viewer"}).status_code == 303
    assert ada.post("/admin/users/nina/password", data={"password": "x"}).status_code == 400
    nina = login(team_app, "nina")
    assert ada.post("/admin/users/nina/remove").status_code == 303
    assert nina.get("/saved").status_code == 302  # out at once
    assert ada.post("/admin/users/nina/remove").status_code == 404
    log = unescape(ada.get("/admin/log").get_data(as_text=True))
    for line in ("user added", "role changed", "user removed", "nina -&gt; viewer"):
        assert unescape(line) in log
    only_ada = unescape(ada.get("/admin/log?user=nobody&days=1").get_data(as_text=True))
    assert "0 entries" in only_ada


def test_the_last_admin_cannot_remove_themselves(team_app):
    ada = login(team_app, "ada")
    response = ada.post("/admin/users/ada/remove")
    assert response.status_code == 400 and "only admin" in response.get_data(as_text=True)
