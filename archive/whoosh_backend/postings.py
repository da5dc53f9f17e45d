"""A segment's postings kept in memory, grouped by term, and written without a sort on disk.

Whoosh's writer puts every posting, as a tuple, in an external merge sort
(``SortingPool``) that spills sorted runs to temporary files past ``limitmb`` and
merges them back at commit: at 5,000 articles a batch that was a fifth of indexing
time. Here postings go straight to their term (documents arrive in order, so each
term's list is already sorted by document), stored as arrays; the commit sorts only
the distinct terms and hands each term's postings to Whoosh's own field writer,
with every document's field length read once per field instead of once per posting.
The files are Whoosh's own format (stock whoosh-reloaded 2.7.5 reads them).

A batch whose postings outgrow the memory budget falls back to Whoosh's way
(sorted runs on disk), so memory stays bounded.
"""

from __future__ import annotations

from array import array

from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from archive.whoosh_backend import internals

#: Memory for one segment's postings before they spill to disk (Whoosh's default: 128).
POSTINGS_BUDGET_MB = 512
#: Estimated bytes of memory per posting (two array slots, a list slot) and per term.
_POSTING_BYTES = 24
_TERM_BYTES = 400
_BYTES_OVERHEAD = 40  # a bytes object's header


class TermPool(PostingPool):
    """Postings by field and term: ``{field: {term bytes: (docnums, weights, values)}}``.

    Whoosh's writer calls ``add((field, term, docnum, weight, value))`` per posting and
    ``iter_postings()`` for them all in order; ``write_to`` is the fast path for a commit.
    """

    def __init__(self, tempstore, segment, limitmb: float | None = None, **kwargs):
        limitmb = POSTINGS_BUDGET_MB if limitmb is None else limitmb
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self.terms: dict[str, dict[bytes, tuple[array, array, list]]] = {}
        self.unordered: set[tuple[str, bytes]] = set()  # terms whose docnums came out of order

    def add(self, item):
        fieldname, btext, docnum, weight, value = item
        terms = self.terms.get(fieldname)
        if terms is None:
            terms = self.terms[fieldname] = {}
            self.fieldnames.add(fieldname)
        postings = terms.get(btext)
        if postings is None:
            postings = terms[btext] = (array("q"), array("d"), [])
            self.currentsize += _TERM_BYTES + len(btext)
            if docnum < 0:
                self.unordered.add((fieldname, btext))
        elif docnum <= postings[0][-1]:
            self.unordered.add((fieldname, btext))
        postings[0].append(docnum)
        postings[1].append(weight)
        postings[2].append(value)
        self.currentsize += _POSTING_BYTES if value is None else _BYTES_OVERHEAD + len(value)
        if self.currentsize > self.limit:
            self.save()

    def postings(self, fieldname: str, btext: bytes) -> list[tuple] | zip:
        """One term's (docnum, weight, value) in Whoosh's sort order."""
        docs, weights, values = self.terms[fieldname][btext]
        if (fieldname, btext) in self.unordered:
            return sorted(zip(docs, weights, values, strict=True), key=_sort_key)
        return zip(docs, weights, values, strict=True)

    def _sorted_items(self):
        for fieldname in sorted(self.terms):
            terms = self.terms[fieldname]
            for btext in sorted(terms):
                for docnum, weight, value in self.postings(fieldname, btext):
                    yield (fieldname, btext, docnum, weight, value)

    def save(self):
        """Spill what is in memory to a sorted run on disk (only past the budget)."""
        if self.terms:
            self.current = list(self._sorted_items())
            self.terms, self.unordered = {}, set()
        super().save()

    def iter_postings(self):
        if not self.runs:
            return self._sorted_items()
        self.save()
        return super().iter_postings()

    def write_to(self, fieldwriter, schema, lengths) -> None:
        """Every posting to Whoosh's field writer, term by term (what ``add_postings`` does
        from the sorted tuples, with the same calls and values)."""
        for fieldname in sorted(self.terms):
            terms = self.terms[fieldname]
            length_of = lengths.field(fieldname)
            fieldwriter.start_field(fieldname, schema[fieldname])
            add = fieldwriter.add
            for btext in sorted(terms):
                postings = self.postings(fieldname, btext)
                if (fieldname, btext) in self.unordered:  # Whoosh skips docnum -1 (spelling)
                    postings = [p for p in postings if p[0] != -1]
                    if not postings:
                        continue
                fieldwriter.start_term(btext)
                for docnum, weight, value in postings:
                    add(docnum, weight, b"" if value is None else value, length_of(docnum))
                fieldwriter.finish_term()
            fieldwriter.finish_field()


def _sort_key(posting):
    docnum, weight, value = posting
    return (docnum, weight, b"" if value is None else value, value is not None)


class FieldLengths:
    """Each document's length in a field of the segment being written, read once per field.

    Answers as ``PerDocumentReader.doc_field_length`` does (0 for a field without
    lengths, None for a zero length byte)."""

    def __init__(self, perdoc):
        self.perdoc = perdoc
        self._fields: dict[str, object] = {}

    def field(self, fieldname: str):
        found = self._fields.get(fieldname)
        if found is None:
            found = self._fields[fieldname] = self._read(fieldname)
        return found

    def _read(self, fieldname):
        if self.perdoc is None:
            return lambda docnum: 0
        table = internals.length_bytes(self.perdoc, fieldname)
        if table is None:
            return lambda docnum: 0
        decoded = [byte_to_length(b) if b else None for b in table.tolist()]
        count = len(decoded)
        perdoc = self.perdoc
        # beyond the column: as Whoosh (its reader raises past the last document)
        return lambda docnum: (
            decoded[docnum] if docnum < count else perdoc.doc_field_length(docnum, fieldname)
        )

    def doc_field_length(self, docnum, fieldname, default=0):
        return self.field(fieldname)(docnum)


class ArchiveSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with postings in a ``TermPool``: same files, no sort on disk."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment)

    def _flush_segment(self):
        self.perdocwriter.close()
        perdoc = self.per_document_reader() if self.codec.length_stats else None
        lengths = FieldLengths(perdoc)
        pool = self.pool
        if pool.runs:  # spilled past the budget: Whoosh's merge of the sorted runs
            self.fieldwriter.add_postings(self.schema, lengths, pool.iter_postings())
        else:
            pool.write_to(self.fieldwriter, self.schema, lengths)
        self.fieldwriter.close()
        if perdoc:
            perdoc.close()
