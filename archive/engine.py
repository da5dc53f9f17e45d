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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh import columns, fields, highlight, index, query, scoring
from whoosh.idsets import DocIdSet
from whoosh.analysis import Analyzer, Token
from whoosh.lang import stemmer_for_language
from whoosh.filedb.filestore import FileStorage
from whoosh.support.charset import accent_map
from whoosh.writing import LockError

from archive import query as q
from archive.errors import ArchiveLockedError, IndexOutOfDateError, QueryError
from archive.records import Record

log = logging.getLogger(__name__)

#: Bump when the schema or the analysis changes: a mismatch asks for `archive reindex`.
SCHEMA_VERSION = 1
SCHEMA_VERSION_FILE = "schema_version"
INDEX_NAME = "articles"

#: Languages with a stemmed text field of their own; others use the plain field.
STEMMED_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "no", "fi", "ru")
FACET_FIELDS = ("source", "tag", "place", "person", "org", "term", "lang", "type")
PHRASE_TIME_LIMIT_S = 2.0
WRITER_TIMEOUT_S = 60.0


# ------------------------------------------------------------------ schema
_WORD_RE = re.compile(r"\w+(?:\.?\w+)*")
_FOLD = str.maketrans(accent_map)
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

    def _key(self, word: str) -> str:
        key = word.lower()
        if self._stem is not None:
            key = self._stem(key)
        if self.fold:
            key = key.translate(_FOLD)
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[word] = key
        return key

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
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


def text_field_for(lang: str | None) -> str:
    return f"text_{lang}" if lang in STEMMED_LANGUAGES else "text"


def build_schema() -> fields.Schema:
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=plain_analyzer(), field_boost=2.0),
        author=fields.TEXT(analyzer=plain_analyzer()),
        text=fields.TEXT(analyzer=plain_analyzer()),
        spell=fields.TEXT(analyzer=WordAnalyzer(fold=False), phrase=False),
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


@dataclass
class _Snapshot:
    """Arrays over all documents of one searcher generation (global docnums)."""

    live: np.ndarray
    day: np.ndarray
    ts: np.ndarray
    added: np.ndarray
    facet_docs: dict[str, np.ndarray]
    facet_values: dict[str, np.ndarray]


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
    """A numeric column as an int64 array (one bulk read; Whoosh's format is frozen)."""
    if not reader.has_column(fieldname):
        return np.zeros(count, dtype=np.int64)
    col = reader.column_reader(fieldname, translate=False)
    try:
        stored = col._count
        raw = np.frombuffer(
            col._dbfile.get(col._basepos, stored * col._fixedlen), dtype=">" + col._typecode
        ).astype(np.uint64)
        if stored < count:
            raw = np.concatenate([raw, np.full(count - stored, col._default, dtype=np.uint64)])
    except AttributeError:  # another column implementation: read value by value
        raw = np.fromiter((col[i] for i in range(count)), dtype=np.uint64, count=count)
    if fieldobj.signed:  # sortable numbers are stored shifted into the unsigned range
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


class _Highlighter(highlight.Formatter):
    """<mark> around matched words; everything else HTML-escaped."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return "<mark>" + highlight.htmlescape(highlight.get_text(text, token, replace)) + "</mark>"

    def _text(self, text):
        return highlight.htmlescape(text, quote=False)


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
    def write_batch(self, timeout: float = WRITER_TIMEOUT_S, procs: int = 1):
        """Add or replace records; commits only when the block exits cleanly.

        With ``procs`` > 1, analysis and segment writing run in that many processes,
        each writing a segment of its own (worth it for batches of hundreds).
        """
        ix = self._open()
        options = {"procs": procs, "multisegment": True} if procs > 1 else {}
        try:
            writer = ix.writer(timeout=timeout, **options)
        except LockError:
            raise ArchiveLockedError(
                f"The search index in {self.path} is locked by another indexing run: "
                "wait for it to finish, then try again."
            ) from None
        batch = _WriteBatch(writer)
        try:
            yield batch
        except BaseException:
            writer.cancel()
            raise
        else:
            if batch.count:
                writer.commit()
            else:
                writer.cancel()

    def optimize(self) -> None:
        self._open().optimize()

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
        concat = (lambda xs: np.concatenate(xs) if xs else np.zeros(0, dtype=np.int64))
        return _Snapshot(
            live=np.concatenate([lv for _, lv in parts]) if parts else np.zeros(0, dtype=bool),
            day=concat([a.day for a, _ in parts]),
            ts=concat([a.ts for a, _ in parts]),
            added=concat([a.added for a, _ in parts]),
            facet_docs={
                f: concat([a.facet_docs[f] + off for (a, _), off in zip(parts, offsets, strict=False)])
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
            wq = self._translate(node, searcher)
            mask, timed_out = self._match_mask(wq, searcher, snap)
            if since_added is not None:
                mask &= snap.added > since_added
            total = int(mask.sum())
            hits = self._page(
                wq, searcher, snap, mask, sort, offset, limit, total, since_added is not None
            )
            result = EngineResult(total=total, hits=hits, timed_out=timed_out)
            self._count(snap, mask, facet_limit, result)
            return result

    # ---- matching
    def _match_mask(self, wq, searcher, snap) -> tuple[np.ndarray, bool]:
        if isinstance(wq, query.Every):
            return snap.live.copy(), False
        mask = np.zeros(len(snap.live), dtype=bool)
        deadline = time.monotonic() + PHRASE_TIME_LIMIT_S
        timed_out = False
        subsearchers = searcher.subsearchers or [(searcher, 0)]
        for sub, offset in subsearchers:
            matcher = wq.matcher(sub, sub.boolean_context())
            ids = []
            append = ids.append
            n = 0
            while matcher.is_active():
                append(matcher.id())
                matcher.next()
                n += 1
                if n % 4096 == 0 and time.monotonic() > deadline:
                    timed_out = True
                    break
            if ids:
                mask[np.asarray(ids, dtype=np.int64) + offset] = True
            if timed_out:
                break
        mask &= snap.live
        return mask, timed_out

    def _page(self, wq, searcher, snap, mask, sort, offset, limit, total, filtered=False):
        if total == 0 or offset >= total or limit <= 0:
            return []
        ids_of = lambda docnums: [  # noqa: E731
            searcher.stored_fields(int(d))["id"] for d in docnums
        ]
        if sort in ("newest", "oldest") or isinstance(wq, query.Every):
            docnums = np.flatnonzero(mask)
            keys = snap.ts[docnums] if sort == "oldest" else -snap.ts[docnums]
            # Undated articles sort last either way.
            keys = np.where(snap.day[docnums] == 0, np.iinfo(np.int64).max, keys)
            end = min(offset + limit, len(docnums))
            if end < len(docnums):
                part = np.argpartition(keys, end - 1)[:end]
            else:
                part = np.arange(len(docnums))
            order = part[np.lexsort((docnums[part], keys[part]))]
            chosen = docnums[order[offset:end]]
            return [(rid, 0.0) for rid in ids_of(chosen)]
        allowed = _DocSet(mask) if filtered else None
        results = searcher.search(wq, limit=offset + limit, filter=allowed, optimize=True)
        top = [(hit.docnum, hit.score) for hit in results][offset:]
        return list(zip(ids_of([d for d, _ in top]), [float(s) for _, s in top], strict=True))

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
            pairs = sorted(((names[i], int(counts[i])) for i in top), key=lambda p: (-p[1], p[0].lower()))
            result.facets[name] = pairs
        days = snap.day[mask]
        dated = days[days > 0]
        result.undated = int(len(days) - len(dated))
        if len(dated):
            years, ycounts = np.unique(dated // 10000, return_counts=True)
            result.years = {int(y): int(c) for y, c in zip(years, ycounts, strict=True)}
            months, mcounts = np.unique(dated // 100, return_counts=True)
            result.months = {int(m): int(c) for m, c in zip(months, mcounts, strict=True)}

    # ---- translation of the query tree
    def _translate(self, node, searcher):
        schema = searcher.schema
        if isinstance(node, q.MatchAll):
            return query.Every()
        if isinstance(node, q.And):
            parts = [self._translate(c, searcher) for c in node.children]
            positives = [p for p in parts if not isinstance(p, query.Not)]
            negatives = [p.query for p in parts if isinstance(p, query.Not)]
            base = query.And(positives) if positives else query.Every()
            if len(positives) == 1:
                base = positives[0]
            return query.AndNot(base, query.Or(negatives)) if negatives else base
        if isinstance(node, q.Or):
            return query.Or([self._translate(c, searcher) for c in node.children])
        if isinstance(node, q.Not):
            inner = self._translate(node.child, searcher)
            return query.Not(inner)
        if isinstance(node, q.DateRange):
            start = int(node.start.strftime("%Y%m%d")) if node.start else 1
            end = int(node.end.strftime("%Y%m%d")) if node.end else 99991231
            return query.NumericRange("day", start, end)
        if isinstance(node, q.Term):
            if node.field in q.KEYWORD_FIELDS:
                return self._keyword_query(node.field, node.text, node.prefix)
            return self._text_query(schema, node.field, [node.text], node.prefix)
        if isinstance(node, q.Phrase):
            return self._text_query(schema, node.field, list(node.words), False)
        raise QueryError(f"Unsupported query part: {node!r}")

    def _keyword_query(self, fieldname, text, prefix):
        text = text.lower().replace(",", " ").strip()
        if prefix:
            return query.Prefix(fieldname, text)
        return query.Term(fieldname, text)

    def _text_fields(self, fieldname):
        if fieldname == "title":
            return ["title"]
        if fieldname == "author":
            return ["author"]
        return ["title", "text"] + [f"text_{lang}" for lang in STEMMED_LANGUAGES]

    def _text_query(self, schema, fieldname, words, prefix):
        alternatives = []
        for name in self._text_fields(fieldname):
            analyzer = schema[name].analyzer
            tokens = [t.text for w in words for t in analyzer(w)]
            if not tokens:
                continue
            if prefix and len(tokens) == 1:
                # Prefixes match the unstemmed form: analyse without stemming.
                plain = [t.text for t in plain_analyzer()(words[0])]
                alternatives.append(query.Prefix(name, plain[0]))
            elif len(tokens) == 1:
                alternatives.append(query.Term(name, tokens[0]))
            else:
                alternatives.append(query.Phrase(name, tokens))
        if not alternatives:
            return query.NullQuery
        return query.Or(alternatives) if len(alternatives) > 1 else alternatives[0]

    # ---- highlights, suggestions, related
    def snippet(self, node: q.Node, text: str, lang: str | None, top: int = 3) -> str:
        """Up to ``top`` fragments of ``text`` with the query's words in <mark>; HTML-safe."""
        words = q.query_words(node)
        if not words or not text:
            return ""
        name = text_field_for(lang)
        with self._lock:
            searcher, _ = self._current()
        analyzer = searcher.schema[name].analyzer
        terms = frozenset(t.text for w in words for t in analyzer(w))
        text = " ".join(text.split())
        fragmenter = highlight.ContextFragmenter(maxchars=160, surround=60)
        return highlight.highlight(
            text, terms, analyzer, fragmenter, _Highlighter(), top=top, minscore=1
        )

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
                    name, f"{record.title}\n{record.body}", numterms=12,
                    model=scoring.Bo1Model,
                )
            except Exception:  # noqa: BLE001 - a field without postings yet
                keys = []
            parts += [query.Term(name, word, boost=weight) for word, weight in keys]
            for fname, values in (("place", record.places), ("person", record.people),
                                  ("org", record.orgs), ("tag", record.tags)):
                parts += [query.Term(fname, v.lower().replace(",", " "), boost=0.5) for v in values[:5]]
            if not parts:
                return []
            wq = query.Or(parts)
            results = searcher.search(wq, limit=limit + 1)
            out = [(hit["id"], float(hit.score)) for hit in results if hit.docnum != docnum]
            return out[:limit]


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


class _DocSet(DocIdSet):
    """A boolean numpy mask posing as the docnum set Whoosh filters accept."""

    def __init__(self, mask):
        self.mask = mask

    def __contains__(self, docnum):
        return docnum < len(self.mask) and bool(self.mask[docnum])

    def __iter__(self):
        return iter(np.flatnonzero(self.mask).tolist())

    def __len__(self):
        return int(self.mask.sum())
