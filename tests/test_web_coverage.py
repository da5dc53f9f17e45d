"""web.coverage: the coverage chart on the search page, its table and its CSV twin.

The real app over the test archive; every number drawn, tabled or downloaded is
compared with what the one search function counts for the same search.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

from bs4 import BeautifulSoup

from archive.search import SearchRequest, search

TITLE = re.compile(r"^(?P<series>.+), (?P<period>[\d-]+): (?P<count>\d+) articles?$")


def page(client, query_string: str) -> BeautifulSoup:
    response = client.get(f"/search?{query_string}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def source_counts(archive, **params) -> Counter:
    result = search(archive, SearchRequest.from_params(params))
    [facet] = [f for f in result.facets if f.name == "source"]
    return Counter({v.value: v.count for v in facet.values})


def dated_total(archive, **params) -> int:
    result = search(archive, SearchRequest.from_params(params))
    return sum(b.count for b in result.timeline)


def table_rows(soup) -> list[list[str]]:
    table = soup.select_one("#coverage details table")
    return [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]


def test_the_bars_add_up_to_what_the_search_counts_per_source(client, archive):
    soup = page(client, "q=port")
    chart = soup.select_one("#coverage svg.coverage-chart")
    assert chart is not None and chart["viewbox"].startswith("0 0 ")
    drawn = Counter()
    for rect in chart.find_all("rect"):
        match = TITLE.match(rect.title.get_text())
        drawn[match["series"]] += int(match["count"])
    counts = source_counts(archive, q="port")
    top = dict(counts.most_common())
    undated = {"Notebook": 1}  # the undated note about the port is counted, not drawn
    legend = [li.get_text(" ", strip=True) for li in soup.select("#coverage .coverage-legend li")]
    named = [item.rsplit(" (", 1)[0] for item in legend[:-1]]
    assert legend[-1].startswith("Other sources (")
    assert named == sorted(top, key=lambda n: (-top[n], n))[:5]  # the five with most matches
    for name, item in zip(named, legend, strict=False):
        assert drawn[name] == top[name] - undated.get(name, 0), name
        assert item == f"{name} ({top[name]})"
    others = sum(c - undated.get(n, 0) for n, c in top.items() if n not in named)
    assert drawn["Other sources"] == others > 0
    assert sum(drawn.values()) == dated_total(archive, q="port")


def test_the_table_and_the_csv_hold_the_same_numbers(client, archive):
    soup = page(client, "q=port")
    rows = table_rows(soup)
    response = client.get("/coverage.csv?q=port")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="coverage.csv"' in response.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header, body = lines[0], lines[1:]
    assert header[:3] == ["period", "start", "end"] and header[-1] == "all matches"
    assert rows[0][1:] == header[3:]
    assert [r[0] for r in rows[1:]] == [r[0] for r in body]
    assert [r[1:] for r in rows[1:]] == [r[3:] for r in body]
    dated = [r for r in body if r[1]]
    assert sum(int(r[-1]) for r in dated) == dated_total(archive, q="port")
    assert sum(int(r[-1]) for r in body) == search(archive, SearchRequest(q="port")).exact_total
    for column, name in enumerate(header[3:-1], start=3):
        if name != "Other sources":
            assert sum(int(r[column]) for r in body) == source_counts(archive, q="port")[name]
    assert soup.select_one("#coverage a[href^='/coverage.csv?q=port']") is not None


def test_compared_queries_are_step_lines_with_their_own_totals(client, archive):
    soup = page(client, "q=port&compare=Hamburg&compare=storm")
    paths = soup.select("#coverage svg path")
    assert [p.title.get_text() for p in paths] == ["port", "Hamburg", "storm"]
    assert all(p["d"].startswith("M0 ") for p in paths)
    legend = soup.select("#coverage .coverage-legend li")
    for item, text in zip(legend, ("port", "Hamburg", "storm"), strict=True):
        total = search(archive, SearchRequest(q=text)).exact_total
        assert f"{text} ({total})" in item.get_text(" ", strip=True)
    remove = soup.select("#coverage .remove-compare")
    assert [a["href"] for a in remove] == [
        "/search?q=port&compare=storm",
        "/search?q=port&compare=Hamburg",
    ]
    rows = table_rows(soup)
    assert rows[0][1:] == ["port", "Hamburg", "storm"]
    body = list(
        csv.reader(
            io.StringIO(
                client.get("/coverage.csv?q=port&compare=Hamburg&compare=storm").get_data(
                    as_text=True
                )
            )
        )
    )
    assert body[0][3:] == ["port", "Hamburg", "storm"]
    hamburg = sum(int(r[4]) for r in body[1:])
    assert hamburg == search(archive, SearchRequest(q="Hamburg")).exact_total
    back = soup.select_one("#coverage .coverage-links a[href='/search?q=port']")
    assert back is not None and "split by source" in back.get_text()


def test_the_compare_form_keeps_the_search_and_stops_at_four(client):
    soup = page(client, "q=port&tag=ports")
    form = soup.select_one("#coverage form.compare-form")
    hidden = [(i["name"], i["value"]) for i in form.select("input[type=hidden]")]
    assert hidden == [("q", "port"), ("tag", "ports")]
    assert form.select_one("input[name=compare]") is not None
    full = page(client, "q=port&compare=storm&compare=Hamburg&compare=ferry")
    assert full.select_one("#coverage form.compare-form") is None
    assert full.select("#coverage svg path")


def test_bad_compare_parameters_are_explained(client):
    response = client.get("/coverage.csv?compare=a&compare=b&compare=c&compare=d")
    assert response.status_code == 400
    assert "At most 3 queries can be compared" in response.get_data(as_text=True)
    response = client.get("/search?q=port&compare=a&compare=b&compare=c&compare=d")
    assert response.status_code == 400
    assert "At most 3 queries can be compared" in response.get_data(as_text=True)


def test_no_chart_without_dated_matches(client):
    soup = page(client, "q=cranes+note")  # only the undated note
    assert soup.select_one("#coverage") is None
    soup = page(client, "q=nosuchwordanywhere")
    assert soup.select_one("#coverage") is None
    lines = client.get("/coverage.csv?q=nosuchwordanywhere").get_data(as_text=True).splitlines()
    assert lines == ["period,start,end,all matches"]
