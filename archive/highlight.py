"""Snippets: the passages of a text that hold most of the query's words.

Engine-neutral: a backend passes the text's words as (start, end, key), where a
key is the word's indexed form (stemmed, folded), and the keys it looks for.
The result is plain text with spans; HTML is made only by the web pages.
"""

from __future__ import annotations

from collections.abc import Iterable

from archive.backend import Highlight

SNIPPET_CHARS = 160
#: Only the first part of a long text is scanned for passages.
SCAN_CHARS = 60_000


def best_passages(
    text: str, words: Iterable[tuple[int, int, str]], wanted: set[str], top: int = 2
) -> list[Highlight]:
    """The ``top`` windows of ``text`` holding the most distinct wanted keys, in text order.

    ``text`` should have its whitespace collapsed (passages are shown on one line).
    """
    hits = [(s, e, k) for s, e, k in words if k in wanted and s < SCAN_CHARS]
    if not hits:
        return []
    windows = []
    end = 0
    for i, (start, _end, _key) in enumerate(hits):
        end = max(end, i)
        while end + 1 < len(hits) and hits[end + 1][1] - start <= SNIPPET_CHARS:
            end += 1
        inside = hits[i : end + 1]
        windows.append((len({h[2] for h in inside}), len(inside), -start, inside))
    windows.sort(key=lambda w: w[:3], reverse=True)
    chosen, used = [], []
    for _distinct, _n, neg_start, inside in windows:
        start = -neg_start
        if any(abs(start - other) < SNIPPET_CHARS for other in used):
            continue
        used.append(start)
        chosen.append(inside)
        if len(chosen) == top:
            break
    chosen.sort(key=lambda hs: hs[0][0])
    return [_passage(text, inside) for inside in chosen]


def _passage(text: str, inside: list) -> Highlight:
    first, last = inside[0][0], inside[-1][1]
    pad = max(0, (SNIPPET_CHARS - (last - first)) // 2)
    start = max(0, first - pad)
    end = min(len(text), last + pad)
    if start > 0:
        start = text.find(" ", start, first) + 1 or start
    if end < len(text):
        space = text.rfind(" ", last, end)
        end = space if space > 0 else end
    passage = text[start:end]
    lead = len(passage) - len(passage.lstrip())
    passage = passage.strip()
    spans = tuple((s - start - lead, e - start - lead) for s, e, _ in inside)
    return Highlight(passage, spans, starts_inside=start > 0, ends_inside=end < len(text))


def as_text(passages: list[Highlight], mark: tuple[str, str] = ("[", "]")) -> str:
    """Passages as one plain string, matches between ``mark`` (for the CLI and the API)."""
    out = []
    for p in passages:
        pieces, pos = [], 0
        for s, e in p.spans:
            pieces += [p.text[pos:s], mark[0], p.text[s:e], mark[1]]
            pos = e
        pieces.append(p.text[pos:])
        out.append(
            ("… " if p.starts_inside else "") + "".join(pieces) + (" …" if p.ends_inside else "")
        )
    return " ".join(out).replace("… …", "…")
