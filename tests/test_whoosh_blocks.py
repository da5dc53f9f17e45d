"""Posting blocks written a term at a time: Whoosh's own bytes, read by stock Whoosh."""

from __future__ import annotations

import random
from pickle import loads

import pytest
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from archive.whoosh_backend import blocks
from archive.whoosh_backend.postings import ArchiveSegmentWriter
from archive.whoosh_backend.schema import build_schema, record_to_document
from tests.test_backend_contract import RECORDS, record
from tests.test_whoosh_postings import contents, hits

WORDS = "harbour strike crane union vote city river bridge storm court ruling Straße café".split()
FREQUENT = "the of in and last year at".split()


def records(count: int, seed: int) -> list:
    """Articles whose common words pass a block (128 postings) and make word pairs."""
    rng = random.Random(seed)
    made = list(RECORDS)
    for n in range(100, 100 + count):
        words = [rng.choice(WORDS + FREQUENT * 2) for _ in range(rng.randint(0, 400))]
        made.append(
            record(
                n,
                f"{rng.choice(WORDS).title()} report {n}",
                " ".join(words),
                lang=rng.choice(["en", "de", None]),
                authors=rng.sample(["Ann Lee", "Bo Chan", "Cy Roe"], rng.randint(0, 2)),
                places=rng.sample(["Hamburg", "Kyiv", "Lagos", "Lima"], rng.randint(0, 2)),
                tags=[rng.choice(WORDS)],
                note=rng.choice(["", "", "checked by the desk"]),
            )
        )
    return made


def segment_files(folder, writer_class, docs) -> dict[str, bytes]:
    """Each file of the one segment ``writer_class`` writes for ``docs`` (by extension)."""
    ix = FileStorage(str(folder), supports_mmap=False).create_index(build_schema())
    writer = writer_class(ix)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit(merge=False)
    (segment,) = ix._segments()
    compound = CompoundStorage(segment.open_file(ix.storage, ".seg"), use_mmap=False)
    files = {}
    for name in compound.list():
        handle = compound.open_file(name)
        files[name.replace(segment.segment_id(), "")] = handle.read()
        handle.close()
    compound.close()
    return files, ix


@pytest.fixture(scope="module")
def docs():
    return [record_to_document(r) for r in records(300, seed=11)]


def test_with_every_block_compressed_the_files_are_whooshs_byte_for_byte(
    tmp_path, monkeypatch, docs
):
    monkeypatch.setattr(blocks, "UNCOMPRESSED_BELOW", 0)
    (tmp_path / "ours").mkdir()
    (tmp_path / "stock").mkdir()
    ours, _ = segment_files(tmp_path / "ours", ArchiveSegmentWriter, docs)
    stock, _ = segment_files(tmp_path / "stock", SegmentWriter, docs)
    assert {".pst", ".trm", "._text_en_len.col", "._pairs_len.col"} <= set(ours)
    assert sorted(ours) == sorted(stock)
    for name in ours:
        assert ours[name] == stock[name], name


def test_small_blocks_stored_as_they_are_read_the_same_through_stock_whoosh(tmp_path, docs):
    (tmp_path / "ours").mkdir()
    (tmp_path / "stock").mkdir()
    ours, ours_ix = segment_files(tmp_path / "ours", ArchiveSegmentWriter, docs)
    stock, stock_ix = segment_files(tmp_path / "stock", SegmentWriter, docs)
    levels = block_levels(ours[".pst"])
    assert 0 in levels and 3 in levels  # both kinds of block are there
    assert block_levels(stock[".pst"]) == {3}
    assert contents(ours_ix) == contents(stock_ix)
    for text in ("harbour", "strike OR crane", '"river bridge"', "café", '"the harbour"'):
        assert hits(ours_ix, text) == hits(stock_ix, text)
        assert hits(ours_ix, text)


def block_levels(postings: bytes) -> set[int]:
    """The compression level of every block of a postings file (its block infos)."""
    levels, pos = set(), 0
    while pos < len(postings):
        if postings[pos : pos + 4] == b"W3Bl":  # a term's first block
            pos += 4
        size = abs(int.from_bytes(postings[pos : pos + 4], "big", signed=True))
        info = loads(postings[pos + 4 : pos + 4 + size])  # pickle stops at its own end
        levels.add(info[3])
        pos += 4 + size
    return levels
