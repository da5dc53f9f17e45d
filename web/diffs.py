"""The difference between two versions' texts, word by word, as escaped HTML."""

from __future__ import annotations

import difflib
import re

from markupsafe import Markup, escape

_TOKEN = re.compile(r"\n\s*\n|\S+|\s+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall((text or "").replace("\r\n", "\n").strip())


def diff_html(old: str, new: str) -> tuple[Markup, int, int]:
    """(HTML with <del>/<ins> around removed and added words, words removed, words added)."""
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out, removed, added = [], 0, 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(_plain(a[i1:i2]))
            continue
        if i2 > i1:
            removed += sum(1 for t in a[i1:i2] if t.strip())
            out.append(Markup("<del>%s</del>") % _plain(a[i1:i2]))
        if j2 > j1:
            added += sum(1 for t in b[j1:j2] if t.strip())
            out.append(Markup("<ins>%s</ins>") % _plain(b[j1:j2]))
    return Markup("").join(out), removed, added


def _plain(tokens: list[str]) -> Markup:
    """Tokens escaped; a blank line between paragraphs becomes a paragraph mark."""
    return Markup("").join(
        Markup('<span class="para-break"></span>') if "\n" in t and not t.strip() else escape(t)
        for t in tokens
    )
