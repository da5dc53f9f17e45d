"""The embedded search backend: a Whoosh index in one folder of the archive.

The only package that imports Whoosh. Design (the modules below say more): only the record
id is stored; facet values are columns read once per segment into numpy arrays,
so counting facets over all matches is a ``numpy.bincount``; the index is opened
without mmap. Each thread searches with a searcher of its own (Whoosh's file
reads are not thread-safe) over a shared, immutable snapshot of the arrays, so
searches run in parallel; a lock is held only to swap in a new snapshot.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import shutil
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from whoosh import index, query
from whoosh.classify import Bo1Model
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import LockError

from archive import facets as facet_table
from archive import query as q
from archive.backend import (
    SUGGEST_SECONDS,
    Backend,
    Filters,
    Highlight,
    Histogram,
    Page,
    Submit,
    check_histogram,
    suggestable,
    time_left,
)
from archive.errors import ArchiveLockedError, IndexMissingError, IndexOutOfDateError
from archive.highlight import SCAN_CHARS, best_passages
from archive.records import Record
from archive.whoosh_backend import integrity, internals
from archive.whoosh_backend.arrays import Selection, Snapshot, Vocabularies, build_snapshot
from archive.whoosh_backend.collapse import best_of_each, story_count
from archive.whoosh_backend.evaluate import Evaluation, PostingsCache, segment_searchers, top
from archive.whoosh_backend.integrity import damage_reported
from archive.whoosh_backend.postings import ArchiveSegmentWriter
from archive.whoosh_backend.schema import (
    SCHEMA_VERSION,
    build_schema,
    keyword_term,
    record_to_document,
    text_field_for,
)
from archive.whoosh_backend.spelling import closest_term
from archive.whoosh_backend.writing import build_segment, merge_tiered

SCHEMA_VERSION_FILE = "schema_version"
INDEX_NAME = "articles"
WRITER_TIMEOUT_S = 60.0
#: Memory for recently read posting lists (repeated and paged searches reuse them).
POSTINGS_CACHE_MB = 96
#: Records at least this many in one upsert are analysed in parallel when a pool is at hand.
PARALLEL_MIN_BATCH = 500


def _exchange(a: Path, b: Path) -> None:
    """Swap two directories: renameat2(RENAME_EXCHANGE) where the C library has it."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return
    # no atomic exchange here: two renames (a reader may briefly find no index, and retries)
    old = b.with_name(b.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    os.rename(b, old)
    os.rename(a, b)
    os.rename(old, a)


@functools.cache
def _analyzer(fieldname: str):
    """One analyzer per field for the process, so its cache of word forms lasts.

    (``index.schema`` unpickles the schema, with empty caches, on every access;
    the stored schema is this one whenever the index is current.)
    """
    return build_schema()[fieldname].analyzer


class WhooshBackend(Backend):
    """A Whoosh index in one directory, opened lazily, never created by a reader."""

    name = "whoosh"
    index_name = INDEX_NAME

    def __init__(self, path: Path):
        self.path = Path(path)
        self._ix = None
        self._lock = threading.Lock()
        self._local = threading.local()
        self._snapshot: Snapshot | None = None
        self._segments: dict = {}
        self._vocab = Vocabularies()
        self._postings = PostingsCache(POSTINGS_CACHE_MB * 2**20)
        self._searchers: list = []  # every thread's, to close them all

    # ---- lifecycle
    def exists(self) -> bool:
        return index.exists_in(str(self.path), indexname=INDEX_NAME)

    def stored_version(self) -> int | None:
        try:
            return int((self.path / SCHEMA_VERSION_FILE).read_text().strip())
        except (OSError, ValueError):
            return None

    def is_current(self) -> bool:
        return self.exists() and self.stored_version() == SCHEMA_VERSION

    def health(self) -> dict:
        status = "ok" if self.is_current() else ("outdated" if self.exists() else "missing")
        return {"engine": self.name, "status": status, "path": str(self.path)}

    def verify(self) -> list[str]:
        if not self.exists():
            return []  # a missing index is the store's to report (``index_state``)
        return integrity.problems(self.path, INDEX_NAME)

    def create(self) -> None:
        internals.self_check()
        self.close()
        self.path.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(self.path), supports_mmap=False)
        storage.create_index(build_schema(), indexname=INDEX_NAME)
        integrity.record_checksums(self.path, INDEX_NAME)
        tmp = self.path / (SCHEMA_VERSION_FILE + ".tmp")
        tmp.write_text(str(SCHEMA_VERSION))
        os.replace(tmp, self.path / SCHEMA_VERSION_FILE)

    def beside(self) -> WhooshBackend:
        """A fresh backend in ``index.new/`` (leftovers of a killed rebuild are removed)."""
        fresh = WhooshBackend(self.path.with_name(self.path.name + ".new"))
        shutil.rmtree(fresh.path, ignore_errors=True)
        return fresh

    def replace_with(self, other: Backend) -> None:
        """Swap ``index.new/`` into ``index/`` (one atomic exchange on Linux), drop the old one.

        Searchers already open keep reading the old files until they refresh.
        """
        assert isinstance(other, WhooshBackend)
        other.close()
        if self.path.exists():
            _exchange(other.path, self.path)
            shutil.rmtree(other.path, ignore_errors=True)
        else:
            os.rename(other.path, self.path)
        self.close()

    def close(self) -> None:
        with self._lock:
            for searcher in self._searchers:
                searcher.close()
            self._searchers.clear()
            self._local = threading.local()
            self._snapshot = self._ix = None
            self._segments.clear()

    def _open(self):
        ix = self._ix
        if ix is not None:
            return ix
        with self._lock:
            if self._ix is None:
                if not self.exists():
                    raise IndexMissingError(
                        f"There is no search index in {self.path}: run `archive reindex` "
                        "to build it from the archive's records."
                    )
                if self.stored_version() != SCHEMA_VERSION:
                    raise IndexOutOfDateError(
                        f"The search index in {self.path} was built by another version "
                        f"(schema {self.stored_version()}, expected {SCHEMA_VERSION}): "
                        "run `archive reindex` to rebuild it from the archive."
                    )
                internals.self_check()
                storage = FileStorage(str(self.path), supports_mmap=False)
                self._ix = storage.open_index(indexname=INDEX_NAME)
            return self._ix

    # ---- writing
    @damage_reported
    def upsert(self, records: Sequence[Record], submit: Submit = None) -> None:
        if not records:
            return
        writer = self._writer()
        try:
            if submit is not None and len(records) >= PARALLEL_MIN_BATCH:
                parts = os.cpu_count() or 2
                size = -(-len(records) // parts)
                futures = [
                    submit(build_segment, str(self.path), INDEX_NAME, list(records[i : i + size]))
                    for i in range(0, len(records), size)
                ]
                for record in records:
                    writer.delete_by_term("id", record.id)
                built = [future.result() for future in futures]
                merge = lambda w, segments: merge_tiered(w, segments, len(records)) + built  # noqa: E731
            else:
                for record in records:
                    writer.update_document(**record_to_document(record))
                merge = functools.partial(merge_tiered, added=len(records))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge)
        integrity.record_checksums(self.path, INDEX_NAME)

    @damage_reported
    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        writer = self._writer()
        try:
            for record_id in ids:
                writer.delete_by_term("id", record_id)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_tiered)
        integrity.record_checksums(self.path, INDEX_NAME)

    def _writer(self):
        try:
            return ArchiveSegmentWriter(self._open(), timeout=WRITER_TIMEOUT_S)
        except LockError:
            # Whoosh says "locked" for any failure to take its lock: tell the true cause
            if shutil.disk_usage(self.path).free < 1 << 20:
                raise OSError(errno.ENOSPC, "No space left on device", str(self.path)) from None
            if not os.access(self.path, os.W_OK):
                raise OSError(errno.EACCES, "Permission denied", str(self.path)) from None
            raise ArchiveLockedError(
                f"The search index in {self.path} is locked by another indexing run: "
                "wait for it to finish, then try again."
            ) from None

    # ---- reading
    def _reading(self):
        """This thread's searcher and the snapshot of its generation."""
        ix = self._open()
        local = self._local
        searcher = getattr(local, "searcher", None)
        if searcher is None or not searcher.up_to_date():
            if searcher is not None:
                with self._lock:
                    if searcher in self._searchers:
                        self._searchers.remove(searcher)
                searcher.close()
            searcher = local.searcher = ix.searcher()
            with self._lock:
                self._searchers.append(searcher)
        generation = searcher.reader().generation()
        snap = self._snapshot
        if snap is None or snap.generation != generation:
            with self._lock:
                snap = self._snapshot
                if snap is None or snap.generation != generation:
                    leaves = [(s.reader(), o) for s, o in segment_searchers(searcher)]
                    snap = build_snapshot(
                        generation, leaves, searcher.schema, self._segments, self._vocab
                    )
                    self._snapshot = snap
        return searcher, snap

    @damage_reported
    def count(self) -> int:
        searcher, _ = self._reading()
        return searcher.doc_count()

    @damage_reported
    def ids(self) -> Iterator[str]:
        searcher, _ = self._reading()
        for fields in searcher.all_stored_fields():
            yield fields["id"]

    def _evaluate(self, query_node: q.Node, filters: Filters):
        searcher, snap = self._reading()
        evaluation = Evaluation(searcher, snap, self._postings, self._vocab)
        base = evaluation.mask(query_node) & snap.live
        masks = {name: evaluation.mask(node, positive=False) for name, node in filters}
        mask = base.copy()
        for filter_mask in masks.values():
            mask &= filter_mask
        return searcher, snap, evaluation, base, masks, mask

    @damage_reported
    def search(
        self,
        query: q.Node,
        *,
        filters: Filters = (),
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 10,
        facet_limit: int = 50,
        collapse: bool = False,
    ) -> Page:
        searcher, snap, evaluation, base, masks, mask = self._evaluate(query, filters)
        selected = Selection(mask)
        hits = []
        scores = evaluation.scores if sort == "relevance" else None
        rows, ids = selected.rows, _record_ids(searcher)
        if collapse:  # each story's best-ranked match stands for the story
            rows = best_of_each(rows, scores, snap, sort, ids)
        stories = len(rows) if collapse else story_count(snap, rows)
        if len(rows) and offset < len(rows) and limit > 0:
            docnums = top(rows, scores, snap, sort, offset + limit, ids)[offset:]
            hits = [
                (
                    searcher.stored_fields(int(d))["id"],
                    float(scores[d]) if scores is not None else 0.0,
                )
                for d in docnums
            ]
        page = Page(
            total=selected.count,
            hits=hits,
            stories=stories,
            timed_out=evaluation.timed_out,
            notes=evaluation.notes,
        )

        def without(name) -> Selection:  # multi-select: a facet is counted without its filter
            if name not in masks:
                return selected
            out = base.copy()
            for other, filter_mask in masks.items():
                if other != name:
                    out &= filter_mask
            return Selection(out)

        for name in facet_table.COUNTED_NAMES:
            self._count_values(snap, name, without(name), facet_limit, page)
        self._count_dates(snap, selected, without("year"), without("month"), facet_limit, page)
        return page

    def _count_values(self, snap, name, selected: Selection, facet_limit, page: Page) -> None:
        if len(snap.facet_docs[name]) == 0:
            page.facets[name], page.facet_sizes[name] = [], 0
            return
        names = self._vocab.values[name]
        counts = snap.facet_counts(name, selected, len(names))
        nonzero = np.flatnonzero(counts)
        page.facet_sizes[name] = len(nonzero)
        if len(nonzero) > facet_limit:  # the most frequent; ties by value, as every engine
            ranks = self._vocab.ranks(name)[nonzero]
            nonzero = nonzero[np.lexsort((ranks, -counts[nonzero]))[:facet_limit]]
        page.facets[name] = sorted(
            ((names[i], int(counts[i])) for i in nonzero), key=lambda p: (-p[1], p[0].lower())
        )

    @staticmethod
    def _count_dates(snap, selected, year_selected, month_selected, facet_limit, page) -> None:
        months, counts = snap.month_counts(selected)
        page.undated = int(counts[months == 0].sum())
        page.months = _buckets(months, counts, "month")
        for name, these in (("year", year_selected), ("month", month_selected)):
            if these is not selected:
                months, counts = snap.month_counts(these)
            buckets = _buckets(months // 100 if name == "year" else months, counts, name)
            page.facet_sizes[name] = len(buckets)
            page.facets[name] = sorted(buckets.items(), reverse=True)[:facet_limit]

    @damage_reported
    def histogram(
        self, query: q.Node, *, unit: str = "month", split: str | None = None, top: int = 0
    ) -> Histogram:
        check_histogram(unit, split)
        _searcher, snap, _evaluation, _base, _masks, mask = self._evaluate(query, ())
        selected = Selection(mask)
        days = snap.day[selected.rows]
        found = Histogram(_periods(days, unit), undated=int(np.count_nonzero(days == 0)))
        if split is None or top <= 0 or not selected.count or not len(snap.facet_docs[split]):
            return found
        names = self._vocab.values[split]
        counts = snap.facet_counts(split, selected, len(names))
        present = np.flatnonzero(counts)
        ranks = self._vocab.ranks(split)[present]  # ties by value, as in the facets
        for value in present[np.lexsort((ranks, -counts[present]))[:top]]:
            docs = snap.docs_with_values(split, np.array([value]))
            days = snap.day[docs[mask[docs]]]
            found.series.append((names[value], int(counts[value]), _periods(days, unit)))
        return found

    @damage_reported
    def count_matches(self, query: q.Node) -> int:
        _searcher, _snap, _evaluation, _base, _masks, mask = self._evaluate(query, ())
        return int(mask.sum())

    # ---- snippets, suggestions, related
    def snippets(self, query: q.Node, text: str, lang: str | None, top: int = 2) -> list[Highlight]:
        words = q.query_words(query)
        if not words or not text:
            return []
        text = " ".join(text.split())
        analyzer = _analyzer(text_field_for(lang))
        wanted = {t.text for w in words for t in analyzer(w)}
        return best_passages(text, analyzer.matching(text, wanted, SCAN_CHARS), wanted, top)

    @damage_reported
    def suggest(self, words: Sequence[str]) -> dict[str, str]:
        fixes = {}
        searcher, _ = self._reading()
        # a correction is a nicety: never worth a late page (at most a second without a deadline)
        until = time.monotonic() + time_left(default=SUGGEST_SECONDS)
        for word in words:
            lowered = word.lower()
            if not suggestable(lowered) or searcher.doc_frequency("spell", lowered):
                continue
            found = closest_term(searcher.reader(), "spell", lowered, until)
            if found:
                fixes[word] = found
            if time.monotonic() >= until:
                break
        return fixes

    @damage_reported
    def related(self, record: Record, limit: int = 5) -> list[tuple[str, float]]:
        searcher, _ = self._reading()
        name = text_field_for(record.lang)
        parts = []
        if searcher.field_length(name):
            keys = searcher.key_terms_from_text(
                name, f"{record.title}\n{record.body}", numterms=12, model=Bo1Model
            )
            parts += [query.Term(name, word, boost=weight) for word, weight in keys]
        for facet in ("place", "person", "org", "tag"):
            values = facet_table.BY_NAME[facet].values(record)
            parts += [query.Term(facet, keyword_term(v), boost=0.5) for v in values[:5]]
        if not parts:
            return []
        results = searcher.search(query.Or(parts), limit=limit + 1)
        return [(hit["id"], float(hit.score)) for hit in results if hit["id"] != record.id][:limit]


def _record_ids(searcher):
    """The record ids of some document numbers (to order ties the same way on every engine)."""
    return lambda docnums: [searcher.stored_fields(int(d))["id"] for d in docnums]


def _buckets(numbers: np.ndarray, counts: np.ndarray, unit: str) -> dict[str, int]:
    """yyyy or yyyymm numbers (0: undated, left out) and their counts -> {"2023": n} or
    {"2023-09": n}."""
    dated = numbers > 0
    values, inverse = np.unique(numbers[dated], return_inverse=True)
    totals = np.bincount(inverse, weights=counts[dated], minlength=len(values)).astype(np.int64)
    if unit == "year":
        return {f"{int(v):04d}": int(c) for v, c in zip(values, totals, strict=True)}
    return {
        f"{int(v) // 100:04d}-{int(v) % 100:02d}": int(c)
        for v, c in zip(values, totals, strict=True)
    }


def _periods(days: np.ndarray, unit: str) -> dict[str, int]:
    """yyyymmdd numbers (0: undated, left out) -> matches per week ("2023-09-18", its Monday)
    or month ("2023-09")."""
    dated = days[days > 0]
    if unit == "month":
        values, counts = np.unique(dated // 100, return_counts=True)
        return {
            f"{v // 100:04d}-{v % 100:02d}": c
            for v, c in zip(values.tolist(), counts.tolist(), strict=True)
        }
    values, counts = np.unique(dated, return_counts=True)
    out: dict[str, int] = {}
    for value, count in zip(values.tolist(), counts.tolist(), strict=True):
        start = date(value // 10000, value // 100 % 100, value % 100)
        label = (start - timedelta(days=start.weekday())).isoformat()
        out[label] = out.get(label, 0) + count
    return out
