"""The coverage chart in a real Chromium at phone width: drawn, readable, its table and CSV."""

from __future__ import annotations

import csv
import io
import re
import urllib.request

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def csv_rows(url: str) -> list[list[str]]:
    with urllib.request.urlopen(url) as response:
        return list(csv.reader(io.StringIO(response.read().decode("utf-8"))))


def test_the_chart_shows_on_the_search_page_at_phone_width(phone, live_server, shot):
    phone.goto(live_server + "/search?q=port")
    chart = phone.locator("#coverage svg.coverage-chart")
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    box = chart.bounding_box()
    assert 250 <= box["width"] <= PHONE["width"] and box["height"] >= 100
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width}px)"
    bars = chart.locator("rect")
    assert bars.count() > 0
    drawn = [bars.nth(i).bounding_box() for i in range(bars.count())]
    assert all(b["width"] > 1 and b["height"] > 1 for b in drawn)  # each bar can be seen
    assert all(
        box["x"] - 0.5 <= b["x"] and b["x"] + b["width"] <= box["x"] + box["width"] + 0.5
        for b in drawn
    )
    legend = phone.locator("#coverage .coverage-legend li")
    assert legend.count() >= 2 and legend.first.is_visible()
    font = phone.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('#coverage .coverage-legend')).fontSize)"
    )
    assert font >= 12
    shot(phone, "coverage-phone")

    table = phone.locator("#coverage details table")
    assert not table.is_visible()
    phone.locator("#coverage details summary").click()
    assert table.is_visible()
    cells = table.locator("tbody tr").first.locator("td").all_inner_texts()
    csv_link = phone.locator("#coverage a", has_text="Download as CSV").get_attribute("href")
    rows = csv_rows(live_server + csv_link)
    assert rows[1][3:] == [c.replace(",", "") for c in cells]
    assert table.locator("tbody tr").count() == len(rows) - 1


def test_comparing_a_query_from_the_form(phone, live_server):
    phone.goto(live_server + "/search?q=port")
    phone.get_by_label("Compare with the query").fill("Hamburg")
    phone.get_by_role("button", name="Compare").click()
    phone.wait_for_url(re.compile(r"q=port&compare=Hamburg$"))
    lines = phone.locator("#coverage svg path")
    assert lines.count() == 2
    assert all(lines.nth(i).bounding_box()["width"] > 100 for i in range(2))
    legend = phone.locator("#coverage .coverage-legend").inner_text()
    assert "port (" in legend and "Hamburg (" in legend
    phone.get_by_label("Stop comparing Hamburg").click()
    phone.wait_for_url(re.compile(r"/search\?q=port$"))
    assert phone.locator("#coverage svg rect").count() > 0
