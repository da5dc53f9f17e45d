"""archive.search.serialize: a result as JSON, hits as CSV cells and JSON lines."""

import json

import pytest

from archive.search import SearchRequest, search
from archive.search.serialize import (
    CSV_COLUMNS,
    csv_cell,
    csv_cells,
    dict_params,
    export_row,
    jsonl_line,
    result_to_dict,
)
from tests.test_search_run import archive  # noqa: F401 - the module's archive fixture


def url_for(request: SearchRequest) -> str:
    return "/s?" + request.query_string()


def test_facet_values_serialize_their_own_toggle(archive):  # noqa: F811
    result = search(archive, SearchRequest.from_params({"q": "port", "tag": "ports"}))
    data = result_to_dict(result, url_for=url_for)
    for facet in result.facets:
        values = data["facets"][facet.name]["values"]
        assert [v["toggle_url"] for v in values] == [url_for(v.toggle) for v in facet.values]
        assert [(v["value"], v["count"], v["selected"]) for v in values] == [
            (v.value, v.count, v.selected) for v in facet.values
        ]
    bare = result_to_dict(result)
    assert all("toggle_url" not in v for f in bare["facets"].values() for v in f["values"])
    assert "facets" not in result_to_dict(result, facets=False)


def test_a_bucket_links_to_its_period_and_a_selected_one_to_the_search_itself(archive):  # noqa: F811
    request = SearchRequest.from_params({"q": "port", "year": "2023", "month": "2023-09"})
    data = result_to_dict(search(archive, request), url_for=url_for)
    assert data["timeline"]["unit"] == "day"
    day = next(b for b in data["timeline"]["buckets"] if b["count"])
    narrowed = request.with_query(f"port date:{day['label']}")
    assert day["url"] == url_for(narrowed)
    again = result_to_dict(search(archive, narrowed), url_for=url_for)
    (same,) = [b for b in again["timeline"]["buckets"] if b["label"] == day["label"]]
    assert same["url"] == url_for(narrowed)


def test_params_give_a_list_per_facet():
    request = SearchRequest.from_params({"q": "port", "place": ["Aden", "Djibouti"], "n": "25"})
    assert dict_params(request) == {"q": "port", "place": ["Aden", "Djibouti"], "n": "25"}


@pytest.mark.parametrize(
    "value, cell",
    [
        (None, ""),
        (["a", "b"], "a; b"),
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        (0.5, "0.5"),
    ],
)
def test_csv_cells_are_text_that_never_runs_as_a_formula(value, cell):
    assert csv_cell(value) == cell


def test_export_rows_as_csv_cells_and_json_lines(archive):  # noqa: F811
    (hit, *_) = search(archive, SearchRequest.from_params({"q": "port"})).hits
    row = export_row(hit, "https://example.org/articles/x")
    cells = csv_cells(row)
    assert len(cells) == len(CSV_COLUMNS) and cells[-1] == "https://example.org/articles/x"
    assert cells[CSV_COLUMNS.index("title")] == hit.record.title
    line = jsonl_line(row)
    assert line.endswith("\n") and json.loads(line) == json.loads(json.dumps(row))
