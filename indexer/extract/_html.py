"""``extract_html``: one parse, then one ladder per field."""

from __future__ import annotations

from copy import deepcopy

from ._authors import extract_authors
from ._body import extract_body, trim_body_start
from ._charset import decode_bytes
from ._consensus import confirm_short_blocks, fallback_body, has_short_blocks, trafilatura_text
from ._lang import detect_language
from ._metadata import (
    extract_description,
    extract_lang,
    extract_sitename,
    extract_tags,
    extract_title,
    extract_url,
)
from ._model import Extracted
from ._page import domain_of, parse_page
from ._pubdate import extract_date
from ._tags import subject_tags


def extract_html(data: bytes | str, url: str | None = None) -> Extracted:
    """Metadata and main text of a saved HTML page (bytes in any charset, or text)."""
    page = parse_page(decode_bytes(data), url)
    canonical = extract_url(page)
    page.url = url or canonical
    sitename = extract_sitename(page)
    result = Extracted(
        title=extract_title(page, sitename),
        authors=extract_authors(page, sitename),
        sitename=sitename,
        url=canonical or url,
        description=extract_description(page),
        tags=extract_tags(page),
        lang=extract_lang(page),
    )
    result.date, result.date_source = extract_date(page)
    result.body = trim_body_start(_body_with_second_opinion(page.tree), result.title)
    if not result.lang:
        result.lang = detect_language(result.body or result.title)
    domain = domain_of(page.url)
    result.tags = subject_tags(
        result.tags,
        result.title,
        f"{result.description}\n{result.body}",
        (sitename, domain, domain.split(".")[0]),
        page.first_meta("article:section") or "",
        result.lang,
    )
    return result


def _body_with_second_opinion(tree) -> str:
    """Our body, its short blocks confirmed by trafilatura (asked only when needed)."""
    pristine = deepcopy(tree)
    body = extract_body(tree)  # mutates the tree: keep it last
    if not body:
        return fallback_body(trafilatura_text(pristine))
    if not has_short_blocks(body):
        return body
    return confirm_short_blocks(body, trafilatura_text(pristine))
