"""The JSON API against its OpenAPI document, and the CSV / JSON Lines exports."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from html import unescape

import pytest

from archive.search import FACET_NAMES

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


def validator(spec, name):
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_openapi_document_describes_search_and_articles(spec):
    assert spec["openapi"].startswith("3.")
    paths = {"/api/search", "/api/articles/{id}", "/search.csv", "/search.jsonl"}
    assert paths <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert params == {"q", "sort", "page", "n", "collapse", *FACET_NAMES}
    for schema in spec["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "port"},
        {"q": "port", "tag": ["ports", "energy"], "sort": "newest", "n": "2"},
        {"year": "2023", "month": "2023-11"},
        {"q": "zzyzzx"},
        {"q": "port", "page": "50"},
    ],
)
def test_search_output_validates_against_the_openapi_schema(client, spec, params):
    data = client.get("/api/search", query_string=params).get_json()
    validator(spec, "SearchResult").validate(data)


def test_search_api_gives_facet_toggle_urls_and_links(client):
    data = client.get("/api/search?q=port&n=2").get_json()
    assert data["params"] == {"q": "port", "n": "2"}
    tag = data["facets"]["tag"]["values"][0]
    assert tag["toggle_url"].startswith("http://localhost/api/search?q=port&tag=")
    assert data["links"]["html"] == "http://localhost/search?q=port&n=2"
    assert data["links"]["next"] == "http://localhost/api/search?q=port&page=2&n=2"
    assert data["links"]["prev"] is None
    hit = data["hits"][0]
    assert hit["article_url"] == f"http://localhost/api/articles/{hit['id']}"


def test_article_api_validates_and_links(client, spec):
    data = client.get("/api/search?q=port").get_json()
    for hit in data["hits"]:
        article = client.get(hit["article_url"]).get_json()
        validator(spec, "Article").validate(article)
        assert article["id"] == hit["id"] and article["body"]
        assert article["links"]["original"].endswith(f"/articles/{hit['id']}/original")


def test_the_article_api_says_who_claims_whose_address(claimed_address_app):
    """Issue 22.1: both records say it in the API: ``claims`` and ``claimed_by``, valid."""
    app, genuine, claimant = claimed_address_app
    client = app.test_client()
    spec = client.get("/api/openapi.json").get_json()
    article = client.get(f"/api/articles/{genuine}").get_json()
    validator(spec, "Article").validate(article)
    assert article["claims"] is None and article["claimed_url"] is None
    (other,) = article["claimed_by"]
    assert (other["id"], other["title"], other["source"]) == (
        claimant,
        "Cycle lane approved",
        "Spam Daily",
    )
    assert other["claimed_url"] == "https://www.coastpost.example/herring/#top"
    assert other["html_url"] == f"http://localhost/articles/{claimant}"
    article = client.get(other["article_url"]).get_json()
    validator(spec, "Article").validate(article)
    assert article["claimed_by"] == [] and article["claims"]["id"] == genuine
    assert article["claims"]["title"] == "Record herring catch in the bay"


def test_errors_validate_against_the_error_schema(client, spec):
    for url in (
        "/api/search?q=date%3Ayesterday",
        "/api/search?page=0",
        "/api/articles/0123456789abcdef",
    ):
        response = client.get(url)
        assert response.status_code in (400, 404)
        validator(spec, "Error").validate(response.get_json())


def test_csv_export_has_every_match_with_the_cap_stated(client):
    total = client.get("/api/search?q=port").get_json()["total"]
    response = client.get("/search.csv?q=port&page=2&n=2&collapse=0")  # page, n: no limits
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="search.csv"'
    assert response.headers["X-Total-Count"] == str(total)
    assert response.headers["X-Export-Limit"] == "10000"
    assert response.headers["X-Export-Truncated"] == "false"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == total
    assert len({r["id"] for r in rows}) == total
    assert all(r["article_url"].startswith("http://localhost/articles/") for r in rows)


def test_export_is_capped_and_says_so(app, client):
    app.extensions["settings"] = app.extensions["settings"].with_values(export_limit=3)
    response = client.get("/search.jsonl?q=port")
    lines = response.get_data(as_text=True).splitlines()
    assert len(lines) == 3
    assert response.headers["X-Export-Truncated"] == "true"
    assert response.headers["X-Export-Rows"] == "3"
    first = json.loads(lines[0])
    assert {"id", "title", "date", "source", "url", "tags", "snippet"} <= set(first)


def test_jsonl_order_matches_the_search_order(client):
    hits = client.get("/api/search?q=port&sort=oldest&n=100").get_json()["hits"]
    lines = client.get("/search.jsonl?q=port&sort=oldest").get_data(as_text=True).splitlines()
    assert [json.loads(line)["id"] for line in lines] == [h["id"] for h in hits]


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client):
    text = client.get("/search.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text  # the fixture's author, defused
    for row in csv.reader(io.StringIO(text)):
        assert not any(cell.startswith(("=", "+", "@")) for cell in row)


def test_bad_export_parameters_are_400(client):
    assert client.get("/search.csv?sort=x").status_code == 400
    response = client.get("/search.jsonl?q=date%3Ayesterday")
    assert response.status_code == 400 and "error" in response.get_json()


@contextlib.contextmanager
def wire_story_app(tmp_path, trashed: tuple[str, ...] = ()):
    """A test client over the wire story's archive (``tests.support.write_wire_story``),
    with the files named in ``trashed`` in the trash; yields (client, ids by file name)."""
    from app import create_app
    from archive import index_sync, trash
    from tests.support import app_settings, build_archive, wire_ids, write_wire_story

    names = write_wire_story(tmp_path / "saved")
    archive, _ = build_archive(tmp_path / "arc", tmp_path / "saved")
    ids = wire_ids(archive, names)
    if trashed:
        trash.move(archive, [ids[name] for name in trashed], "eddie")
        index_sync.index_pending(archive)  # as the delete button does
    archive.close()
    app = create_app(app_settings(tmp_path / "arc"))
    try:
        yield app.test_client(), ids
    finally:
        app.extensions["news_archive"].close()


def test_article_api_carries_its_story(tmp_path, spec):
    with wire_story_app(tmp_path) as (client, ids):
        data = client.get(f"/api/articles/{ids['orig.html']}").get_json()
        validator(spec, "Article").validate(data)
        story = data["story"]
        assert (story["copies"], story["versions"]) == (1, 1)
        assert story["first_seen"]["id"] == ids["orig.html"]
        kinds = {m["id"]: m["kind"] for m in story["members"]}
        assert kinds == {ids["copy.html"]: "copy", ids["version.html"]: "version"}
        assert all(0 < m["share"] <= 1 for m in story["members"])
        alone = client.get(f"/api/articles/{ids['other.html']}").get_json()
        validator(spec, "Article").validate(alone)
        assert alone["story"] is None


def test_an_article_in_the_trash_leaves_the_story_of_its_copies(tmp_path, spec):
    with wire_story_app(tmp_path, trashed=("orig.html",)) as (client, ids):
        data = client.get(f"/api/articles/{ids['copy.html']}").get_json()
        validator(spec, "Article").validate(data)
        assert [m["id"] for m in data["story"]["members"]] == [ids["version.html"]]
        assert data["story"]["first_seen"]["id"] == ids["copy.html"]
        assert data["trashed"] is False
        page = client.get(f"/articles/{ids['copy.html']}").get_data(as_text=True)
        assert "Also published by" in page and f"/articles/{ids['orig.html']}" not in page


#: The fixture has articles with all three words and more with some of them.
SOME_WORDS = "hamburg automation strike"


def test_exports_hold_only_the_articles_with_every_word_unless_partial(client):
    page = client.get("/api/search", query_string={"q": SOME_WORDS, "n": "100"}).get_json()
    exact = [h["id"] for h in page["hits"] if not h["partial"]]
    some = [h["id"] for h in page["hits"] if h["partial"]]
    assert exact and some, page  # both kinds, or this test proves nothing
    strict = client.get("/search.csv", query_string={"q": SOME_WORDS})
    rows = list(csv.DictReader(io.StringIO(strict.get_data(as_text=True))))
    assert [r["id"] for r in rows] == exact
    assert {r["partial"] for r in rows} == {"false"}
    assert strict.headers["X-Total-Count"] == str(len(exact))
    loose = client.get("/search.csv", query_string={"q": SOME_WORDS, "partial": "1"})
    rows = list(csv.DictReader(io.StringIO(loose.get_data(as_text=True))))
    assert [(r["id"], r["partial"]) for r in rows] == [(i, "false") for i in exact] + [
        (i, "true") for i in some
    ]
    lines = client.get("/search.jsonl", query_string={"q": SOME_WORDS, "partial": "1"})
    flags = [json.loads(line)["partial"] for line in lines.get_data(as_text=True).splitlines()]
    assert flags == [False] * len(exact) + [True] * len(some)


def test_a_malformed_partial_parameter_is_refused_with_a_message(client):
    response = client.get("/search.csv", query_string={"q": "port", "partial": "maybe"})
    assert response.status_code == 400
    assert "'partial' is 1" in unescape(response.get_data(as_text=True))


def test_the_search_deadline_comes_from_the_settings(web_archive_dir):
    """With time, a misspelling gets "did you mean"; past ARCHIVE_SEARCH_SECONDS it does not."""
    from app import create_app
    from tests.support import app_settings

    for seconds, suggested in ((3.0, True), (1e-9, False)):
        app = create_app(app_settings(web_archive_dir, search_seconds=seconds))
        try:
            data = app.test_client().get("/api/search?q=dockwrokers").get_json()
        finally:
            app.extensions["news_archive"].close()
        assert (data["suggestion"] is not None) is suggested, (seconds, data["suggestion"])


def test_exports_and_the_api_carry_each_hit_s_story(tmp_path):
    """Collapsed (the default), one row per story; collapse=0, every copy; each row says its
    story id, how many other articles ran it, how many outlets, and where it was first seen."""
    from tests.support import browser_client, wire_story_app

    with wire_story_app(tmp_path) as (app, ids):
        _check_story_fields(browser_client(app), ids)


def _check_story_fields(client, ids):
    data = client.get("/api/search?q=herring&sort=oldest").get_json()
    assert (data["total"], data["stories"], data["collapse"]) == (3, 1, True)
    (hit,) = data["hits"]
    assert hit["id"] == ids["orig.html"] and hit["copies"] == 2 and hit["outlets"] == 2
    assert (
        hit["first_seen"].startswith("2024-04-08T09:00")
        and hit["first_seen_outlet"] == "coast post"
    )
    response = client.get("/search.csv?q=herring&sort=oldest")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert response.headers["X-Total-Count"] == "1" and len(rows) == 1
    assert rows[0]["story_id"] == str(hit["story_id"]) and rows[0]["copies"] == "2"
    lines = client.get("/search.jsonl?q=herring&collapse=0").get_data(as_text=True).splitlines()
    stories_of = {json.loads(line)["id"]: json.loads(line)["story_id"] for line in lines}
    assert len(stories_of) == 3 and set(stories_of.values()) == {hit["story_id"]}
    alone = client.get(f"/api/search?story={hit['story_id']}&collapse=0").get_json()
    assert alone["params"] == {"story": [str(hit["story_id"])], "collapse": "0"}
    assert alone["total"] == len(alone["hits"]) == 3
