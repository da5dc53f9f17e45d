"""archive.search.coverage: matches per period by source or by query, on a real Whoosh index.

Every figure is checked against what the one search function counts for the same search.
"""

from __future__ import annotations

import importlib
from datetime import date, timedelta

import pytest

from archive.search import SearchRequest, coverage, search
from tests.support import build_archive, jsonl, write

#: The module (``archive.search.coverage`` is also the name of its function).
coverage_module = importlib.import_module("archive.search.coverage")
#: Flood articles per source (A most): the top five and two others, from 2 January 2023 on.
FLOOD_SOURCES = {"A": 6, "B": 5, "C": 4, "D": 3, "E": 2, "F": 1, "G": 1}


def _articles():
    out, n = [], 0
    for source, count in FLOOD_SOURCES.items():
        for i in range(count):
            day = date(2023, 1, 2) + timedelta(days=9 * i + n % 5)
            out.append(
                {
                    "title": f"River flood report {n}",
                    "body": f"The river flood reached the town square, report number {n}.",
                    "date": day.isoformat(),
                    "source": f"Flood {source}",
                }
            )
            n += 1
    out.append({"title": "Undated flood note", "body": "A flood note.", "source": "Flood A"})
    for year in range(2015, 2024):  # nine years: counted by year
        out.append(
            {
                "title": f"Election night {year}",
                "body": f"The election count in {year} went on late into the night.",
                "date": f"{year}-05-07",
                "source": "Ballot Post",
            }
        )
    for month in ("2021-02-10", "2022-07-01", "2023-11-30"):  # three years: by month
        out.append(
            {
                "title": f"Budget debate {month}",
                "body": "The budget debate went on in parliament, and the flood fund was cut.",
                "date": month,
                "source": "Treasury Times",
            }
        )
    return out


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("files")
    write(folder / "articles.jsonl", jsonl(_articles()))
    arc, summary = build_archive(tmp_path_factory.mktemp("archive"), folder)
    assert summary.counts["indexed"] == len(_articles()), summary.to_dict()
    yield arc
    arc.close()


def request(**params) -> SearchRequest:
    return SearchRequest.from_params(params)


def source_counts(archive, req: SearchRequest) -> dict[str, int]:
    result = search(archive, req)
    [facet] = [f for f in result.facets if f.name == "source"]
    return {v.value: v.count for v in facet.values}


def test_split_by_the_top_five_sources_and_the_others(archive):
    req = request(
        q="flood",
        source=["Flood A", "Flood B", "Flood C", "Flood D", "Flood E", "Flood F", "Flood G"],
    )
    found = coverage(archive, req)
    assert found.split == "source" and found.unit == "week"
    labels = [s.label for s in found.series]
    assert labels == ["Flood A", "Flood B", "Flood C", "Flood D", "Flood E", "Other sources"]
    counts = source_counts(archive, req)
    for series in found.series[:-1]:
        assert series.total == counts[series.label]
        assert sum(series.counts) + series.undated + series.earlier == series.total
    assert found.series[-1].total == counts["Flood F"] + counts["Flood G"] == 2
    assert found.series[0].undated == 1  # the undated note
    result = search(archive, req)
    assert sum(found.totals) + sum(s.undated for s in found.series) == result.exact_total


def test_weeks_start_on_monday_and_run_without_gaps(archive):
    found = coverage(archive, request(q="flood", source="Flood A"))
    starts = [p.start for p in found.periods]
    assert all(d.weekday() == 0 for d in starts)
    assert starts == [starts[0] + timedelta(weeks=i) for i in range(len(starts))]
    assert all(p.end == p.start + timedelta(days=6) for p in found.periods)
    assert found.periods[0].label == "2023-01-02" and found.series[0].counts[0] >= 1
    assert found.series[0].counts[-1] >= 1  # the last period is the last one with a match


@pytest.mark.parametrize(
    ("text", "unit", "first", "last"),
    [("election", "year", "2015", "2023"), ("budget", "month", "2021-02", "2023-11")],
)
def test_the_period_follows_the_span(archive, text, unit, first, last):
    found = coverage(archive, request(q=text))
    assert found.unit == unit
    assert (found.periods[0].label, found.periods[-1].label) == (first, last)
    assert sum(found.totals) == search(archive, request(q=text)).exact_total


def test_compare_draws_each_query_with_the_same_filters(archive):
    req = request(q="flood", compare=["election", "budget"])
    found = coverage(archive, req)
    assert found.split == "query" and found.unit == "year"
    assert [s.label for s in found.series] == ["flood", "election", "budget"]
    for series in found.series:
        exact = search(archive, request(q=series.label)).exact_total
        assert series.total == exact == sum(series.counts) + series.undated
        assert series.request.q == series.label and series.request.compare == ()
    filtered = coverage(archive, request(q="flood", compare=["budget"], source="Treasury Times"))
    assert [s.total for s in filtered.series] == [3, 3]  # the budget articles mention the flood


def test_only_the_last_periods_are_listed_the_rest_counted_as_earlier(archive, monkeypatch):
    monkeypatch.setattr(coverage_module, "MAX_PERIODS", 3)
    found = coverage(archive, request(q="election"))
    assert [p.label for p in found.periods] == ["2021", "2022", "2023"]
    assert found.series[0].earlier == 6 and found.series[0].counts == [1, 1, 1]


def test_nothing_dated_to_count(archive, tmp_path):
    assert coverage(archive, request(q="nosuchwordanywhere")).periods == []
    undated = coverage(archive, request(q="note"))
    assert undated.periods == [] and undated.series[0].undated == 1
    empty, _ = build_archive(tmp_path / "empty")
    try:
        assert coverage(empty, request(q="flood")).periods == []
    finally:
        empty.close()


def test_periods_run_to_the_last_day_a_date_can_have():
    weeks = coverage_module._periods("week", "9999-12-20", "9999-12-27")
    assert [p.label for p in weeks] == ["9999-12-20", "9999-12-27"]
    assert weeks[-1].end == date.max
    months = coverage_module._periods("month", "2023-11", "2024-02")
    assert [p.label for p in months] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert [p.label for p in coverage_module._periods("year", "9998", "9999")] == ["9998", "9999"]
