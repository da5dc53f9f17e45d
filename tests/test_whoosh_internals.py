"""Whoosh's private attributes, read in one module: each bulk path against the public API."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import numpy as np
import pytest
import whoosh
from whoosh import query

from archive import query as q
from archive.whoosh_backend import WhooshBackend, internals
from archive.whoosh_backend.arrays import Selection, Vocabularies, segment_arrays
from tests.test_backend_contract import RECORDS, record


@pytest.fixture
def index(tmp_path):
    backend = WhooshBackend(tmp_path / "index")
    backend.create()
    backend.upsert(RECORDS[:3])  # two segments, one with a deletion
    backend.upsert(RECORDS[3:])
    backend.delete([RECORDS[0].id])
    ix = backend._open()
    with ix.searcher() as searcher:
        yield searcher
    backend.close()


def leaves(searcher):
    return [s.reader() for s, _ in searcher.subsearchers]


def test_the_self_check_passes_on_the_pinned_version():
    internals._checked = False
    internals.self_check()
    assert internals._checked


def test_another_version_fails_at_once_with_what_to_install(monkeypatch):
    monkeypatch.setattr(internals, "_checked", False)
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 4))
    with pytest.raises(internals.WhooshVersionError, match="whoosh-reloaded==2.7.5"):
        internals.self_check()


def test_a_changed_internal_fails_the_check_instead_of_answering_wrong(monkeypatch):
    monkeypatch.setattr(internals, "_checked", False)
    monkeypatch.setattr(internals, "numeric_column", lambda col, count: np.zeros(count))
    with pytest.raises(internals.WhooshVersionError, match="internals"):
        internals.self_check()


def test_postings_match_the_public_matcher_also_with_deletions(index):
    for reader in leaves(index):
        for term in ("hamburg", "the"):
            if ("text_en", term.encode()) not in reader:
                continue
            ids, freqs = internals.read_postings(reader.postings("text_en", term))
            matcher = reader.postings("text_en", term)
            public = []
            while matcher.is_active():
                public.append((matcher.id(), matcher.weight()))
                matcher.next()
            # the bulk read includes deleted documents (the live mask drops them)
            assert set(public) <= set(zip(ids.tolist(), freqs.tolist(), strict=True))


def test_columns_and_lengths_match_the_public_readers(index):
    for reader in leaves(index):
        count = reader.doc_count_all()
        day = reader.column_reader("day")
        bulk = internals.numeric_column(reader.column_reader("day", translate=False), count)
        field = index.schema["day"]
        assert [field.from_column_value(v) for v in bulk.tolist()] == [day[d] for d in range(count)]
        lengths = internals.field_lengths(reader, "title")
        assert lengths.tolist() == [reader.doc_field_length(d, "title") for d in range(count)]


def test_facet_arrays_in_bulk_equal_the_column_read_document_by_document(index):
    vocab = Vocabularies()
    for reader in leaves(index):
        arrays = segment_arrays(reader, index.schema, vocab)
        column = reader.column_reader("place")  # translated: a list per document
        expected = sorted((d, v) for d in range(reader.doc_count_all()) for v in column[d])
        got = sorted(
            (int(d), vocab.values["place"][int(v)])
            for d, v in zip(arrays.facet_docs["place"], arrays.facet_values["place"], strict=True)
        )
        assert got == expected


def test_the_self_check_shares_no_scratch_folder_between_processes(tmp_path, monkeypatch):
    """Workers run the check at the same time: a fixed tmp/MAIN.tmp made one delete another's file."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    (tmp_path / "MAIN.tmp").write_text("another process's scratch folder stands here")
    internals._compare_paths()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["MAIN.tmp"]


def test_facet_counts_of_few_or_many_documents_equal_counting_the_selected_pairs(tmp_path):
    backend = WhooshBackend(tmp_path / "index")
    backend.create()
    many = [
        record(100 + n, f"Report {n}", "Text.", tags=[f"t{n % 3}", "all"][: 1 + n % 2],
               places=["Bergen"] if n % 4 else [],
               date=datetime(2020 + n % 3, 1 + n % 12, 1, tzinfo=UTC) if n % 5 else None)
        for n in range(40)
    ]  # fmt: skip
    backend.upsert(many[:25])
    backend.upsert(many[25:])  # two segments: the pairs of both, in document order
    _searcher, snap = backend._reading()
    rng = np.random.default_rng(7)
    for fraction in (0.0, 0.05, 0.1, 0.5, 1.0):  # below 1/8 of the documents: one by one
        mask = rng.random(len(snap.live)) < fraction
        for name, docs in snap.facet_docs.items():
            size = len(backend._vocab.values[name])
            expected = np.bincount(snap.facet_values[name][mask[docs]], minlength=size)
            assert snap.facet_counts(name, Selection(mask), size).tolist() == expected.tolist(), (
                name
            )
        months, counts = snap.month_counts(Selection(mask))
        expected = Counter((snap.day[mask] // 100).tolist())
        assert dict(zip(months.tolist(), counts.tolist(), strict=True)) == expected, fraction
    tag_ids = backend._vocab.ids["tag"]
    wanted = np.array([tag_ids[b"t1"], tag_ids[b"t2"]])
    docs = snap.docs_with_values("tag", wanted)
    pairs = np.isin(snap.facet_values["tag"], wanted)
    assert sorted(docs.tolist()) == sorted(set(snap.facet_docs["tag"][pairs].tolist()))
    backend.close()


def test_positions_and_phrases_equal_whooshs_own_phrase_search(tmp_path):
    backend = WhooshBackend(tmp_path / "index")
    backend.create()
    words = "north sea wind north north sea the sea north".split()
    rng = np.random.default_rng(3)
    texts = [" ".join(rng.choice(words, size=int(rng.integers(1, 400)))) for _ in range(300)]
    many = [record(500 + n, "Report", text, lang="en") for n, text in enumerate(texts)]
    backend.upsert(many[:120])
    backend.upsert(many[120:])  # more than one segment and more than one posting block
    backend.delete([many[5].id])
    searcher, _snap = backend._reading()
    for phrase in (("north", "sea"), ("north", "north", "sea"), ("sea", "the", "sea", "north"),
                   ("wind", "wind")):  # fmt: skip
        node = q.Phrase(phrase)
        ours = {hit for hit, _ in backend.search(node, limit=1000).hits}
        whoosh_query = query.Phrase("text_en", list(phrase))
        theirs = {hit["id"] for hit in searcher.search(whoosh_query, limit=None)}
        assert ours == theirs and (ours or phrase == ("wind", "wind")), phrase
    backend.close()
