"""archive/corrections.py: the editors' layer survives reextract and reindex; rejections; conflicts."""

from __future__ import annotations

import pytest

from archive import audit, corrections, index_sync
from archive.search import SearchRequest, search
from indexer.reextract import reextract
from tests.support import PARAGRAPH, build_archive, html_page, write


@pytest.fixture
def two(tmp_path):
    files = tmp_path / "files"
    body = f"Recep Tayyip spoke in Ankara about the port.\n\n{PARAGRAPH}"
    write(
        files / "a.html",
        html_page(
            "Port talks in Ankara",
            body,
            date="2023-05-02T08:00:00Z",
            url="https://harbour.example/a",
            author="Ann Writer",
        ),
    )
    write(
        files / "b.html",
        html_page(
            "Second port story", body, date="2023-06-02T08:00:00Z", url="https://harbour.example/b"
        ),
    )
    archive, summary = build_archive(tmp_path / "archive", files)
    assert not summary.rejected
    a = next(r for r in archive.iter_records() if r.url.endswith("/a"))
    b = next(r for r in archive.iter_records() if r.url.endswith("/b"))
    yield archive, a, b
    archive.close()


def _ids(archive, q):
    return {h.record.id for h in search(archive, SearchRequest(q=q)).hits}


def test_corrections_are_kept_apart_and_survive_reextract_and_reindex(two):
    archive, a, _b = two
    changes = corrections.parse_edit(
        title="Corrected title",
        date="2020-01-02",
        authors=["B. Editor"],
        source="The Desk",
        lang="de",
        note="zebra remark",
        tags=["+mine"],
    )
    corrections.correct(archive, a.id, changes, "eddie")
    index_sync.index_pending(archive)
    assert archive.get_extracted(a.id).title == "Port talks in Ankara"  # the extraction kept
    for step in (lambda: None, lambda: reextract(archive), lambda: index_sync.reindex(archive)):
        step()
        shown = archive.get(a.id)
        assert (shown.title, shown.date.year, shown.authors, shown.source, shown.lang) == (
            "Corrected title",
            2020,
            ["B. Editor"],
            "The Desk",
            "de",
        )
        assert shown.date_source == "editor" and "mine" in shown.tags and shown.note
        assert shown.corrected["title"]["extracted"] == "Port talks in Ankara"
        assert _ids(archive, "title:corrected") == {a.id}
        assert _ids(archive, "note:zebra") == _ids(archive, "zebra") == {a.id}
        assert _ids(archive, "tag:mine") == {a.id}
        assert _ids(archive, "date:2020") == {a.id}


def test_every_correction_is_in_the_audit_log(two):
    archive, a, _b = two
    corrections.correct(archive, a.id, {"title": "T", "note": "n"}, "eddie")
    entries = [(e.action, e.user) for e in audit.entries(archive)]
    assert ("record corrected", "eddie") in entries and ("note written", "eddie") in entries


def test_a_rejected_tag_goes_from_one_article_or_everywhere(two):
    archive, a, b = two
    person = a.people[0]
    assert person == b.people[0]
    corrections.correct(archive, a.id, {corrections.reject_field(f"person:{person}"): True}, "e")
    index_sync.index_pending(archive)
    assert _ids(archive, f'person:"{person}"') == {b.id}
    assert corrections.reject_everywhere(archive, f"person:{person}", "e") == 2
    index_sync.index_pending(archive)
    assert _ids(archive, f'person:"{person}"') == set()
    reextract(archive)  # extracted again: still rejected
    assert person in archive.get_extracted(b.id).people
    assert person not in archive.get(b.id).people
    assert _ids(archive, f'person:"{person}"') == set()


def test_a_field_changed_meanwhile_is_not_overwritten(two):
    archive, a, _b = two
    seen = {}  # both editors opened the article before any correction
    corrections.correct(archive, a.id, {"title": "First"}, "ann", seen=seen)
    corrections.correct(archive, a.id, {"source": "Other"}, "bob", seen=seen)  # another field
    with pytest.raises(corrections.ConflictError, match="while you were editing"):
        corrections.correct(archive, a.id, {"title": "Second"}, "bob", seen=seen)
    assert (archive.get(a.id).title, archive.get(a.id).source) == ("First", "Other")


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"date": "2023-02-30"}, "is not a date"),
        ({"date": "0001-01-01"}, "outside the years"),
        ({"title": "  "}, "1 to 500"),
        ({"lang": "english"}, "not a language code"),
        ({"tags": ["mine"]}, "to add a tag"),
        ({"rejects": ["planet:Mars"]}, "KIND:NAME"),
    ],
)
def test_bad_corrections_are_explained(kwargs, message):
    with pytest.raises(corrections.CorrectionError, match=message):
        corrections.parse_edit(**kwargs)


def test_rejecting_a_tag_the_article_does_not_have_is_explained(two):
    archive, a, _b = two
    with pytest.raises(corrections.CorrectionError, match="not an automatic tag"):
        corrections.correct(archive, a.id, {"reject:place:Atlantis": True}, "e")
