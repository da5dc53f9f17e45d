"""A WARC file (or .warc.gz): one article per HTML response record (status 200).

``stream`` reads an open file from a record's offset on, one record at a time, so a
WARC of any size is read in bounded memory; ``read`` is the same over bytes in memory.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import BinaryIO

from archive.originals import charset_of
from indexer.readers._items import (
    HTML_MEDIA_TYPES,
    MAX_ARTICLE_BYTES,
    START,
    Cursor,
    Positioned,
    Rejection,
    SourceItem,
    parse_capture_date,
    short_error,
)

NO_HTML = "the WARC file holds no HTML responses"


def read(data: bytes) -> Iterator[SourceItem | Rejection]:
    found = 0
    for _, item in stream(io.BytesIO(data)):
        if item is None:
            continue
        yield item
        if isinstance(item, Rejection) and item.member is None:
            return  # not a WARC file (any more): said once
        found += isinstance(item, SourceItem)
    if not found:
        yield Rejection(None, NO_HTML)


def stream(handle: BinaryIO, start: Cursor = START) -> Iterator[Positioned]:
    """Every record from ``start.offset`` (a record's offset) on: (its offset, item or None).

    A file that is not a WARC ends the stream with a rejection of the whole file
    (member None) at the offset where reading failed.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    handle.seek(start.offset)
    iterator = ArchiveIterator(handle, arc2warc=True)
    offset = start.offset
    # warcio writes raw record bytes to stderr on a bad Content-Length: keep them off the terminal
    with contextlib.redirect_stderr(io.StringIO()):
        try:
            for record in iterator:
                item = _item(record)
                offset = iterator.get_record_offset()  # valid once the payload was read
                if item is not None:
                    item.member = str(offset)
                yield Cursor(offset, 0), item
        except (ArchiveLoadFailed, ValueError, OSError, EOFError) as error:
            reason = f"not a readable WARC file ({short_error(error)})"
            yield Cursor(offset, 0), Rejection(None, reason)


def _item(record) -> SourceItem | Rejection | None:
    """The article of one record: None unless it is an HTML response with status 200."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode()
    media = (record.http_headers.get_header("Content-Type") or "").lower()
    if status != "200" or not media.startswith(HTML_MEDIA_TYPES):
        return None
    payload = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
    if len(payload) > MAX_ARTICLE_BYTES or not payload.strip():
        return Rejection(None, "the HTML response is empty or too large")
    return SourceItem(
        "html",
        payload,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        fetched=parse_capture_date(record.rec_headers.get_header("WARC-Date")),
        charset=charset_of(media),
    )
