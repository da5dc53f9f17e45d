"""The search engine seam: the only module that imports Whoosh.

Everything else speaks records (``archive.records``) and query trees
(``archive.query``). The index is derived data: it can be rebuilt from the
record store at any time (``archive reindex``).

Design (see WHOOSH.md): only the record id is stored; facet fields are list
columns read once per segment into numpy arrays, so counting facets over all
matches is a ``numpy.bincount``; sorting by date uses a numeric column array;
the index is opened without mmap and one searcher is reused until a commit.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh import columns, fields, highlight, index, query, scoring
from whoosh.analysis import Analyzer, Token
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.filedb.filestore import FileStorage
from whoosh.lang import stemmer_for_language
from whoosh.matching.wrappers import FilterMatcher
from whoosh.support.charset import accent_map
from whoosh.util.numeric import byte_to_length
from whoosh.writing import LockError

from archive import frequent
from archive import query as q
from archive.errors import ArchiveLockedError, IndexOutOfDateError, QueryError
from archive.records import Record

log = logging.getLogger(__name__)

#: Bump when the schema or the analysis changes: a mismatch asks for `archive reindex`.
SCHEMA_VERSION = 2
SCHEMA_VERSION_FILE = "schema_version"
INDEX_NAME = "articles"

#: Languages with a stemmed text field of their own; others use the plain field.
STEMMED_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "no", "fi", "ru")
FACET_FIELDS = ("source", "tag", "place", "person", "org", "term", "lang", "type")
PHRASE_TIME_LIMIT_S = 2.0
WRITER_TIMEOUT_S = 60.0
#: Memory for recently read posting lists (repeated and paged searches reuse them).
POSTINGS_CACHE_MB = 96


# ------------------------------------------------------------------ schema
_WORD_RE = re.compile(r"\w+(?:\.?\w+)*")
_FOLD = str.maketrans(accent_map)
FREQUENT_WORDS = frozenset(w.lower().translate(_FOLD) for w in frequent.WORDS)
_CACHE_LIMIT = 200_000


class WordAnalyzer(Analyzer):
    """Words lower-cased, stemmed for one language (or not), accents folded: one pass.

    Equivalent to RegexTokenizer | LowercaseFilter | StemFilter | CharsetFilter,
    with the per-word work cached, because analysis dominates indexing time.
    Pickled into the index schema: keep this class at ``archive.engine.WordAnalyzer``.
    """

    def __init__(self, lang: str | None = None, fold: bool = True):
        self.lang = lang
        self.fold = fold
        self._setup()

    def _setup(self):
        self._stem = stemmer_for_language(self.lang) if self.lang else None
        self._cache: dict[str, str] = {}

    def __getstate__(self):
        return {"lang": self.lang, "fold": self.fold}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._setup()

    def __eq__(self, other):
        return type(other) is type(self) and (other.lang, other.fold) == (self.lang, self.fold)

    def __hash__(self):
        return hash((self.lang, self.fold))

    def key(self, word: str) -> str:
        """The indexed form of one word."""
        found = self._cache.get(word)
        return found if found is not None else self._key(word)

    def _key(self, word: str) -> str:
        key = word.lower()
        if self._stem is not None:
            key = self._stem(key)
        if self.fold:
            key = key.translate(_FOLD)
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[word] = key
        return key

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        cache = self._cache
        for pos, match in enumerate(_WORD_RE.finditer(value), start_pos):
            word = match.group()
            key = cache.get(word)
            token.text = key if key is not None else self._key(word)
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class PairAnalyzer(WordAnalyzer):
    """Consecutive pairs of frequent words ("last year"), lower-cased and folded, unstemmed.

    Indexed as terms, they answer two-word phrases of frequent words with one
    lookup, where a positional phrase search would check every document that has
    both words (other phrases have a rarer word, which keeps that check short).
    Pickled into the index schema: keep this class at ``archive.engine.PairAnalyzer``.
    """

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        previous, pos = None, start_pos
        for match in _WORD_RE.finditer(value):
            word = self.key(match.group())
            if word not in FREQUENT_WORDS:
                previous = None
                continue
            if previous is not None:
                token.text = previous + " " + word
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = pos
                    pos += 1
                if chars:
                    token.startchar, token.endchar = (
                        start_char + match.start(),
                        start_char + match.end(),
                    )
                yield token
            previous = word


def plain_analyzer():
    """Words, lower-cased, accents folded: exact-form matching for any language."""
    return WordAnalyzer()


def stemming_analyzer(lang: str):
    """Words stemmed for one language, then accents folded."""
    return WordAnalyzer(lang)


class FacetKeyword(fields.KEYWORD):
    """A multi-valued exact field with a list column, for fast facet counts."""

    def __init__(self):
        super().__init__(lowercase=True, commas=True, scorable=False)
        self.column_type = columns.VarBytesListColumn()

    def index(self, value, **kwargs):
        if isinstance(value, (list, tuple)):
            value = ",".join(v.replace(",", " ") for v in value)
        return super().index(value, **kwargs)

    def to_column_value(self, value):
        if isinstance(value, str):
            value = [value]
        return [v.encode("utf-8") for v in value]

    def from_column_value(self, value):
        return [v.decode("utf-8") for v in value]


def keyword_term(value: str) -> str:
    """A facet value as its keyword field indexes it (lower case, no commas)."""
    return value.lower().replace(",", " ").strip()


def text_field_for(lang: str | None) -> str:
    return f"text_{lang}" if lang in STEMMED_LANGUAGES else "text"


def build_schema() -> fields.Schema:
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=plain_analyzer(), field_boost=2.0),
        author=fields.TEXT(analyzer=plain_analyzer()),
        text=fields.TEXT(analyzer=plain_analyzer()),
        spell=fields.TEXT(analyzer=WordAnalyzer(fold=False), phrase=False),
        pairs=fields.TEXT(analyzer=PairAnalyzer(), phrase=False),
        day=fields.NUMERIC(int, bits=32, sortable=True),
        ts=fields.NUMERIC(int, bits=64, signed=True, sortable=True),
        added=fields.NUMERIC(int, bits=64, signed=True, sortable=True),
    )
    for lang in STEMMED_LANGUAGES:
        schema.add(f"text_{lang}", fields.TEXT(analyzer=stemming_analyzer(lang)))
    for name in FACET_FIELDS:
        schema.add(name, FacetKeyword())
    return schema


def record_to_document(record: Record) -> dict:
    """The indexed form of a record: analysed text, facet values and date numbers."""
    day = int(record.date.strftime("%Y%m%d")) if record.date else 0
    ts = int(record.date.timestamp()) if record.date else 0
    added = int(record.added.timestamp()) if record.added else 0
    entities = record.places + record.people + record.orgs + record.terms
    doc = {
        "id": record.id,
        "title": record.title,
        "author": " ; ".join(record.authors),
        text_field_for(record.lang): f"{record.title}\n\n{record.body}",
        "pairs": f"{record.title}\n\n{record.body}",
        "spell": " ".join([record.title, record.summary, *entities, *record.tags]),
        "day": day,
        "ts": ts,
        "added": added,
        "source": [record.source] if record.source else [],
        "tag": record.tags,
        "place": record.places,
        "person": record.people,
        "org": record.orgs,
        "term": record.terms,
        "lang": [record.lang] if record.lang else [],
        "type": [record.type],
    }
    return doc


# ------------------------------------------------------------------ facet arrays
@dataclass
class _SegmentArrays:
    """Per-segment column data; segments never change, so this is computed once."""

    doc_count: int
    day: np.ndarray
    ts: np.ndarray
    added: np.ndarray
    facet_docs: dict[str, np.ndarray]  # field -> local docnum per (doc, value) pair
    facet_values: dict[str, np.ndarray]  # field -> value id per pair
    lengths: dict[str, np.ndarray] = field(default_factory=dict)  # text field -> lengths


@dataclass
class _Snapshot:
    """Arrays over all documents of one searcher generation (global docnums)."""

    live: np.ndarray
    day: np.ndarray
    ts: np.ndarray
    added: np.ndarray
    facet_docs: dict[str, np.ndarray]
    facet_values: dict[str, np.ndarray]
    lengths: dict[str, np.ndarray] = field(default_factory=dict)


class _Vocabularies:
    """Facet value <-> integer id, per field; grows as new values appear."""

    def __init__(self):
        self.ids: dict[str, dict[str, int]] = {f: {} for f in FACET_FIELDS}
        self.values: dict[str, list[str]] = {f: [] for f in FACET_FIELDS}

    def id_for(self, fieldname: str, value: str) -> int:
        ids = self.ids[fieldname]
        found = ids.get(value)
        if found is None:
            found = ids[value] = len(self.values[fieldname])
            self.values[fieldname].append(value)
        return found


def _numeric_column(reader, fieldname, fieldobj, count) -> np.ndarray:
    """A numeric field's column as int64 (sortable numbers are stored shifted to unsigned)."""
    if not reader.has_column(fieldname):
        return np.zeros(count, dtype=np.int64)
    raw = _column_values(reader.column_reader(fieldname, translate=False), count)
    if fieldobj.signed:
        raw = raw - np.uint64(1 << (fieldobj.bits - 1))
    return raw.astype(np.int64)


def _segment_arrays(reader, schema, vocab: _Vocabularies) -> _SegmentArrays:
    count = reader.doc_count_all()
    facet_docs, facet_values = {}, {}
    for name in FACET_FIELDS:
        docs, vals = [], []
        if reader.has_column(name):
            col = reader.column_reader(name, translate=False)
            for docnum in range(count):
                for raw in col[docnum]:
                    docs.append(docnum)
                    vals.append(vocab.id_for(name, raw.decode("utf-8")))
        facet_docs[name] = np.array(docs, dtype=np.int64)
        facet_values[name] = np.array(vals, dtype=np.int64)
    return _SegmentArrays(
        doc_count=count,
        day=_numeric_column(reader, "day", schema["day"], count),
        ts=_numeric_column(reader, "ts", schema["ts"], count),
        added=_numeric_column(reader, "added", schema["added"], count),
        facet_docs=facet_docs,
        facet_values=facet_values,
    )


# ------------------------------------------------------------------ results
@dataclass
class EngineResult:
    total: int
    hits: list[tuple[str, float]]  # (record id, score) for the requested page
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    facet_sizes: dict[str, int] = field(default_factory=dict)  # distinct values per facet
    years: dict[int, int] = field(default_factory=dict)
    months: dict[int, int] = field(default_factory=dict)  # yyyymm -> count
    undated: int = 0
    timed_out: bool = False


# ------------------------------------------------------------------ the engine
class SearchEngine:
    """A Whoosh index in one directory, opened lazily and refreshed after commits."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._ix = None
        self._searcher = None
        self._snapshot = None
        self._segments: dict[str, _SegmentArrays] = {}
        self._vocab = _Vocabularies()
        self._lock = threading.RLock()
        self._analyzers: dict = {}
        self._postings = _PostingsCache(POSTINGS_CACHE_MB * 2**20)

    # ---- opening
    def exists(self) -> bool:
        return index.exists_in(str(self.path), indexname=INDEX_NAME)

    def stored_version(self) -> int | None:
        try:
            return int((self.path / SCHEMA_VERSION_FILE).read_text().strip())
        except (OSError, ValueError):
            return None

    def is_current(self) -> bool:
        return self.exists() and self.stored_version() == SCHEMA_VERSION

    def _open(self):
        if self._ix is None:
            if not self.exists():
                self.create()
            elif self.stored_version() != SCHEMA_VERSION:
                raise IndexOutOfDateError(
                    f"The search index in {self.path} was built by another version "
                    f"(schema {self.stored_version()}, expected {SCHEMA_VERSION}): "
                    "run `archive reindex` to rebuild it from the archive."
                )
            storage = FileStorage(str(self.path), supports_mmap=False)
            self._ix = storage.open_index(indexname=INDEX_NAME)
        return self._ix

    def create(self) -> None:
        """Create an empty index (replacing any existing one)."""
        self.close()
        self.path.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(self.path), supports_mmap=False)
        storage.create_index(build_schema(), indexname=INDEX_NAME)
        tmp = self.path / (SCHEMA_VERSION_FILE + ".tmp")
        tmp.write_text(str(SCHEMA_VERSION))
        os.replace(tmp, self.path / SCHEMA_VERSION_FILE)

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = self._snapshot = self._ix = None
            self._segments.clear()

    # ---- writing
    @contextlib.contextmanager
    def write_batch(self, timeout: float = WRITER_TIMEOUT_S):
        """Add or replace records; commits only when the block exits cleanly."""
        writer = self._writer(timeout)
        batch = _WriteBatch(writer)
        try:
            yield batch
        except BaseException:
            writer.cancel()
            raise
        else:
            if batch.count:
                writer.commit(mergetype=merge_tiered)
            else:
                writer.cancel()

    def write_parallel(self, records: list[Record], submit, parts: int = 2) -> None:
        """Add or replace records, ``parts`` segments built at once by ``submit(fn, *args)``.

        ``submit`` is a process pool's submit: each part is analysed and written as a
        segment of its own in a worker, while this process holds the index lock,
        removes older versions of the records and commits all parts at once.
        """
        writer = self._writer(WRITER_TIMEOUT_S)
        try:
            size = -(-len(records) // parts)
            futures = [
                submit(build_segment, str(self.path), records[i : i + size])
                for i in range(0, len(records), size)
            ]
            for record in records:
                writer.delete_by_term("id", record.id)
            built = [future.result() for future in futures]
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=lambda w, segments: merge_tiered(w, segments) + built)

    def _writer(self, timeout: float):
        try:
            return self._open().writer(timeout=timeout)
        except LockError:
            raise ArchiveLockedError(
                f"The search index in {self.path} is locked by another indexing run: "
                "wait for it to finish, then try again."
            ) from None

    # ---- reading
    def _current(self):
        """The shared searcher and its arrays, refreshed when the index changed."""
        with self._lock:
            ix = self._open()
            if self._searcher is None:
                self._searcher = ix.searcher()
            elif not self._searcher.up_to_date():
                # A new searcher rather than refresh(): Whoosh's reader reuse re-adds
                # segments that a merge removed, and fails on an empty index.
                self._searcher.close()
                self._searcher = ix.searcher()
                self._snapshot = None
            if self._snapshot is None:
                self._snapshot = self._build_snapshot(self._searcher)
            return self._searcher, self._snapshot

    def _build_snapshot(self, searcher) -> _Snapshot:
        reader = searcher.reader()
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        keep = {}
        parts = []
        for leaf, _offset in leaves:
            segment = leaf.segment()
            key = segment.segment_id() if segment is not None else str(id(leaf))
            arrays = self._segments.get(key) or _segment_arrays(leaf, searcher.schema, self._vocab)
            keep[key] = arrays
            live = np.ones(arrays.doc_count, dtype=bool)
            if leaf.has_deletions():
                deleted = np.fromiter(leaf.segment().deleted_docs(), dtype=np.int64)
                live[deleted] = False
            parts.append((arrays, live))
        self._segments = keep
        offsets = np.cumsum([0] + [a.doc_count for a, _ in parts])
        return _Snapshot(
            live=np.concatenate([lv for _, lv in parts]) if parts else np.zeros(0, dtype=bool),
            day=concat([a.day for a, _ in parts]),
            ts=concat([a.ts for a, _ in parts]),
            added=concat([a.added for a, _ in parts]),
            facet_docs={
                f: concat(
                    [a.facet_docs[f] + off for (a, _), off in zip(parts, offsets, strict=False)]
                )
                for f in FACET_FIELDS
            },
            facet_values={f: concat([a.facet_values[f] for a, _ in parts]) for f in FACET_FIELDS},
        )

    def doc_count(self) -> int:
        with self._lock:
            searcher, _ = self._current()
            return searcher.doc_count()

    def all_ids(self) -> set[str]:
        with self._lock:
            searcher, _ = self._current()
            return {fields_["id"] for fields_ in searcher.all_stored_fields()}

    def search(
        self,
        node: q.Node,
        *,
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 10,
        facet_limit: int = 50,
        since_added: int | None = None,
    ) -> EngineResult:
        """Run a query tree: the page of hits, the exact total, facet counts and timeline."""
        with self._lock:
            searcher, snap = self._current()
            evaluation = _Evaluation(searcher, snap, self._segment_lengths, self._postings)
            mask = evaluation.mask(node) & snap.live
            if since_added is not None:
                mask &= snap.added > since_added
            total = int(mask.sum())
            hits = []
            if total and offset < total and limit > 0:
                scores = evaluation.scores if sort == "relevance" else None
                docnums = _top(mask, scores, snap, sort, offset + limit)[offset:]
                hits = [
                    (
                        searcher.stored_fields(int(d))["id"],
                        float(scores[d]) if scores is not None else 0.0,
                    )
                    for d in docnums
                ]
            result = EngineResult(total=total, hits=hits, timed_out=evaluation.timed_out)
            self._count(snap, mask, facet_limit, result)
            return result

    def _segment_lengths(self, leaf, fieldname: str) -> np.ndarray:
        """Per-document lengths of a text field in one segment (cached with the segment)."""
        key = leaf.segment().segment_id()
        arrays = self._segments.get(key)
        cache = arrays.lengths if arrays is not None else {}
        if fieldname not in cache:
            cache[fieldname] = _field_lengths(leaf, fieldname)
        return cache[fieldname]

    def _count(self, snap, mask, facet_limit, result: EngineResult) -> None:
        for name in FACET_FIELDS:
            docs, vals = snap.facet_docs[name], snap.facet_values[name]
            if len(docs) == 0:
                result.facets[name] = []
                result.facet_sizes[name] = 0
                continue
            selected = vals[mask[docs]]
            counts = np.bincount(selected, minlength=len(self._vocab.values[name]))
            nonzero = np.flatnonzero(counts)
            result.facet_sizes[name] = len(nonzero)
            if len(nonzero) > facet_limit:
                top = nonzero[np.argpartition(-counts[nonzero], facet_limit - 1)[:facet_limit]]
            else:
                top = nonzero
            names = self._vocab.values[name]
            pairs = sorted(
                ((names[i], int(counts[i])) for i in top), key=lambda p: (-p[1], p[0].lower())
            )
            result.facets[name] = pairs
        days = snap.day[mask]
        dated = days[days > 0]
        result.undated = int(len(days) - len(dated))
        if len(dated):
            years, ycounts = np.unique(dated // 10000, return_counts=True)
            result.years = {int(y): int(c) for y, c in zip(years, ycounts, strict=True)}
            months, mcounts = np.unique(dated // 100, return_counts=True)
            result.months = {int(m): int(c) for m, c in zip(months, mcounts, strict=True)}

    # ---- highlights, suggestions, related
    def snippet(self, node: q.Node, text: str, lang: str | None, top: int = 2) -> str:
        """Up to ``top`` passages of ``text`` with the query's words in <mark>; HTML-safe."""
        words = q.query_words(node)
        if not words or not text:
            return ""
        analyzer = self._analyzers.get(text_field_for(lang))
        if analyzer is None:
            with self._lock:
                analyzer = self._open().schema[text_field_for(lang)].analyzer
            self._analyzers[text_field_for(lang)] = analyzer
        return make_snippet(" ".join(text.split()), words, analyzer, top)

    def suggest(self, words: list[str]) -> dict[str, str]:
        """Spelling corrections for words that are not in the archive's vocabulary."""
        fixes = {}
        with self._lock:
            searcher, _ = self._current()
            for word in words:
                lowered = word.lower()
                if len(lowered) < 4 or searcher.doc_frequency("spell", lowered):
                    continue
                found = searcher.suggest("spell", lowered, limit=1, maxdist=2, prefix=1)
                if found and found[0] != lowered:
                    fixes[word] = found[0]
        return fixes

    def related(self, record: Record, limit: int = 5) -> list[tuple[str, float]]:
        """Records most like this one: its key words, entities and tags."""
        with self._lock:
            searcher, _ = self._current()
            docnum = searcher.document_number(id=record.id)
            name = text_field_for(record.lang)
            parts = []
            try:
                keys = searcher.key_terms_from_text(
                    name,
                    f"{record.title}\n{record.body}",
                    numterms=12,
                    model=scoring.Bo1Model,
                )
            except Exception:  # noqa: BLE001 - a field without postings yet
                keys = []
            parts += [query.Term(name, word, boost=weight) for word, weight in keys]
            for fname, values in (
                ("place", record.places),
                ("person", record.people),
                ("org", record.orgs),
                ("tag", record.tags),
            ):
                parts += [query.Term(fname, keyword_term(v), boost=0.5) for v in values[:5]]
            if not parts:
                return []
            wq = query.Or(parts)
            results = searcher.search(wq, limit=limit + 1)
            out = [(hit["id"], float(hit.score)) for hit in results if hit.docnum != docnum]
            return out[:limit]


#: Segments below this many documents are merged by size tier (powers of ten)...
SMALL_SEGMENT_DOCS = 1000
#: ...when a tier holds this many of them.
SEGMENTS_PER_TIER = 10
#: Larger segments are merged only when there are more segments than this in all.
MAX_SEGMENTS = 100


def merge_tiered(writer, segments):
    """Merge policy: merge small segments by size tier; leave large ones alone.

    Whoosh rewrites every posting of a merged segment at about the cost of indexing
    it again, and its default policy keeps re-merging large segments during bulk
    runs. Here small segments (from small runs) are merged ten of a size at a
    time, large ones (from bulk runs) only when there are too many segments.
    """
    from whoosh.reading import SegmentReader

    def merge(chosen):
        for segment in chosen:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        return [s for s in segments if s not in chosen]

    tiers: dict[int, list] = {}
    for segment in segments:
        count = segment.doc_count_all()
        if count < SMALL_SEGMENT_DOCS:
            tiers.setdefault(len(str(max(count, 1))), []).append(segment)
    for _tier, members in sorted(tiers.items()):
        if len(members) >= SEGMENTS_PER_TIER:
            return merge(members)
    if len(segments) > MAX_SEGMENTS:
        by_size = sorted(segments, key=lambda s: s.doc_count_all())
        return merge(by_size[: len(segments) - MAX_SEGMENTS // 2])
    return segments


def build_segment(index_path: str, records: list[Record]):
    """In a worker process: write records as a new segment (the caller holds the lock)."""
    from whoosh.writing import SegmentWriter

    ix = FileStorage(index_path, supports_mmap=False).open_index(indexname=INDEX_NAME)
    writer = SegmentWriter(ix, _lk=False)
    for record in records:
        writer.add_document(**record_to_document(record))
    return writer._finalize_segment()


class _WriteBatch:
    """Adds or replaces documents in one Whoosh writer."""

    def __init__(self, writer):
        self.writer = writer
        self.count = 0

    def add(self, record: Record) -> None:
        self.writer.update_document(**record_to_document(record))
        self.count += 1

    def delete(self, record_id: str) -> None:
        self.writer.delete_by_term("id", record_id)
        self.count += 1


def _day_bounds(node: q.DateRange) -> tuple[int, int]:
    start = int(node.start.strftime("%Y%m%d")) if node.start else 1
    end = int(node.end.strftime("%Y%m%d")) if node.end else 99991231
    return start, end


SNIPPET_CHARS = 160


SNIPPET_SCAN_CHARS = 60_000


def make_snippet(text: str, words: list[str], analyzer, top: int = 2) -> str:
    """The ``top`` windows of ``text`` holding the most distinct query words, marked up."""
    wanted = {t.text for w in words for t in analyzer(w)}
    hits = []
    for match in _WORD_RE.finditer(text, 0, SNIPPET_SCAN_CHARS):
        key = analyzer.key(match.group())
        if key in wanted:
            hits.append((match.start(), match.end(), key))
    if not hits:
        return ""
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
    return " ".join(_mark(text, inside) for inside in chosen).replace("… …", "…")


def _mark(text: str, inside: list) -> str:
    first, last = inside[0][0], inside[-1][1]
    pad = max(0, (SNIPPET_CHARS - (last - first)) // 2)
    start = max(0, first - pad)
    end = min(len(text), last + pad)
    if start > 0:
        start = text.find(" ", start, first) + 1 or start
    if end < len(text):
        space = text.rfind(" ", last, end)
        end = space if space > 0 else end
    out, pos = [], start
    for s, e, _ in inside:
        out.append(highlight.htmlescape(text[pos:s], quote=False))
        out.append("<mark>" + highlight.htmlescape(text[s:e], quote=False) + "</mark>")
        pos = e
    out.append(highlight.htmlescape(text[pos:end], quote=False))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(out).strip() + suffix


# ------------------------------------------------------------------ evaluation
BM25_K1 = 1.2
BM25_B = 0.75
FIELD_BOOSTS = {"title": 2.0}
MAX_PREFIX_TERMS = 2000
_LENGTH_TABLE = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)


def _column_values(col, count: int) -> np.ndarray:
    """All values of a fixed-width numeric column as uint64 (one read; Whoosh's format is frozen)."""
    try:
        stored = col._count
        raw = np.frombuffer(
            col._dbfile.get(col._basepos, stored * col._fixedlen), dtype=">" + col._typecode
        ).astype(np.uint64)
        if stored < count:
            raw = np.concatenate([raw, np.full(count - stored, col._default, dtype=np.uint64)])
        return raw[:count]
    except AttributeError:  # another column implementation: read value by value
        return np.fromiter((col[i] for i in range(count)), dtype=np.uint64, count=count)


def _field_lengths(leaf, fieldname: str) -> np.ndarray:
    count = leaf.doc_count_all()
    perdoc = getattr(leaf, "_perdoc", None)
    try:
        col = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    except AttributeError:
        col = None
        return np.array(
            [leaf.doc_field_length(d, fieldname) for d in range(count)], dtype=np.float32
        )
    if col is None:
        return np.zeros(count, dtype=np.float32)
    return _LENGTH_TABLE[_column_values(col, count).astype(np.int64)]


def _read_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    """A term's document numbers and frequencies, read block by block."""
    if isinstance(matcher, FilterMatcher):  # deleted documents: the live mask drops them
        matcher = matcher.child
    ids, weights = [], []
    if hasattr(matcher, "_read_data") and hasattr(matcher, "_next_block"):
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            if matcher._byteids:
                matcher._read_ids()
                ids.append(np.asarray(matcher._ids, dtype=np.int32))
            else:  # delta-encoded: decode in bulk
                ids.append(np.cumsum(np.asarray(matcher._data[0], dtype=np.int32)))
            matcher._read_weights()
            weights.append(np.asarray(matcher._weights, dtype=np.float32))
            matcher._next_block()
    else:
        pairs = [(matcher.id(), matcher.weight()) for _ in _iterate(matcher)]
        if pairs:
            ids.append(np.array([p[0] for p in pairs], dtype=np.int32))
            weights.append(np.array([p[1] for p in pairs], dtype=np.float32))
    if not ids:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    return np.concatenate(ids), np.concatenate(weights)


class _PostingsCache:
    """Recently read posting lists, by (segment, field, term); segments never change."""

    def __init__(self, budget_bytes: int):
        self.budget = budget_bytes
        self.used = 0
        self.entries: OrderedDict = OrderedDict()

    def get(self, key, read):
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
            return found
        found = read()
        size = found[0].nbytes + found[1].nbytes
        if size <= self.budget // 4:
            self.entries[key] = found
            self.used += size
            while self.used > self.budget:
                _, (old_ids, old_weights) = self.entries.popitem(last=False)
                self.used -= old_ids.nbytes + old_weights.nbytes
        return found


def _iterate(matcher):
    while matcher.is_active():
        yield
        matcher.next()


class _Evaluation:
    """A query tree evaluated with arrays: a boolean mask of matches and BM25 scores.

    Terms are read as whole posting lists (Whoosh's blocks) and combined with
    numpy; only phrases use Whoosh's positional matcher. Scores add up the
    BM25 weight of every positive word in every field it occurs in.
    """

    def __init__(self, searcher, snap: _Snapshot, segment_lengths, cache: _PostingsCache):
        self.searcher = searcher
        self.cache = cache
        self.read: dict = {}
        self.snap = snap
        self.size = len(snap.live)
        self.leaves = searcher.subsearchers or [(searcher, 0)]
        self.segment_lengths = segment_lengths
        self.scores: np.ndarray | None = None
        self.scored: set = set()
        self.timed_out = False
        self.deadline = time.monotonic() + PHRASE_TIME_LIMIT_S

    # ---- boolean structure
    def mask(self, node, positive: bool = True) -> np.ndarray:
        if isinstance(node, q.MatchAll):
            return np.ones(self.size, dtype=bool)
        if isinstance(node, q.DateRange):
            start, end = _day_bounds(node)
            return (self.snap.day >= start) & (self.snap.day <= end)
        if isinstance(node, q.And):
            positives = [c for c in node.children if not isinstance(c, q.Not)]
            out = np.ones(self.size, dtype=bool)
            for child in positives:
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
        if isinstance(node, q.Term):
            if node.field in q.KEYWORD_FIELDS:
                value = keyword_term(node.text)
                if node.prefix:
                    return self._prefix_mask(node.field, value)
                return self._term_mask(node.field, value, False)
            return self._words_mask(node.field, [node.text], node.prefix, positive)
        if isinstance(node, q.Phrase):
            return self._words_mask(node.field, list(node.words), False, positive)
        raise QueryError(f"Unsupported query part: {node!r}")

    # ---- words in text fields
    def _words_mask(self, fieldname, words, prefix, positive) -> np.ndarray:
        if fieldname is None and not prefix:
            plain = [t.text for w in words for t in plain_analyzer()(w)]
            if len(plain) == 2 and FREQUENT_WORDS.issuperset(plain):  # one word-pair term
                return self._pair_mask(" ".join(plain), positive)
        out = np.zeros(self.size, dtype=bool)
        schema = self.searcher.schema
        for name in _text_fields(fieldname):
            if not self.searcher.field_length(name):
                continue  # no document has text in this language
            analyzer = schema[name].analyzer
            if prefix:
                plain = [t.text for t in plain_analyzer()(words[0])]
                if plain:
                    out |= self._prefix_mask(name, plain[0])
                continue
            tokens = [t.text for w in words for t in analyzer(w)]
            if not tokens or not all(self.searcher.doc_frequency(name, t) for t in set(tokens)):
                continue
            if len(tokens) == 1:
                out |= self._term_mask(name, tokens[0], positive)
            else:
                out |= self._phrase_mask(name, tokens)
                if positive:
                    for token in set(tokens):
                        self._term_mask(name, token, True)
        return out

    def _pair_mask(self, pair, positive) -> np.ndarray:
        """A two-word phrase; its relevance is the pair's own BM25 weight."""
        return self._term_mask("pairs", pair, positive)

    def _term_mask(self, fieldname, token, score) -> np.ndarray:
        out = np.zeros(self.size, dtype=bool)
        for ids, _weights in self._postings(fieldname, token):
            out[ids] = True
        if score and (fieldname, token) not in self.scored:
            self.scored.add((fieldname, token))
            self._score(fieldname, token)
        return out

    def _postings(self, fieldname, token) -> list[tuple[np.ndarray, np.ndarray]]:
        """(global docnums, frequencies) per segment; read once per search, cached across."""
        key = (fieldname, token)
        found = self.read.get(key)
        if found is None:
            found = self.read[key] = []
            data = self.searcher.schema[fieldname].to_bytes(token)
            for leaf_searcher, offset in self.leaves:
                reader = leaf_searcher.reader()
                if (fieldname, data) not in reader:
                    continue
                segment = reader.segment()
                ids, weights = self.cache.get(
                    (segment.segment_id() if segment else id(reader), fieldname, data),
                    lambda r=reader: _read_postings(r.postings(fieldname, data)),
                )
                found.append((ids.astype(np.int64) + offset, weights))
        return found

    def _prefix_mask(self, fieldname, prefix) -> np.ndarray:
        out = np.zeros(self.size, dtype=bool)
        reader = self.searcher.reader()
        for n, term in enumerate(reader.expand_prefix(fieldname, prefix)):
            if n >= MAX_PREFIX_TERMS:
                break
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            out |= self._term_mask(fieldname, text, False)
        return out

    def _phrase_mask(self, fieldname, tokens) -> np.ndarray:
        out = np.zeros(self.size, dtype=bool)
        phrase = query.Phrase(fieldname, tokens)
        for leaf_searcher, offset in self.leaves:
            matcher = phrase.matcher(leaf_searcher, leaf_searcher.boolean_context())
            found = []
            while matcher.is_active():
                found.append(matcher.id())
                matcher.next()
                if len(found) % 1024 == 0 and time.monotonic() > self.deadline:
                    self.timed_out = True
                    break
            if found:
                out[np.asarray(found, dtype=np.int64) + offset] = True
            if self.timed_out:
                break
        return out

    # ---- scoring
    def _score(self, fieldname, token) -> None:
        if self.scores is None:
            self.scores = np.zeros(self.size, dtype=np.float32)
        searcher = self.searcher
        idf = searcher.idf(fieldname, token)
        average = searcher.avg_field_length(fieldname) or 1.0
        boost = FIELD_BOOSTS.get(fieldname, 1.0)
        lengths = self._lengths(fieldname)
        for ids, tf in self._postings(fieldname, token):
            norm = BM25_K1 * ((1 - BM25_B) + BM25_B * lengths[ids] / average)
            self.scores[ids] += idf * boost * tf * (BM25_K1 + 1) / (tf + norm)

    def _lengths(self, fieldname) -> np.ndarray:
        cached = self.snap.lengths.get(fieldname)
        if cached is None:
            parts = [self.segment_lengths(leaf.reader(), fieldname) for leaf, _ in self.leaves]
            cached = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
            self.snap.lengths[fieldname] = cached
        return cached


def concat(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)


def _text_fields(fieldname):
    if fieldname in ("title", "author"):
        return [fieldname]
    return ["title", "text"] + [f"text_{lang}" for lang in STEMMED_LANGUAGES]


def _top(mask, scores, snap: _Snapshot, sort: str, count: int) -> np.ndarray:
    """The first ``count`` matching document numbers in the requested order."""
    docnums = np.flatnonzero(mask)
    newest_first = np.where(snap.day[docnums] == 0, np.iinfo(np.int64).max, -snap.ts[docnums])
    if sort == "oldest":
        primary = np.where(snap.day[docnums] == 0, np.iinfo(np.int64).max, snap.ts[docnums])
    elif sort == "added":  # newest in the archive first
        primary = -snap.added[docnums]
    elif sort == "relevance" and scores is not None:
        primary = -scores[docnums].astype(np.float64)
    else:
        primary = newest_first
    if count < len(docnums):
        part = np.argpartition(primary, count - 1)[:count]
    else:
        part = np.arange(len(docnums))
    order = part[np.lexsort((docnums[part], newest_first[part], primary[part]))]
    return docnums[order[:count]]
