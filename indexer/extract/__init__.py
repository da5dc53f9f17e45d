"""Metadata and main-text extraction from saved pages and plain text.

Public API (used by the indexing pipeline, ``indexer.pipeline``; keep these names):

    extract_html(data: bytes | str, url: str | None = None) -> Extracted
    extract_text(text: str, filename: str | None = None) -> Extracted
    find_dates(text: str, lang: str | None = None) -> list[datetime.date]
    detect_language(text: str) -> str | None      # ISO 639-1 code, e.g. "de", "en"
    decode_bytes(data: bytes, declared: str | None = None) -> str
    domain_of(url: str | None) -> str              # host without www., IDNA decoded, or ''
    make_summary(description, body, title="") -> str  # description if prose, else the lead
    summarize(body: str) -> str                     # the first sentences of a text
    clean_title(title: str) -> str                  # no markup, no stray dashes, '' if no words
    article_text(body: str) -> str                  # the body without furniture, for tagging

``Extracted`` is a dataclass with: title, date (timezone-aware datetime or None),
date_source (one of archive.records.DATE_SOURCES or None), authors (list[str]),
sitename, url (the page's canonical URL if it declares one), lang, body, description,
tags (the page's own keywords: meta keywords, article:tag, JSON-LD keywords).
"""

from ._body import article_text
from ._charset import decode_bytes
from ._dates import find_dates
from ._html import extract_html
from ._lang import detect_language
from ._model import Extracted
from ._page import domain_of
from ._summary import clean_title, make_summary, summarize
from ._text import extract_text

__all__ = [
    "Extracted",
    "article_text",
    "clean_title",
    "decode_bytes",
    "detect_language",
    "domain_of",
    "extract_html",
    "extract_text",
    "find_dates",
    "make_summary",
    "summarize",
]
