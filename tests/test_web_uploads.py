"""web.uploads: the upload page and POST /api/articles (SingleFile's "upload to a REST Form API")."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
import uuid

import pytest

from archive import accounts, audit
from archive.search import SearchRequest, search
from tests.support import add_team, app_settings, html_page, login, serve_app, wait_for

BODY = (
    "The storm closed the harbour of Port Elin on Monday night.\n\n"
    + "Ships waited outside the port for two days while crews repaired the cranes. " * 6
)
PAGE_URL = "https://harbour.example/news/storm-closes-port-elin"


def singlefile_page(title: str = "Storm closes Port Elin harbour", body: str = BODY) -> bytes:
    """A page as SingleFile saves it: its comment names the address; no canonical link."""
    page = html_page(title, body, date="2026-12-07T08:00:00Z")
    comment = (
        f"<!--\n Page saved with SingleFile \n url: {PAGE_URL} \n"
        " saved date: Mon Dec 07 2026 19:20:00 GMT+0000 (Coordinated Universal Time)\n-->"
    )
    return page.replace('<html lang="en">', f'<html lang="en">{comment}', 1).encode()


def singlefile_request(url: str, token: str, data: bytes, filename: str) -> urllib.request.Request:
    """The request SingleFile's RestFormApi.upload() makes with fetch(): a FormData body with the
    page under the "archive data field name" (a Blob with the saved file's name, text/html) and
    the tab's address under the "archive URL field name"; headers Authorization: Bearer TOKEN
    and Accept: application/json; sent from the extension's own origin."""
    boundary = f"----WebKitFormBoundary{uuid.uuid4().hex[:16]}"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
            "\r\nContent-Type: text/html\r\n\r\n"
        ).encode()
        + data
        + (
            f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="url"\r\n\r\n{PAGE_URL}'
            f"\r\n--{boundary}--\r\n"
        ).encode()
    )
    return urllib.request.Request(
        f"{url}/api/articles",
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Origin": "chrome-extension://mpiodijhokgodhhofbcjdecpffjipkle",
            "Sec-Fetch-Site": "none",
            "Sec-Fetch-Mode": "cors",
        },
    )


def send(request) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def team(tmp_path):
    from app import create_app

    app = create_app(app_settings(tmp_path / "archive", testing=False))
    add_team(app.extensions["news_archive"])
    yield app
    app.extensions["uploader"].close()
    app.extensions["news_archive"].close()


def assert_valid(spec: dict, answer: dict) -> None:
    """The answer is what the OpenAPI document says it is."""
    import jsonschema

    schema = {"$ref": "#/components/schemas/UploadResult", "components": spec["components"]}
    jsonschema.Draft202012Validator(schema).validate(answer)


def searchable_soon(archive, query: str, ids: list[str], seconds: float = 15.0) -> bool:
    """Whether the search finds exactly ``ids`` within ``seconds`` (the grouped commit's
    delay is half a second; the machine may be loaded)."""
    return wait_for(
        lambda: [hit.record.id for hit in search(archive, SearchRequest(q=query)).hits] == ids,
        seconds,
    )


def token_of(app, name: str) -> str:
    return accounts.create_token(app.extensions["news_archive"], name, "SingleFile")[1]


def test_singlefile_rest_form_upload_is_indexed_then_a_duplicate_then_an_update(team):
    archive = team.extensions["news_archive"]
    token = token_of(team, "eddie")
    name = "Storm closes Port Elin harbour (12_7_2026 7_20_00 PM).html"
    with serve_app(team) as url:
        status, answer = send(singlefile_request(url, token, singlefile_page(), name))
        assert status == 201, answer
        assert answer["status"] == "indexed" and answer["file"] == name
        record = archive.get(answer["id"])
        assert record.url == PAGE_URL  # the url field: the page names no address itself
        assert answer["html_url"] == f"{url}/articles/{record.id}"
        assert answer["article_url"] == f"{url}/api/articles/{record.id}"
        assert answer["summary"]["indexed"] == 1
        spec = json.loads(
            urllib.request.urlopen(
                urllib.request.Request(
                    f"{url}/api/openapi.json", headers={"Authorization": f"Bearer {token}"}
                )
            ).read()
        )
        assert_valid(spec, answer)
        assert searchable_soon(archive, '"Port Elin"', [record.id])  # one shared commit later

        status, again = send(singlefile_request(url, token, singlefile_page(), name))
        assert (status, again["status"], again["id"]) == (200, "duplicate", record.id)

        edited = singlefile_page(body=BODY + "\n\nThe port reopened on Thursday.")
        status, update = send(singlefile_request(url, token, edited, name))
        assert (status, update["status"], update["id"]) == (200, "updated", record.id)
        assert "reopened on Thursday" in archive.get(record.id).body
        assert len(archive.versions(record.id)) == 2  # every version's original is kept
    uploads = [e for e in audit.entries(archive) if e.action == "upload"]
    assert [e.user for e in uploads] == ["eddie"] * 3
    assert "indexed" in uploads[-1].detail and record.id in uploads[-1].detail
    assert uploads[0].address == "127.0.0.1"


def test_a_page_that_names_its_address_keeps_it_over_the_url_field(team):
    token = token_of(team, "eddie")
    page = html_page("Ferry timetable", BODY, url="https://harbour.example/ferry").encode()
    with serve_app(team) as url:
        status, answer = send(singlefile_request(url, token, page, "Ferry.html"))
    assert status == 201
    assert team.extensions["news_archive"].get(answer["id"]).url == "https://harbour.example/ferry"


def test_a_token_pasted_with_its_bearer_prefix_still_works(team):
    """SingleFile adds "Bearer " itself; people often paste it too."""
    token = token_of(team, "eddie")
    with serve_app(team) as url:
        status, answer = send(
            singlefile_request(url, f"Bearer {token}", singlefile_page(), "a.html")
        )
    assert status == 201, answer


@pytest.mark.parametrize(
    ("who", "status", "words"),
    [("vera", 403, "needs editor rights"), (None, 401, "not valid")],
)
def test_only_an_editors_token_may_save(team, who, status, words):
    token = token_of(team, who) if who else "na_wrong"
    with serve_app(team) as url:
        code, answer = send(singlefile_request(url, token, singlefile_page(), "a.html"))
    assert code == status and words in answer["error"]["message"]
    assert team.extensions["news_archive"].count() == 0


def post(client, files, token=None, **fields):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = {"file": [(io.BytesIO(data), name) for name, data in files], **fields}
    return client.post("/api/articles", data=data, headers=headers)


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ([("page.zip", b"PK\x03\x04zipped")], "not an article format (.zip)"),
        ([("empty.html", b"")], "the file is empty"),
        ([("picture.html", b"\x89PNG\r\n\x1a\n" + bytes(200))], "binary content"),
        ([("blank.html", b"<html><body></body></html>")], "no article text"),
    ],
)
def test_a_rejected_file_gets_422_with_its_reason(team, files, reason):
    answer = post(team.test_client(), files, token_of(team, "eddie"))
    assert answer.status_code == 422
    data = answer.get_json()
    assert data["status"] == "rejected" and reason in data["reason"]
    assert reason in data["error"]["message"]
    assert_valid(
        team.test_client()
        .get("/api/openapi.json", headers={"Authorization": f"Bearer {token_of(team, 'eddie')}"})
        .get_json(),
        data,
    )


def test_refused_uploads_get_a_clear_json_error(tmp_path):
    from app import create_app

    app = create_app(app_settings(tmp_path / "a", max_request_bytes=50_000, upload_max_files=2))
    add_team(app.extensions["news_archive"])
    client, token = app.test_client(), token_of(app, "eddie")
    try:
        big = post(client, [("big.html", b"x" * 60_000)], token)
        assert big.status_code == 413
        assert "larger than this archive accepts" in big.get_json()["error"]["message"]
        many = post(client, [(f"{n}.html", singlefile_page()) for n in range(3)], token)
        assert many.status_code == 413 and "at most 2" in many.get_json()["error"]["message"]
        none = client.post(
            "/api/articles", data={"url": PAGE_URL}, headers={"Authorization": f"Bearer {token}"}
        )
        assert none.status_code == 400 and "archive data field name" in none.get_data(as_text=True)
    finally:
        app.extensions["uploader"].close()
        app.extensions["news_archive"].close()


def test_the_upload_form_without_javascript_indexes_many_files_with_a_summary(team):
    eddie = login(team, "eddie")
    page = eddie.get("/upload")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.get_data(
        as_text=True
    )
    files = [
        (io.BytesIO(singlefile_page()), "storm.html"),
        (io.BytesIO(html_page("Ferry timetable", BODY).encode()), "ferry.html"),
        (io.BytesIO(b"PK\x03\x04"), "bundle.zip"),
    ]
    answer = eddie.post("/upload", data={"file": files, "tag": "harbour"})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "3 files: 2 indexed, 0 updated, 0 duplicates, 1 rejected." in " ".join(text.split())
    assert "not an article format (.zip)" in text
    archive = team.extensions["news_archive"]
    assert all("harbour" in r.tags for r in archive.iter_records())
    assert len([e for e in audit.entries(archive) if e.action == "upload"]) == 3


def test_viewers_get_no_upload_page(team):
    vera = login(team, "vera")
    assert vera.get("/upload").status_code == 403
    assert vera.post("/upload", data={"file": (io.BytesIO(b"x"), "a.html")}).status_code == 403
    assert "Add articles" not in vera.get("/search").get_data(as_text=True)
    assert "Add articles" in login(team, "eddie").get("/search").get_data(as_text=True)


def test_a_refused_upload_on_the_page_is_a_clear_page(tmp_path):
    from app import create_app

    app = create_app(app_settings(tmp_path / "a", max_request_bytes=50_000))
    add_team(app.extensions["news_archive"])
    try:
        eddie = login(app, "eddie")
        answer = eddie.post("/upload", data={"file": (io.BytesIO(b"x" * 60_000), "big.html")})
        assert answer.status_code == 413
        assert "larger than this archive accepts" in answer.get_data(as_text=True)
        empty = eddie.post("/upload", data={})
        assert empty.status_code == 400 and "The upload was refused" in empty.get_data(as_text=True)
    finally:
        app.extensions["uploader"].close()
        app.extensions["news_archive"].close()
