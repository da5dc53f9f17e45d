"""Related articles: shared names close in time first, articles sharing only words after."""

from __future__ import annotations

import uuid

import pytest

from archive.search import related
from tests.support import build_archive, html_page, write

OPENSEARCH = pytest.mark.opensearch

#: Written for this test. The football report shares many words with the Syria report
#: (round, group, national team, defeat, talks) and no name; the two other Syria
#: reports share its names (Syria, Aleppo, Bashar al-Assad) and few of its words.
PAGES = {
    "syria-talks": (
        "Syria talks: a new round for the national group",
        "2024-03-12T09:00:00+00:00",
        "Bashar al-Assad sent a national group to a new round of talks in Geneva on Tuesday. "
        "The group said the round would decide the fate of Aleppo after the defeat of the "
        "rebels, and the national team of negotiators talked for six hours.\n\n"
        "In Aleppo, people in Syria waited for news of the round and of the national team.",
    ),
    "aleppo-return": (
        "Families return to Aleppo",
        "2024-03-14T09:00:00+00:00",
        "Families came back to Aleppo this week, years after the siege. Bashar al-Assad "
        "visited the old souk, and aid convoys crossed northern Syria with flour and blankets.",
    ),
    "aleppo-siege": (
        "Siege of Aleppo tightens",
        "2016-08-01T09:00:00+00:00",
        "The siege of Aleppo tightened as forces loyal to Bashar al-Assad cut the last road "
        "into the city. Hospitals in Syria ran short of fuel and medicine.",
    ),
    "qualifying-round": (
        "National team wins the qualifying round",
        "2024-03-12T20:00:00+00:00",
        "The national team won its qualifying round on Tuesday, and the group table changed. "
        "After the defeat of its rivals in the round, the national group of players talked "
        "of the next round; the team's coach held talks with the group for six hours.\n\n"
        "The national team plays its last qualifying round in June.",
    ),
    "harvest": (
        "Wheat harvest beats forecasts",
        "2024-03-10T07:00:00+00:00",
        "Farmers brought in a wheat harvest well above forecasts after a wet spring.",
    ),
    "ferries": (
        "Ferries cancelled in the storm",
        "2024-03-11T07:00:00+00:00",
        "Ferries between the islands were cancelled as the storm reached the coast.",
    ),
}


@pytest.fixture(scope="module", params=["whoosh", pytest.param("opensearch", marks=OPENSEARCH)])
def archive(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    for slug, (title, date, body) in PAGES.items():
        write(
            folder / f"{slug}.html",
            html_page(title, body, date=date, url=f"https://news.example/{slug}"),
        )
    backend = None
    if request.param == "opensearch":
        from archive.opensearch_backend import OpenSearchBackend

        url = request.getfixturevalue("opensearch_url")
        backend = OpenSearchBackend(url, f"test-{uuid.uuid4().hex[:12]}")
    arc, summary = build_archive(tmp_path_factory.mktemp("archive"), folder, backend=backend)
    assert summary.counts["indexed"] == len(PAGES), summary.to_dict()
    yield arc
    if backend is not None:
        backend.client.indices.delete(index=backend.index)


def slug(record) -> str:
    return record.url.rsplit("/", 1)[1]


def by_slug(archive, name):
    (record,) = [r for r in archive.iter_records() if slug(r) == name]
    return record


def test_articles_that_share_names_come_before_those_that_share_only_words(archive):
    syria = by_slug(archive, "syria-talks")
    assert {"aleppo", "syria"} <= {p.casefold() for p in syria.places}, syria.places
    words_only = [rid for rid, _ in archive.index.related(syria, 5)]
    football = by_slug(archive, "qualifying-round").id
    assert words_only.index(football) < words_only.index(by_slug(archive, "aleppo-siege").id)
    ranked = [slug(r) for r in related(archive, syria)]
    assert ranked[:2] == ["aleppo-return", "aleppo-siege"], ranked
    assert ranked.index("qualifying-round") > 1


def test_of_two_articles_with_the_same_names_the_closer_in_time_comes_first(archive):
    ranked = [slug(r) for r in related(archive, by_slug(archive, "syria-talks"))]
    assert ranked.index("aleppo-return") < ranked.index("aleppo-siege")


def test_an_article_sharing_no_name_still_gets_the_articles_like_it(archive):
    football = by_slug(archive, "qualifying-round")
    found = related(archive, football)
    assert "syria-talks" in {slug(r) for r in found}  # many words in common
    assert football.id not in {r.id for r in found}
    # It shares no name with any article: the engine's order of articles like it stays.
    assert [r.id for r in found] == [rid for rid, _ in archive.index.related(football, 5)]
