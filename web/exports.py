"""The current result set as CSV or JSON Lines, streamed, at most EXPORT_LIMIT rows.

Only the articles that match all the words, unless ``partial=1`` asks for the
articles with some of them too; each row says whether it is one of those (``partial``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace

from flask import Blueprint, Response, request, stream_with_context

from archive.search import DEFAULT_DEADLINE_S, Hit, SearchRequest, search, wants_partial
from archive.search.serialize import CSV_COLUMNS, csv_cells, export_row, jsonl_line
from archive.store import Archive
from web.helpers import external_url, get_archive, settings

bp = Blueprint("exports", __name__)

CHUNK = 100  # hits fetched per search call while streaming


def iter_hits(
    archive: Archive,
    req: SearchRequest,
    limit: int,
    deadline_s: float = DEFAULT_DEADLINE_S,
    partial: bool = False,
) -> tuple[int, Iterator[Hit]]:
    """The total and an iterator over at most ``limit`` hits in the page's order.

    Each chunk of ``CHUNK`` hits is one search with its own ``deadline_s``; with
    ``partial``, the articles with some of the words follow those with all of them.
    The total counts what the rows are: stories when copies collapse, else articles.
    """

    def chunk(page: int):
        return search(
            archive,
            replace(req, page=page, per_page=CHUNK),
            with_snippets=False,
            deadline_s=deadline_s,
            partial=partial,
        )

    first = chunk(1)
    total = first.stories if req.collapse else first.total
    wanted = min(total, limit)

    def hits() -> Iterator[Hit]:
        result, page, sent = first, 1, 0
        while True:
            for hit in result.hits:
                if sent >= wanted:
                    return
                yield hit
                sent += 1
            if sent >= wanted or not result.hits:
                return
            page += 1
            result = chunk(page)

    return total, hits()


def _export(kind: str, mimetype: str, render) -> Response:
    req = SearchRequest.from_params(request.args)
    limit = settings().export_limit
    partial = wants_partial(request.args)
    total, hits = iter_hits(get_archive(), req, limit, settings().search_seconds, partial)
    body = stream_with_context(render(hits))
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="search.{kind}"'
    response.headers["X-Total-Count"] = str(total)
    response.headers["X-Export-Limit"] = str(limit)
    response.headers["X-Export-Rows"] = str(min(total, limit))
    response.headers["X-Export-Truncated"] = "true" if total > limit else "false"
    return response


@bp.get("/search.csv")
def search_csv():
    """All matches (up to EXPORT_LIMIT) as CSV; lists are joined with "; ".

    ``partial=1`` adds the articles with some of the words (``partial`` column: true).
    """
    return _export("csv", "text/csv", _csv_lines)


@bp.get("/search.jsonl")
def search_jsonl():
    """All matches (up to EXPORT_LIMIT) as JSON Lines, one hit object per line."""
    return _export("jsonl", "application/x-ndjson", _jsonl_lines)


def _row(hit: Hit) -> dict:
    return export_row(hit, external_url("articles.show", record_id=hit.record.id))


def _csv_lines(hits: Iterator[Hit]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for hit in hits:
        writer.writerow(csv_cells(_row(hit)))
        yield flush()


def _jsonl_lines(hits: Iterator[Hit]) -> Iterator[str]:
    for hit in hits:
        yield jsonl_line(_row(hit))
