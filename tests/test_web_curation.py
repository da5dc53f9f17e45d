"""The editors' forms (web/curation.py): corrections, rejections, the note, the trash; roles."""

from __future__ import annotations

import json
import re

import pytest

from archive import audit, corrections
from tests.support import login


def _first_with_places(archive):
    return _article(archive, "Hamburg dockworkers strike over automation")


def _article(archive, title: str = "Storm closes Aberdeen harbour"):
    """One of the test archive's articles, by its title (ids depend on the files' paths)."""
    return next(r for r in archive.iter_records() if r.title == title)


def _state(client, record_id: str) -> str:
    html = client.get(f"/articles/{record_id}").get_data(as_text=True)
    found = re.search(r'name="state" value="([^"]*)"', html)
    assert found, "the editor's form is not on the page"
    return (
        found[1]
        .replace("&#34;", '"')
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
    )


def _correct(client, record_id: str, state: str, **fields):
    """Post the correction form as a browser would: every field, as shown, but ``fields``."""
    data = {"state": state, **json.loads(state)["shown"], **fields}
    return client.post(f"/articles/{record_id}/correct", data=data)


def test_a_correction_is_shown_with_who_and_what_was_extracted(client, archive):
    record = _article(archive)
    response = _correct(client, record.id, _state(client, record.id), title="A better title")
    assert response.status_code == 303
    page = client.get(f"/articles/{record.id}").get_data(as_text=True)
    assert "<h1>A better title</h1>" in page
    assert "Title corrected by local on" in page
    assert f"(extracted: {record.title})" in page
    assert client.get(f"/api/articles/{record.id}").get_json()["title"] == "A better title"
    assert client.get("/api/search?q=title:better").get_json()["total"] == 1
    assert [e.action for e in audit.entries(archive)][:1] == ["record corrected"]


def test_two_editors_changing_different_fields_keep_both(client, archive):
    record = _article(archive)
    state = _state(client, record.id)  # both opened the page now
    _correct(client, record.id, state, title="T1")
    _correct(client, record.id, state, source="S2")
    shown_now = archive.get(record.id)
    assert (shown_now.title, shown_now.source) == ("T1", "S2")


def test_two_editors_changing_one_field_the_second_is_asked_again(client, archive):
    record = _article(archive)
    state = _state(client, record.id)
    _correct(client, record.id, state, title="T1")
    response = _correct(client, record.id, state, title="T2")
    assert response.status_code == 409
    assert "while you were editing" in response.get_data(as_text=True)
    assert archive.get(record.id).title == "T1"


def test_a_bad_date_is_explained(client, archive):
    record = _article(archive)
    response = _correct(client, record.id, _state(client, record.id), date="yesterday")
    assert response.status_code == 400
    assert "is not a date" in response.get_data(as_text=True)


def test_rejecting_an_automatic_tag_removes_it_from_page_and_search(client, archive):
    record = _first_with_places(archive)
    place = record.places[0]
    response = client.post(f"/articles/{record.id}/reject", data={"tag": f"place:{place}"})
    assert response.status_code == 303
    assert place not in archive.get(record.id).places
    found = client.get("/api/search", query_string={"q": f'place:"{place}"'}).get_json()
    assert record.id not in [h["id"] for h in found["hits"]]
    assert f"Automatic place tag “{place}” rejected" in client.get(
        f"/articles/{record.id}"
    ).get_data(as_text=True)


def test_a_note_is_read_and_searched(client, archive):
    record = _article(archive)
    state = _state(client, record.id)
    client.post(f"/articles/{record.id}/note", data={"state": state, "note": "check quokka"})
    assert "check quokka" in client.get(f"/articles/{record.id}").get_data(as_text=True)
    for q in ("note:quokka", "quokka"):
        hits = client.get("/api/search", query_string={"q": q}).get_json()["hits"]
        assert [h["id"] for h in hits] == [record.id]
    assert client.get(f"/api/articles/{record.id}").get_json()["note"] == "check quokka"


def test_delete_and_restore(client, archive):
    record = _article(archive)
    q = {"q": f'title:"{record.title.split()[0]}"'}
    before = client.get("/api/search", query_string=q).get_json()["total"]
    assert client.post(f"/articles/{record.id}/delete").status_code == 303
    page = client.get(f"/articles/{record.id}").get_data(as_text=True)
    assert "This article is in the trash" in page
    assert client.get("/api/search", query_string=q).get_json()["total"] == before - 1
    assert record.title in client.get("/articles/trash").get_data(as_text=True)
    client.post(f"/articles/{record.id}/restore", data={"next": "trash"})
    assert client.get("/api/search", query_string=q).get_json()["total"] == before
    assert archive.trashed(record.id) is None


def test_an_article_in_the_trash_is_marked_for_editors_and_gone_for_viewers(team_app):
    from archive import trash

    archive = team_app.extensions["news_archive"]
    record = _article(archive)
    editor, viewer = login(team_app, "eddie"), login(team_app, "vera")
    shown = editor.get(f"/api/articles/{record.id}").get_json()
    assert (shown["trashed"], shown["trashed_at"], shown["trashed_by"]) == (False, None, None)
    trash.move(archive, [record.id], "eddie")
    when, _ = archive.trashed(record.id)
    shown = editor.get(f"/api/articles/{record.id}").get_json()
    assert (shown["trashed"], shown["trashed_at"], shown["trashed_by"]) == (True, when, "eddie")
    assert editor.get(f"/articles/{record.id}").status_code == 200
    answer = viewer.get(f"/api/articles/{record.id}")
    assert answer.status_code == 410
    assert answer.get_json()["error"]["message"] == (
        f"Article {record.id} was moved to the trash on {when[:10]}: it is no longer shown. "
        "An editor can restore it."
    )
    for path in ("", "/original"):
        page = viewer.get(f"/articles/{record.id}{path}")
        assert page.status_code == 410 and "moved to the trash" in page.get_data(as_text=True)
    trash.restore(archive, [record.id], "eddie")
    assert viewer.get(f"/api/articles/{record.id}").get_json()["trashed"] is False


@pytest.mark.parametrize("path", ["correct", "reject", "note", "delete", "restore", "revert"])
def test_a_viewer_cannot_write(team_app, path):
    archive = team_app.extensions["news_archive"]
    record = _article(archive)
    viewer = login(team_app, "vera")
    response = viewer.post(f"/articles/{record.id}/{path}", data={"title": "x", "note": "x"})
    assert response.status_code == 403
    assert not corrections.current(archive, record.id)
    assert archive.trashed(record.id) is None


def test_a_viewer_reads_the_note_without_the_forms(team_app):
    archive = team_app.extensions["news_archive"]
    record = _article(archive)
    corrections.correct(archive, record.id, {"note": "for the desk"}, "eddie")
    page = login(team_app, "vera").get(f"/articles/{record.id}").get_data(as_text=True)
    assert "for the desk" in page
    assert 'name="state"' not in page and "Move to the trash" not in page
    editor_page = login(team_app, "eddie").get(f"/articles/{record.id}").get_data(as_text=True)
    assert "Move to the trash" in editor_page


def test_bulk_tag_shows_the_count_then_applies(client, archive):
    form = {"params": "q=Hamburg", "tag": "hamburg-file", "action": "add"}
    preview = client.post("/articles/bulk-tag", data=form)
    expected = client.get("/api/search?q=Hamburg").get_json()["exact_total"]
    assert preview.status_code == 200
    assert f"{expected} articles match this search" in preview.get_data(as_text=True)
    assert client.get("/api/search?q=tag:hamburg-file").get_json()["total"] == 0  # not yet
    stale = client.post("/articles/bulk-tag", data={**form, "confirm": "1", "count": "999"})
    assert "changed since you looked" in stale.get_data(as_text=True)
    done = client.post("/articles/bulk-tag", data={**form, "confirm": "1", "count": str(expected)})
    assert done.status_code == 303
    assert client.get("/api/search?q=tag:hamburg-file").get_json()["total"] == expected
