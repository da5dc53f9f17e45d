"""From a saved file's bytes to records: the fields a user sees, on pages like real ones."""

import hashlib
import json
from datetime import UTC, datetime

from archive.records import Record, sane_date
from indexer.pipeline import records_from_bytes, summarize
from tests.support import PARAGRAPH, html_page, warc_bytes


def build(data, kind="html", path="/saved/news/page.html", **options):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return records_from_bytes(
        data, path=path, kind=kind, sha256=hashlib.sha256(data).hexdigest(), **options
    )


def test_html_page_gives_a_full_record():
    page = html_page(
        "Dockworkers strike in Hamburg",
        "Dockworkers in Hamburg walked out on Monday, the union said. Talks broke down on "
        "2 October 2023 after weeks of negotiations.\n\n" + PARAGRAPH,
        date="2023-10-10T07:45:00+02:00",
        site="Harbour Gazette",
        url="https://www.harbour.example/news/strike",
        author="Eleanor Quayle",
        keywords="unions, strikes, ports",
    )
    (record,) = build(page, user_tags=("my project",)).records
    assert record.title == "Dockworkers strike in Hamburg"
    assert record.date == datetime(2023, 10, 10, 5, 45, tzinfo=UTC)
    assert record.date_source == "meta"
    assert record.source == "Harbour Gazette"
    assert record.url == "https://www.harbour.example/news/strike"
    assert record.authors == ["Eleanor Quayle"]
    assert record.lang == "en"
    assert record.type == "html"
    # "ports": a keyword of the site that the article never names
    assert record.tags == ["my project", "unions", "strikes"]
    assert "Hamburg" in record.places
    assert "2023-10-02" in record.dates_mentioned
    assert "Home" not in record.body and "All rights reserved" not in record.body
    assert record.word_count == len(record.body.split())
    assert record.summary and len(record.summary) <= 600
    assert record.origin.sha256 and record.origin.size > 0


def test_same_url_gives_the_same_id_wherever_the_file_is():
    page = html_page("A", "Text of the article.", url="https://harbour.example/a")
    first = build(page, path="/one/a.html").records[0]
    second = build(page + " ", path="/two/b.html").records[0]
    assert first.id == second.id


def test_text_without_metadata_takes_title_and_date_from_what_it_has():
    text = (
        "Ferry timetable changes on the river\n\n"
        "The new timetable was announced on 3 March 2024 and starts on 1 April 2024. "
        "Ferries will run every hour."
    )
    (record,) = build(text, kind="text", path="/home/me/Ferry Notes/timetable.txt").records
    assert record.title == "Ferry timetable changes on the river"
    assert record.date.date().isoformat() == "2024-04-01"
    assert record.date_source == "text"
    assert record.source == ""  # a folder is never a source


def test_file_time_is_the_capture_time_never_the_publication_date():
    mtime = datetime(2021, 5, 6, tzinfo=UTC)
    (record,) = build(
        "Short note about nothing in particular",
        kind="text",
        path="/home/me/Downloads/note.txt",
        mtime=mtime,
    ).records
    assert record.source == ""
    assert (record.date, record.date_source, record.captured) == (None, None, mtime)


def test_warc_date_is_the_capture_time_not_the_publication_date():
    data = warc_bytes([("https://a.example/1", html_page("One", "An undated text here."))])
    (record,) = build(data, kind="warc", path="/crawl.warc.gz").records
    assert (record.date, record.date_source) == (None, None)
    assert record.captured is not None and record.captured.tzinfo is not None


def test_captured_round_trips_and_old_records_move_capture_dates_out_of_date():
    mtime = datetime(2021, 5, 6, 9, 30, tzinfo=UTC)
    (record,) = build("A note on ferries " * 5, kind="text", path="/n.txt", mtime=mtime).records
    assert Record.from_json(record.to_json()) == record
    old = record.to_dict() | {"date": mtime.isoformat(), "date_source": "file"}
    del old["captured"]
    again = Record.from_dict(old)
    assert (again.date, again.date_source, again.captured) == (None, None, mtime)


def test_insane_publication_years_are_dropped():
    page = html_page("Ferry", PARAGRAPH, date="9999-01-01T00:00:00Z")
    (record,) = build(page).records
    assert record.date is None or record.date.year < 9999
    assert sane_date(datetime(999, 1, 1, tzinfo=UTC)) is None
    assert sane_date(datetime(1999, 1, 1, tzinfo=UTC)).year == 1999


def test_json_export_fields_are_taken_as_given():
    obj = {
        "title": "Grid batteries",
        "body": "Batteries on the grid " * 20,
        "date": "2022-06-01T10:00:00Z",
        "url": "https://energy.example/grid",
        "tags": "energy; grid",
        "author": "Ada Lind and Bo Berg",
        "source": "Energy Ledger",
    }
    (record,) = build(json.dumps(obj), kind="json", path="/x/export.json").records
    assert (record.title, record.source, record.type) == ("Grid batteries", "Energy Ledger", "json")
    assert record.date_source == "export"
    assert record.authors == ["Ada Lind", "Bo Berg"]
    assert record.tags == ["energy", "grid"]


def test_warc_records_are_one_per_article_with_members():
    data = warc_bytes(
        [
            ("https://a.example/1", html_page("One", "First text here.")),
            ("https://a.example/2", html_page("Two", "Second text here.")),
        ]
    )
    result = build(data, kind="warc", path="/crawl.warc.gz")
    assert [r.title for r in result.records] == ["One", "Two"]
    assert all(r.type == "warc" and r.origin.member for r in result.records)
    assert len({r.id for r in result.records}) == 2


def test_a_page_without_text_is_rejected_not_dropped():
    result = build("<html><head><title>Empty</title></head><body><nav>Menu</nav></body></html>")
    assert result.records == []
    assert "no article text" in result.rejections[0].reason


def test_summary_ends_on_a_sentence():
    body = "First sentence here. " * 40
    assert summarize(body).endswith(".")
    assert len(summarize(body)) <= 300


def test_sources_come_from_front_matter_title_suffix_or_idna_domain_never_the_title():
    text = "---\ntitle: Ferry fares\nsource: Northern Ledger\n---\nFares rise in May."
    assert build(text, kind="text", path="/dev/a.md").records[0].source == "Northern Ledger"
    suffix = "<html><head><title>Ferry fares rise | Northern Ledger</title></head><body>"
    page = suffix + f"<h1>Ferry fares rise</h1><p>{PARAGRAPH}</p></body></html>"
    assert build(page, path="/dev/a.html").records[0].source == "Northern Ledger"
    idna = html_page("Fähre", PARAGRAPH, site="", url="https://www.xn--fhre-loa.example/a")
    assert build(idna).records[0].source == "fähre.example"
    same = html_page("Ferry fares rise", PARAGRAPH, site="Ferry fares rise", url=None)
    assert build(same, path="/dev/a.html").records[0].source == ""


def test_a_web_archive_copy_is_sourced_to_the_site_it_was_captured_from():
    copy = "https://web.archive.org/web/20130307194448/http://www.ferries.example/2013/fares.html"
    (record,) = build(html_page("Ferry fares rise", PARAGRAPH, site="", url=copy)).records
    assert record.source == "ferries.example"
    assert record.url == copy  # where it was saved from stays the record's address


def test_a_country_declared_as_site_name_gives_way_to_the_domain():
    page = html_page("Ferry fares rise", PARAGRAPH, site="U.S.", url="https://www.wire.example/a")
    assert build(page).records[0].source == "wire.example"
    city = html_page(
        "Ferry fares rise", PARAGRAPH, site="Fort Lauderdale", url="https://tv.example/b"
    )
    assert build(city).records[0].source == "tv.example"


def test_a_title_of_dots_gives_way_to_the_first_words():
    page = html_page("...", PARAGRAPH)
    (record,) = build(page).records
    assert record.title.strip(". …") and record.title != "..."


def test_json_export_keeps_its_date_and_takes_the_file_time_as_captured():
    mtime = datetime(2023, 1, 2, tzinfo=UTC)
    obj = {"title": "Grid", "body": "Batteries on the grid " * 5, "date": "2022-06-01"}
    (record,) = build(json.dumps(obj), kind="json", path="/x/e.json", mtime=mtime).records
    assert (record.date.date().isoformat(), record.date_source) == ("2022-06-01", "export")
    assert record.captured == mtime


def test_one_bad_field_is_dropped_with_a_warning_not_the_article():
    """Issue 22.13 and 22.5: a bad address or an oversized facet value rejected the article
    (or was stored as a facet value); now the field goes, the reason is a warning."""
    body = f"Officials met at the harbour on Monday. {PARAGRAPH}"
    items = [
        {"title": "Bad address", "url": "http://[::1", "body": body},
        {"title": "Book of a language", "lang": "x" * 100_000, "body": body},
        {"title": "Many tags", "tags": [f"t{n}" for n in range(10_000)], "body": body},
        {"title": "Huge author", "author": "A" * 1_000_000, "source": "S" * 5000, "body": body},
        {"title": "Good", "url": "https://ok.example/a", "lang": "pt-BR", "body": body},
    ]
    data = "\n".join(json.dumps(item) for item in items).encode()
    result = build(data, kind="json", path="/saved/export.jsonl")
    assert [r.title for r in result.records] == [i["title"] for i in items]
    assert result.rejections == []
    by_title = {r.title: r for r in result.records}
    assert by_title["Bad address"].url is None
    assert len(by_title["Book of a language"].lang or "") < 10
    assert len(by_title["Many tags"].tags) == 50
    assert by_title["Huge author"].authors == [] and len(by_title["Huge author"].source) < 300
    assert by_title["Good"].lang == "pt-BR" and by_title["Good"].url == "https://ok.example/a"
    reasons = [(w.member, w.reason) for w in result.warnings]
    assert any(m == "line 1" and "url dropped" in r for m, r in reasons)
    assert any(m == "line 2" and "lang dropped" in r for m, r in reasons), reasons
    assert any(m == "line 3" and "tags: 9950 of 10000 dropped" in r for m, r in reasons), reasons
    assert any(m == "line 4" and "source dropped" in r for m, r in reasons), reasons
    assert not any(m == "line 5" for m, _ in reasons)


def test_an_impossible_time_zone_keeps_the_article():
    page = html_page("Harbour report", f"Officials met.\n\n{PARAGRAPH}", url="https://h.ex/1")
    page = page.replace(
        "<head>",
        '<head><meta property="article:published_time" content="2023-05-02T08:00:00+99:99">',
        1,
    )
    result = build(page)
    assert [r.title for r in result.records] == ["Harbour report"] and not result.rejections


def test_soft_hyphens_leave_the_stored_body():
    long = "The wine then rests for twelve mon\u00adths in large oak bar\u00adrels in the cellar, "
    page = html_page("Harvest", long * 4 + "the winemaker said.\n\n" + PARAGRAPH)
    (record,) = build(page).records
    assert "months" in record.body and "\u00ad" not in record.body


def test_names_in_furniture_kept_in_the_body_are_no_tags():
    body = (
        "Dockworkers in Hamburg walked out on Monday, the union said, and talks broke down.\n\n"
        "You can contact the Harbour Gazette on Facebook, Twitter, Instagram or by email.\n\n"
        + PARAGRAPH
    )
    (record,) = build(html_page("Dockworkers strike", body)).records
    assert "Hamburg" in record.places
    assert not {"Facebook", "Twitter", "Instagram"} & set(record.orgs)
