"""Field-level checks: one bad field is dropped with a warning, the article is kept (issue 22.13).

An export or a page may carry an address that is no address (``http://[::1``), a language
that is no language tag (100,000 characters of it), or a facet value the size of a book.
Each such field is dropped (or its list cut) and the reason is returned for the run's
summary; the rest of the article is indexed as usual.
"""

from __future__ import annotations

import re

from archive.records import canonical_url

#: The longest facet value kept (source, author, tag); longer ones are dropped.
MAX_VALUE_CHARS = 200
#: Values kept of a list field (authors, tags); the rest are dropped.
MAX_VALUES = 50
#: The longest title kept (cut at a word, not dropped).
MAX_TITLE_CHARS = 1000
#: A language tag as BCP 47 writes it (``en``, ``pt-BR``, ``zh-Hant-TW``).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}")


def check_fields(fields: dict) -> list[str]:
    """Drop the fields of an extracted article that cannot be stored as they are (in place);
    one warning per field dropped or cut."""
    warnings = []
    url = fields.get("url")
    if url is not None:
        try:
            canonical_url(url)
        except ValueError as error:
            warnings.append(f"url dropped: {_short(url)} is not a valid address ({error})")
            fields["url"] = None
    lang = fields.get("lang")
    if lang is not None and not (isinstance(lang, str) and _LANGUAGE_TAG.fullmatch(lang.strip())):
        warnings.append(f"lang dropped: {_short(str(lang))} is not a language tag")
        fields["lang"] = None
    elif lang is not None:
        fields["lang"] = lang.strip()
    sitename = fields.get("sitename")
    if sitename and len(sitename) > MAX_VALUE_CHARS:
        warnings.append(f"source dropped: longer than {MAX_VALUE_CHARS} characters")
        fields["sitename"] = None
    title = fields.get("title") or ""
    if len(title) > MAX_TITLE_CHARS:
        warnings.append(f"title cut to {MAX_TITLE_CHARS} characters")
        fields["title"] = title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0]
    for name in ("authors", "tags"):
        values = list(fields.get(name) or [])
        kept = [v for v in values if len(v) <= MAX_VALUE_CHARS][:MAX_VALUES]
        if len(kept) < len(values):
            warnings.append(
                f"{name}: {len(values) - len(kept)} of {len(values)} dropped (more than "
                f"{MAX_VALUES}, or longer than {MAX_VALUE_CHARS} characters)"
            )
        fields[name] = kept
    return warnings


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")
