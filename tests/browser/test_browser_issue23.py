"""Stories on the article page in a real Chromium: also published by, first seen, a word diff."""

from __future__ import annotations

import os
import re

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def story_server(tmp_path_factory):
    from tests.browser.conftest import serve_archive
    from tests.support import build_archive, wire_ids, write_wire_story

    root = tmp_path_factory.mktemp("stories")
    names = write_wire_story(root / "files")
    archive, summary = build_archive(root / "archive", root / "files")
    assert summary.to_dict()["indexed"] == 4, summary.rejected
    ids = wire_ids(archive, names)
    archive.close()
    with serve_archive(root / "archive") as url:
        yield url, ids


def test_a_copy_shows_who_else_ran_it_who_was_first_and_diffs_against_the_original(
    page, story_server, shot
):
    url, ids = story_server
    page.goto(f"{url}/search?q=herring+boom")
    page.locator("ol.hits .hit-title a", has_text="Herring boom surprises skippers").click()
    page.wait_for_url(re.compile(rf"/articles/{ids['copy.html']}"))
    story = page.locator("#story")
    assert story.locator("h2").inner_text() == "Also published by"
    assert "First seen: Coast Post, 2024-04-08" in page.locator("#first-seen").inner_text()
    items = page.locator("#story-copies li")
    assert items.count() == 2
    first = items.filter(has=page.locator(".first-seen-badge"))
    assert first.count() == 1 and "Coast Post" in first.inner_text()
    assert re.search(r"has \d+ % of this text", first.inner_text())
    shot(page, "story-panel")
    first.locator("a.compare").click()
    page.wait_for_url(re.compile(rf"/compare/{ids['orig.html']}$"))
    assert page.locator("h1").inner_text() == "What differs between two publications of one story"
    assert page.locator(".diff del").count() >= 1  # the local paragraph is only in the copy
    assert page.locator(".diff ins").count() >= 1  # the end cut from the copy is only there
    shot(page, "story-compare")


def test_the_story_panel_reads_on_a_phone(browser, story_server):
    url, ids = story_server
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"{url}/articles/{ids['orig.html']}")
        assert "First seen here" in page.locator("#first-seen").inner_text()
        assert page.locator("#story-versions li").count() == 1
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        assert page.locator("#story").bounding_box()["width"] <= 375
    finally:
        context.close()


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
def test_copies_collapse_into_one_hit_that_expands_in_place(browser, story_server, script):
    url, ids = story_server
    context = browser.new_context(java_script_enabled=script)
    page = context.new_page()
    try:
        page.goto(f"{url}/search?q=herring&sort=oldest")
        assert page.locator("#results-heading").inner_text() == "3 articles in 1 story"
        hits = page.locator("ol.hits > li.hit")
        assert hits.count() == 1
        more = hits.first.locator("details.story-more")
        assert more.locator("summary").inner_text() == "+ 2 (1 other outlet)"
        members = more.locator(".story-members li")
        assert not members.first.is_visible()
        more.locator("summary").click()
        assert members.count() == 2 and members.first.is_visible()
        assert "Herring boom surprises skippers" in members.first.inner_text()
        assert page.url == f"{url}/search?q=herring&sort=oldest"  # in place, no page loaded
        if script and os.environ.get("SCREENSHOT_DIR"):
            page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/story-collapsed.png")
        more.locator("a.story-all").click()
        page.wait_for_url(re.compile(r"collapse=0"))
        assert page.locator("ol.hits > li.hit").count() == 3
        page.locator(".collapse-toggle a").click()
        page.wait_for_url(re.compile(r"story=\d+&sort=oldest$"))
        assert page.locator("ol.hits > li.hit").count() == 1
    finally:
        context.close()
