"""Spelling corrections from the index's word list, in bounded time.

Whoosh's own corrector walks the word list with a Levenshtein automaton and cannot be
stopped: a word of 1,000 letters took seconds per thousand indexed words sharing its first
letter. This walk is the same, but it checks the clock at every step, and the caller skips
words longer than any real word (``archive.backend.MAX_SUGGEST_WORD_CHARS``).
"""

from __future__ import annotations

import time

from whoosh.automata.lev import levenshtein_automaton

_AFTER = "\0"  # appended to a term: the smallest string after it


def closest_term(
    reader, fieldname: str, word: str, until: float, maxdist: int = 2, prefix: int = 1
) -> str | None:
    """The most frequent term of ``fieldname`` within ``maxdist`` edits of ``word``.

    Only terms sharing the first ``prefix`` letters count (ties: the later term); None when
    there is none or when ``time.monotonic()`` reaches ``until`` before the walk ends.
    """
    dfa = levenshtein_automaton(word, maxdist, prefix).to_dfa()
    found: set[str] = set()
    for leaf, _offset in reader.leaf_readers():
        cursor = leaf.cursor(fieldname)
        term = cursor.text()
        match = dfa.next_valid_string(term) if term is not None else None
        while match:
            if time.monotonic() >= until:
                return None
            cursor.find(match)
            term = cursor.text()
            if term is None:
                break
            if term == match:
                found.add(term)
                term += _AFTER
            match = dfa.next_valid_string(term)
    found.discard(word)
    return max(found, key=lambda t: (reader.frequency(fieldname, t), t)) if found else None
