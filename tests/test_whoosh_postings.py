"""The in-memory postings pool: the same index as Whoosh's own writer, read by stock Whoosh."""

from __future__ import annotations

import random

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser
from whoosh.writing import SegmentWriter

from archive.whoosh_backend import postings
from archive.whoosh_backend.postings import ArchiveSegmentWriter
from archive.whoosh_backend.schema import build_schema, record_to_document
from tests.test_backend_contract import RECORDS, record

WORDS = "harbour strike crane union vote city river bridge storm court ruling market".split()


def records(count: int, seed: int = 7):
    rng = random.Random(seed)
    made = list(RECORDS)
    for n in range(100, 100 + count):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60)))
        made.append(
            record(
                n,
                f"{rng.choice(WORDS).title()} report {n}",
                body,
                lang=rng.choice(["en", "de", None]),
                places=rng.sample(["Hamburg", "Kyiv", "Lagos", "Lima"], rng.randint(0, 2)),
                tags=[rng.choice(WORDS)],
            )
        )
    return made


def build(folder, writer_class, batches, merge_at_end=False):
    """An index of ``batches`` (lists of records) written by ``writer_class``, one commit each."""
    folder.mkdir()
    ix = FileStorage(str(folder), supports_mmap=False).create_index(build_schema())
    for batch in batches:
        writer = writer_class(ix)
        for rec in batch:
            writer.update_document(**record_to_document(rec))
        writer.commit(merge=False)
    if merge_at_end:
        writer_class(ix).commit(optimize=True)  # every segment merged through the pool
    return ix


def contents(ix) -> dict:
    """Everything a reader sees, through Whoosh's public API only."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        seen = {"docs": [sorted(f.items()) for f in reader.all_stored_fields()]}
        for fieldname, btext in reader.all_terms():
            info = reader.term_info(fieldname, btext)
            matcher = reader.postings(fieldname, btext)
            found = []
            while matcher.is_active():
                found.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            seen[(fieldname, btext)] = (
                found,
                info.weight(),
                info.doc_frequency(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
            )
        for fieldname in ix.schema.scorable_names():
            seen[("lengths", fieldname)] = [
                reader.doc_field_length(d, fieldname) for d in range(reader.doc_count_all())
            ]
        return seen


def hits(ix, text: str) -> list[tuple[str, float]]:
    with ix.searcher() as searcher:
        found = searcher.search(QueryParser("text_en", ix.schema).parse(text), limit=None)
        return [(hit["id"], round(hit.score, 6)) for hit in found]


@pytest.mark.parametrize("merge_at_end", [False, True])
def test_the_index_is_the_one_whooshs_own_writer_makes(tmp_path, merge_at_end):
    batches = [records(60, seed=1), records(40, seed=2)[len(RECORDS) :]]
    ours = build(tmp_path / "ours", ArchiveSegmentWriter, batches, merge_at_end)
    stock = build(tmp_path / "stock", SegmentWriter, batches, merge_at_end)
    assert len(ours._segments()) == len(stock._segments()) == (1 if merge_at_end else 2)
    assert contents(ours) == contents(stock)
    for text in ("harbour", "strike OR crane", '"river bridge"', "hamburg"):
        assert hits(ours, text) == hits(stock, text)
        assert hits(ours, text) or text == "hamburg"


def test_a_merge_of_a_segment_with_deletions_matches_too(tmp_path):
    first = records(50, seed=3)
    replaced = [record(int(r.id, 16), "Rewritten", "storm court") for r in first[::3]]
    ours = build(tmp_path / "ours", ArchiveSegmentWriter, [first, replaced], merge_at_end=True)
    stock = build(tmp_path / "stock", SegmentWriter, [first, replaced], merge_at_end=True)
    assert contents(ours) == contents(stock)
    assert ours.doc_count() == len(first)


def test_postings_past_the_budget_spill_to_disk_and_read_back_the_same(tmp_path, monkeypatch):
    spilled = []
    save = postings.TermPool.save
    monkeypatch.setattr(postings, "POSTINGS_BUDGET_MB", 0.01)
    monkeypatch.setattr(postings.TermPool, "save", lambda pool: spilled.append(1) or save(pool))
    batches = [records(80, seed=4)]
    ours = build(tmp_path / "ours", ArchiveSegmentWriter, batches)
    assert spilled  # the budget of 10 KB was passed: runs on disk
    monkeypatch.undo()
    stock = build(tmp_path / "stock", SegmentWriter, batches)
    assert contents(ours) == contents(stock)


def test_a_batch_within_the_budget_never_touches_the_disk(tmp_path, monkeypatch):
    spilled = []
    save = postings.TermPool.save
    monkeypatch.setattr(postings.TermPool, "save", lambda pool: spilled.append(1) or save(pool))
    ix = build(tmp_path / "ours", ArchiveSegmentWriter, [records(200, seed=5)])
    assert not spilled
    assert ix.doc_count() == 200 + len(RECORDS)
