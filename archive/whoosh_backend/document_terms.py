"""A document's terms for the word-analysed text fields, made directly from its words.

Whoosh indexes a text field by running the analyzer as a generator of ``Token``
objects through the format's ``word_values``: a dozen Python calls per word. For
the fields analysed by ``WordAnalyzer`` (every text field here), the same rows,
(term bytes, frequency, weight, value bytes) per distinct term, are made here from
the list of words, and a text that two fields index (the article text: its
language's field and the word pairs) is split into words, and its words looked
up, once. A test compares the rows with Whoosh's own for every field and record.
"""

from __future__ import annotations

from collections import Counter
from pickle import dumps

from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint

from archive.whoosh_backend.schema import FREQUENT_WORDS, WORD_RE, PairAnalyzer, WordAnalyzer

POSITIONS, FREQUENCY = "positions", "frequency"
#: n -> Frequency's value for n, shared by every posting of that frequency (a block joins
#: them). Positions' values are never shared: a block pickles them as a tuple, where one
#: object twice would be pickled as a reference (other bytes than Whoosh's).
_FREQUENCY_BYTES: dict[int, bytes] = {}
_ONE = pack_uint(1)


def direct_kind(field) -> str | None:
    """POSITIONS or FREQUENCY when ``DocumentTerms`` makes the field's rows, else None."""
    if not isinstance(getattr(field, "analyzer", None), WordAnalyzer):
        return None
    kind = type(field.format)
    return POSITIONS if kind is Positions else FREQUENCY if kind is Frequency else None


class DocumentTerms:
    """The rows of one document's text fields; each text's words are found once."""

    def __init__(self):
        self._words: dict[str, list[str]] = {}
        self._keys: dict[tuple, list[str]] = {}

    def rows(self, field, kind: str, value: str) -> list[tuple[bytes, int, float, bytes]]:
        """What ``field.index(value)`` yields (for a ``direct_kind`` field), as a list."""
        analyzer = field.analyzer
        keys = self._keys_of(analyzer, value)
        if isinstance(analyzer, PairAnalyzer):
            keys = _pairs(keys)
        boost = field.format.field_boost
        if kind == FREQUENCY:
            return [
                (key.encode("utf-8"), n, float(n) * boost, _frequency_bytes(n))
                for key, n in Counter(keys).items()
            ]
        positions: dict[str, list[int]] = {}
        for pos, key in enumerate(keys):
            found = positions.get(key)
            if found is None:
                positions[key] = [pos]
            else:
                found.append(pos)
        return [
            (key.encode("utf-8"), len(where), float(len(where)) * boost, _positions_bytes(where))
            for key, where in positions.items()
        ]

    def _keys_of(self, analyzer: WordAnalyzer, value: str) -> list[str]:
        """Each word's indexed form (``WordAnalyzer.key``), in order."""
        memo = (analyzer.lang, analyzer.fold, value)
        keys = self._keys.get(memo)
        if keys is None:
            words = self._words.get(value)
            if words is None:
                words = self._words[value] = WORD_RE.findall(value)
            keys = list(map(analyzer._cache.get, words))
            if None in keys:  # words not seen before: analysed (and cached) now
                pairs = zip(keys, words, strict=True)
                keys = [analyzer.key(word) if key is None else key for key, word in pairs]
            self._keys[memo] = keys
        return keys


def _pairs(keys: list[str]) -> list[str]:
    """Consecutive pairs of frequent words, as ``PairAnalyzer`` yields them."""
    pairs, previous = [], None
    for key in keys:
        if key in FREQUENT_WORDS:
            if previous is not None:
                pairs.append(previous + " " + key)
            previous = key
        else:
            previous = None
    return pairs


def _frequency_bytes(n: int) -> bytes:
    found = _FREQUENCY_BYTES.get(n)
    if found is None:
        found = pack_uint(n)
        if n < 1024:
            _FREQUENCY_BYTES[n] = found
    return found


def _positions_bytes(where: list[int]) -> bytes:
    """``Positions.encode``: the count, then the pickled gaps between positions."""
    if len(where) == 1:
        return _ONE + dumps(where, 2)
    gaps = [where[0]]
    gaps += [b - a for a, b in zip(where, where[1:], strict=False)]
    return pack_uint(len(gaps)) + dumps(gaps, 2)
