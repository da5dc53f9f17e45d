"""The coverage chart of the search page (server-side SVG), its table and its CSV twin.

Matches per week, month or year split by the top sources, or up to four queries side by
side (``compare=``): stacked bars by source, step lines by query. No script draws it;
the SVG scales to the page width (``viewBox``), its words are HTML around it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask import Blueprint, Response, abort, request

from archive.errors import QueryError
from archive.search import MAX_COMPARE, Coverage, SearchRequest, coverage
from archive.search.serialize import csv_cell
from web.helpers import get_archive, search_url, settings

bp = Blueprint("coverage", __name__)

HEIGHT = 100  # SVG user units; CSS sets the drawn height, the width follows the page
STEP = 10  # one period's width
BAR = 8


@dataclass
class Segment:
    """A bar's part (by source) or a step line (by query), with its CSS class."""

    css: str
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass
class Line:
    css: str
    path: str  # SVG path data of the step line
    title: str


@dataclass
class LegendItem:
    css: str
    label: str
    total: int
    url: str | None  # the search it stands for
    remove_url: str | None  # a compared query: the chart without it


@dataclass
class Chart:
    coverage: Coverage
    width: int
    height: int
    peak: int  # the count at the top of the chart
    segments: list[Segment]
    lines: list[Line]
    rows: list[list]  # the table twin (what the CSV twin holds)
    legend: list[LegendItem]
    csv_url: str
    compare_hidden: list[tuple[str, str]]  # the form that adds a query keeps the rest
    can_compare: bool
    by_source_url: str | None  # back from comparing queries to the split by source


def coverage_chart(req: SearchRequest) -> Chart | None:
    """The chart of a search's matches, or None when none of them has a date."""
    found = coverage(get_archive(), req, deadline_s=settings().search_seconds)
    if not found.periods:
        return None
    peak = (max(found.totals) if found.split == "source" else found.peak) or 1
    scale = HEIGHT / peak
    segments, lines = [], []
    if found.split == "query":
        for n, series in enumerate(found.series):
            lines.append(Line(_css(found, n), _step_path(series.counts, scale), series.label))
    else:
        for i, period in enumerate(found.periods):
            y = float(HEIGHT)
            for n, series in enumerate(found.series):
                count = series.counts[i]
                if not count:
                    continue
                height = count * scale
                y -= height
                title = f"{series.label}, {period.label}: {count} {_noun(count)}"
                segments.append(Segment(_css(found, n), i * STEP, y, BAR, height, title))
    return Chart(
        coverage=found,
        width=len(found.periods) * STEP,
        height=HEIGHT,
        peak=peak,
        segments=segments,
        lines=lines,
        rows=coverage_rows(found),
        legend=_legend(req, found),
        csv_url=search_url(req.with_page(1), "coverage.coverage_csv"),
        compare_hidden=[(k, v) for k, v in req.with_page(1).to_params()],
        can_compare=len(req.compare) < MAX_COMPARE,
        by_source_url=search_url(req.with_compare(())) if req.compare else None,
    )


@bp.get("/coverage.csv")
def coverage_csv():
    """The coverage chart's numbers: one row per period, one column per source or query."""
    try:
        req = SearchRequest.from_params(request.args)
        found = coverage(get_archive(), req, deadline_s=settings().search_seconds)
    except QueryError as error:
        abort(400, str(error))
    response = Response(coverage_rows_csv(found), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="coverage.csv"'
    return response


def coverage_rows(found: Coverage) -> list[list]:
    """The table of the chart: a header, one row per period, then earlier and undated."""
    by_source = found.split == "source"
    header = ["period", "start", "end", *(s.label for s in found.series)]
    rows = [header + (["all matches"] if by_source else [])]
    for i, period in enumerate(found.periods):
        counts = [s.counts[i] for s in found.series]
        extra = [sum(counts)] if by_source else []
        rows.append(
            [period.label, period.start.isoformat(), period.end.isoformat()] + counts + extra
        )
    for name, attribute in (("earlier", "earlier"), ("undated", "undated")):
        counts = [getattr(s, attribute) for s in found.series]
        if any(counts):
            rows.append([name, "", ""] + counts + ([sum(counts)] if by_source else []))
    return rows


def coverage_rows_csv(found: Coverage) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in coverage_rows(found):
        writer.writerow([csv_cell(cell) for cell in row])
    return buffer.getvalue()


def _css(found: Coverage, n: int) -> str:
    series = found.series[n]
    return "series-other" if series.request is None else f"series-{n}"


def _noun(count: int) -> str:
    return "article" if count == 1 else "articles"


def _step_path(counts: list[int], scale: float) -> str:
    """A step line: flat across each period at its count, straight up or down between."""
    parts = []
    for i, count in enumerate(counts):
        y = HEIGHT - 1 - count * scale * (HEIGHT - 2) / HEIGHT  # the stroke stays inside
        parts.append(f"M0 {y:.2f}" if i == 0 else f"V{y:.2f}")
        parts.append(f"H{(i + 1) * STEP}")
    return " ".join(parts)


def _legend(req: SearchRequest, found: Coverage) -> list[LegendItem]:
    items = []
    for n, series in enumerate(found.series):
        url = search_url(series.request) if series.request is not None else None
        remove = None
        if found.split == "query" and n > 0:
            rest = [t for t in req.compare if t != series.label]
            remove = search_url(req.with_compare(rest))
        items.append(LegendItem(_css(found, n), series.label, series.total, url, remove))
    return items
