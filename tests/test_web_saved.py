"""Named saved searches and their Atom feeds."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from xml.etree import ElementTree as ET

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"


def save(client, name, params):
    return client.post("/saved", data={"name": name, "params": params})


def test_save_list_and_delete(client, archive):
    response = save(client, "  Hamburg   ports ", "tag=ports&q=Hamburg&page=3")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/saved")
    # Stored canonical, without the page.
    assert archive.saved_searches()[0][:2] == ("Hamburg ports", "q=Hamburg&tag=ports")
    html = client.get("/saved").get_data(as_text=True)
    assert 'href="/search?q=Hamburg&amp;tag=ports">Hamburg ports</a>' in html
    assert "“Hamburg” · Tag: ports" in html
    assert 'href="/saved/Hamburg%20ports/feed.atom"' in html
    response = client.post("/saved/Hamburg%20ports/delete")
    assert response.status_code == 303
    assert archive.saved_searches() == []
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
    ],
)
def test_invalid_saves_explain_and_keep_the_input(client, archive, name, params, message):
    response = save(client, name, params)
    assert response.status_code == 400
    html = unescape(response.get_data(as_text=True))
    assert message in html
    assert archive.saved_searches() == []


def test_cross_site_posts_are_refused(client, archive):
    response = client.post(
        "/saved", data={"name": "x", "params": "q=port"}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    response = client.post(
        "/saved", data={"name": "x", "params": "q=port"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert archive.saved_searches() == []
    ok = client.post(
        "/saved", data={"name": "x", "params": "q=port"}, headers={"Origin": "http://localhost"}
    )
    assert ok.status_code == 303


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
    total = client.get("/api/search?tag=ports").get_json()["total"]
    assert len(entries) == total
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
    feed_order = [e.find(f"{ATOM}link[@rel='alternate']").get("href").rsplit("/", 1)[1]
                  for e in entries]
    assert feed_order == api_order
    # A javascript: address never becomes a link in the feed.
    assert b"javascript:" not in response.data
    # Ids are stable between requests.
    again = ET.fromstring(client.get("/saved/Ports/feed.atom").data)
    assert {e.find(f"{ATOM}id").text for e in again.findall(f"{ATOM}entry")} == ids


def test_feed_of_unknown_saved_search_is_404(client):
    assert client.get("/saved/nothing/feed.atom").status_code == 404


def test_feed_strips_characters_xml_forbids(client, archive):
    archive.save_search("odd", "q=port")
    response = client.get("/saved/odd/feed.atom")
    ET.fromstring(response.data)  # parses
