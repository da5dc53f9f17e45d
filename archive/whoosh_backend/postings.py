"""A segment's postings kept in memory, grouped by term, and written without a sort on disk.

Whoosh's writer puts every posting, as a tuple, in an external merge sort
(``SortingPool``) that spills sorted runs to temporary files past ``limitmb`` and
merges them back at commit: at 5,000 articles a batch that was a fifth of indexing
time. Here postings go straight to their term (documents arrive in order, so each
term's list is already sorted by document), stored as arrays; the commit sorts only
the distinct terms and writes each term's postings whole (``blocks.FieldBlocks``),
with every document's field length read once per field instead of once per posting.
A document's text fields are analysed by ``document_terms`` (each text split into
words once) and reach the pool a field at a time. The files are Whoosh's own
format (stock whoosh-reloaded 2.7.5 reads them).

A batch whose postings outgrow the memory budget falls back to Whoosh's way
(sorted runs on disk), so memory stays bounded.
"""

from __future__ import annotations

from array import array

from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from archive.whoosh_backend import internals
from archive.whoosh_backend.blocks import FieldBlocks
from archive.whoosh_backend.document_terms import DocumentTerms, direct_kind

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

    def add_rows(self, fieldname: str, docnum: int, rows, boost: float = 1.0) -> int:
        """A document's postings in one field, from (term bytes, frequency, weight, value)
        rows as ``FieldType.index`` yields them (weights times ``boost``, as Whoosh's
        writer does); returns the sum of the frequencies (the field's length)."""
        terms = self.terms.get(fieldname)
        length = size = 0
        for btext, freq, weight, value in rows:
            if terms is None:  # a field's first posting (a field without any has no entry)
                terms = self.terms[fieldname] = {}
                self.fieldnames.add(fieldname)
            weight *= boost
            length += freq
            postings = terms.get(btext)
            if postings is None:
                terms[btext] = (array("q", (docnum,)), array("d", (weight,)), [value])
                size += _TERM_BYTES + len(btext)
                if docnum < 0:
                    self.unordered.add((fieldname, btext))
            else:
                if docnum <= postings[0][-1]:
                    self.unordered.add((fieldname, btext))
                postings[0].append(docnum)
                postings[1].append(weight)
                postings[2].append(value)
            size += _POSTING_BYTES if value is None else _BYTES_OVERHEAD + len(value)
        self._grow(size)
        return length

    def add_terms(self, fieldname: str, docnum: int, rows: list) -> None:
        """``add_rows`` for rows of distinct terms with float weights and bytes values
        (``DocumentTerms.rows``), unboosted, of a document after all in the pool."""
        if not rows:
            return
        terms = self.terms.get(fieldname)
        if terms is None:
            terms = self.terms[fieldname] = {}
            self.fieldnames.add(fieldname)
        size = 0
        get = terms.get
        for btext, _freq, weight, value in rows:
            postings = get(btext)
            if postings is None:
                terms[btext] = (array("q", (docnum,)), array("d", (weight,)), [value])
                size += _TERM_BYTES + len(btext)
            else:
                postings[0].append(docnum)
                postings[1].append(weight)
                postings[2].append(value)
        values = sum(len(row[3]) for row in rows)
        self._grow(size + _BYTES_OVERHEAD * len(rows) + values)

    def _grow(self, size: int) -> None:
        self.currentsize += size
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
        """Every term's postings to the segment, a term at a time (``blocks.FieldBlocks``:
        the bytes Whoosh's ``add_postings`` writes from the sorted tuples)."""
        for fieldname in sorted(self.terms):
            terms = self.terms[fieldname]
            blocks = FieldBlocks(fieldwriter, fieldname, schema[fieldname])
            for btext in sorted(terms):
                docs, weights, values = terms[btext]
                if (fieldname, btext) in self.unordered:  # Whoosh skips docnum -1 (spelling)
                    kept = [p for p in self.postings(fieldname, btext) if p[0] != -1]
                    if not kept:
                        continue
                    docs, weights, values = (list(column) for column in zip(*kept, strict=True))
                blocks.add_term(btext, docs, weights, values, lengths.of(fieldname, docs))
            blocks.finish()


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
        self._decoded: dict[str, list] = {}  # field -> each document's length, when stored

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
        self._decoded[fieldname] = decoded
        count = len(decoded)
        perdoc = self.perdoc
        # beyond the column: as Whoosh (its reader raises past the last document)
        return lambda docnum: (
            decoded[docnum] if docnum < count else perdoc.doc_field_length(docnum, fieldname)
        )

    def of(self, fieldname: str, docs) -> list:
        """The lengths of documents ``docs`` (ascending) in the field."""
        length_of = self.field(fieldname)
        decoded = self._decoded.get(fieldname)
        if decoded is None:
            return [length_of(0)] * len(docs)
        if docs[-1] < len(decoded):
            return list(map(decoded.__getitem__, docs))
        return [length_of(docnum) for docnum in docs]

    def doc_field_length(self, docnum, fieldname, default=0):
        return self.field(fieldname)(docnum)


class ArchiveSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with postings in a ``TermPool``: same files, no sort on disk.

    ``add_document`` is Whoosh's, but the text fields' terms come from ``DocumentTerms``
    (each text split into words once) and go to the pool a field at a time.
    """

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment)
        fields = self.schema.items()
        plain = not any(f.vector or f.separate_spelling() for _, f in fields)
        self._direct = {name: direct_kind(f) for name, f in fields} if plain else None

    def add_document(self, **fields):
        """``SegmentWriter.add_document`` (same calls, same order) for a schema without
        term vectors or separate spelling fields."""
        if self._direct is None:
            return super().add_document(**fields)
        self._check_state()
        perdocwriter, schema, docnum, pool = self.perdocwriter, self.schema, self.docnum, self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        terms = DocumentTerms()
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    kind = self._direct[fieldname]
                    if kind and isinstance(value, str) and boost == 1.0:
                        rows = terms.rows(field, kind, value)
                        pool.add_terms(fieldname, docnum, rows)
                        added = sum(row[1] for row in rows)
                    else:
                        added = pool.add_rows(fieldname, docnum, field.index(value), boost)
                    if field.scorable:
                        length = added
                custom = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, custom if field.stored else None, length)
                column = field.column_type
                if column and custom is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(custom))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

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
