"""Pages in a real Chromium: search, facets, reload, article, tags, related, timeline, paging."""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser


def api(base: str, query: str) -> dict:
    with urllib.request.urlopen(f"{base}/api/search?{query}") as response:
        return json.load(response)


def heading_count(page) -> int:
    return int(
        re.match(r"([\d,]+)", page.locator("#results-heading").inner_text())
        .group(1)
        .replace(",", "")
    )


def hit_ids(page) -> list[str]:
    return [
        urlsplit(href).path.rsplit("/", 1)[-1]
        for href in page.locator("ol.hits .hit-title a").evaluate_all("els => els.map(e => e.href)")
    ]


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_search_facet_reload_gives_the_same_page(page, live_server, shot):
    page.goto(live_server + "/")
    page.get_by_label("Search the archive").fill("port")
    page.get_by_label("Search the archive").press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=port$"))
    assert heading_count(page) == api(live_server, "q=port")["exact_total"]
    shot(page, "search")

    facet = page.locator("#facet-tag ~ ul a.facet-value").first
    value = facet.locator(".facet-label").inner_text()
    count = int(facet.locator(".count").inner_text())
    facet.click()
    page.wait_for_url(re.compile(r"tag="))
    assert params(page.url) == {"q": ["port"], "tag": [value]}
    assert heading_count(page) == count
    assert page.locator(".chips .chip").count() == 1
    selected = page.locator("#facet-tag ~ ul a.facet-value.selected")
    assert selected.locator(".facet-label").inner_text() == value
    shot(page, "search-facet")

    before_ids, before_url = hit_ids(page), page.url
    page.reload()
    assert page.url == before_url
    assert hit_ids(page) == before_ids and heading_count(page) == count
    # The same URL in a fresh tab gives the same page too.
    other = page.context.new_page()
    other.goto(before_url)
    assert hit_ids(other) == before_ids
    other.close()

    # The chip removes the filter again.
    page.locator(".chips .chip").click()
    page.wait_for_url(re.compile(r"/search\?q=port$"))


def test_article_tag_and_related(page, live_server, shot):
    page.goto(live_server + "/search?q=Hamburg")
    first = page.locator("ol.hits .hit-title a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}\?from=q%3DHamburg$"))
    article_url = page.url.split("?")[0]
    assert page.locator("h1").inner_text() == title
    assert page.get_by_text("Where this came from").is_visible()
    shot(page, "article")

    tag = page.locator(".provenance ul.tags a").first
    tag_text = tag.inner_text()
    tag.click()
    page.wait_for_url(re.compile(r"/search\?\w+="))
    assert heading_count(page) >= 1
    assert tag_text in page.locator(".chips").inner_text()
    assert article_url.rsplit("/", 1)[-1] in hit_ids(page) or heading_count(page) > 10

    page.go_back()
    related = page.locator(".related-list a").first
    related_title = related.inner_text()
    related.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}$"))
    assert page.url != article_url
    assert page.locator("h1").inner_text() == related_title


def test_timeline_bar_narrows_to_its_period(page, live_server):
    page.goto(live_server + "/search?q=port")
    # Each bar is a link whose accessible name says its period and count.
    bar = page.get_by_role("link", name=re.compile(r"^\d{4}(-\d\d)?: \d+ articles?")).first
    label = bar.get_attribute("aria-label")
    period, count = re.match(r"(\d{4}(?:-\d\d)?): (\d+) article", label).groups()
    bar.click()
    page.wait_for_url(re.compile(r"(year|month)="))
    query = params(page.url)
    assert query.get("year", query.get("month")) == [period]
    assert heading_count(page) == int(count)


def test_keyboard_reaches_the_timeline_and_skip_link(page, live_server):
    page.goto(live_server + "/search?q=port")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.locator("svg.timeline-chart a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"(year|month)="))


def test_paging_with_two_per_page(page, live_server):
    total = api(live_server, "q=port")["stories"]  # copies of one story are one hit
    page.goto(live_server + "/search?q=port&n=2")
    seen = hit_ids(page)
    pages = 1
    while page.locator("a[rel=next]").count():
        page.locator("a[rel=next]").click()
        pages += 1
        page.wait_for_url(re.compile(rf"page={pages}&n=2"))
        assert page.locator(".pages a[aria-current=page]").inner_text().endswith(str(pages))
        seen += hit_ids(page)
    assert len(seen) == total == len(set(seen))
    page.locator("a[rel=prev]").click()
    page.wait_for_url(re.compile(rf"page={pages - 1}&n=2"))


def test_error_pages(page, live_server, shot):
    response = page.goto(live_server + "/articles/0000000000000000")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Not Found"
    shot(page, "error-404")
    response = page.goto(live_server + "/search?q=date:2023-13")
    assert response.status == 400
    assert page.locator("#q").input_value() == "date:2023-13"
    assert "not a valid calendar date" in page.get_by_role("alert").inner_text()
    shot(page, "error-400")


def test_saved_search_round_trip(page, live_server, shot):
    page.goto(live_server + "/search?q=port&tag=ports")
    page.get_by_label("Save this search as").fill("Ports watch")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/saved"))
    item = page.locator(".saved-item", has_text="Ports watch")
    assert "Tag: ports" in item.inner_text()
    shot(page, "saved")
    with urllib.request.urlopen(live_server + "/saved/Ports%20watch/feed.atom") as feed:
        assert feed.headers["Content-Type"].startswith("application/atom+xml")
    item.get_by_role("link", name="Ports watch", exact=True).click()
    page.wait_for_url(re.compile(r"/search\?q=port&tag=ports$"))
    page.goto(live_server + "/saved")
    page.locator(".saved-item", has_text="Ports watch").get_by_role(
        "button", name=re.compile("^Delete")
    ).click()
    page.wait_for_url(re.compile(r"/saved"))
    assert page.locator(".saved-item", has_text="Ports watch").count() == 0


def test_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/search?q=port")
    assert page.locator("button.copy-link").is_hidden()
    assert page.locator("#permalink").get_attribute("href") == live_server + "/search?q=port"
    page.locator(".facet-more summary").first.click()  # <details> opens without script
    assert page.locator(".facet-more[open]").count() == 1
    page.locator("#facet-lang ~ ul a.facet-value").first.click()
    page.wait_for_url(re.compile(r"lang="))
    context.close()


def test_copy_link_button_with_javascript(page, live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_server + "/search?q=port&tag=ports")
    button = page.get_by_role("button", name="Copy link")
    assert button.is_visible()
    button.click()
    page.wait_for_function("document.querySelector('.copy-status').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == live_server + "/search?q=port&tag=ports"


def test_no_console_errors_or_external_requests(page, live_server):
    errors, hosts = [], set()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    for path in ("/", "/search?q=port&tag=ports", "/saved", "/api/openapi.json"):
        page.goto(live_server + path)
    assert errors == []
    assert hosts == {urlsplit(live_server).netloc}
