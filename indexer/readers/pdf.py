"""A PDF: one text article, its title (metadata) and the text layer of its pages."""

from __future__ import annotations

import io
from collections.abc import Iterator

from indexer.readers._items import Rejection, SourceItem, short_error

MAX_PDF_PAGES = 500


def read(data: bytes) -> Iterator[SourceItem | Rejection]:
    """A PDF's text layer as a text article: its title (metadata) and the text of its pages."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            yield Rejection(None, "the PDF is encrypted")
            return
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        yield Rejection(None, f"not a readable PDF ({short_error(error)})")
        return
    body = "\n\n".join(p.strip() for p in pages if p.strip())
    if not body:
        yield Rejection(None, "the PDF has no text layer (scanned pages are not read)")
        return
    text = f"{title.strip()}\n\n{body}" if title.strip() else body
    yield SourceItem("text", text.encode("utf-8"), charset="utf-8")
