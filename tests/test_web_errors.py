"""Error pages and JSON errors: a damaged archive.db under a running app (issue 22).

The archive.db of a real app is truncated (or deleted) while the app runs: every page answers
503 saying what to run on the server, the API a JSON error, never a traceback or a 500; after
`archive rebuild` the same app answers again without a restart.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import main

PAGES = [
    "/",
    "/search?q=port",
    "/articles/{id}",
    "/articles/{id}/original",
    "/saved",
    "/search.csv?q=port",
    "/search.atom?q=port",
]
API = ["/api/search?q=port", "/api/articles/{id}", "/api/openapi.json"]


def _truncate_half(path) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def _record_id(app) -> str:
    return next(app.extensions["news_archive"].iter_records()).id


def _assert_clear_page(response) -> None:
    text = response.get_data(as_text=True)
    assert response.status_code == 503, (response.status_code, text[:300])
    assert "Archive database damaged" in text and "Traceback" not in text
    assert "archive check" in text and "archive rebuild" in text


@pytest.mark.parametrize("page", PAGES)
def test_a_truncated_database_under_a_running_app_is_a_503_page(app, client, page):
    record_id = _record_id(app)
    assert client.get("/search?q=port").status_code == 200  # connections open, pages read
    _truncate_half(app.extensions["settings"].archive_dir / "archive.db")
    response = client.get(page.format(id=record_id))
    _assert_clear_page(response)
    assert response.mimetype == "text/html"


@pytest.mark.parametrize("route", API)
def test_a_truncated_database_is_a_json_error_in_the_api(app, client, route):
    record_id = _record_id(app)
    assert client.get("/api/search?q=port").status_code == 200
    _truncate_half(app.extensions["settings"].archive_dir / "archive.db")
    response = client.get(route.format(id=record_id))
    assert response.status_code == 503 and response.is_json, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["status"] == 503 and error["title"] == "Archive database damaged"
    assert "archive check" in error["message"] and "archive rebuild" in error["message"]


def test_saving_into_a_truncated_database_is_a_503_not_a_500(app, client):
    client.get("/saved")
    _truncate_half(app.extensions["settings"].archive_dir / "archive.db")
    _assert_clear_page(client.post("/saved", data={"name": "harbour", "params": "q=port"}))


def test_a_deleted_database_is_a_503_and_no_empty_one_is_created(app, client):
    folder = app.extensions["settings"].archive_dir
    (folder / "archive.db").unlink()
    for name in ("archive.db-wal", "archive.db-shm"):
        (folder / name).unlink(missing_ok=True)
    app.extensions["news_archive"].disconnect()  # as a server thread that had not opened it yet
    _assert_clear_page(client.get("/search?q=port"))
    assert client.get("/api/search?q=port").status_code == 503
    assert not (folder / "archive.db").exists()


def test_after_rebuild_the_running_app_answers_again(app, client):
    record_id = _record_id(app)
    before = client.get(f"/api/articles/{record_id}").get_json()
    folder = app.extensions["settings"].archive_dir
    _truncate_half(folder / "archive.db")
    _assert_clear_page(client.get(f"/articles/{record_id}"))
    result = CliRunner().invoke(main, ["--archive", str(folder), "rebuild"])
    assert result.exit_code == 0, result.output
    response = client.get(f"/api/articles/{record_id}")
    assert response.status_code == 200 and response.get_json() == before
    assert client.get("/search?q=port").status_code == 200
