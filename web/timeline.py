"""The timeline histogram as plain geometry for a server-rendered SVG (no script, no inline CSS)."""

from __future__ import annotations

from dataclasses import dataclass

from archive.search import SearchRequest, SearchResult, bucket_request, bucket_selected
from web.helpers import search_url

HEIGHT = 60  # SVG user units; the chart is scaled to the page width by CSS
BAR = 10
GAP = 2
MIN_VISIBLE = 1.5  # a bar with a count is never thinner than this
MAX_BARS = 120  # older periods beyond this are summed up in a note, not drawn


@dataclass
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float
    url: str | None  # None when the period has no matches
    selected: bool
    description: str


@dataclass
class Chart:
    bars: list[Bar]
    width: int
    height: int
    unit: str
    undated: int
    earlier: int  # matches in periods too old to draw
    first: str
    last: str
    peak: int
    labels: list[tuple[str, str | None]]  # one per bar: year text ("" for none) and its link


MAX_LABELS = 12  # year labels under the bars, at most


def year_labels(req: SearchRequest, buckets) -> list[tuple[str, str | None]]:
    """A year under the first bar of each year (every k-th year when there are many)."""
    starts = [i for i, b in enumerate(buckets) if i == 0 or b.label[:4] != buckets[i - 1].label[:4]]
    step = max(1, -(-len(starts) // MAX_LABELS))
    shown = set(starts[::step])
    labels = []
    for i, b in enumerate(buckets):
        year = b.label[:4]
        url = search_url(req.toggled("year", year)) if year not in req.selected("year") else None
        labels.append((year, url) if i in shown else ("", None))
    return labels


def timeline_chart(req: SearchRequest, result: SearchResult) -> Chart | None:
    """Bars of matches per year (or month); each bar links to its period's results."""
    buckets = result.timeline
    if not buckets:
        return None
    earlier = sum(b.count for b in buckets[:-MAX_BARS])
    buckets = buckets[-MAX_BARS:]
    peak = max(b.count for b in buckets) or 1
    bars = []
    for i, b in enumerate(buckets):
        height = b.count / peak * HEIGHT
        if b.count:
            height = max(height, MIN_VISIBLE)
        selected = bucket_selected(req, b)
        toggle = bucket_request(req, b)
        noun = "article" if b.count == 1 else "articles"
        action = "remove this filter" if selected else "show them"
        bars.append(
            Bar(
                label=b.label,
                count=b.count,
                x=i * (BAR + GAP),
                y=HEIGHT - height,
                width=BAR,
                height=height,
                url=search_url(toggle)
                if (b.count or selected) and not (selected and b.filter_name == "day")
                else None,
                selected=selected,
                description=f"{b.label}: {b.count} {noun}" + (f", {action}" if b.count else ""),
            )
        )
    return Chart(
        bars,
        len(buckets) * (BAR + GAP) - GAP,
        HEIGHT,
        result.timeline_unit,
        result.undated,
        earlier,
        buckets[0].label,
        buckets[-1].label,
        peak,
        year_labels(req, buckets),
    )
