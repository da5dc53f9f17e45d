"""Feeds, citations, the back link and saved-search confirmation in a real Chromium."""

from __future__ import annotations

import re
import urllib.request
from xml.etree import ElementTree as ET

import pytest

pytestmark = pytest.mark.browser
ATOM = "{http://www.w3.org/2005/Atom}"


def test_search_page_autodiscovers_its_feed_and_the_feed_reads_in_a_browser(
    page, live_server, shot
):
    page.goto(live_server + "/search?q=port&tag=ports")
    link = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert link.count() == 1
    href = link.get_attribute("href")
    assert href.startswith("/search.atom?")
    request = urllib.request.Request(live_server + href, headers={"Accept": "application/atom+xml"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"].startswith("application/atom+xml")
        feed = ET.fromstring(response.read())
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles
    page.locator("a.feed-link").click()  # what a reader of the page does
    page.wait_for_url(re.compile(r"/search\.atom\?"))
    assert page.locator("h1").inner_text().startswith("Search: “port”")
    assert "This is an Atom feed" in page.locator("#feed-about").inner_text()
    assert page.locator(".feed-entries li a").first.inner_text() == titles[0]
    shot(page, "feed-html")


def test_article_back_link_citation_and_highlight(page, live_server, shot):
    page.goto(live_server + "/search?q=Hamburg&n=1&page=2")
    page.locator("ol.hits .hit-title a").first.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}\?from="))
    assert page.locator("mark.search-word").count() >= 1
    citation = page.locator("pre.citation").inner_text()
    for label in (
        "Title:",
        "Source:",
        "URL:",
        "Published:",
        "Captured:",
        "Archived:",
        "SHA-256 of the original:",
    ):
        assert label in citation
    assert re.search(r"SHA-256 of the original: [0-9a-f]{64}", citation)
    shot(page, "article-citation")
    page.locator("#back-to-results").click()
    page.wait_for_url(re.compile(r"/search\?q=Hamburg&page=2&n=1$|/search\?q=Hamburg&n=1&page=2$"))
    assert page.locator("ol.hits .hit").count() == 1


def test_saving_over_an_existing_name_asks_first(page, live_server, shot):
    page.goto(live_server + "/search?q=port")
    page.get_by_label("Save this search as").fill("Overwrite me")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/saved"))
    assert "Saved “Overwrite me”: “port”." in page.locator("#saved-done").inner_text()

    page.goto(live_server + "/search?q=Hamburg")
    page.get_by_label("Save this search as").fill("Overwrite me")
    page.get_by_role("button", name="Save").click()
    confirm = page.locator("#save-confirm")
    assert "Replace the saved search “Overwrite me”?" in confirm.inner_text()
    assert "It holds: “port”" in confirm.inner_text()
    shot(page, "saved-confirm")
    item = page.locator(".saved-item", has_text="Overwrite me")
    assert "“port”" in item.inner_text()  # not replaced yet
    page.get_by_role("button", name="Replace “Overwrite me”").click()
    page.wait_for_url(re.compile(r"done=replaced"))
    assert "Replaced “Overwrite me”: “Hamburg”." in page.locator("#saved-done").inner_text()
    assert "“Hamburg”" in page.locator(".saved-item", has_text="Overwrite me").inner_text()

    page.locator(".saved-item", has_text="Overwrite me").get_by_label(
        "New name for Overwrite me"
    ).fill("Renamed one")
    page.locator(".saved-item", has_text="Overwrite me").get_by_role(
        "button", name="Rename"
    ).click()
    page.wait_for_url(re.compile(r"done=renamed"))
    assert page.locator(".saved-item", has_text="Renamed one").count() == 1
    page.locator(".saved-item", has_text="Renamed one").get_by_role(
        "button", name=re.compile("^Delete")
    ).click()


HOSTILE = """<!DOCTYPE html><html><head><title>Hostile page</title>
<meta name="description" content="A page that tries to run script.">
<script>document.title = "PWNED"; fetch("/pwned-by-script");</script></head>
<body><article><h1>Hostile page</h1>
<p>This saved page carries a script that would change its title and call home.</p>
<p>It also has an image whose error handler tries the same, and a form.</p>
<img src="missing.png" onerror="document.title='PWNED'; fetch('/pwned-by-onerror')">
<p>Nothing of it may run when the archive shows the original in the browser.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from tests.browser.conftest import serve_archive
    from tests.support import build_archive, write

    root = tmp_path_factory.mktemp("hostile")
    write(root / "files" / "hostile.html", HOSTILE)
    archive, summary = build_archive(root / "archive", root / "files")
    assert summary.to_dict()["indexed"] == 1, summary.rejected
    archive.close()
    with serve_archive(root / "archive") as url:
        yield url


def test_a_hostile_original_runs_no_script_when_viewed(page, hostile_server, shot):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(hostile_server + "/search?q=hostile")
    page.locator("ol.hits .hit-title a").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    view = page.locator("#view-original")
    href = view.get_attribute("href")
    response = page.goto(hostile_server + href)
    assert response.headers["content-security-policy"].endswith("sandbox")
    assert "inline" in response.headers["content-disposition"]
    page.wait_for_timeout(500)
    assert page.locator("h1").inner_text() == "Hostile page"  # shown, as HTML
    assert page.title() == "Hostile page"  # the script did not change it
    assert not [u for u in requests if "pwned" in u]
    shot(page, "hostile-original")
    # The control: the same page without the sandbox does run its script.
    control = page.context.new_page()
    control.set_content(HOSTILE)
    control.wait_for_function("document.title === 'PWNED'")
    control.close()


@pytest.fixture(scope="module")
def versioned_server(tmp_path_factory):
    from tests.browser.conftest import serve_archive
    from tests.support import build_archive, edit_article, edited_article

    root = tmp_path_factory.mktemp("versions")
    page = edited_article(root / "files")
    build_archive(root / "archive", root / "files")[0].close()
    edit_article(page)
    build_archive(root / "archive", page)[0].close()
    with serve_archive(root / "archive") as url:
        yield url


def test_version_diff_from_the_article_page(page, versioned_server, shot):
    page.goto(versioned_server + "/search?q=quay")
    page.locator("ol.hits .hit-title a").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    assert page.locator("ol.versions li").count() == 2
    page.get_by_role("button", name="Show the changes").click()
    page.wait_for_url(re.compile(r"/diff\?a=[0-9a-f]{64}&b=[0-9a-f]{64}$"))
    assert "more than planned" in page.locator(".diff ins").all_inner_texts().__str__()
    assert any("2" in t for t in page.locator(".diff del").all_inner_texts())
    assert re.search(
        r"\d+ words? removed, \d+ words? added", page.locator("#diff-summary").inner_text()
    )
    shot(page, "version-diff")


ONE_LINE = """els => els.map(el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  return [el.textContent, lines.size];
})"""


def test_mobile_layout_at_390px(browser, live_server, shot, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    page.goto(live_server + "/search?q=port")
    page.locator("#query-help-details summary").click()
    page.screenshot(path=str(tmp_path / "mobile-390.png"), full_page=True)
    shot(page, "mobile-390")
    assert (tmp_path / "mobile-390.png").stat().st_size > 0
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"
    for selector in (".sort a", ".help-line code", "#query-help-details code"):
        pieces = page.locator(selector).evaluate_all(ONE_LINE)
        assert pieces, selector
        wrapped = [text for text, lines in pieces if lines != 1]
        assert not wrapped, f"{selector} wraps inside: {wrapped}"
    results = page.locator("section.results").bounding_box()
    facets = page.locator("aside.facets").bounding_box()
    assert facets["y"] >= results["y"] + results["height"] - 1, "facets fold below the results"
    assert abs(facets["x"] - results["x"]) < 2 and facets["width"] <= 390
    for box in (results, facets):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 0.5
    context.close()
