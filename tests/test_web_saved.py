"""Named saved searches and their Atom feeds."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from xml.etree import ElementTree as ET

import pytest

from archive import saved
from tests.support import with_csrf

ATOM = "{http://www.w3.org/2005/Atom}"


def save(client, name, params):
    return client.post("/saved", data={"name": name, "params": params})


def test_save_list_and_delete(client, archive):
    response = save(client, "  Hamburg   ports ", "tag=ports&q=Hamburg&page=3")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/saved")
    # Stored canonical, without the page.
    assert saved.list_saved(archive)[0][:2] == ("Hamburg ports", "q=Hamburg&tag=ports")
    html = client.get("/saved").get_data(as_text=True)
    assert 'href="/search?q=Hamburg&amp;tag=ports">Hamburg ports</a>' in html
    assert "“Hamburg” · Tag: ports" in html
    assert 'href="/saved/Hamburg%20ports/feed.atom"' in html
    response = client.post("/saved/Hamburg%20ports/delete")
    assert response.status_code == 303
    assert saved.list_saved(archive) == []
    assert "No saved searches yet" in client.get("/saved").get_data(as_text=True)
    assert client.post("/saved/Hamburg%20ports/delete").status_code == 404


def test_search_page_offers_to_save_the_current_search(client):
    html = client.get("/search?q=port&tag=ports&page=2&n=2").get_data(as_text=True)
    form = html.split('<form class="save-form"', 1)[1].split("</form>", 1)[0]
    assert 'action="/saved"' in form and 'method="post"' in form
    assert 'name="params" value="q=port&amp;tag=ports&amp;n=2"' in form
    assert '<label for="save-name">' in form


@pytest.mark.parametrize(
    "name, params, message",
    [
        ("", "q=port", "Give the saved search a name"),
        ("a/b", "q=port", "cannot contain"),
        ("x" * 81, "q=port", "longer than 80"),
        ("bad query", "q=date%3Ayesterday", "is not a date"),
        ("bad sort", "sort=best", "Unknown sort"),
        (".", "q=port", "cannot be “.” or “..”"),
        ("..", "q=port", "cannot be “.” or “..”"),
        ("huge", "q=" + "port+" * 2_000_000, "too long to save (10,000,002 characters"),
        ("long", "q=" + "port+" * 250, "too long to save (1,250 characters"),
    ],
)
def test_invalid_saves_explain_and_keep_the_input(client, archive, name, params, message):
    response = save(client, name, params)
    assert response.status_code == 400
    html = unescape(response.get_data(as_text=True))
    assert message in html
    assert saved.list_saved(archive) == []


def test_cross_site_posts_are_refused(client, archive):
    response = client.post(
        "/saved", data={"name": "x", "params": "q=port"}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    response = client.post(
        "/saved", data={"name": "x", "params": "q=port"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert saved.list_saved(archive) == []
    ok = client.post(
        "/saved", data={"name": "x", "params": "q=port"}, headers={"Origin": "http://localhost"}
    )
    assert ok.status_code == 303


@pytest.mark.parametrize(
    "headers",
    [
        {},  # neither Origin nor Sec-Fetch-Site: an old client or a forged request
        {"Origin": "null"},
        {"Origin": "http://localhost.evil.example"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://localhost", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_post_without_a_same_origin_signal_is_refused_with_a_reason(app, archive, headers):
    client = app.test_client()  # no browser headers by default
    for path, data in [
        ("/saved", {"name": "x", "params": "q=port"}),
        ("/saved/x/delete", {}),
        ("/saved/x/rename", {"new_name": "y"}),
    ]:
        response = client.post(path, data=data, headers=headers)
        assert response.status_code == 403, (path, headers)
        text = unescape(response.get_data(as_text=True))
        assert "did not come from the archive's own pages" in text
        assert "Origin: http://localhost" in text
    assert saved.list_saved(archive) == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://localhost"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},
        {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"},
    ],
)
def test_a_post_with_a_same_origin_signal_is_accepted(app, archive, headers):
    response = with_csrf(app.test_client()).post(
        "/saved", data={"name": "x", "params": "q=port"}, headers=headers
    )
    assert response.status_code == 303
    assert [row[0] for row in saved.list_saved(archive)] == ["x"]


def test_with_a_base_url_the_origin_must_be_the_base_urls(web_archive_dir):
    from app import create_app
    from tests.support import app_settings

    app = create_app(app_settings(web_archive_dir, base_url="https://news.example/"))
    try:
        client = with_csrf(app.test_client())
        data = {"name": "x", "params": "q=port"}
        refused = client.post("/saved", data=data, headers={"Origin": "http://localhost"})
        assert refused.status_code == 403
        assert "Origin: https://news.example" in unescape(refused.get_data(as_text=True))
        ok = client.post("/saved", data=data, headers={"Origin": "https://news.example"})
        assert ok.status_code == 303
    finally:
        app.extensions["news_archive"].close()


def test_feed_is_valid_atom_with_the_newest_arrivals_first(client, archive):
    save(client, "Ports", "tag=ports")
    response = client.get("/saved/Ports/feed.atom")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None, tag
    assert feed.find(f"{ATOM}id").text.startswith("urn:uuid:")
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "http://localhost/saved/Ports/feed.atom"
    assert links["alternate"] == "http://localhost/search?tag=ports&sort=added"
    entries = feed.findall(f"{ATOM}entry")
    stories = client.get("/api/search?tag=ports").get_json()["stories"]  # one entry per story
    assert len(entries) == stories
    ids, published = set(), []
    for entry in entries:
        ids.add(entry.find(f"{ATOM}id").text)
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text.replace("Z", "+00:00"))
        assert entry.find(f"{ATOM}title").text
        alternate = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert re.fullmatch(r"http://localhost/articles/[0-9a-f]{16}", alternate)
        assert entry.find(f"{ATOM}author/{ATOM}name").text
        if entry.find(f"{ATOM}published") is not None:
            published.append(entry.find(f"{ATOM}published").text)
    assert len(ids) == len(entries)  # unique, stable ids
    # newest in the archive first: the same order as the search sorted by date added
    api_order = [h["id"] for h in client.get("/api/search?tag=ports&sort=added").get_json()["hits"]]
    feed_order = [
        e.find(f"{ATOM}link[@rel='alternate']").get("href").rsplit("/", 1)[1] for e in entries
    ]
    assert feed_order == api_order
    # A javascript: address never becomes a link in the feed.
    assert b"javascript:" not in response.data
    # Ids are stable between requests.
    again = ET.fromstring(client.get("/saved/Ports/feed.atom").data)
    assert {e.find(f"{ATOM}id").text for e in again.findall(f"{ATOM}entry")} == ids


def test_feed_of_unknown_saved_search_is_404(client):
    assert client.get("/saved/nothing/feed.atom").status_code == 404


def test_feed_strips_characters_xml_forbids(client, archive):
    saved.store(archive, "odd", "q=port")
    response = client.get("/saved/odd/feed.atom")
    ET.fromstring(response.data)  # parses


def test_saving_under_an_existing_name_asks_first(client, archive):
    assert save(client, "Ports", "q=port").status_code == 303
    asked = save(client, "Ports", "q=harbour&tag=ports")
    assert asked.status_code == 409
    html = unescape(asked.get_data(as_text=True))
    assert "Replace the saved search “Ports”?" in html
    assert "It holds: “port”" in html and "It would become: “harbour” · Tag: ports" in html
    assert saved.list_saved(archive)[0][1] == "q=port"  # nothing replaced yet
    form = html.split('id="save-confirm"', 1)[1].split("</form>", 1)[0]
    assert 'name="replace" value="1"' in form
    done = client.post(
        "/saved", data={"name": "Ports", "params": "q=harbour&tag=ports", "replace": "1"}
    )
    assert done.status_code == 303 and "done=replaced" in done.headers["Location"]
    assert saved.list_saved(archive)[0][1] == "q=harbour&tag=ports"
    page = unescape(client.get(done.headers["Location"]).get_data(as_text=True))
    assert "Replaced “Ports”: “harbour” · Tag: ports." in page


def test_saving_confirms_what_was_saved(client):
    response = save(client, "Hamburg", "q=Hamburg")
    page = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Saved “Hamburg”: “Hamburg”." in page


def test_rename_a_saved_search(client, archive):
    save(client, "Ports", "q=port")
    save(client, "Other", "q=grid")
    response = client.post("/saved/Ports/rename", data={"new_name": "Harbours"})
    assert response.status_code == 303
    assert [row[0] for row in saved.list_saved(archive)] == ["Harbours", "Other"]
    page = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Renamed “Harbours”: “port”." in page
    clash = client.post("/saved/Harbours/rename", data={"new_name": "Other"})
    assert clash.status_code == 400 and "exists already" in unescape(clash.get_data(as_text=True))
    assert client.post("/saved/nothing/rename", data={"new_name": "x"}).status_code == 404
    refused = client.post(
        "/saved/Harbours/rename", data={"new_name": "y"}, headers={"Origin": "https://evil.example"}
    )
    assert refused.status_code == 403


def test_every_search_has_a_feed_and_the_page_links_it(client):
    html = client.get("/search?q=port&tag=ports").get_data(as_text=True)
    link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html)
    assert link, "autodiscovery link"
    href = unescape(link.group(1))
    assert href.startswith("/search.atom?") and "q=port" in href and "tag=ports" in href
    response = client.get(href, headers={"Accept": "application/atom+xml"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    assert "Accept" in response.headers["Vary"]
    feed = ET.fromstring(response.data)
    assert feed.find(f"{ATOM}title").text == "Search: “port” · Tag: ports"
    stories = client.get("/api/search?q=port&tag=ports").get_json()["stories"]
    assert len(feed.findall(f"{ATOM}entry")) == stories
    other = ET.fromstring(client.get("/search.atom?q=grid", headers={"Accept": "*/*"}).data)
    assert other.find(f"{ATOM}id").text != feed.find(f"{ATOM}id").text
    assert client.get("/search.atom?q=date:2023-13").status_code == 400


def test_a_browser_opening_a_feed_gets_a_readable_page(client):
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    response = client.get("/search.atom?q=port", headers=browser)
    assert response.headers["Content-Type"].startswith("text/html")
    html = unescape(response.get_data(as_text=True))
    assert "This is an Atom feed" in html and "<h1>Search: “port”</h1>" in html
    raw = client.get("/search.atom?q=port&format=atom", headers=browser)
    assert raw.headers["Content-Type"].startswith("application/atom+xml")
    save(client, "Ports", "tag=ports")
    saved_page = client.get("/saved/Ports/feed.atom", headers=browser)
    assert "Saved search: Ports" in saved_page.get_data(as_text=True)
    assert saved_page.headers["Content-Type"].startswith("text/html")


def test_saving_on_a_read_only_archive_says_so(web_archive_dir):
    """Issue 22.14: the web app answered a save on a read-only archive with a 500."""
    from app import create_app
    from tests.support import app_settings, browser_client, read_only_view

    def browser(folder):
        app = create_app(app_settings(folder))
        return app, browser_client(app)

    app, client = browser(web_archive_dir)
    assert save(client, "Ports", "q=port").status_code == 303
    app.extensions["news_archive"].close()
    with read_only_view(web_archive_dir) as folder:
        app, client = browser(folder)
        try:
            assert client.get("/search?q=Hamburg").status_code == 200  # reading works
            for response in (
                save(client, "Hamburg", "q=Hamburg"),
                client.post("/saved", data={"name": "Ports", "params": "q=x", "replace": "1"}),
                client.post("/saved/Ports/rename", data={"new_name": "Harbours"}),
                client.post("/saved/Ports/delete"),
            ):
                html = unescape(response.get_data(as_text=True))
                assert response.status_code == 403, (response.status_code, html[-600:])
                assert "Read-only archive" in html and "write access" in html
            assert "Ports" in client.get("/saved").get_data(as_text=True)
        finally:
            app.extensions["news_archive"].close()


#: The fixture has articles with all three words and more with some of them.
SOME_WORDS = "hamburg automation strike"


def _entry_ids(data: bytes) -> list[tuple[str, bool]]:
    """Each entry's article id and whether it says it has only some of the words."""
    out = []
    for entry in ET.fromstring(data).findall(f"{ATOM}entry"):
        href = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        terms = {c.get("term") for c in entry.findall(f"{ATOM}category")}
        out.append((href.rsplit("/", 1)[1], "partial" in terms))
    return out


@pytest.mark.parametrize(
    "feed_url", ["/saved/Hamburg%20automation/feed.atom", f"/search.atom?q={SOME_WORDS}"]
)
def test_feeds_carry_only_matches_unless_they_ask_for_the_others(client, feed_url):
    save(client, "Hamburg automation", f"q={SOME_WORDS}")
    hits = client.get(f"/api/search?q={SOME_WORDS}&sort=added&n=100").get_json()["hits"]
    exact = [(h["id"], False) for h in hits if not h["partial"]]
    some = [(h["id"], True) for h in hits if h["partial"]]
    assert exact and some  # both kinds, or this test proves nothing
    strict = client.get(feed_url)
    assert _entry_ids(strict.data) == exact
    subtitle = ET.fromstring(strict.data).find(f"{ATOM}subtitle").text
    matches = f"{len(exact)} match{'' if len(exact) == 1 else 'es'}"
    assert subtitle.endswith(f"({matches} in the archive)")
    joiner = "&" if "?" in feed_url else "?"
    loose = client.get(f"{feed_url}{joiner}partial=1")
    assert _entry_ids(loose.data) == exact + some
    feed = ET.fromstring(loose.data)
    assert "partial=1" in feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert feed.find(f"{ATOM}id").text != ET.fromstring(strict.data).find(f"{ATOM}id").text
    page = client.get(f"{feed_url}{joiner}partial=1", headers={"Accept": "text/html"})
    assert page.get_data(as_text=True).count("(has only some of the words)") == len(some)


def test_replacing_a_search_changed_meanwhile_asks_again(client, archive):
    save(client, "Ports", "q=port")
    asked = client.post("/saved", data={"name": "Ports", "params": "q=harbour"})
    assert asked.status_code == 409
    expected = re.search(r'name="expected" value="([^"]*)"', asked.get_data(as_text=True))[1]
    client.post("/saved", data={"name": "Ports", "params": "q=ferry", "replace": "1"})  # first
    again = client.post(
        "/saved",
        data={"name": "Ports", "params": "q=harbour", "replace": "1", "expected": expected},
    )
    assert again.status_code == 409 and "changed meanwhile" in unescape(
        again.get_data(as_text=True)
    )
    assert saved.list_saved(archive)[0][1] == "q=ferry"
