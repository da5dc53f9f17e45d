"""Every use of Whoosh's private attributes, in one module, checked at start.

Reading posting blocks, columns and field lengths in bulk is what makes searches
and facet counts fast, and it needs attributes that are not Whoosh's public API.
They are pinned to whoosh-reloaded 2.7.5 (a frozen fork, same format as 2.7.4):
``self_check()`` runs every path below on a small index in memory and compares
it with the public (slow) API, so another version fails at once with a message
instead of giving wrong answers later. No path here falls back silently.
"""

from __future__ import annotations

import threading
from pickle import loads

import numpy as np
import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from archive.errors import ArchiveError

SUPPORTED_VERSION = (2, 7, 5)
_LENGTH_TABLE = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)


class WhooshVersionError(ArchiveError):
    """The installed Whoosh is not the version whose internals this backend reads."""


def numeric_column(col, count: int) -> np.ndarray:
    """All values of a fixed-width numeric column as uint64, with one read."""
    stored = col._count
    raw = np.frombuffer(
        col._dbfile.get(col._basepos, stored * col._fixedlen), dtype=">" + col._typecode
    ).astype(np.uint64)
    if stored < count:
        raw = np.concatenate([raw, np.full(count - stored, col._default, dtype=np.uint64)])
    return raw[:count]


def bytes_column(col, count: int) -> tuple[bytes, np.ndarray]:
    """A variable-bytes column as one blob and each document's length, with one read."""
    lengths = np.frombuffer(col._lengths, dtype=np.dtype(col._lengths.typecode)).astype(np.int64)
    lengths = lengths[:count]
    if len(lengths) < count:
        lengths = np.concatenate([lengths, np.zeros(count - len(lengths), dtype=np.int64)])
    total = int(lengths.sum())
    blob = col._dbfile.get(col._basepos, total) if total else b""
    return blob, lengths


def field_lengths(leaf, fieldname: str) -> np.ndarray:
    """Every document's length in a field of one segment (Whoosh stores them as bytes)."""
    count = leaf.doc_count_all()
    col = leaf._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if col is None:
        return np.zeros(count, dtype=np.float32)
    return _LENGTH_TABLE[numeric_column(col, count).astype(np.int64)]


def length_bytes(perdoc, fieldname: str) -> np.ndarray | None:
    """A field's length bytes of every document, from a segment's per-document reader
    (None: the field keeps no lengths)."""
    col = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if col is None:
        return None
    return numeric_column(col, perdoc.doc_count_all())


def _blocks(matcher, dtype):
    """Each posting block of one term in one segment: the matcher at it, and its docnums."""
    if isinstance(matcher, FilterMatcher):  # deleted documents: the live mask drops them
        matcher = matcher.child
    if not isinstance(matcher, W3LeafMatcher):
        raise WhooshVersionError(f"Unexpected posting reader {type(matcher).__name__}.")
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        if matcher._byteids:
            matcher._read_ids()
            yield matcher, np.asarray(matcher._ids, dtype=dtype)
        else:  # delta-encoded: decode in bulk
            yield matcher, np.cumsum(np.asarray(matcher._data[0], dtype=dtype))
        matcher._next_block()


def read_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    """A term's document numbers and frequencies in one segment, read block by block."""
    ids, weights = [], []
    for block, block_ids in _blocks(matcher, np.int32):
        ids.append(block_ids)
        block._read_weights()
        weights.append(np.asarray(block._weights, dtype=np.float32))
    if not ids:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def read_positions(matcher, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A term's positions in the documents ``wanted`` (sorted docnums) of one segment.

    Returns (docnum per position, position): only the posting blocks that hold a
    wanted document are decoded, and in them only those documents.
    """
    docs, deltas, counts = [], [], []
    for block, ids in _blocks(matcher, np.int64):
        rows = np.flatnonzero(np.isin(ids, wanted, assume_unique=True))
        if len(rows):
            block._read_values()
            for row in rows.tolist():
                # Positions format: 4-byte count, then the deltas pickled (trailing "." kept)
                value = block._values[row]
                found = loads(value[4:] if value.endswith(b".") else value[4:] + b".")
                deltas.extend(found)
                counts.append(len(found))
            docs.append(ids[rows])
    if not docs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    counts_array = np.asarray(counts, dtype=np.int64)
    total = np.cumsum(np.asarray(deltas, dtype=np.int64))
    before = np.cumsum(counts_array) - counts_array  # where each document's deltas start
    base = np.where(before > 0, total[np.maximum(before - 1, 0)], 0)
    return np.repeat(np.concatenate(docs), counts_array), total - np.repeat(base, counts_array)


def field_writer_parts(fieldwriter) -> tuple:
    """What writing a field's postings directly needs of a W3 field writer inside a field:
    (postings file, add a term row, the field's number, postings per block, compression)."""
    codec = fieldwriter._codec
    if codec._inlinelimit > 1:  # Whoosh's own writer would keep short lists in the term table
        raise WhooshVersionError(f"Unexpected inline limit {codec._inlinelimit} of the codec.")
    return (
        fieldwriter._postfile,
        fieldwriter._tindex.add,
        fieldwriter._fieldid,
        codec._blocklimit,
        codec._compression,
    )


def segment_writer(ix, writer_class=SegmentWriter) -> SegmentWriter:
    """A writer for a worker process: the caller (another process) holds the index lock."""
    return writer_class(ix, _lk=False)


def finish_segment(writer: SegmentWriter):
    """Write a segment's files and return the segment, without committing it."""
    return writer._finalize_segment()


_checked = False
_check_lock = threading.Lock()


def self_check() -> None:
    """Compare every bulk path with Whoosh's public API on a small index in memory."""
    global _checked
    if _checked:
        return
    with _check_lock:
        if _checked:
            return
        if tuple(whoosh.__version__[:3]) != SUPPORTED_VERSION:
            raise WhooshVersionError(_version_message())
        try:
            _compare_paths()
        except (AttributeError, AssertionError, TypeError) as error:
            raise WhooshVersionError(f"{_version_message()} ({error!r})") from None
        _checked = True


def _version_message() -> str:
    found = ".".join(map(str, whoosh.__version__))
    wanted = ".".join(map(str, SUPPORTED_VERSION))
    return (
        f"This archive reads Whoosh {wanted} internals, but Whoosh {found} is installed: "
        f"run `pip install whoosh-reloaded=={wanted}`."
    )


def _compare_paths() -> None:
    import tempfile

    # A folder of its own: RamStorage writes its columns through a fixed tmp/MAIN.tmp,
    # which workers checking at the same moment shared (one deleted the other's file).
    with tempfile.TemporaryDirectory(prefix="archive-selfcheck-") as folder:
        _compare_paths_in(folder)


def _compare_paths_in(folder: str) -> None:
    from whoosh import fields
    from whoosh.filedb.filestore import FileStorage

    from archive.whoosh_backend.schema import FacetKeyword

    schema = fields.Schema(
        body=fields.TEXT(), n=fields.NUMERIC(int, bits=64, signed=True, sortable=True)
    )
    schema.add("tag", FacetKeyword())
    ix = FileStorage(folder, supports_mmap=False).create_index(schema)
    with ix.writer() as writer:
        for i in range(300):  # more than one posting block (128)
            words = " ".join(["common"] * (1 + i % 3) + (["rare"] if i % 7 == 0 else []))
            writer.add_document(body=words, n=i - 150, tag=[f"t{i % 4}", "all"])
    with ix.searcher() as searcher:
        reader = searcher.reader()
        count = reader.doc_count_all()
        ids, freqs = read_postings(reader.postings("body", "common"))
        public = [(m.id(), m.weight()) for m in _items(reader.postings("body", "common"))]
        assert list(zip(ids.tolist(), freqs.tolist(), strict=True)) == public, "postings"
        col = reader.column_reader("n", translate=False)
        numbers = numeric_column(col, count) - np.uint64(1 << 63)
        assert numbers.astype(np.int64).tolist() == list(range(-150, 150)), "numeric column"
        blob, lengths = bytes_column(reader.column_reader("tag", translate=False), count)
        assert blob.count(b"\x1f") == 2 * count and len(lengths) == count, "bytes column"
        every = np.arange(count)
        owners, positions = read_positions(reader.postings("body", "common"), every)
        public = [
            (m.id(), p)
            for m in _items(reader.postings("body", "common"))
            for p in m.value_as("positions")
        ]
        assert list(zip(owners.tolist(), positions.tolist(), strict=True)) == public, "positions"
        owners, positions = read_positions(reader.postings("body", "common"), every[::5])
        assert list(zip(owners.tolist(), positions.tolist(), strict=True)) == [
            (d, p) for d, p in public if d % 5 == 0
        ], "positions of some documents"
        lens = field_lengths(reader, "body")
        assert [reader.doc_field_length(d, "body") for d in range(count)] == lens.tolist()
        perdoc = reader._perdoc
        raw = length_bytes(perdoc, "body").tolist()
        assert [perdoc.doc_field_length(d, "body") for d in range(count)] == [
            byte_to_length(b) if b else None for b in raw
        ], "length bytes"


def _items(matcher):
    while matcher.is_active():
        yield matcher
        matcher.next()
