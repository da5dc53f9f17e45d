from datetime import UTC, datetime

from archive.records import Origin, Record, canonical_url, make_record_id


def test_record_round_trips_through_json():
    record = Record(
        id="abc",
        title="Port reopens",
        body="Text",
        type="html",
        origin=Origin(sha256="0" * 64, path="/x/a.html", size=10),
        date=datetime(2023, 9, 19, 8, 30, tzinfo=UTC),
        date_source="meta",
        places=["Aden"],
        dates_mentioned=["2023-09-19"],
    )
    again = Record.from_json(record.to_json())
    assert again == record
    assert again.date.tzinfo is not None


def test_canonical_url_ignores_case_fragment_scheme_and_www():
    assert canonical_url("http://WWW.Example.org/a/b/#top") == "https://example.org/a/b"
    assert canonical_url("https://example.org/a/b?x=1") == "https://example.org/a/b?x=1"
    assert canonical_url("file:///tmp/a.html") is None
    assert canonical_url(None) is None


def test_ids_are_stable_and_short():
    assert make_record_id("url:https://example.org/a") == make_record_id(
        "url:https://example.org/a"
    )
    assert len(make_record_id("x")) == 16
    assert make_record_id("a") != make_record_id("b")
