"""Ranking, prefixes and the all-words-then-some-words split, on small corpora written here."""

import pytest

from archive.search import SearchRequest, search
from tests.support import build_archive, jsonl, write

FILLER = (
    "The council met on Tuesday and the report was published in the morning after a long "
    "debate about the budget for the coming year and the plans for the town centre."
)
ARTICLES = [
    ("ferry-title", "Ferry timetable changes", f"{FILLER} Passengers were told in advance."),
    ("ferry-body", "Harbour news this week", f"{FILLER} A ferry left the harbour late."),
    ("ferries-body", "Island links", f"{FILLER} Two ferries sailed to the island at noon."),
    ("election", "Council vote", f"{FILLER} The election of a new mayor follows in May."),
    ("steinmeier", "State visit", f"{FILLER} Steinmeier visited the port and the ferry terminal."),
    ("energy", "Power prices", f"{FILLER} Energy prices rose again in the storm."),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ranking")
    objects = [
        {"title": t, "body": b, "url": f"https://example.org/news/{slug}", "lang": "en"}
        for slug, t, b in ARTICLES
    ]
    path = write(folder / "export.jsonl", jsonl(objects))
    archive, summary = build_archive(folder / "archive", path)
    assert not summary.rejected
    yield archive
    archive.close()


def run(archive, text, **options):
    """Every article (the pages share their filler text: one story, which would collapse)."""
    every = SearchRequest(q=text, collapse=False, **options)
    return search(archive, every, with_snippets=False)


def slugs(result):
    return [h.record.url.rsplit("/", 1)[-1] for h in result.hits]


def scores(result):
    return {h.record.url.rsplit("/", 1)[-1]: h.score for h in result.hits}


def test_a_title_match_outranks_a_body_match_once_not_four_times(archive):
    found = scores(run(archive, "ferry"))
    assert max(found, key=found.get) == "ferry-title"
    assert found["ferry-title"] < 2 * found["ferry-body"]


def test_a_word_in_every_document_adds_almost_nothing(archive):
    alone, with_common = scores(run(archive, "ferry")), scores(run(archive, "ferry morning"))
    both = run(archive, "ferry morning")
    assert slugs(run(archive, "ferry")) == slugs(both)[: both.exact_total]
    common = scores(run(archive, "morning"))
    assert len(common) == len(ARTICLES)
    for slug, score in alone.items():  # idf log(1 + 0.5 / 6.5) against log(1 + 3.5 / 3.5)
        assert with_common[slug] - score == pytest.approx(common[slug])
        assert common[slug] < 0.2 * score


@pytest.mark.parametrize(
    "word", ["ferry", "ferries", "elections", "election", "Steinmeier", "energy"]
)
def test_a_prefix_finds_at_least_what_the_word_finds(archive, word):
    bare = set(slugs(run(archive, word)))
    assert bare
    assert bare <= set(slugs(run(archive, f"{word}*")))


def test_fewer_than_a_page_of_all_word_matches_go_on_with_some_words(archive):
    result = run(archive, "ferry terminal storm")
    assert result.exact_total == 0 and result.total == 5
    assert all(h.partial for h in result.hits)
    result = run(archive, "Steinmeier ferry")
    assert result.exact_total == 1
    assert slugs(result)[0] == "steinmeier" and not result.hits[0].partial
    assert [h.partial for h in result.hits[1:]] == [True] * (len(result.hits) - 1)
    assert len(result.hits) == result.total == 4  # the ferry articles follow


def test_a_page_of_all_word_matches_shows_only_those(archive):
    result = run(archive, "ferry harbour", per_page=1)
    assert result.exact_total == result.total == 1
    assert not result.hits[0].partial


def test_paging_continues_across_the_boundary(archive):
    first = run(archive, "Steinmeier ferry", per_page=2)
    second = run(archive, "Steinmeier ferry", per_page=2, page=2)
    assert first.total == second.total == 4 and first.exact_total == 1
    assert len(set(slugs(first)) | set(slugs(second))) == 4


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Steinmeier visited the port and the ferry terminal.", "steinmeier"),
        ("Update: ferry timetable changes", "ferry-title"),
        ('Energy "prices rose', "energy"),
        ("what about the election of a mayor?", "election"),
        ("kennedy . ferry ,", "ferry-title"),
    ],
)
def test_pasted_headlines_and_sentences_find_their_article(archive, text, expected):
    assert slugs(run(archive, text))[0] == expected


def test_a_name_facet_word_finds_the_values_that_contain_it(tmp_path):
    objects = [
        {
            "title": "Talks in Berlin",
            "body": f"{FILLER} Angela Merkel met the council.",
            "url": "https://example.org/a",
            "lang": "en",
            "people": ["Angela Merkel"],
        },
        {
            "title": "Other talks",
            "body": f"{FILLER} Nobody came.",
            "url": "https://example.org/b",
            "lang": "en",
            "people": ["Olaf Scholz"],
        },
    ]
    archive, _ = build_archive(tmp_path / "a", write(tmp_path / "e.jsonl", jsonl(objects)))
    try:
        assert slugs(run(archive, "person:merkel")) == ["a"]
        assert slugs(run(archive, 'person:"angela merkel"')) == ["a"]
        exact = SearchRequest(filters=(("person", ("merkel",)),))
        assert search(archive, exact).total == 0  # the facet filter stays exact
    finally:
        archive.close()
