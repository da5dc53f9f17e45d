"""A term's postings written as Whoosh's W3 posting blocks, a whole term per call.

Whoosh's ``W3PostingsWriter`` takes one call per posting (checking its types each
time) and its field writer builds a term info object per term: most terms of a
segment have one or two postings, so that per-call work was a third of building a
segment. Here a term's postings arrive as lists and become the same bytes: blocks
of ``blocklimit`` postings, each a pickled block info tuple and a pickled,
compressed tuple of ids, weights and values, after the ``W3Bl`` header; then the
term's row in the term table.

One difference, within the format: a block whose pickle is under
``UNCOMPRESSED_BELOW`` bytes is stored as it is, its info saying so (compression 0,
which Whoosh's reader honours per block; its writer meant to skip compressing under
20 bytes). Setting up zlib costs more than compressing a few dozen bytes saves, and
seven blocks in ten are that small (their size grows ~2 %). With the threshold at
0 a test finds every file of a segment identical to what Whoosh's own writer makes,
byte for byte.
"""

from __future__ import annotations

import zlib
from array import array
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

from archive.whoosh_backend import internals

_TERM_INFO = W3TermInfo._struct  # flags, weight, doc freq, min/max length, max weight, ids
#: Blocks whose pickle is smaller are stored uncompressed (0: compress all, as Whoosh).
UNCOMPRESSED_BELOW = 128


class FieldBlocks:
    """Writes one field's terms, in term order, into a segment's postings and term table."""

    def __init__(self, fieldwriter, fieldname: str, field):
        fieldwriter.start_field(fieldname, field)
        self.fieldwriter = fieldwriter
        parts = internals.field_writer_parts(fieldwriter)
        self.postfile, self.add_row, fieldid, self.blocklimit, self.compression = parts
        self.prefix = pack_ushort(fieldid)
        self.fixed_size = field.format.fixed_value_size()
        self.offset = self.postfile.tell()

    def add_term(self, btext: bytes, docs, weights, values, lengths) -> None:
        """One term's postings: document numbers (ascending), weights, value bytes and the
        documents' field lengths (as Whoosh's ``add_posting`` takes them, one list each)."""
        chunks = [WHOOSH3_HEADER_MAGIC]
        start, count, limit = self.offset, len(docs), self.blocklimit
        total = 0  # as W3TermInfo starts (0 + -0.0 keeps its sign)
        min_length, max_length, max_weight = None, 0, 0
        for first in range(0, count, limit):
            last = min(first + limit, count)
            block_weights = weights[first:last]
            stored = array("f", block_weights)  # the block keeps its weights as 32-bit floats
            low, high = _length_range(lengths[first:last])
            top = max(0, max(block_weights))  # Whoosh starts from int 0: kept when no weight > 0
            data = (
                _deltas(docs[first:last]),
                _mini_weights(stored),
                self._mini_values(values[first:last]),
            )
            databytes = dumps(data, 2)
            level = self.compression if len(databytes) >= UNCOMPRESSED_BELOW else 0
            if level:
                databytes = zlib.compress(databytes, level)
            info = (
                last - first,
                docs[last - 1],
                top,
                level,
                length_to_byte(low),
                length_to_byte(high),
            )
            infobytes = dumps(info, 2)
            size = len(infobytes) + len(databytes)
            chunks += (pack_int(-size if last == count else size), infobytes, databytes)
            # the term's statistics, as W3TermInfo.add_block gathers them block by block
            total += sum(stored)
            min_length = low if min_length is None else min(min_length, low)
            max_length = max(max_length, high)
            max_weight = max(max_weight, top)
        written = b"".join(chunks)
        self.postfile.write(written)
        self.offset = start + len(written)
        row = _TERM_INFO.pack(
            0,  # not inlined (Whoosh inlines no term: its inline limit is 1)
            total,
            count,
            0 if min_length is None else length_to_byte(min_length),
            length_to_byte(max_length),
            max_weight,
            docs[0],
            docs[-1],
        )
        self.add_row(self.prefix + btext, row + pack_long(start) + pack_int(len(written)))

    def finish(self) -> None:
        self.fieldwriter.finish_field()

    def _mini_values(self, values):
        fixed = self.fixed_size
        present = [v for v in values if v]  # Whoosh keeps only non-empty values
        if fixed is None or fixed < 0:
            return tuple(present)
        if fixed == 0:
            return None
        return b"".join(present)


def _deltas(docs) -> tuple:
    previous, out = 0, []
    for doc in docs:
        out.append(doc - previous)
        previous = doc
    return tuple(out)


def _mini_weights(stored: array):
    first = stored[0]
    if first == 1.0 and stored.count(1.0) == len(stored):
        return None
    if stored.count(first) == len(stored):
        return first
    return tuple(stored)


def _length_range(lengths) -> tuple[int | None, int]:
    """The shortest and longest non-zero length (None and 0 when there is none)."""
    present = [n for n in lengths if n]
    if not present:
        return None, 0
    return min(present), max(present)
