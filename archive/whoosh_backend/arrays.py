"""Per-segment arrays (dates, facet values, field lengths) and the immutable snapshot.

Segments never change once written, so each segment's arrays are read once, in
bulk, and reused by every later snapshot. A ``Snapshot`` joins them for one
index generation; searches in any thread read it without a lock.
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from archive.whoosh_backend import internals
from archive.whoosh_backend.schema import FACET_FIELDS, VALUE_SEPARATOR

_SEP = ord(VALUE_SEPARATOR)


class Vocabularies:
    """Facet value <-> integer id, per field; grows as new values appear (thread-safe)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.ids: dict[str, defaultdict] = {}
        self.values: dict[str, list[str]] = {}
        self._ranks: dict[str, np.ndarray] = {}
        for name in FACET_FIELDS:
            counter = itertools.count()
            self.ids[name] = defaultdict(counter.__next__)
            self.values[name] = []

    def ids_for(self, name: str, raw_values: list[bytes]) -> np.ndarray:
        with self._lock:
            ids = self.ids[name]
            before = len(ids)
            out = np.fromiter(
                map(ids.__getitem__, raw_values), dtype=np.int64, count=len(raw_values)
            )
            if len(ids) > before:  # new values: extend the id -> text table in id order
                names = self.values[name]
                for raw, i in itertools.islice(ids.items(), before, None):
                    assert i == len(names)
                    names.append(raw.decode("utf-8"))
            return out

    def ranks(self, name: str) -> np.ndarray:
        """Each value id's position in code-point order of the values (cached until new ones)."""
        cached = self._ranks.get(name)
        values = self.values[name]
        if cached is None or len(cached) != len(values):
            with self._lock:
                order = np.argsort(np.array(values, dtype=object), kind="stable")
                cached = np.empty(len(values), dtype=np.int64)
                cached[order] = np.arange(len(values))
                self._ranks[name] = cached
        return cached


@dataclass
class SegmentArrays:
    doc_count: int
    day: np.ndarray
    ts: np.ndarray
    added: np.ndarray
    facet_docs: dict[str, np.ndarray]  # field -> local docnum per (doc, value) pair
    facet_values: dict[str, np.ndarray]  # field -> value id per pair
    lengths: dict[str, np.ndarray] = field(default_factory=dict)  # text field -> lengths
    lock: threading.Lock = field(default_factory=threading.Lock)

    def field_lengths(self, leaf, fieldname: str) -> np.ndarray:
        found = self.lengths.get(fieldname)
        if found is None:
            with self.lock:
                found = self.lengths.get(fieldname)
                if found is None:
                    found = self.lengths[fieldname] = internals.field_lengths(leaf, fieldname)
        return found


def _numeric(reader, fieldname, fieldobj, count) -> np.ndarray:
    """A numeric field's column as int64 (sortable numbers are stored shifted to unsigned)."""
    if not reader.has_column(fieldname):
        return np.zeros(count, dtype=np.int64)
    raw = internals.numeric_column(reader.column_reader(fieldname, translate=False), count)
    if fieldobj.signed:
        raw = raw - np.uint64(1 << (fieldobj.bits - 1))
    return raw.astype(np.int64)


def _facet_pairs(reader, name: str, count: int, vocab: Vocabularies):
    """(docnum, value id) for every value of one facet field in a segment, in bulk."""
    if not reader.has_column(name):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    blob, lengths = internals.bytes_column(reader.column_reader(name, translate=False), count)
    if not blob:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    raw_values = blob.split(VALUE_SEPARATOR.encode())[:-1]
    ends = np.cumsum(lengths)
    separators = np.flatnonzero(np.frombuffer(blob, dtype=np.uint8) == _SEP)
    docs = np.searchsorted(ends, separators, side="right").astype(np.int64)
    return docs, vocab.ids_for(name, raw_values)


def segment_arrays(reader, schema, vocab: Vocabularies) -> SegmentArrays:
    count = reader.doc_count_all()
    docs, values = {}, {}
    for name in FACET_FIELDS:
        docs[name], values[name] = _facet_pairs(reader, name, count, vocab)
    return SegmentArrays(
        doc_count=count,
        day=_numeric(reader, "day", schema["day"], count),
        ts=_numeric(reader, "ts", schema["ts"], count),
        added=_numeric(reader, "added", schema["added"], count),
        facet_docs=docs,
        facet_values=values,
    )


#: Looked-up values a snapshot keeps before it starts over.
MAX_KEPT = 50_000
#: Facets of under 1/FEW_DOCUMENTS of the documents are counted document by document.
FEW_DOCUMENTS = 8


@dataclass(frozen=True)
class ValueLayout:
    """One facet's (doc, value) pairs ordered by value: each present value's documents in a row."""

    docs: np.ndarray  # document numbers, by value then document
    values: np.ndarray  # the value ids that have documents, ascending
    starts: np.ndarray  # where each of those values' documents begin in ``docs``
    ends: np.ndarray  # ... and end


def _by_value(docs: np.ndarray, values: np.ndarray) -> ValueLayout:
    # stable: documents stay ascending within a value; 16-bit ids sort by radix, 6x faster
    small = len(values) and 0 <= values.min() and values.max() < 2**16
    order = np.argsort(values.astype(np.uint16) if small else values, kind="stable")
    ordered = values[order]
    starts = np.flatnonzero(np.diff(ordered, prepend=-1))
    ends = np.append(starts[1:], len(ordered))
    return ValueLayout(docs=docs[order], values=ordered[starts], starts=starts, ends=ends)


def _count_in(layout: ValueLayout, mask: np.ndarray) -> np.ndarray:
    """How many documents of ``mask`` each value of ``layout`` has."""
    return np.add.reduceat(mask.view(np.uint8)[layout.docs], layout.starts, dtype=np.int64)


def _positions(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The positions ``starts[i] .. starts[i] + counts[i] - 1`` for every i, joined."""
    # each output slot n of range i is starts[i] + (n - where range i begins in the output)
    shift = starts - (np.cumsum(counts) - counts)
    return np.repeat(shift, counts) + np.arange(int(counts.sum()))


class Selection:
    """Some documents of a snapshot: the mask, how many, and (when asked) their numbers."""

    def __init__(self, mask: np.ndarray):
        self.mask = mask
        self.count = int(np.count_nonzero(mask))

    @functools.cached_property
    def rows(self) -> np.ndarray:
        return np.flatnonzero(self.mask)

    @property
    def few(self) -> bool:
        """Under 1/FEW_DOCUMENTS of the documents: looked up one by one, not counted over all."""
        return self.count * FEW_DOCUMENTS < len(self.mask)


@dataclass
class Snapshot:
    """Arrays over all documents of one index generation (global document numbers)."""

    generation: int
    segments: list[SegmentArrays]
    offsets: list[int]
    live: np.ndarray
    day: np.ndarray
    ts: np.ndarray
    added: np.ndarray
    facet_docs: dict[str, np.ndarray]
    facet_values: dict[str, np.ndarray]
    #: The segments, in document order: what a list joined over them is kept under.
    segment_ids: tuple = ()
    lengths: dict[str, np.ndarray] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: Values looked up once per generation: document frequencies, field lengths, facet
    #: pointers (``_kept``).
    kept: dict[tuple, object] = field(default_factory=dict)

    def facet_counts(self, name: str, selected: Selection, size: int) -> np.ndarray:
        """How many ``selected`` documents have each value id of facet ``name`` (``size`` ids).

        Few documents are looked up one by one through a per-document index of the
        (doc, value) pairs; many are counted value by value over the pairs ordered by
        value, without selecting the matching pairs first (which costs more than counting).
        """
        docs, values = self.facet_docs[name], self.facet_values[name]
        if not len(docs):
            return np.zeros(size, dtype=np.int64)
        if selected.few:
            pointers = self._kept(
                ("pointers", name), lambda: np.searchsorted(docs, np.arange(len(self.live) + 1))
            )
            starts = pointers[selected.rows]
            positions = _positions(starts, pointers[selected.rows + 1] - starts)
            return np.bincount(values[positions], minlength=size)
        layout = self.by_value(name)
        counts = np.zeros(size, dtype=np.int64)
        counts[layout.values] = _count_in(layout, selected.mask)
        return counts

    def month_counts(self, selected: Selection) -> tuple[np.ndarray, np.ndarray]:
        """The months (yyyymm, 0: undated) of the ``selected`` documents, and how many each."""
        if selected.few:
            return np.unique(self.day[selected.rows] // 100, return_counts=True)
        layout = self._kept(
            ("by value", "month"), lambda: _by_value(np.arange(len(self.day)), self.day // 100)
        )
        counts = _count_in(layout, selected.mask)
        present = counts > 0
        return layout.values[present], counts[present]

    def docs_with_values(self, name: str, wanted: np.ndarray) -> np.ndarray:
        """The document numbers that have any of the value ids ``wanted`` of facet ``name``."""
        layout = self.by_value(name)
        rows = np.flatnonzero(np.isin(layout.values, wanted))
        starts = layout.starts[rows]
        return layout.docs[_positions(starts, layout.ends[rows] - starts)]

    def by_value(self, name: str) -> ValueLayout:
        """Facet ``name``'s pairs ordered by value (built once per generation)."""
        docs, values = self.facet_docs[name], self.facet_values[name]
        return self._kept(("by value", name), lambda: _by_value(docs, values))

    def field_length(self, searcher, fieldname: str) -> int:
        """The total length of a text field in this generation (0: no document has it)."""
        return self._kept(("length", fieldname), lambda: searcher.field_length(fieldname))

    def doc_frequency(self, searcher, fieldname: str, term: str) -> int:
        """How many documents of this generation have ``term`` (looked up once, then kept)."""
        return self._kept(("df", fieldname, term), lambda: searcher.doc_frequency(fieldname, term))

    def _kept(self, key: tuple, compute):
        """``compute()``, once per generation (at most MAX_KEPT values, then it starts over)."""
        found = self.kept.get(key)
        if found is None:
            found = compute()
            with self.lock:
                if len(self.kept) >= MAX_KEPT:
                    self.kept.clear()
                self.kept[key] = found
        return found

    def field_lengths(self, leaves, fieldname: str) -> np.ndarray:
        """One text field's length for every document (joined from the segments)."""
        found = self.lengths.get(fieldname)
        if found is None:
            parts = [
                arrays.field_lengths(leaf, fieldname)
                for arrays, (leaf, _) in zip(self.segments, leaves, strict=True)
            ]
            found = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
            with self.lock:
                self.lengths[fieldname] = found
        return found


def _concat(arrays: list[np.ndarray], dtype=np.int64) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)


def build_snapshot(generation, leaves, schema, cache: dict, vocab: Vocabularies) -> Snapshot:
    """Join the segments' arrays; ``cache`` (segment id -> arrays) is updated in place."""
    keep, parts = {}, []
    for leaf, _offset in leaves:
        key = leaf.segment().segment_id()
        arrays = cache.get(key) or segment_arrays(leaf, schema, vocab)
        keep[key] = arrays
        live = np.ones(arrays.doc_count, dtype=bool)
        if leaf.has_deletions():
            deleted = np.fromiter(leaf.segment().deleted_docs(), dtype=np.int64)
            live[deleted] = False
        parts.append((arrays, live))
    cache.clear()
    cache.update(keep)
    offsets = [int(o) for o in np.cumsum([0] + [a.doc_count for a, _ in parts])[:-1]]
    return Snapshot(
        generation=generation,
        segments=[a for a, _ in parts],
        offsets=offsets,
        live=_concat([lv for _, lv in parts], bool),
        day=_concat([a.day for a, _ in parts]),
        ts=_concat([a.ts for a, _ in parts]),
        added=_concat([a.added for a, _ in parts]),
        facet_docs={
            f: _concat([a.facet_docs[f] + off for (a, _), off in zip(parts, offsets, strict=True)])
            for f in FACET_FIELDS
        },
        facet_values={f: _concat([a.facet_values[f] for a, _ in parts]) for f in FACET_FIELDS},
        segment_ids=tuple(keep),
    )
