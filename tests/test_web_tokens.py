"""web.tokens: API tokens from the web (shown once, revocable), bearer use, feed links."""

from __future__ import annotations

import re
from html import unescape

from archive import accounts, audit, saved
from archive.search import SearchRequest
from tests.support import login


def test_a_token_made_on_the_web_is_shown_once_works_as_bearer_and_is_revoked(team_app):
    archive = team_app.extensions["news_archive"]
    vera = login(team_app, "vera")
    page = unescape(vera.post("/tokens", data={"name": "nightly export"}).get_data(as_text=True))
    secret = re.search(r"(na_[\w-]{40,})", page)[1]
    assert secret not in vera.get("/tokens").get_data(as_text=True)  # never shown again
    script = team_app.test_client()
    bearer = {"Authorization": f"Bearer {secret}"}
    assert script.get("/api/search?q=port", headers=bearer).status_code == 200
    assert script.get("/search.csv?q=port", headers=bearer).status_code == 200
    assert script.get("/search?q=port", headers=bearer).status_code == 403  # pages: log in
    [token] = accounts.list_tokens(archive, "vera")
    assert token.last_used is not None
    used = [e for e in audit.entries(archive) if e.action == "token used"]
    assert len(used) == 1 and "nightly export" in used[0].detail  # first use of the day only
    assert vera.post(f"/tokens/{token.id}/revoke").status_code == 303
    response = script.get("/api/search?q=port", headers=bearer)
    assert response.status_code == 401 and "not valid" in response.get_json()["error"]["message"]


def test_users_cannot_revoke_each_others_tokens_but_an_admin_can(team_app):
    archive = team_app.extensions["news_archive"]
    token, _ = accounts.create_token(archive, "vera", "script")
    assert login(team_app, "eddie").post(f"/tokens/{token.id}/revoke").status_code == 404
    ada = login(team_app, "ada")
    assert "script" in ada.get("/tokens").get_data(as_text=True)  # admins see every token
    assert ada.post(f"/tokens/{token.id}/revoke").status_code == 303
    assert accounts.list_tokens(archive) == []


def test_feed_links_carry_the_feed_token_which_opens_only_that_users_feeds(team_app):
    archive = team_app.extensions["news_archive"]
    eddie_user = accounts.get_user(archive, "eddie")
    saved.save(archive, "Eddie private", SearchRequest(q="port"), user=eddie_user, shared=False)
    saved.save(archive, "Shared", SearchRequest(q="port"))
    vera = login(team_app, "vera")
    feed_token = accounts.get_user(archive, "vera").feed_token
    page = vera.get("/saved").get_data(as_text=True)
    assert f"/saved/Shared/feed.atom?feed_token={feed_token}" in page
    assert "Eddie private" not in page
    search_page = vera.get("/search?q=port").get_data(as_text=True)
    assert f"feed_token={feed_token}" in search_page
    reader = team_app.test_client()  # a feed reader: no cookie, no header
    feed = reader.get(f"/saved/Shared/feed.atom?feed_token={feed_token}&format=atom")
    assert feed.status_code == 200 and f"feed_token={feed_token}" in feed.get_data(as_text=True)
    assert (
        reader.get(f"/saved/Eddie%20private/feed.atom?feed_token={feed_token}").status_code == 404
    )
    assert reader.get(f"/search.atom?q=port&feed_token={feed_token}").status_code == 200
    assert reader.get(f"/api/search?q=port&feed_token={feed_token}").status_code == 403
    assert reader.get(f"/search?q=port&feed_token={feed_token}").status_code == 403
    assert vera.post("/tokens/feed/reset").status_code == 303
    assert reader.get(f"/search.atom?q=port&feed_token={feed_token}").status_code == 401
