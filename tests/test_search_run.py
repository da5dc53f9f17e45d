"""archive.search.run: the search function over a real Whoosh index built from test pages."""

import os
from collections import Counter
from datetime import UTC, datetime

import pytest

from archive import index_sync
from archive.search import SearchRequest, search
from tests.support import (
    PARAGRAPH,
    build_archive,
    html_page,
    jsonl,
    wire_ids,
    write,
    write_wire_story,
)

PAGES = [
    (
        "storm-aden.html",
        "Storm closes the port of Aden",
        "A tropical storm forced the port of Aden to close on Monday. Shipping lines diverted "
        "vessels to Djibouti while the Red Sea route stayed calm. Traffic was higher last year.",
        "2023-09-19T08:00:00+00:00",
        "Harbour Gazette",
        "shipping, storms",
    ),
    (
        "grid-battery.html",
        "Grid batteries reach record output",
        "Battery storage on the national grid reached a record output during the heatwave, "
        "the operator said. Energy prices fell in the evening, as they did that year, last of all.",
        "2022-06-01T12:00:00+00:00",
        "Energy Ledger",
        "energy, grid",
    ),
    (
        "red-sea-insurance.html",
        "Insurers raise Red Sea premiums",
        "Insurers raised premiums for ships crossing the Red Sea. The port of Aden reported fewer "
        "calls. Sea red tides were not a factor in shipping.",
        "2024-01-10T09:00:00+00:00",
        "Harbour Gazette",
        "shipping, insurance",
    ),
    (
        "harvest.html",
        "Wheat harvest beats forecasts",
        "Farmers brought in a wheat harvest well above forecasts after a wet spring. "
        "Storage silos near the river are full.",
        "2021-08-15T07:00:00+00:00",
        "Field Report",
        "agriculture",
    ),
    (
        "court.html",
        "Court rules on coastal erosion claims",
        "The court ruled that the coastal authority must pay for erosion defences. "
        "Residents of the river delta welcomed the ruling <script>alert(1)</script>.",
        "2023-09-02T10:00:00+00:00",
        "Northern Ledger",
        "courts",
    ),
    (
        "hafen.html",
        "Streik legt den Hafen lahm",
        "Die Hafenarbeiter streiken seit Montag. Die Häuser am Kai blieben dunkel, und die "
        "Schiffe warteten vor der Einfahrt.",
        "2023-10-10T06:00:00+02:00",
        "Rhein-Kurier",
        "Hafen, Streik",
    ),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    for name, title, body, date, site, keywords in PAGES:
        lang = "de" if name == "hafen.html" else "en"
        html = html_page(
            title,
            f"{body}\n\n{PARAGRAPH if lang == 'en' else body}",
            date=date,
            site=site,
            url=f"https://news.example/{name[:-5]}",
            keywords=keywords,
            lang=lang,
        )
        write(folder / name, html)
    notes = write(
        folder / "ferries.txt", "Notes on river ferries\n\nFerries on the river run hourly."
    )
    stamp = datetime(2020, 1, 5, 12, tzinfo=UTC).timestamp()
    os.utime(notes, (stamp, stamp))
    write(
        folder / "export.jsonl",
        jsonl(
            [
                {
                    "title": "Undated clipping about lighthouses",
                    "body": "The lighthouse keepers left the island.",
                }
            ]
        ),
    )
    arc, summary = build_archive(tmp_path_factory.mktemp("archive"), folder)
    assert summary.counts["indexed"] == len(PAGES) + 2, summary.to_dict()
    return arc


def run(archive, **params):
    """A search over every article (the pages' short texts share a paragraph: one story)."""
    params.setdefault("collapse", "0")
    return search(archive, SearchRequest.from_params(params))


def titles(result):
    return {h.record.title for h in result.hits}


def exact_titles(result):
    return {h.record.title for h in result.hits if not h.partial}


def test_words_must_all_match(archive):
    assert exact_titles(run(archive, q="port Aden")) == {
        "Storm closes the port of Aden",
        "Insurers raise Red Sea premiums",
    }
    assert exact_titles(run(archive, q="port Aden storm")) == {"Storm closes the port of Aden"}


def test_phrase_needs_the_words_in_order(archive):
    assert titles(run(archive, q='"red sea"')) == {
        "Storm closes the port of Aden",
        "Insurers raise Red Sea premiums",
    }
    assert titles(run(archive, q='"sea red"')) == {"Insurers raise Red Sea premiums"}


def test_phrases_of_frequent_words_keep_their_order(archive):
    # both words are frequent: answered by the word-pair field
    assert titles(run(archive, q='"last year"')) == {"Storm closes the port of Aden"}
    assert titles(run(archive, q='"year last"')) == {"Grid batteries reach record output"}
    # three words: the positional phrase search
    assert titles(run(archive, q='"higher last year"')) == {"Storm closes the port of Aden"}
    assert run(archive, q='"last year higher"').total == 0


def test_or_not_and_minus(archive):
    assert run(archive, q="wheat OR battery").total == 2
    assert titles(run(archive, q="Aden NOT insurers")) == {"Storm closes the port of Aden"}
    assert titles(run(archive, q="Aden -storm")) == {"Insurers raise Red Sea premiums"}


def test_field_queries(archive):
    assert titles(run(archive, q='source:"Energy Ledger"')) == {
        "Grid batteries reach record output"
    }
    assert titles(run(archive, q="title:harvest")) == {"Wheat harvest beats forecasts"}
    assert run(archive, q="tag:shipping").total == 2
    assert titles(run(archive, q="lang:de")) == {"Streik legt den Hafen lahm"}
    assert run(archive, q="type:text").total == 1
    assert run(archive, q="type:json").total == 1


def test_date_queries(archive):
    assert run(archive, q="date:2023").total == 3
    assert run(archive, q="date:2023-09").total == 2
    assert titles(run(archive, q="date:2023-09-19")) == {"Storm closes the port of Aden"}
    assert run(archive, q="date:[2022-01-01 TO 2023-09-10]").total == 2
    assert run(archive, q="after:2023-09-30").total == 2
    assert run(archive, q="before:2022").total == 1  # an undated file is never "before"


def test_german_word_forms_match_through_stemming(archive):
    assert titles(run(archive, q="Haus")) == {"Streik legt den Hafen lahm"}
    assert titles(run(archive, q="Schiff")) == {"Streik legt den Hafen lahm"}
    assert titles(run(archive, q="streiken")) == {"Streik legt den Hafen lahm"}


def test_prefix(archive):
    assert titles(run(archive, q="insur*")) == {"Insurers raise Red Sea premiums"}


def test_sorting_by_date(archive):
    newest = [h.record.title for h in run(archive, sort="newest").hits]
    oldest = [h.record.title for h in run(archive, sort="oldest").hits]
    assert newest[0] == "Insurers raise Red Sea premiums"
    assert oldest[0] == "Wheat harvest beats forecasts"
    # undated articles come last either way
    undated = {"Undated clipping about lighthouses", "Notes on river ferries"}
    assert set(newest[-2:]) == set(oldest[-2:]) == undated


def test_a_file_time_is_when_it_was_saved_never_a_publication_date(archive):
    (hit,) = run(archive, q="ferries").hits
    assert hit.record.date is None and hit.record.date_source is None
    assert hit.record.captured.date().isoformat() == "2020-01-05"


def test_sorting_by_date_added(archive, tmp_path):
    import shutil

    from archive.store import open_archive

    shutil.copytree(archive.path, tmp_path / "copy")  # the module's archive stays as it is
    archive = open_archive(tmp_path / "copy")
    record = next(r for r in archive.iter_records() if r.title == "Wheat harvest beats forecasts")
    record.added = record.added.replace(year=record.added.year + 1)
    with archive.batch() as batch:
        batch.save(record, record.origin.path)
    index_sync.index_pending(archive)
    first = run(archive, sort="added").hits[0].record.title
    assert first == "Wheat harvest beats forecasts"


def test_paging_covers_every_hit_once(archive):
    seen = []
    for page in (1, 2, 3, 4, 5):
        result = run(archive, sort="newest", page=str(page), n="2")
        seen += [h.record.id for h in result.hits]
    assert len(seen) == len(set(seen)) == archive.count()


def _brute_force(records, field):
    counts = Counter()
    for record in records:
        values = getattr(record, field)
        values = [values] if isinstance(values, str) else values
        for value in {v for v in values if v}:
            counts[value] += 1
    return counts


@pytest.mark.parametrize("q", ["", "port", "river OR sea", "date:2023"])
def test_facet_counts_agree_with_a_brute_force_count(archive, q):
    result = run(archive, q=q)
    total = result.total
    every = run(archive, q=q, n="100")
    records = [h.record for h in every.hits]
    assert len(records) == total
    fields = {
        "source": "source",
        "tag": "tags",
        "place": "places",
        "person": "people",
        "org": "orgs",
        "term": "terms",
        "lang": "lang",
        "type": "type",
    }
    facets = {f.name: f for f in result.facets}
    for name, attr in fields.items():
        expected = _brute_force(records, attr)
        got = {v.value: v.count for v in facets[name].values}
        assert got == dict(expected), name
    years = Counter(str(r.date.year) for r in records if r.date)
    assert {v.value: v.count for v in facets["year"].values} == dict(years)
    assert sum(b.count for b in result.timeline) + result.undated == total


def test_drill_down_filters_and_or_within_a_facet(archive):
    one = run(archive, source="Harbour Gazette")
    assert one.total == 2
    both = run(archive, source=["Harbour Gazette", "Field Report"])
    assert both.total == 3
    narrowed = run(archive, source="Harbour Gazette", year="2024")
    assert titles(narrowed) == {"Insurers raise Red Sea premiums"}
    facet = {f.name: f for f in narrowed.facets}["source"]
    assert [v.value for v in facet.values if v.selected] == ["Harbour Gazette"]


def test_month_facet_appears_within_a_selected_year(archive):
    names = [f.name for f in run(archive).facets]
    assert "month" not in names
    result = run(archive, year="2023")
    months = {f.name: f for f in result.facets}["month"]
    assert {v.value: v.count for v in months.values} == {"2023-09": 2, "2023-10": 1}


def test_timeline_by_month_for_short_ranges(archive):
    result = run(archive, q="date:2023")
    assert result.timeline_unit == "month"
    assert [b.label for b in result.timeline][:2] == ["2023-09", "2023-10"]
    wide = run(archive)
    assert wide.timeline_unit == "year"
    assert [b.label for b in wide.timeline] == ["2021", "2022", "2023", "2024"]
    assert wide.undated == 2


def test_snippets_are_plain_text_with_spans_and_html_is_made_by_the_web(archive):
    from archive.backend import Highlight
    from web.helpers import snippet_html

    (hit,) = run(archive, q="ruling").hits
    (passage,) = hit.passages
    assert "ruling" in [passage.text[s:e] for s, e in passage.spans]  # and "ruled": one stem
    assert "welcomed the [ruling]" in hit.snippet_text
    assert "welcomed the <mark>ruling</mark>" in str(snippet_html(hit))
    # Text that looks like markup stays text: the web escapes it around the marks.
    hostile = Highlight("a <b>ruling</b> & more", ((5, 11),))
    hit.passages = [hostile]
    assert str(snippet_html(hit)) == "a &lt;b&gt;<mark>ruling</mark>&lt;/b&gt; &amp; more"


def test_did_you_mean(archive):
    result = run(archive, q="harvset")
    assert result.total == 0
    assert result.suggestion == "harvest"


def test_related_articles(archive):
    from archive.search import related

    (hit,) = run(archive, q='title:"closes the port"').hits
    others = [r.title for r in related(archive, hit.record)]
    assert "Insurers raise Red Sea premiums" in others
    assert hit.record.title not in others


def test_a_pasted_address_finds_the_article_saved_from_it(archive):
    for pasted in (
        "https://news.example/storm-aden",
        "http://www.news.example/storm-aden/?utm_source=newsletter&utm_medium=email",
        "news.example/storm-aden#comments",
    ):
        result = run(archive, q=pasted)
        assert titles(result) == {"Storm closes the port of Aden"}, pasted
        assert result.notice is None


def test_an_address_not_in_the_archive_says_so_and_finds_its_words(archive):
    result = run(archive, q="https://elsewhere.example/grid/batteries")
    assert result.address_notice == "No article saved from this address is in the archive."
    assert result.notice is None  # the address notice stands alone
    assert titles(result) == {"Grid batteries reach record output"}


def test_a_copy_saved_from_a_web_archive_is_found_by_the_address_it_was_captured_from(tmp_path):
    copy = "https://web.archive.org/web/20130307194448/http://www.ferries.example/2013/fares.html"
    write(
        tmp_path / "in" / "fares.html", html_page("Ferry fares rise", PARAGRAPH, site="", url=copy)
    )
    archive, _ = build_archive(tmp_path / "arc", tmp_path / "in")
    for query in (
        "http://ferries.example/2013/fares.html",  # the original, pasted
        copy,
        "source:ferries.example",
        "url:web.archive.org",
    ):
        result = run(archive, q=query)
        assert titles(result) == {"Ferry fares rise"}, query
        assert result.address_notice is None, query


def test_without_partial_only_the_articles_with_every_word_come_back(archive):
    loose = run(archive, q="port Aden insurers")
    assert loose.exact_total < loose.total and loose.partial_total > 0  # both kinds here
    strict = search(archive, SearchRequest(q="port Aden insurers"), partial=False)
    assert [h.record.id for h in strict.hits] == [h.record.id for h in loose.hits if not h.partial]
    assert strict.total == strict.exact_total == loose.exact_total
    assert strict.partial_total == 0 and not any(h.partial for h in strict.hits)
    facet_total = sum(v.count for f in strict.facets if f.name == "type" for v in f.values)
    assert facet_total == strict.total  # facet counts leave the continuation out too


def test_url_field_and_domain_as_source(archive):
    assert len(run(archive, q="url:news.example").hits) == len(PAGES)
    assert titles(run(archive, q="url:news.example/red")) == {"Insurers raise Red Sea premiums"}
    assert len(run(archive, q="source:news.example").hits) == len(PAGES)


def test_every_facet_value_carries_the_search_that_toggles_it(archive):
    result = run(archive, q="port", tag="ports")
    values = [(f.name, v) for f in result.facets for v in f.values]
    assert values and any(v.selected for _, v in values)
    for name, value in values:
        assert value.toggle == result.request.toggled(name, value.value)
        assert (value.value in value.toggle.selected(name)) is not value.selected
        assert value.toggle_params == value.toggle.to_params()


def test_the_deadline_is_a_parameter(archive):
    request = SearchRequest.from_params({"q": '"the winter when the new figures"'})
    assert not search(archive, request).timed_out
    assert search(archive, request, deadline_s=0.0).timed_out


@pytest.fixture(scope="module")
def wire(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wire")
    names = write_wire_story(folder)
    arc, _ = build_archive(tmp_path_factory.mktemp("wire-archive"), folder)
    return arc, wire_ids(arc, names)


def test_copies_of_one_story_collapse_into_its_best_ranked_hit(wire):
    arc, ids = wire
    result = run(arc, q="herring", collapse="1", sort="oldest")
    assert [h.record.id for h in result.hits] == [ids["orig.html"]]
    assert (result.total, result.exact_total, result.stories, result.pages) == (3, 3, 1, 1)
    story = result.hits[0].story
    assert (story.articles, story.outlets) == (3, 2)
    assert [m.record_id for m in story.others] == [ids["copy.html"], ids["version.html"]]
    every = run(arc, q="herring", collapse="0", sort="oldest")
    assert [h.record.id for h in every.hits] == [
        ids["orig.html"],
        ids["copy.html"],
        ids["version.html"],
    ]
    assert every.stories == 1 and every.pages == 1


def test_pages_count_stories_when_collapsed(wire):
    arc, ids = wire
    collapsed = run(arc, collapse="1", n="1")
    assert (collapsed.total, collapsed.stories, collapsed.pages) == (4, 2, 2)
    second = run(arc, collapse="1", n="1", page="2")
    shown = {collapsed.hits[0].record.id, second.hits[0].record.id}
    assert ids["other.html"] in shown and len(shown) == 2
    assert run(arc, collapse="0", n="1").pages == 4


def test_a_timeline_over_a_malformed_month_from_the_index_says_to_repair_it():
    from archive.errors import IndexDamagedError
    from archive.search.run import _timeline

    assert [b.label for b in _timeline({"2024-01": 1, "2024-03": 2})[0]] == [
        "2024-01",
        "2024-02",
        "2024-03",
    ]
    with pytest.raises(IndexDamagedError, match="archive check --repair"):
        _timeline({"2024-01": 1, "1677-72": 2})


# --- one place, every name ---------------------------------------------------------------

KYIV_PAGES = [
    ("kyiv-en.html", "en", "Talks resume", "The delegations met in Kyiv on Monday. " * 3),
    ("kyiv-de.html", "de", "Gespräche gehen weiter", "Die Delegationen trafen sich in Kiew. " * 3),
    ("kyiv-ru.html", "ru", "Переговоры продолжились", "Делегации встретились в Киеве. " * 3),
    (
        "kyiv-es.html",
        "es",
        "Siguen las conversaciones",
        "Las delegaciones llegaron a Alemania y luego se reunieron en Kiev el lunes. " * 3,
    ),
]


@pytest.fixture(scope="module")
def kyiv_archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kyiv-pages")
    for name, lang, title, body in KYIV_PAGES:
        write(folder / name, html_page(title, f"{body}\n\n{PARAGRAPH}", lang=lang))
    arc, summary = build_archive(tmp_path_factory.mktemp("kyiv-archive"), folder)
    assert summary.counts["indexed"] == len(KYIV_PAGES), summary.to_dict()
    return arc


def test_a_place_in_any_language_or_script_is_one_facet_value(kyiv_archive):
    facets = {f.name: f for f in run(kyiv_archive).facets}
    places = {v.value: v.count for v in facets["place"].values}
    assert places["Kyiv"] == len(KYIV_PAGES)
    assert not {"Kiew", "Kiev", "Киев", "Киеве", "Київ"} & set(places)
    assert places["Germany"] == 1  # "Alemania" in the Spanish article


@pytest.mark.parametrize("name", ["Kyiv", "Kiew", "Kiev", "Київ", "Киев", "kyiv"])
def test_place_finds_a_place_under_any_of_its_names(kyiv_archive, name):
    assert len(run(kyiv_archive, q=f"place:{name}").hits) == len(KYIV_PAGES)


def test_place_under_a_countrys_name_in_another_language(kyiv_archive):
    assert [h.record.lang for h in run(kyiv_archive, q="place:Alemania").hits] == ["es"]
