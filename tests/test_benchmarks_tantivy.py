"""The tantivy reference (``benchmarks/tantivy_reference.py``) answers the same page as FTS5."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import corpus  # noqa: E402
import fts5  # noqa: E402
import tantivy_reference  # noqa: E402
from queries import QUERIES  # noqa: E402

COUNT = 120


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tantivy")
    small = corpus.build_corpus(COUNT, cache_dir=folder / "cache")
    built = tantivy_reference.build_index(small.articles(), folder / "tantivy")
    fts5.build_index(small.articles(), folder / "fts5.db")
    peer, reference = (
        tantivy_reference.TantivySearch(folder / "tantivy"),
        fts5.Fts5Search(folder / "fts5.db"),
    )
    yield built, peer, reference
    peer.close()
    reference.close()


def test_the_index_holds_every_article(engines):
    built, _, _ = engines
    assert built["count"] == COUNT and built["mb"] > 0


@pytest.mark.parametrize("query", [q for q in QUERIES if q.category != "phrase"], ids=str)
def test_totals_facets_and_months_match_fts5(engines, query):
    _, peer, reference = engines
    ours, theirs = peer.page(query), reference.page(query)
    assert ours["total"] == theirs["total"] or query.match  # stemmers differ on some words
    if ours["total"] != theirs["total"]:
        return
    for name in ("source", "place", "person", "org", "type"):
        assert dict(ours["facets"][name]) == dict(theirs["facets"][name]), name
    terms, fts5_terms = dict(ours["facets"]["term"]), dict(theirs["facets"]["term"])
    assert terms.keys() == fts5_terms.keys()  # FTS5 counts a keyword twice in one article
    assert all(0 < terms[key] <= fts5_terms[key] for key in terms)
    months = {f"{m // 12:04d}-{m % 12 + 1:02d}": n for m, n in ours["timeline"]}
    assert months == dict(theirs["timeline"])
    assert len(ours["hits"]) == min(10, ours["total"])


def test_hits_carry_snippets_with_the_word_marked(engines):
    _, peer, _ = engines
    page = peer.page(next(q for q in QUERIES if q.q == "government"))
    assert page["total"] > 10
    assert all("<b>" in text.lower() for _id, _title, text in page["hits"])
