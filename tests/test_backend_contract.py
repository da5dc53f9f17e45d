"""The backend contract: every engine behind ``archive.backend.Backend`` gives the same answers.

Each test runs on every backend (``backend`` is parametrised); an engine that
needs a server runs only where that server can be started (see conftest).
Records are made here directly, so these tests check the engine, not extraction.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from archive import query as q
from archive.backend import Backend, Highlight
from archive.records import Origin, Record
from tests.support import parse_query

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def record(n: int, title: str, body: str, **fields) -> Record:
    rid = f"{n:016x}"
    return Record(
        id=rid,
        title=title,
        body=body,
        type=fields.pop("type", "html"),
        origin=Origin(sha256=f"{n:064x}", path=f"/saved/{n}.html", size=100),
        added=fields.pop("added", T0 + timedelta(days=n)),
        updated=T0,
        **fields,
    )


RECORDS = [
    record(
        1,
        "Dockworkers strike in Hamburg",
        "Container terminals in Hamburg stood idle as dockworkers went on strike over cranes.",
        date=datetime(2023, 10, 10, 7, 45, tzinfo=UTC),
        source="Harbour Gazette",
        lang="en",
        tags=["ports", "strikes"],
        places=["Hamburg", "Germany"],
        people=["Eleanor Quayle"],
        orgs=["Dockers Union"],
        authors=["Eleanor Quayle"],
        url="https://www.harbourgazette.example/2023/10/strike?utm_source=feed",
    ),
    record(
        2,
        "Automation deal ends port dispute",
        "Terminal operators and dockworkers in Hamburg signed an agreement on automation.",
        date=datetime(2023, 11, 2, 18, 5, tzinfo=UTC),
        source="Harbour Gazette",
        lang="en",
        tags=["ports", "labour"],
        places=["Hamburg"],
        orgs=["Dockers Union"],
        url="https://news.harbourgazette.example/2023/11/deal/",
    ),
    record(
        3,
        "Storm closes Aberdeen harbour",
        "Storm Ilse closed Aberdeen harbour as gales battered the coast of Scotland.",
        date=datetime(2021, 3, 4, tzinfo=UTC),
        source="North Courier",
        lang="en",
        tags=["weather", "ports"],
        places=["Aberdeen", "Scotland"],
        url="http://northcourier.example/storm?id=7",
    ),
    record(
        4,
        "Hafenstreik in Hamburg beendet",
        "Der Streik im Hamburger Hafen ist beendet. Die Häuser am Hafen sind wieder offen.",
        date=datetime(2023, 11, 3, tzinfo=UTC),
        source="Rhein-Kurier",
        lang="de",
        tags=["Häfen"],
        places=["Hamburg"],
    ),
    record(
        5,
        "Ferry operators switch to batteries",
        "Bergen ferries now run on battery power; ferry operators elsewhere are watching.",
        source="Fjord Times",
        lang="en",
        tags=["energy", "ferries"],
        places=["Bergen"],
        type="text",
    ),
    record(
        6,
        "Grid link for the Baltic",
        "A converter station will link the Baltic grid to the North Sea cable in 2025.",
        date=datetime(2022, 6, 28, tzinfo=UTC),
        source="Baltic Wire",
        lang="en",
        tags=["energy", "grid"],
        places=["Klaipėda"],
    ),
]
BY_ID = {r.id: r for r in RECORDS}


def ids_of(page) -> set[str]:
    return {rid for rid, _ in page.hits}


def titles(page) -> list[str]:
    return [BY_ID[rid].title for rid, _ in page.hits]


@pytest.fixture
def backend(any_backend) -> Backend:
    any_backend.create()
    any_backend.upsert(RECORDS)
    return any_backend


EVERYTHING = q.MatchAll()


def everything(backend, query=EVERYTHING, **kwargs):
    return backend.search(query, limit=100, **kwargs)


# ------------------------------------------------------------------ lifecycle
def test_create_makes_an_empty_current_index(any_backend):
    assert not any_backend.exists()
    any_backend.create()
    assert any_backend.exists() and any_backend.is_current()
    assert any_backend.count() == 0
    assert list(any_backend.ids()) == []
    assert any_backend.search(q.MatchAll()).total == 0
    assert any_backend.health()["engine"] == any_backend.name


def test_create_replaces_an_existing_index(backend):
    backend.create()
    assert backend.count() == 0


def test_a_sound_index_verifies_without_problems(any_backend):
    assert any_backend.verify() == []  # no index yet: the store reports that, not verify
    any_backend.create()
    any_backend.upsert(RECORDS)
    any_backend.delete([RECORDS[0].id])
    assert any_backend.verify() == []


def test_close_then_use_again(backend):
    backend.close()
    assert backend.count() == len(RECORDS)


# ------------------------------------------------------------------ writing
def test_upsert_replaces_by_id_and_delete_removes(backend):
    changed = record(1, "Dockworkers strike again", RECORDS[0].body, source="Other Paper")
    backend.upsert([changed])
    assert backend.count() == len(RECORDS)
    assert titles(backend.search(q.Term("again", "title"))) == ["Dockworkers strike in Hamburg"]
    sources = dict(everything(backend).facets["source"])
    assert sources["Other Paper"] == 1 and sources["Harbour Gazette"] == 1
    backend.delete([changed.id, "ffffffffffffffff"])
    assert backend.count() == len(RECORDS) - 1
    assert changed.id not in set(backend.ids())


def test_upsert_with_a_pool_gives_the_same_index(any_backend):
    any_backend.create()
    with ThreadPoolExecutor(2) as pool:
        any_backend.upsert(RECORDS, pool.submit)
    assert sorted(any_backend.ids()) == sorted(BY_ID)


# ------------------------------------------------------------------ matching
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (q.Term("Hamburg"), {1, 2, 4}),
        (q.And((q.Term("dockworkers"), q.Term("automation"))), {2}),
        (q.Or((q.Term("storm"), q.Term("ferries"))), {3, 5}),
        (q.And((q.Term("Hamburg"), q.Not(q.Term("automation")))), {1, 4}),
        (q.Phrase(("north", "sea")), {6}),
        (q.Phrase(("sea", "north")), set()),
        (q.Term("strikes"), {1}),  # English stemming: strikes ~ strike
        (q.Term("Haus"), {4}),  # German stemming: Häuser ~ Haus
        (q.Term("klaipeda", "title"), set()),
        (q.Term("ferr", prefix=True), {5}),
        (q.Term("quayle", "author"), {1}),
        (q.Facet("place", "hamburg"), {1, 2, 4}),
        (q.Facet("source", "harbour gazette"), {1, 2}),
        (q.Facet("tag", "häfen"), {4}),
        (q.Facet("type", "text"), {5}),
        (q.Facet("lang", "de"), {4}),
        (q.Facet("author", "eleanor quayle"), {1}),
        (q.Facet("person", "quayle", word=True), {1}),
        (q.Facet("person", "quayle"), set()),
        (q.DateRange(datetime(2023, 1, 1).date(), datetime(2023, 12, 31).date()), {1, 2, 4}),
        (q.DateRange(None, datetime(2022, 12, 31).date()), {3, 6}),
        (q.MatchAll(), {1, 2, 3, 4, 5, 6}),
        # Addresses: pasted as the reader had them, ``url:`` a domain or a prefix.
        (parse_query("harbourgazette.example/2023/10/strike"), {1}),
        (parse_query("https://harbourgazette.example/2023/10/strike/?utm_medium=x#top"), {1}),
        (parse_query("http://northcourier.example/storm?id=7"), {3}),
        (parse_query("http://northcourier.example/storm?id=8"), set()),
        (parse_query("url:harbourgazette.example"), {1, 2}),
        (parse_query("url:news.harbourgazette.example"), {2}),
        (parse_query("url:https://www.harbourgazette.example/2023/"), {1}),
        (parse_query("source:northcourier.example"), {3}),
    ],
)
def test_query_trees_match_the_same_records(backend, query, expected):
    page = everything(backend, query)
    assert ids_of(page) == {f"{n:016x}" for n in expected}
    assert page.total == len(expected)
    assert backend.count_matches(query) == len(expected)


def test_relevance_puts_the_better_match_first(backend):
    page = backend.search(q.Term("ferry"))
    assert titles(page)[0] == "Ferry operators switch to batteries"
    assert all(score > 0 for _, score in page.hits)


def test_sorting_and_paging(backend):
    newest = everything(backend, sort="newest")
    assert titles(newest)[:2] == [
        "Hafenstreik in Hamburg beendet",
        "Automation deal ends port dispute",
    ]
    assert titles(newest)[-1] == "Ferry operators switch to batteries"  # undated last
    oldest = everything(backend, sort="oldest")
    assert titles(oldest)[0] == "Storm closes Aberdeen harbour"
    assert titles(oldest)[-1] == "Ferry operators switch to batteries"
    added = everything(backend, sort="added")
    assert titles(added)[0] == "Grid link for the Baltic"  # added last
    pages = [backend.search(q.MatchAll(), sort="newest", offset=o, limit=2) for o in (0, 2, 4)]
    assert [rid for p in pages for rid, _ in p.hits] == [rid for rid, _ in newest.hits]
    assert all(p.total == 6 for p in pages)
    assert backend.search(q.MatchAll(), offset=10).hits == []


# ------------------------------------------------------------------ facets
def test_facet_counts_and_sizes(backend):
    page = everything(backend)
    assert dict(page.facets["place"])["Hamburg"] == 3
    assert page.facet_sizes["place"] == 6
    assert page.facets["tag"][0] == ("ports", 3)
    assert dict(page.facets["year"]) == {"2023": 3, "2021": 1, "2022": 1}
    assert dict(page.facets["month"])["2023-11"] == 2
    assert page.months == {"2021-03": 1, "2022-06": 1, "2023-10": 1, "2023-11": 2}
    assert page.undated == 1
    assert not page.timed_out
    limited = backend.search(q.MatchAll(), facet_limit=2)
    assert len(limited.facets["place"]) == 2 and limited.facet_sizes["place"] == 6


def test_histogram_counts_matches_per_month_and_week(backend):
    months = backend.histogram(EVERYTHING, unit="month")
    assert months.totals == {"2021-03": 1, "2022-06": 1, "2023-10": 1, "2023-11": 2}
    assert months.undated == 1 and months.series == []
    weeks = backend.histogram(parse_query("hamburg"), unit="week")
    # 2023-10-10 is a Tuesday, 2023-11-02 and -03 a Thursday and a Friday: weeks start on Monday
    assert weeks.totals == {"2023-10-09": 1, "2023-10-30": 2}
    assert backend.histogram(parse_query("nothingmatchesthis"), unit="week").totals == {}


def test_histogram_split_by_the_top_values_of_a_facet(backend):
    found = backend.histogram(EVERYTHING, unit="month", split="source", top=2)
    # Harbour Gazette has two matches; the rest one each, so the tie goes by value
    assert found.series == [
        ("Harbour Gazette", 2, {"2023-10": 1, "2023-11": 1}),
        ("Baltic Wire", 1, {"2022-06": 1}),
    ]
    by_lang = backend.histogram(parse_query("hamburg"), unit="month", split="lang", top=5)
    assert by_lang.series == [("en", 2, {"2023-10": 1, "2023-11": 1}), ("de", 1, {"2023-11": 1})]
    with pytest.raises(ValueError, match="unit"):
        backend.histogram(EVERYTHING, unit="fortnight")
    with pytest.raises(ValueError, match="split"):
        backend.histogram(EVERYTHING, split="place")


def test_a_facet_is_counted_without_its_own_filter(backend):
    filters = [("place", q.Facet("place", "hamburg")), ("lang", q.Facet("lang", "en"))]
    page = everything(backend, filters=filters)
    assert ids_of(page) == {f"{n:016x}" for n in (1, 2)}
    # place counts: everything English (the other filter), whatever the place
    assert dict(page.facets["place"])["Bergen"] == 1
    assert dict(page.facets["place"])["Hamburg"] == 2
    # lang counts: everything in Hamburg, whatever the language
    assert dict(page.facets["lang"]) == {"en": 2, "de": 1}
    # other facets: the matches of every filter
    assert dict(page.facets["source"]) == {"Harbour Gazette": 2}


# ------------------------------------------------------------------ text helpers
def test_snippets_are_text_with_spans(backend):
    body = RECORDS[0].body
    passages = backend.snippets(q.Term("cranes"), body, "en")
    assert passages and isinstance(passages[0], Highlight)
    assert any(p.text[s:e].lower() == "cranes" for p in passages for s, e in p.spans)
    assert backend.snippets(q.Term("absent"), body, "en") == []
    assert backend.snippets(q.MatchAll(), body, "en") == []


def test_suggest_corrects_misspelled_words(backend):
    assert backend.suggest(["dockworkrs"]) == {"dockworkrs": "dockworkers"}
    assert backend.suggest(["Hamburg"]) == {}


def test_related_never_returns_the_record_itself(backend):
    found = backend.related(RECORDS[0], limit=3)
    ids = [rid for rid, _ in found]
    assert RECORDS[0].id not in ids
    assert ids and ids[0] == RECORDS[1].id  # the other Hamburg dock story


def test_pages_of_tied_scores_never_overlap(any_backend):
    """Many equal scores: page by page, every match exactly once (ties broken the same way)."""
    any_backend.create()
    same = [
        record(100 + n, f"Tide note {n}", "The tide came in.", source="Shore") for n in range(30)
    ]
    any_backend.upsert(same)
    seen = []
    for offset in range(0, 30, 7):
        seen += [rid for rid, _ in any_backend.search(q.Term("tide"), offset=offset, limit=7).hits]
    assert sorted(seen) == sorted(r.id for r in same)


# ------------------------------------------------------------------ the editors' layer
#: What each engine indexes (field names) with its SCHEMA_VERSION when it was so: a field
#: added or removed (e.g. ``note``) needs the version bumped, so old indexes are rebuilt.
INDEXED_FIELDS = {"whoosh": ("d9f0c59082a2dfce", 8), "opensearch": ("6c0a2e1c438d43bd", 7)}


def _indexed_fields(name: str) -> tuple[str, int]:
    import hashlib
    import json

    if name == "whoosh":
        from archive.whoosh_backend.schema import SCHEMA_VERSION, build_schema

        names = sorted(build_schema().names())
    else:
        from archive.opensearch_backend import SCHEMA_VERSION, mapping

        names = sorted(mapping()["properties"])
    return hashlib.sha256(json.dumps(names).encode()).hexdigest()[:16], SCHEMA_VERSION


@pytest.mark.parametrize("name", sorted(INDEXED_FIELDS))
def test_a_changed_indexed_form_comes_with_a_new_schema_version(name):
    fingerprint, version = _indexed_fields(name)
    recorded_fingerprint, recorded_version = INDEXED_FIELDS[name]
    if fingerprint != recorded_fingerprint:
        assert version != recorded_version, (
            f"The {name} index's fields changed: bump its SCHEMA_VERSION, then record "
            f'"{fingerprint}", the new version in INDEXED_FIELDS.'
        )
        raise AssertionError(f'Record the {name} fields: ("{fingerprint}", {version}).')
    assert version == recorded_version


@pytest.fixture
def curated(any_backend, tmp_path):
    """An archive on this backend holding RECORDS (saved and indexed as an indexing run does)."""
    from archive.index_sync import index_pending
    from archive.store import Archive

    archive = Archive(tmp_path / "arc", any_backend)
    any_backend.create()
    with archive.batch() as batch:
        for r in RECORDS:
            batch.add_original(r.origin.sha256, r.body.encode())
            batch.save(r, r.origin.path)
    index_pending(archive)
    yield archive
    archive.db.close()


def _search(archive, text: str) -> set[str]:
    return ids_of(archive.index.search(parse_query(text), limit=100))


def test_corrections_are_what_the_engine_finds(curated):
    from archive import corrections, index_sync

    rid = RECORDS[0].id
    changes = {
        "title": "Crane protest",
        "source": "Quay Post",
        "tag:cranes": "add",
        "reject:person:Eleanor Quayle": True,
    }
    corrections.correct(curated, rid, changes, "eddie")
    index_sync.index_pending(curated)
    for _ in range(2):  # and after a rebuild
        assert _search(curated, "title:crane") == {rid}
        assert _search(curated, "title:dockworkers") == set()
        assert _search(curated, 'source:"Quay Post"') == {rid}
        assert _search(curated, "tag:cranes") == {rid}
        assert _search(curated, 'person:"Eleanor Quayle"') == set()
        index_sync.reindex(curated)


def test_a_note_is_found_by_note_and_as_text(curated):
    from archive import corrections, index_sync

    rid = RECORDS[2].id
    corrections.correct(curated, rid, {"note": "Verify gale figures with the coastguard"}, "e")
    index_sync.index_pending(curated)
    assert _search(curated, "note:coastguard") == {rid}
    assert _search(curated, "coastguard") == {rid}
    assert _search(curated, "note:storm") == set()  # the body is not the note


def test_trashed_articles_leave_the_index_and_come_back(curated):
    from archive import index_sync, trash

    rid = RECORDS[1].id
    trash.move(curated, [rid], "eddie")
    index_sync.index_pending(curated)
    assert rid not in _search(curated, "hamburg")
    assert curated.index.count() == curated.count() == len(RECORDS) - 1
    index_sync.reindex(curated)
    assert rid not in set(curated.index.ids())
    trash.restore(curated, [rid], "eddie")
    index_sync.index_pending(curated)
    assert rid in _search(curated, "hamburg")


@pytest.mark.parametrize("sort", ["newest", "oldest", "added", "relevance"])
def test_ties_are_ordered_by_record_id_whatever_the_indexing_order(any_backend, sort):
    """Issue 22.16: equal dates were ordered by Whoosh's document numbers (the order records
    happened to be indexed in) and by id on OpenSearch, so the engines' answers differed."""
    import random

    any_backend.create()
    when = datetime(2023, 5, 2, 8, 0, tzinfo=UTC)
    same = [
        record(200 + n, "Tide note", "The tide came in.", date=when, added=T0) for n in range(40)
    ]
    undated = [record(300 + n, "Tide note", "The tide came in.", added=T0) for n in range(10)]
    shuffled = same + undated
    random.Random(16).shuffle(shuffled)
    for n in range(0, len(shuffled), 7):  # several commits: several segments
        any_backend.upsert(shuffled[n : n + 7])
    expected = sorted(r.id for r in same) + sorted(r.id for r in undated)
    if sort == "added":
        expected = sorted(expected)
    tide = q.Term("tide")
    pages = [any_backend.search(tide, sort=sort, offset=o, limit=9) for o in range(0, 50, 9)]
    assert [rid for page in pages for rid, _ in page.hits] == expected


# ------------------------------------------------------------------ stories
WHEN = datetime(2023, 5, 2, 8, 0, tzinfo=UTC)
WIRE = "Wire report: the harbour cranes were repaired overnight after the storm."
#: Story 7: one wire report run by three outlets; story 8 alone; story 9: two tied copies.
STORY_RECORDS = [
    record(400, "Cranes repaired", WIRE, date=WHEN, source="A", story_id="7", story_outlets="2-5"),
    record(
        401,
        "Harbour crews fixed them",
        f"{WIRE} A local paragraph.",
        date=WHEN + timedelta(hours=1),
        source="B",
        story_id="7",
        story_outlets="2-5",
    ),
    record(
        402,
        "Cranes back at work",
        f"{WIRE} Cranes, cranes and more cranes.",
        date=WHEN - timedelta(days=1),
        source="C",
        story_id="7",
        story_outlets="2-5",
    ),
    record(
        403,
        "Ferry timetable",
        "The winter ferry timetable starts; the cranes stay idle.",
        date=WHEN - timedelta(days=3),
        story_id="8",
        story_outlets="1",
    ),
    record(
        404,
        "Crane drivers",
        "Crane drivers and cranes.",
        date=WHEN,
        story_id="9",
        story_outlets="2-5",
    ),
    record(
        405,
        "Crane drivers",
        "Crane drivers and cranes.",
        date=WHEN,
        story_id="9",
        story_outlets="2-5",
    ),
]


@pytest.fixture
def storied(any_backend) -> Backend:
    any_backend.create()
    any_backend.upsert(STORY_RECORDS[::-1])
    return any_backend


def numbers(page) -> list[int]:
    return [int(rid, 16) for rid, _ in page.hits]


def test_the_story_filter_and_the_outlets_facet(storied):
    assert sorted(numbers(everything(storied, q.Facet("story", "7")))) == [400, 401, 402]
    assert numbers(everything(storied, q.Facet("outlets", "1"))) == [403]
    page = everything(storied)
    assert dict(page.facets["outlets"]) == {"2-5": 5, "1": 1}
    assert "story" not in page.facets  # it filters, the sidebar never counts it
    assert page.total == 6 and page.stories == 3
    assert everything(storied, q.Facet("story", "7")).stories == 1


STORY_OF = {int(r.id, 16): r.story_id for r in STORY_RECORDS}


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("newest", [401, 404, 403]), ("oldest", [403, 402, 404]), ("relevance", None)],
)
def test_collapse_gives_each_story_once_by_its_best_ranked(storied, sort, expected):
    """Each story's first article in the uncollapsed order stands for it, in that order; ties
    inside a story (404 and 405: same date, same text) go to the smaller id."""
    query = q.Term("cranes")
    every = numbers(storied.search(query, sort=sort, limit=10))
    assert len(every) == 6  # not collapsed: all
    firsts = [n for i, n in enumerate(every) if STORY_OF[n] not in {STORY_OF[m] for m in every[:i]}]
    page = storied.search(query, sort=sort, limit=10, collapse=True)
    assert page.total == 6 and page.stories == 3
    assert numbers(page) == firsts == (expected or firsts)
    paged = [storied.search(query, sort=sort, offset=o, limit=1, collapse=True) for o in range(4)]
    assert [n for p in paged for n in numbers(p)] == firsts
