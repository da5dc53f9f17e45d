"""The difference between two versions' texts, as escaped HTML, in bounded time.

Paragraphs are compared first; only the blocks of changed paragraphs are compared word by
word (after their common first and last words are set aside), and a block too big to compare
word by word is shown as removed and added whole. Texts longer than ``DIFF_MAX_CHARS`` together
are not compared at all (``TooLargeToCompare``): the page offers both texts for download.
"""

from __future__ import annotations

import difflib
import re

from markupsafe import Markup, escape

#: Longest pair of texts (characters of both together) the diff page compares.
DIFF_MAX_CHARS = 1_000_000
#: Largest changed block compared word by word (words of one side times words of the other).
WORD_DIFF_CELLS = 100_000_000

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORD = re.compile(r"\S+\s*")
_BREAK = "\n\n"  # the token standing for a paragraph break inside a changed block


class TooLargeToCompare(ValueError):
    """The two texts are too long to compare on a page; download them and compare them locally."""


def diff_html(old: str, new: str) -> tuple[Markup, int, int]:
    """(HTML with <del>/<ins> around removed and added words, words removed, words added).

    Raises ``TooLargeToCompare`` when the texts together exceed ``DIFF_MAX_CHARS``.
    """
    if len(old or "") + len(new or "") > DIFF_MAX_CHARS:
        raise TooLargeToCompare(
            f"The two texts have {len(old or '') + len(new or ''):,} characters together; "
            f"the page compares at most {DIFF_MAX_CHARS:,}."
        )
    a, b = _paragraphs(old), _paragraphs(new)
    out, removed, added = [], 0, 0
    matcher = difflib.SequenceMatcher(None, a, b)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if out:
            out.append(_para_mark())
        if op == "equal":
            out.append(_joined_paragraphs(a[i1:i2]))
            continue
        html, gone, new_words = _block_diff(_words(a[i1:i2]), _words(b[j1:j2]))
        out.append(html)
        removed, added = removed + gone, added + new_words
    return Markup("").join(out), removed, added


def _paragraphs(text: str) -> list[str]:
    text = (text or "").replace("\r\n", "\n").strip()
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()] if text else []


def _words(paragraphs: list[str]) -> list[str]:
    """The block's words, each with its following white space, and a token per paragraph break."""
    tokens: list[str] = []
    for n, paragraph in enumerate(paragraphs):
        if n:
            tokens.append(_BREAK)
        tokens.extend(_WORD.findall(paragraph))
    if tokens and tokens[-1] != _BREAK:
        tokens[-1] = tokens[-1].rstrip() + " "
    return tokens


def _block_diff(a: list[str], b: list[str]) -> tuple[Markup, int, int]:
    """One changed block: common first and last words kept, the middle compared word by word."""
    keys_a, keys_b = [t.strip() or t for t in a], [t.strip() or t for t in b]
    head = 0
    while head < min(len(a), len(b)) and keys_a[head] == keys_b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and keys_a[-1 - tail] == keys_b[-1 - tail]:
        tail += 1
    mid_a, mid_b = slice(head, len(a) - tail), slice(head, len(b) - tail)
    out = [_plain(a[:head])]
    if len(a[mid_a]) * len(b[mid_b]) > WORD_DIFF_CELLS:
        opcodes = [("replace", 0, len(a[mid_a]), 0, len(b[mid_b]))]
    else:
        opcodes = difflib.SequenceMatcher(None, keys_a[mid_a], keys_b[mid_b]).get_opcodes()
    removed = added = 0
    for op, i1, i2, j1, j2 in opcodes:
        gone, came = a[mid_a][i1:i2], b[mid_b][j1:j2]
        if op == "equal":
            out.append(_plain(gone))
            continue
        if gone:
            removed += sum(1 for t in gone if t != _BREAK)
            out.append(_marked("del", gone))
        if came:
            added += sum(1 for t in came if t != _BREAK)
            out.append(_marked("ins", came))
    out.append(_plain(a[len(a) - tail :]))
    return Markup("").join(out), removed, added


def _marked(tag: str, tokens: list[str]) -> Markup:
    """Tokens inside <del> or <ins>, the white space after the last one left outside."""
    last = tokens[-1]
    space = last[len(last.rstrip()) :] if last != _BREAK else ""
    inner = tokens[:-1] + [last[: len(last) - len(space)]]
    return Markup(f"<{tag}>%s</{tag}>%s") % (_plain(inner), space)


def _para_mark() -> Markup:
    return Markup('<span class="para-break"></span>')


def _joined_paragraphs(paragraphs: list[str]) -> Markup:
    return _para_mark().join(escape(p) for p in paragraphs)


def _plain(tokens: list[str]) -> Markup:
    """Tokens escaped; a paragraph break becomes a paragraph mark."""
    return Markup("").join(_para_mark() if t == _BREAK else escape(t) for t in tokens)
