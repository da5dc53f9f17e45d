"""The editors' forms in a real Chromium: a correction, a tag rejection, a note, delete and restore.

The live server is the open local mode (no accounts, loopback): its visitor is an editor.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request

import pytest

pytestmark = pytest.mark.browser


def api(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path) as response:
        return json.load(response)


def open_article(page, base: str, title: str) -> str:
    """Find an article by its title through the search page and open it; returns its id."""
    query = urllib.parse.quote(f'title:"{title}"')
    page.goto(f"{base}/search?q={query}")
    page.locator("ol.hits .hit-title a").first.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}"))
    return urllib.parse.urlsplit(page.url).path.rsplit("/", 1)[-1]


def test_a_correction_shows_who_and_what_was_extracted(page, live_server, shot):
    rid = open_article(page, live_server, "Storm closes Aberdeen harbour")
    page.locator("#correct-record summary").click()
    page.get_by_label("Title", exact=True).fill("Gales shut Aberdeen harbour")
    page.get_by_label("Publication date").fill("2021-03-05")
    page.locator("#save-correction").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Gales shut Aberdeen harbour"
    lines = page.locator("#corrections").inner_text()
    assert "Title corrected by local on" in lines
    assert "(extracted: Storm closes Aberdeen harbour)" in lines
    assert "Date corrected by" in lines
    shot(page, "article-corrected")
    found = api(live_server, "/api/search?q=title:gales")
    assert [h["id"] for h in found["hits"]] == [rid]
    assert found["hits"][0]["date"].startswith("2021-03-05")


def test_rejecting_an_automatic_tag(page, live_server, shot):
    rid = open_article(page, live_server, "Hamburg dockworkers strike over automation")
    place = api(live_server, f"/api/articles/{rid}")["places"][0]
    page.get_by_role("button", name=f"reject place {place}").click()
    page.wait_for_load_state()
    assert f"Automatic place tag “{place}” rejected" in page.locator("#corrections").inner_text()
    assert page.get_by_role("button", name=f"reject place {place}").count() == 0
    shot(page, "article-tag-rejected")
    assert place not in api(live_server, f"/api/articles/{rid}")["places"]
    page.get_by_role("button", name=f"Undo reject:place:{place}").click()
    page.wait_for_load_state()
    assert place in api(live_server, f"/api/articles/{rid}")["places"]


def test_a_note_is_shown_and_searched(page, live_server, shot):
    rid = open_article(page, live_server, "Ferry operators in Bergen switch to batteries")
    page.get_by_label("Add a note").fill("Ask the operator about winter range")
    page.locator("#save-note").click()
    page.wait_for_load_state()
    assert page.locator("#note-text").inner_text() == "Ask the operator about winter range"
    shot(page, "article-note")
    page.goto(f"{live_server}/search?q=note:winter")
    assert page.locator("ol.hits .hit-title a").count() == 1
    assert [h["id"] for h in api(live_server, "/api/search?q=%22winter+range%22")["hits"]] == [rid]


def test_delete_and_restore(page, live_server, shot):
    rid = open_article(page, live_server, "Baltic converter station site chosen")
    page.locator("#delete-article").click()
    page.wait_for_load_state()
    assert "This article is in the trash" in page.locator("#trash-notice").inner_text()
    shot(page, "article-trashed")
    assert api(live_server, "/api/search?q=converter")["total"] == 0
    page.goto(f"{live_server}/articles/trash")
    assert "Baltic converter station site chosen" in page.locator("#trash-list").inner_text()
    page.get_by_role("button", name="Restore Baltic converter station site chosen").click()
    page.wait_for_url(re.compile(r"/articles/trash$"))
    assert "The trash is empty" in page.content()
    assert [h["id"] for h in api(live_server, "/api/search?q=converter")["hits"]] == [rid]


def test_bulk_tag_from_the_search_page(page, live_server, shot):
    total = api(live_server, "/api/search?q=Hamburg")["exact_total"]
    page.goto(f"{live_server}/search?q=Hamburg")
    assert f"Tag all {total} matching articles" in page.locator(".bulk-tag-form").inner_text()
    page.locator("#bulk-tag").fill("hamburg-file")
    page.locator("#bulk-tag-preview").click()
    page.wait_for_load_state()
    assert f"{total} articles match this search" in page.locator("#bulk-count").inner_text()
    shot(page, "bulk-tag-confirm")
    assert api(live_server, "/api/search?q=tag:hamburg-file")["total"] == 0
    page.locator("#bulk-tag-confirm").click()
    page.wait_for_url(re.compile(r"/search\?q=Hamburg"))
    assert api(live_server, "/api/search?q=tag:hamburg-file")["total"] == total
