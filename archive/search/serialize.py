"""Results as plain data: the JSON of the CLI and the API, the rows of the CSV and JSONL exports."""

from __future__ import annotations

import json
from collections.abc import Callable

from archive.search.request import FACET_NAMES, SearchRequest
from archive.search.results import (
    Facet,
    FacetValue,
    Hit,
    SearchResult,
    TimelineBucket,
    bucket_request,
    bucket_selected,
)

#: The record fields of a hit, as the CLI, the JSON API and the exports give them.
HIT_FIELDS = (
    "id",
    "title",
    "date",
    "date_source",
    "source",
    "url",
    "authors",
    "lang",
    "type",
    "tags",
    "places",
    "people",
    "orgs",
    "terms",
    "dates_mentioned",
    "note",  # the editors' note (archive.corrections)
)
#: A hit's story (``archive.stories``): its id, how many other articles and outlets ran it,
#: and its earliest dated publication (date and outlet).
STORY_FIELDS = ("story_id", "copies", "outlets", "first_seen", "first_seen_outlet")
#: The columns of a CSV export: a hit's fields, its score and snippet, its story, its page.
CSV_COLUMNS = (*HIT_FIELDS, "score", "snippet", "partial", *STORY_FIELDS, "article_url")
LIST_SEPARATOR = "; "
#: A spreadsheet would run a cell starting with these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Makes the URL of a search state (the JSON's toggle and bucket links).
UrlFor = Callable[[SearchRequest], str]


def hit_to_dict(hit: Hit) -> dict:
    """One hit as the CLI and the JSON API print it."""
    data = {name: getattr(hit.record, name) for name in HIT_FIELDS}
    data["date"] = hit.record.date.isoformat() if hit.record.date else None
    data["score"] = round(hit.score, 4)
    data["snippet"] = hit.snippet_text
    data["partial"] = hit.partial
    data.update(story_to_dict(hit))
    return data


def story_to_dict(hit: Hit) -> dict:
    """A hit's ``STORY_FIELDS`` (a record filed in no story: a story of its own, id null)."""
    story = hit.story
    if story is None:
        return dict.fromkeys(STORY_FIELDS) | {"copies": 0, "outlets": 1}
    first = story.first_seen
    return {
        "story_id": story.story,
        "copies": story.articles - 1,
        "outlets": story.outlets,
        "first_seen": first[2] if first else None,
        "first_seen_outlet": first[1] if first else None,
    }


def result_to_dict(
    result: SearchResult, facets: bool = True, url_for: UrlFor | None = None
) -> dict:
    """A whole result; ``url_for(request)`` adds the URL of each toggle and bucket."""
    data = {
        "query": result.request.q,
        "params": dict_params(result.request),
        "total": result.total,
        "exact_total": result.exact_total,
        "stories": result.stories,
        "collapse": result.request.collapse,
        "notice": result.notice,
        "address_notice": result.address_notice,
        "page": result.request.page,
        "pages": result.pages,
        "per_page": result.request.per_page,
        "sort": result.request.sort,
        "took_ms": result.took_ms,
        "suggestion": result.suggestion,
        "timed_out": result.timed_out,
        "hits": [hit_to_dict(h) for h in result.hits],
    }
    if facets:
        data["facets"] = {f.name: facet_to_dict(f, url_for) for f in result.facets}
        data["timeline"] = {
            "unit": result.timeline_unit,
            "undated": result.undated,
            "buckets": [bucket_to_dict(result.request, b, url_for) for b in result.timeline],
        }
    return data


def facet_to_dict(facet: Facet, url_for: UrlFor | None = None) -> dict:
    return {
        "label": facet.label,
        "truncated": facet.truncated,
        "values": [facet_value_to_dict(v, url_for) for v in facet.values],
    }


def facet_value_to_dict(value: FacetValue, url_for: UrlFor | None = None) -> dict:
    data = {"value": value.value, "count": value.count, "selected": value.selected}
    if url_for:
        data["toggle_url"] = url_for(value.toggle)
    return data


def bucket_to_dict(request: SearchRequest, bucket: TimelineBucket, url_for: UrlFor | None) -> dict:
    """A timeline bucket; its URL narrows the search to it (a selected one links to itself)."""
    data = {
        "label": bucket.label,
        "count": bucket.count,
        "start": bucket.start.isoformat(),
        "end": bucket.end.isoformat(),
    }
    if url_for:
        selected = bucket_selected(request, bucket)
        data["url"] = url_for(request if selected else bucket_request(request, bucket))
    return data


def dict_params(request: SearchRequest) -> dict[str, list[str] | str]:
    """The canonical parameters as JSON: a list per facet, a string for the others."""
    out: dict = {}
    for key, value in request.to_params():
        if key in FACET_NAMES:
            out.setdefault(key, []).append(value)
        else:
            out[key] = value
    return out


# ------------------------------------------------------------------ export rows
def export_row(hit: Hit, article_url: str) -> dict:
    """One exported hit: its JSON form and the address of its page."""
    row = hit_to_dict(hit)
    row["article_url"] = article_url
    return row


def csv_cell(value) -> str:
    """A value as a CSV cell: lists joined, formulas defused with a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(map(str, value))
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_cells(row: dict) -> list[str]:
    """An export row as the cells of ``CSV_COLUMNS``."""
    return [csv_cell(row.get(c)) for c in CSV_COLUMNS]


def jsonl_line(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False) + "\n"
