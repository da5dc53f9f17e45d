"""Writing segments: the merge policy, and segments built in worker processes."""

from __future__ import annotations

from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

from archive.records import Record
from archive.whoosh_backend import internals
from archive.whoosh_backend.postings import ArchiveSegmentWriter
from archive.whoosh_backend.schema import record_to_document

#: Segments below this many documents are merged by size tier (powers of ten)...
SMALL_SEGMENT_DOCS = 1000
#: ...when a tier holds this many of them.
SEGMENTS_PER_TIER = 10
#: Larger segments are merged only when there are more segments than this in all.
MAX_SEGMENTS = 100
#: A commit merges a tier of at most this many documents per document it adds (at
#: least MIN_MERGE_DOCS): merging costs about as much as indexing, ~10 ms a document.
MERGE_DOCS_PER_ADDED = 10
MIN_MERGE_DOCS = 1000


def merge_tiered(writer, segments, added: int = 0):
    """Merge policy: merge small segments by size tier; leave large ones alone.

    Whoosh rewrites every posting of a merged segment at about the cost of indexing
    it again, and its default policy keeps re-merging large segments during bulk
    runs. Here small segments (from small runs) are merged ten of a size at a
    time, large ones (from bulk runs) only when there are too many segments. A
    commit of ``added`` documents merges a tier only if that costs at most ten times
    its own work, so indexing one file never waits for thousands to be rewritten
    (after a bulk run: 7,000 documents, 75 s); a larger run merges them later.
    """

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
    budget = max(MIN_MERGE_DOCS, MERGE_DOCS_PER_ADDED * added)
    for _tier, members in sorted(tiers.items()):
        if len(members) >= SEGMENTS_PER_TIER:
            if sum(s.doc_count_all() for s in members) <= budget:
                return merge(members)
    if len(segments) > MAX_SEGMENTS:
        by_size = sorted(segments, key=lambda s: s.doc_count_all())
        return merge(by_size[: len(segments) - MAX_SEGMENTS // 2])
    return segments


def build_segment(index_path: str, index_name: str, records: list[Record]):
    """In a worker process: write records as a new segment (the caller holds the lock)."""
    internals.self_check()
    ix = FileStorage(index_path, supports_mmap=False).open_index(indexname=index_name)
    writer = internals.segment_writer(ix, ArchiveSegmentWriter)
    for record in records:
        writer.add_document(**record_to_document(record))
    return internals.finish_segment(writer)
