"""The benchmark corpus generator and the FTS5 reference (no timing: benchmarks are not tests)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import corpus  # noqa: E402
import fts5  # noqa: E402
from queries import Query  # noqa: E402

COUNT = 60


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return corpus.build_corpus(COUNT, cache_dir=tmp_path_factory.mktemp("cache"))


def test_article_is_deterministic():
    assert corpus.generate_article(7) == corpus.generate_article(7)
    assert corpus.render(corpus.generate_article(7)) == corpus.render(corpus.generate_article(7))
    assert corpus.generate_article(7) != corpus.generate_article(8)


def test_corpus_is_deterministic_and_cached(small, tmp_path):
    again = corpus.build_corpus(COUNT, cache_dir=tmp_path)
    assert _contents(small.files) == _contents(again.files)
    assert small.manifest.read_text() == again.manifest.read_text()
    marker = small.root / "corpus.json"
    before = marker.stat().st_mtime_ns
    assert corpus.build_corpus(COUNT, cache_dir=small.root.parent).root == small.root
    assert marker.stat().st_mtime_ns == before  # reused, not rebuilt


def _contents(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_corpus_has_requested_count_formats_and_lengths(small):
    articles = list(small.articles())
    files = [p for p in small.files.rglob("*") if p.is_file()]
    assert len(articles) == len(files) == COUNT
    assert {a["format"] for a in articles} == {"html", "txt"}
    html_share = sum(a["format"] == "html" for a in articles) / COUNT
    assert 0.6 <= html_share <= 0.95
    for article in articles:
        path = small.files / article["path"]
        assert path.suffix == "." + article["format"]
        assert corpus.MIN_WORDS <= len(article["body"].split()) <= corpus.MAX_WORDS
        assert "2015-01-01" <= article["date"][:10] <= "2024-12-31"
        assert article["places"] and article["people"] and article["authors"]


def test_html_pages_carry_head_metadata_and_chrome(small):
    article = next(a for a in small.articles() if a["format"] == "html")
    page = (small.files / article["path"]).read_text(encoding="utf-8")
    for needle in (
        'property="og:title"',
        'property="og:site_name"',
        'name="author"',
        'name="keywords"',
        "<nav",
        "<footer",
    ):
        assert needle in page
    assert 'property="article:published_time"' in page or "application/ld+json" in page
    if "application/ld+json" in page:
        data = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
        assert json.loads(data)["datePublished"] == article["date"]


def test_text_files_start_with_the_title(small):
    article = next(a for a in small.articles() if a["format"] == "txt")
    text = (small.files / article["path"]).read_text(encoding="utf-8")
    assert text.splitlines()[0] == article["title"]
    assert article["body"].split("\n\n")[0] in text


def test_fts5_reference_indexes_and_answers_a_page(small, tmp_path):
    articles = list(small.articles())
    stats = fts5.build_index(articles, tmp_path / "ref.db")
    assert stats["count"] == COUNT
    search = fts5.Fts5Search(tmp_path / "ref.db")
    try:
        word = "government"
        expected = sum(word in (a["title"] + " " + a["body"]).lower().split() for a in articles)
        page = search.page(Query("broad", word, match=word))
        assert page["total"] >= expected > 0  # porter stemming may also match other forms
        assert len(page["hits"]) == min(10, page["total"])
        assert any("<mark>" in hit[3] for hit in page["hits"])
        assert sum(n for _, n in page["facets"]["source"]) == page["total"]
        assert sum(n for _, n in page["timeline"]) == page["total"]

        place = articles[0]["places"][0]
        page = search.page(Query("field", f"place:{place}", facets=(("place", place),)))
        assert page["total"] == sum(place in a["places"] for a in articles)

        page = search.page(
            Query("date_range", "date:2020", date_from="2020-01-01", date_to="2021-01-01")
        )
        assert page["total"] == sum(a["date"].startswith("2020") for a in articles)
        assert all(hit[2].startswith("2020") for hit in page["hits"])
    finally:
        search.close()
