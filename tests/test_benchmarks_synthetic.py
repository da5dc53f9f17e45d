"""Synthetic records (``benchmarks/synthetic.py``): written straight into an archive, found by search."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import corpus  # noqa: E402
import synthetic  # noqa: E402

from archive import index_sync  # noqa: E402
from archive.search import SearchRequest, search  # noqa: E402
from archive.store import open_archive  # noqa: E402

COUNT = 40


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    summary = synthetic.write_records(folder / "archive", COUNT, folder / "manifest.jsonl", print)
    return folder, summary


def test_records_are_the_corpus_articles_with_their_originals(written):
    folder, summary = written
    assert summary["count"] == COUNT
    archive = open_archive(folder / "archive", must_exist=True)
    try:
        records = list(archive.iter_records())
        assert len(records) == COUNT
        kept = list(synthetic.manifest_articles(folder / "manifest.jsonl"))
        assert [a["number"] for a in kept] == list(range(COUNT))
        by_title = {r.title: r for r in records}
        for article in kept:
            record = by_title[article["title"]]
            assert record.body == corpus.generate_article(article["number"]).body
            assert record.places == article["places"] and record.terms == article["keywords"]
            original = archive.read_original(record.origin.sha256).decode("utf-8")
            assert original.startswith(article["title"]) and article["body"] in original
        assert index_sync.pending_count(archive) == COUNT  # written, not yet indexed
    finally:
        archive.close()


def test_the_index_built_from_them_answers_with_facets(written):
    folder, _ = written
    archive = open_archive(folder / "archive", must_exist=True)
    try:
        index_sync.reindex(archive)
        article = corpus.generate_article(3)
        place = article.places[0]
        result = search(
            archive, SearchRequest.from_params({"q": f"place:{place!r}".replace("'", '"')})
        )
        expected = sum(place in corpus.generate_article(n).places for n in range(COUNT))
        assert result.total == expected >= 1
        facets = {f.name: {v.value: v.count for v in f.values} for f in result.facets}
        assert facets["place"][place] == expected
        assert facets["type"] == {synthetic.TYPE: expected}
    finally:
        archive.close()
