"""A query tree evaluated with arrays: a boolean mask of matches and BM25 scores.

Terms are read as whole posting lists (Whoosh's blocks, ``internals``) and
combined with numpy; only phrases use Whoosh's positional matcher.

Scores are BM25F: each positive query word's frequencies in the title and in the
article text (which holds the title too) are length-normalised per field, weighted,
added, and saturated once, so a word in the title counts once and more than in the
body, never once per field. Its idf is Lucene's, log(1 + (N - df + 0.5)/(df + 0.5)),
over the documents that have the word in any field: a word found in every document
adds almost nothing.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict

import numpy as np

from archive import backend
from archive import query as q
from archive.backend import DEADLINE
from archive.errors import QueryError
from archive.whoosh_backend import internals
from archive.whoosh_backend.arrays import Snapshot
from archive.whoosh_backend.schema import (
    FREQUENT_WORDS,
    PLAIN,
    STEMMED_LANGUAGES,
    keyword_term,
)

BM25_K1 = 1.2
BM25_B = 0.75
#: BM25F weight of a field's (length-normalised) frequency; the text field also
#: holds the title, so a title word gets 1 + TITLE_WEIGHT.
TITLE_WEIGHT = 1.0
FIELD_WEIGHTS = {"title": TITLE_WEIGHT}
MAX_PREFIX_TERMS = 2000
#: Words one search's wildcards expand to, over all its wildcards and fields together.
MAX_EXPANSIONS = 4000
#: A phrase of more words is searched as its words (a pasted paragraph in quotes).
MAX_PHRASE_WORDS = 16
#: Seconds Whoosh's positional matcher takes per candidate document and phrase word
#: (measured 10-23 us for phrases of 4-16 frequent words, 3,000 articles, 2 shared cores);
#: a phrase whose estimate exceeds the time left is searched as its words.
PHRASE_SECONDS_PER_POSITION = 1e-5
VALUE_WORD_RE = re.compile(r"\w+")
#: The budget of a search when the caller set no deadline (``archive.backend.DEADLINE``).
DEFAULT_TIME_LIMIT_S = 2.0


class PostingsCache:
    """Recently read posting lists, by (segment, field, term); segments never change.

    Shared by the searches of every thread: the dictionary is guarded by a lock,
    the reading itself is not (two threads may read the same list once each).
    """

    def __init__(self, budget_bytes: int):
        self.budget = budget_bytes
        self.used = 0
        self.entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, read):
        with self._lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                return found
        found = read()
        size = _entry_bytes(found)
        if size <= self.budget // 4:
            with self._lock:
                if key not in self.entries:
                    self.entries[key] = found
                    self.used += size
                while self.used > self.budget:
                    _, old = self.entries.popitem(last=False)
                    self.used -= _entry_bytes(old)
        return found


#: What one cached posting list costs besides its arrays (an absent term is cached too).
ENTRY_OVERHEAD_BYTES = 200
_NONE = np.zeros(0, dtype=np.float32)
_NO_POSTINGS = (np.zeros(0, dtype=np.int32), _NONE)


def _entry_bytes(entry) -> int:
    return entry[0].nbytes + entry[1].nbytes + ENTRY_OVERHEAD_BYTES


def _read_postings(reader, fieldname, data):
    """(docnums, frequencies) of a term in one segment; empty when the segment lacks it."""
    if (fieldname, data) not in reader:
        return _NO_POSTINGS
    return internals.read_postings(reader.postings(fieldname, data))


def _phrase_docs(reader, fieldname, to_bytes, order, wanted) -> np.ndarray:
    """The documents of ``wanted`` (one segment's docnums, which have every word) with the
    words at consecutive positions; ``order``: (place in the phrase, word), rarest first."""
    keys = None
    for place, token in order:
        matcher = reader.postings(fieldname, to_bytes(token))
        owners, positions = internals.read_positions(matcher, wanted)
        kept = positions >= place
        # a position as (document, where the phrase would start): one int64 per position
        these = np.unique((owners[kept] << 32) | (positions[kept] - place))
        keys = these if keys is None else np.intersect1d(keys, these, assume_unique=True)
        if not len(keys):
            break
        wanted = np.unique(keys >> 32)
    return np.unique(keys >> 32)


def day_bounds(node: q.DateRange) -> tuple[int, int]:
    start = int(node.start.strftime("%Y%m%d")) if node.start else 1
    end = int(node.end.strftime("%Y%m%d")) if node.end else 99991231
    return start, end


def segment_searchers(searcher) -> list:
    """(searcher, first docnum) of each segment (none for an empty index)."""
    pairs = searcher.subsearchers or [(searcher, 0)]
    return [(s, o) for s, o in pairs if s.reader().segment() is not None]


def text_fields(fieldname):
    """The index fields a query field's words are looked up in."""
    return backend.text_fields(fieldname, STEMMED_LANGUAGES)


class Evaluation:
    """One search's evaluation over one searcher and its snapshot."""

    def __init__(self, searcher, snap: Snapshot, cache: PostingsCache, vocab=None):
        self.searcher = searcher
        self.vocab = vocab
        self.cache = cache
        self.read: dict = {}
        self.snap = snap
        self.size = len(snap.live)
        self.leaves = segment_searchers(searcher)
        self.scores: np.ndarray | None = None
        self.scored: set = set()
        self.timed_out = False
        self.deadline = DEADLINE.get() or time.monotonic() + DEFAULT_TIME_LIMIT_S
        self.expansions = 0
        #: What was shortened, one sentence each (``Page.notes``).
        self.notes: list[str] = []

    def _note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    # ---- boolean structure
    def mask(self, node, positive: bool = True) -> np.ndarray:
        if isinstance(node, q.MatchAll):
            return np.ones(self.size, dtype=bool)
        if isinstance(node, q.DateRange):
            start, end = day_bounds(node)
            return (self.snap.day >= start) & (self.snap.day <= end)
        if isinstance(node, q.And):
            out = np.ones(self.size, dtype=bool)
            for child in node.children:
                if not isinstance(child, q.Not):
                    out &= self.mask(child, positive)
            for child in node.children:
                if isinstance(child, q.Not):
                    out &= ~self.mask(child.child, not positive)
            return out
        if isinstance(node, q.Or):
            out = np.zeros(self.size, dtype=bool)
            for child in node.children:
                out |= self.mask(child, positive)
            return out
        if isinstance(node, q.Not):
            return ~self.mask(node.child, not positive)
        if isinstance(node, q.Facet):
            value = keyword_term(node.value)
            if node.prefix:
                return self._prefix_mask(node.name, value)
            if node.word:
                return self._term_mask(node.name, value) | self._value_word_mask(node.name, value)
            return self._term_mask(node.name, value)
        if isinstance(node, q.Term):
            return self._words_mask(node.field, [node.text], node.prefix, positive)
        if isinstance(node, q.Phrase):
            return self._words_mask(node.field, list(node.words), False, positive)
        raise QueryError(f"Unsupported query part: {node!r}")

    # ---- words in text fields
    def _words_mask(self, fieldname, words, prefix, positive) -> np.ndarray:
        if fieldname is None and not prefix:
            plain = [t.text for w in words for t in PLAIN(w)]
            if len(plain) == 2 and FREQUENT_WORDS.issuperset(plain):  # one word-pair term
                self._score_words(fieldname, words, positive)
                return self._term_mask("pairs", " ".join(plain))
        out = np.zeros(self.size, dtype=bool)
        schema = self.searcher.schema
        for name in text_fields(fieldname):
            if not self.snap.field_length(self.searcher, name):
                continue  # no document has text in this language
            analyzer = schema[name].analyzer
            if prefix:  # the words as written, and the word itself in its indexed form
                plain = [t.text for t in PLAIN(words[0])]
                if plain:
                    out |= self._prefix_mask(name, plain[0])
                tokens = [t.text for t in analyzer(words[0])]
                if len(tokens) == 1 and self._df(name, tokens[0]):
                    out |= self._term_mask(name, tokens[0])
                continue
            tokens = [t.text for w in words for t in analyzer(w)]
            if not tokens or not all(self._df(name, t) for t in set(tokens)):
                continue
            if len(tokens) == 1:
                out |= self._term_mask(name, tokens[0])
            else:
                out |= self._phrase_mask(name, tokens)
        self._score_words(fieldname, words, positive)
        return out

    def _score_words(self, fieldname, words, positive) -> None:
        """Score each word of ``words`` once over every field it is looked up in."""
        if not positive:
            return
        schema = self.searcher.schema
        groups: dict[int, list[tuple[str, str]]] = {}
        for name in text_fields(fieldname):
            if not self.snap.field_length(self.searcher, name):
                continue
            tokens = [t.text for w in words for t in schema[name].analyzer(w)]
            for i, token in enumerate(tokens):
                if self._df(name, token):
                    groups.setdefault(i, []).append((name, token))
        for pairs in groups.values():
            key = tuple(sorted(pairs))
            if key not in self.scored:
                self.scored.add(key)
                self._score(pairs)

    def _df(self, fieldname, token) -> int:
        return self.snap.doc_frequency(self.searcher, fieldname, token)

    def _term_mask(self, fieldname, token) -> np.ndarray:
        out = np.zeros(self.size, dtype=bool)
        out[self._postings(fieldname, token)[0]] = True
        return out

    def _postings(self, fieldname, token) -> tuple[np.ndarray, np.ndarray]:
        """(global docnums, frequencies) over all segments; read once per search, and kept
        across searches per segment and joined per generation."""
        key = (fieldname, token)
        found = self.read.get(key)
        if found is None:
            data = self.searcher.schema[fieldname].to_bytes(token)
            found = self.read[key] = self.cache.get(
                (self.snap.segment_ids, fieldname, data), lambda: self._joined(fieldname, data)
            )
        return found

    def _joined(self, fieldname, data) -> tuple[np.ndarray, np.ndarray]:
        ids, weights = [], []
        for leaf_searcher, offset in self.leaves:
            reader = leaf_searcher.reader()
            these, frequencies = self.cache.get(
                (reader.segment().segment_id(), fieldname, data),
                lambda r=reader: _read_postings(r, fieldname, data),
            )
            if len(these):
                ids.append(these.astype(np.int64) + offset)
                weights.append(frequencies)
        if not ids:
            return np.zeros(0, dtype=np.int64), _NONE
        return np.concatenate(ids), np.concatenate(weights)

    def _prefix_mask(self, fieldname, prefix) -> np.ndarray:
        """Documents with a word starting with ``prefix``, within the search's budgets (the
        first MAX_PREFIX_TERMS words; every address for ``url``, one term per article)."""
        out = np.zeros(self.size, dtype=bool)
        if self.timed_out:  # past the deadline: not even a look into the term list
            return out
        reader = self.searcher.reader()
        limit = None if fieldname == "url" else MAX_PREFIX_TERMS
        for n, term in enumerate(reader.expand_prefix(fieldname, prefix)):
            if limit is not None and n >= limit:
                break
            if self.expansions >= MAX_EXPANSIONS:
                self._note(
                    f"The wildcards match too many words: only the first {MAX_EXPANSIONS} "
                    "were searched."
                )
                break
            # over all the query's wildcards (each may expand to a few words only); once
            # past the deadline, no wildcard expands any further
            if self.timed_out or time.monotonic() > self.deadline:
                self.timed_out = True
                self._note("The search took too long: its wildcards were cut short.")
                break
            self.expansions += 1
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            out[self._postings(fieldname, text)[0]] = True
        return out

    def _value_word_mask(self, name, word) -> np.ndarray:
        """Documents with a value of facet ``name`` that has ``word`` among its words."""
        out = np.zeros(self.size, dtype=bool)
        if self.vocab is None:
            return out
        values = self.vocab.values[name]
        wanted = [i for i, v in enumerate(values) if word in VALUE_WORD_RE.findall(v.lower())]
        if wanted:
            out[self.snap.docs_with_values(name, np.asarray(wanted, dtype=np.int64))] = True
        return out

    def _phrase_mask(self, fieldname, tokens) -> np.ndarray:
        """Documents with the words in this order; too costly for the time left: the words."""
        candidates = np.ones(self.size, dtype=bool)
        for token in set(tokens):
            candidates &= self._term_mask(fieldname, token)
        count = int(candidates.sum())
        if not count:
            return candidates
        estimate = count * len(tokens) * PHRASE_SECONDS_PER_POSITION
        if len(tokens) > MAX_PHRASE_WORDS:
            self._note(
                f"A phrase of more than {MAX_PHRASE_WORDS} words was searched as its words "
                "(in any order)."
            )
            return candidates
        if estimate > self.deadline - time.monotonic():
            self.timed_out = True
            self._note("The search took too long: a phrase was searched as its words.")
            return candidates
        out = np.zeros(self.size, dtype=bool)
        to_bytes = self.searcher.schema[fieldname].to_bytes
        order = sorted(enumerate(tokens), key=lambda pair: self._df(fieldname, pair[1]))
        for leaf_searcher, offset in self.leaves:
            reader = leaf_searcher.reader()
            local = np.flatnonzero(candidates[offset : offset + reader.doc_count_all()])
            if not len(local):
                continue
            if time.monotonic() > self.deadline:  # segments left unsearched: say so
                self.timed_out = True
                self._note(
                    "The search took too long: a phrase was looked for in part of the archive."
                )
                break
            docs, _ = self.cache.get(
                (reader.segment().segment_id(), fieldname, "phrase", tuple(tokens)),
                lambda r=reader, w=local: (_phrase_docs(r, fieldname, to_bytes, order, w), _NONE),
            )
            out[docs + offset] = True
        return out

    # ---- scoring
    def _score(self, pairs: list[tuple[str, str]]) -> None:
        """BM25F of one word: (field, indexed form) pairs, one per field it occurs in."""
        if self.scores is None:
            self.scores = np.zeros(self.size, dtype=np.float32)
        leaves = [(s.reader(), o) for s, o in self.leaves]
        weighted = np.zeros(self.size, dtype=np.float32)
        present = np.zeros(self.size, dtype=bool)
        count = self.searcher.doc_count_all() or 1
        for fieldname, token in pairs:
            weight = FIELD_WEIGHTS.get(fieldname, 1.0)
            average = self.snap.field_length(self.searcher, fieldname) / count or 1.0
            lengths = self.snap.field_lengths(leaves, fieldname)
            ids, tf = self._postings(fieldname, token)
            norm = (1 - BM25_B) + BM25_B * lengths[ids] / average
            weighted[ids] += weight * tf / norm
            present[ids] = True
        present &= self.snap.live
        df = int(present.sum())
        if not df:
            return
        n = int(self.snap.live.sum())
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        ids = np.flatnonzero(present)
        tf = weighted[ids]
        self.scores[ids] += idf * tf * (BM25_K1 + 1) / (tf + BM25_K1)


def newest_first(docs, snap: Snapshot) -> np.ndarray:
    """The key that orders documents newest first (undated last): the tie-breaker of sorts."""
    return np.where(snap.day[docs] == 0, np.iinfo(np.int64).max, -snap.ts[docs])


def sort_key(docnums, scores, snap: Snapshot, sort: str) -> np.ndarray:
    """The primary key (ascending) that orders ``docnums`` as ``sort`` asks."""
    if sort == "oldest":
        return np.where(snap.day[docnums] == 0, np.iinfo(np.int64).max, snap.ts[docnums])
    if sort == "added":  # newest in the archive first
        return -snap.added[docnums]
    if sort == "relevance" and scores is not None:
        return -scores[docnums].astype(np.float64)
    return newest_first(docnums, snap)


def top(docnums, scores, snap: Snapshot, sort: str, count: int, record_ids=None) -> np.ndarray:
    """The first ``count`` of the matching ``docnums`` (ascending) in the requested order.

    Ties (same score or date, then same publication time) are ordered by record id, as on
    every engine: ``record_ids(docnums)`` gives their ids (without it, by document number,
    which depends on the order the records happened to be indexed in).
    """

    primary = sort_key(docnums, scores, snap, sort)
    if count < len(docnums):  # every tie at the boundary, so pages never overlap
        kth = np.partition(primary, count - 1)[count - 1]
        part = np.flatnonzero(primary <= kth)
    else:
        part = np.arange(len(docnums))
    docs = docnums[part]
    first, second = primary[part], newest_first(docs, snap)
    order = np.lexsort((docs, second, first))
    docs, first, second = docs[order], first[order], second[order]
    if record_ids is not None:
        _order_ties_by_id(docs, first, second, count, record_ids)
    return docs[:count]


def _order_ties_by_id(docs, first, second, count: int, record_ids) -> None:
    """Reorder (in place) the runs of equal keys that reach into the first ``count``."""
    same = (first[1:] == first[:-1]) & (second[1:] == second[:-1])
    if not same.any():
        return
    group = np.concatenate(([0], np.cumsum(~same)))  # a run of equal keys per number
    tied = np.zeros(len(docs), dtype=bool)
    tied[1:] |= same
    tied[:-1] |= same
    tied &= group <= group[min(count, len(docs)) - 1]  # runs that start after the page: as is
    at = np.flatnonzero(tied)
    if not len(at):
        return
    ids = np.array(record_ids(docs[at]))
    docs[at] = docs[at][np.lexsort((ids, group[at]))]
