"""Snippet words from the search answer itself: OpenSearch marks the query's terms in each hit.

Part of the OpenSearch backend (plain data: no client here). The text fields keep term
vectors with positions and offsets, so the fast vector highlighter can return a hit's
whole text field with every token whose indexed term is one of the query's terms between
tags, one tag per distinct term. Those are the tokens and the keys that analysing the
text with the field's analyzer gives (what ``_analyze`` answered, one round trip per hit
and two per snippet before): a tag number stands for the key, since passages only count
distinct keys.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

#: One tag per distinct term; more words than this are snippeted the slow way.
MAX_WORDS = 64
_TAGS = 256
#: Private-use characters: news text does not hold them (a text that does is not used).
_PRE, _POST = "\ue000", "\ue001"
_MARK = re.compile(f"{_PRE}([0-9]{{3}})([^{_PRE}{_POST}]*){_POST}")
_WORD = re.compile(r"\S+")
#: Hits with more than this many per page carry no marks (a page shows at most 100).
MAX_MARKED_HITS = 100


def highlight_request(words: Sequence[str], fields: Sequence[str]) -> dict | None:
    """The ``highlight`` part of a search that marks ``words`` in every text field.

    None when there is nothing to mark or too many words for distinct tags.
    """
    if not words or len(words) > MAX_WORDS:
        return None
    text = " ".join(words)
    return {
        "type": "fvh",
        "number_of_fragments": 0,  # the whole field: every occurrence, at its offset
        "no_match_size": 2**31 - 1,  # and the whole field when nothing matched in it
        "phrase_limit": 1_000_000,
        "require_field_match": True,
        "pre_tags": [f"{_PRE}{n:03d}" for n in range(_TAGS)],
        "post_tags": [_POST] * _TAGS,
        "fields": {
            name: {"highlight_query": {"match": {name: {"query": text}}}} for name in fields
        },
    }


def read_marks(highlighted: str) -> tuple[str, list[tuple[int, int, str]]] | None:
    """The field's text without tags, and each marked token as (start, end, tag number).

    None when the text held a tag character of its own (its marks could not be trusted).
    """
    pieces: list[str] = []
    marks = []
    pos = length = 0
    for match in _MARK.finditer(highlighted):
        before = highlighted[pos : match.start()]
        word = match.group(2)
        pieces += [before, word]
        length += len(before)
        marks.append((length, length + len(word), match.group(1)))
        length += len(word)
        pos = match.end()
    pieces.append(highlighted[pos:])
    plain = "".join(pieces)
    if _PRE in plain or _POST in plain:
        return None
    return plain, marks


def collapsed_marks(
    text: str, marks: Sequence[tuple[int, int, str]], start: int
) -> list[tuple[int, int, str]] | None:
    """Marks of a field that holds ``text`` from ``start``, as offsets in ``text`` with
    its whitespace collapsed (``" ".join(text.split())``, what snippets are cut from).

    None when a mark crosses whitespace (then the words are found the slow way).
    """
    begins, ends, shifted = [], [], []
    collapsed = 0
    for word in _WORD.finditer(text):
        begins.append(word.start())
        ends.append(word.end())
        shifted.append(collapsed - word.start())
        collapsed += word.end() - word.start() + 1
    out = []
    end_of_text = start + len(text)
    for s, e, key in marks:
        if s < start or e > end_of_text:
            continue  # the title or the note
        s, e = s - start, e - start
        i = bisect.bisect_right(begins, s) - 1
        if i < 0 or e > ends[i]:
            return None
        out.append((s + shifted[i], e + shifted[i], key))
    return out
