"""A page saved as one MIME file (.mhtml): one article, its HTML part."""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from indexer.readers._items import HTML_MEDIA_TYPES, Rejection, SourceItem, short_error


def read(data: bytes) -> Iterator[SourceItem | Rejection]:
    """A page saved as one MIME file (.mhtml): its HTML part, in its charset; images are ignored."""
    from email import policy
    from email.parser import BytesParser

    from indexer.extract import decode_bytes

    if not data.strip():
        yield Rejection(None, "the file is empty")
        return
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(data)
    except Exception as error:  # noqa: BLE001 - any parse failure is this file's rejection
        yield Rejection(None, f"not a readable MHTML file ({short_error(error)})")
        return
    if not message.is_multipart():
        yield Rejection(None, "not an MHTML file (no MIME parts)")
        return
    part = next((p for p in message.walk() if p.get_content_type() in HTML_MEDIA_TYPES), None)
    if part is None:
        yield Rejection(None, "the MHTML file holds no HTML part")
        return
    payload = part.get_payload(decode=True) or b""
    if not payload.strip():
        yield Rejection(None, "the HTML part is empty")
        return
    charset = part.get_content_charset()
    text = decode_bytes(payload, declared=charset)
    url = part.get("Content-Location") or message.get("Snapshot-Content-Location")
    yield SourceItem(
        "html",
        codecs.BOM_UTF8 + text.encode("utf-8"),  # the BOM says: decoded with the part's charset
        url=url.strip() if url else None,
        charset=charset,
    )
