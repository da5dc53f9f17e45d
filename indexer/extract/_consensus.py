"""A second opinion on the body from trafilatura: short blocks must be confirmed.

Our extractor finds the article's container well, but short blocks inside or next to
it (section headings of link lists, "Weitere Artikel", picture credits, labels) are
often boilerplate. A paragraph of at most ``SHORT_BLOCK_WORDS`` words stays only when
trafilatura also has it in its main text; longer paragraphs are always kept. When
trafilatura finds nothing (or fails), or nothing would be left, the body stays as it is;
when our extractor finds no body at all, trafilatura's text is the body if it is prose
(``MIN_FALLBACK_WORDS``: a menu label is not an article).
"""

from __future__ import annotations

import logging

import trafilatura

log = logging.getLogger(__name__)
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.ERROR)

#: Paragraphs this short need trafilatura's agreement to stay in the body.
SHORT_BLOCK_WORDS = 15
#: trafilatura's text stands in for a missing body only with at least this many words.
MIN_FALLBACK_WORDS = 20
#: trafilatura without its fallback extractors (readability, jusText): about 3x faster.
FAST = True


def trafilatura_text(tree) -> str:
    """trafilatura's main text of a parsed page (a copy: it cleans the tree), '' on failure."""
    try:
        return trafilatura.extract(tree, fast=FAST, include_comments=False) or ""
    except Exception as error:  # noqa: BLE001 - a third-party failure is only "no opinion"
        log.debug("trafilatura failed: %r", error)
        return ""


def has_short_blocks(body: str) -> bool:
    """Whether ``body`` has a paragraph that needs confirming."""
    return any(len(paragraph.split()) <= SHORT_BLOCK_WORDS for paragraph in body.split("\n\n"))


def confirm_short_blocks(body: str, other: str) -> str:
    """``body`` without its short paragraphs that ``other`` does not contain."""
    reference = " ".join(other.split())
    if not reference:
        return body
    kept = [
        paragraph
        for paragraph in body.split("\n\n")
        if len(paragraph.split()) > SHORT_BLOCK_WORDS or " ".join(paragraph.split()) in reference
    ]
    return "\n\n".join(kept) if kept else body


def fallback_body(other: str) -> str:
    """trafilatura's text as the body when ours is empty: only if it has enough words."""
    return other if len(other.split()) >= MIN_FALLBACK_WORDS else ""
