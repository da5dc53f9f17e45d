"""A WARC file (or .warc.gz): one article per HTML response record (status 200)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator

from archive.originals import charset_of
from indexer.readers._items import (
    HTML_MEDIA_TYPES,
    MAX_ARTICLE_BYTES,
    Rejection,
    SourceItem,
    parse_capture_date,
    short_error,
)


def read(data: bytes) -> Iterator[SourceItem | Rejection]:
    # warcio writes raw record bytes to stderr on a bad Content-Length: keep them off the terminal
    with contextlib.redirect_stderr(io.StringIO()):
        items = list(_warc_items(data))
    yield from items


def _warc_items(data: bytes) -> Iterator[SourceItem | Rejection]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        iterator = ArchiveIterator(io.BytesIO(data), arc2warc=True)
        for record in iterator:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            status = record.http_headers.get_statuscode()
            media = (record.http_headers.get_header("Content-Type") or "").lower()
            if status != "200" or not media.startswith(HTML_MEDIA_TYPES):
                continue
            payload = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
            offset = str(iterator.get_record_offset())  # valid once the payload was read
            if len(payload) > MAX_ARTICLE_BYTES or not payload.strip():
                yield Rejection(offset, "the HTML response is empty or too large")
                continue
            found += 1
            yield SourceItem(
                "html",
                payload,
                member=offset,
                url=record.rec_headers.get_header("WARC-Target-URI"),
                fetched=parse_capture_date(record.rec_headers.get_header("WARC-Date")),
                charset=charset_of(media),
            )
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as error:
        yield Rejection(None, f"not a readable WARC file ({short_error(error)})")
        return
    if not found:
        yield Rejection(None, "the WARC file holds no HTML responses")
