import json

import pytest

from indexer.readers import Rejection, SourceItem, find_files, kind_of, read_items
from tests.support import html_page, warc_bytes, write


@pytest.mark.parametrize(
    "name, kind",
    [
        ("a.html", "html"),
        ("A.HTM", "html"),
        ("b.txt", "text"),
        ("c.md", "text"),
        ("d.warc", "warc"),
        ("e.warc.gz", "warc"),
        ("f.jsonl", "json"),
        ("g.json", "json"),
        ("h.pdf", None),
        ("i.tsv", None),
    ],
)
def test_kind_of(tmp_path, name, kind):
    assert kind_of(tmp_path / name) == kind


def test_find_files_recurses_sorted_and_skips_hidden(tmp_path):
    write(tmp_path / "b" / "two.html", "x")
    write(tmp_path / "a" / "one.txt", "x")
    write(tmp_path / ".git" / "config.txt", "x")
    write(tmp_path / ".DS_Store", "x")
    write(tmp_path / "notes.pdf", "x")
    found = [(p.relative_to(tmp_path).as_posix(), k) for p, k in find_files([tmp_path])]
    assert found == [("notes.pdf", None), ("a/one.txt", "text"), ("b/two.html", "html")]


def test_html_and_text_are_one_article_each():
    (item,) = read_items("html", html_page("T", "Body").encode())
    assert isinstance(item, SourceItem) and item.kind == "html"
    (empty,) = read_items("text", b"  \n ")
    assert isinstance(empty, Rejection) and "empty" in empty.reason


@pytest.mark.parametrize("gz", [True, False])
def test_warc_gives_one_item_per_html_response(gz):
    data = warc_bytes(
        [
            ("https://example.org/a", html_page("A", "Alpha")),
            ("https://example.org/b", html_page("B", "Beta")),
        ],
        gz=gz,
    )
    items = list(read_items("warc", data))
    assert [i.url for i in items] == ["https://example.org/a", "https://example.org/b"]
    assert all(i.kind == "html" and i.fetched.year == 2024 for i in items)
    assert items[0].member != items[1].member
    assert b"Alpha" in items[0].data and items[0].charset == "utf-8"


def test_broken_warc_is_rejected_with_reason():
    (item,) = read_items("warc", b"this is not a warc file at all")
    assert isinstance(item, Rejection)
    assert "WARC" in item.reason


def test_warc_without_html_is_rejected():
    data = warc_bytes([])
    (item,) = read_items("warc", data)
    assert isinstance(item, Rejection) and "no HTML" in item.reason


def test_jsonl_export_rejects_bad_lines_and_keeps_going():
    lines = [
        json.dumps({"title": "One", "body": "First text", "url": "https://e.org/1"}),
        "{not json",
        json.dumps({"title": "No body"}),
        json.dumps(["a list"]),
        json.dumps({"title": "Two", "text": "Second text"}),
    ]
    items = list(read_items("json", "\n".join(lines).encode()))
    good = [i for i in items if isinstance(i, SourceItem)]
    bad = [i for i in items if isinstance(i, Rejection)]
    assert [g.data["title"] for g in good] == ["One", "Two"]
    assert good[0].url == "https://e.org/1"
    assert [b.member for b in bad] == ["line 2", "line 3", "line 4"]
    assert "no article text" in bad[1].reason


def test_json_array_and_wrapped_exports():
    plain = json.dumps([{"title": "A", "body": "x"}]).encode()
    wrapped = json.dumps({"articles": [{"title": "B", "content": "y"}]}).encode()
    assert [i.data["title"] for i in read_items("json", plain)] == ["A"]
    assert [i.data["title"] for i in read_items("json", wrapped)] == ["B"]
    (bad,) = read_items("json", b'{"title": ')
    assert isinstance(bad, Rejection) and "invalid JSON" in bad.reason
