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
        ("h.pdf", "pdf"),
        ("j.mhtml", "mhtml"),
        ("k.MHT", "mhtml"),
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
    write(tmp_path / "notes.tsv", "x")
    found = [(p.relative_to(tmp_path).as_posix(), k) for p, k in find_files([tmp_path])]
    assert found == [("notes.tsv", None), ("a/one.txt", "text"), ("b/two.html", "html")]


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


# ---------------------------------------------------------------- MHTML and PDF
def test_mhtml_gives_its_html_part_in_its_charset():
    from tests.support import mhtml_bytes

    page = html_page("Grüße aus Köln", "Die Straße am Rhein war gesperrt.").replace(
        '<meta charset="utf-8">', ""
    )
    (item,) = read_items("mhtml", mhtml_bytes(page, charset="iso-8859-1"))
    assert isinstance(item, SourceItem) and item.kind == "html"
    assert item.url == "https://news.example/page" and item.charset == "iso-8859-1"
    text = item.data.decode("utf-8-sig")
    assert "Grüße aus Köln" in text and "Straße" in text and "iVBOR" not in text


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "the file is empty"),
        (b"Subject: x\r\n\r\njust text", "not an MHTML file"),
        (
            b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
            b"Content-Type: image/png\r\n\r\nxx\r\n--b--\r\n",
            "holds no HTML part",
        ),
    ],
)
def test_bad_mhtml_is_rejected_with_a_reason(data, reason):
    (item,) = read_items("mhtml", data)
    assert isinstance(item, Rejection) and reason in item.reason


def test_pdf_text_layer_with_its_title():
    from tests.support import pdf_bytes

    data = pdf_bytes(
        ["Flood barrier opens in Hull", "The barrier held back the tide."], title="Hull flood"
    )
    (item,) = read_items("pdf", data)
    assert isinstance(item, SourceItem) and item.kind == "text"
    text = item.data.decode("utf-8")
    assert text.startswith("Hull flood\n\n") and "The barrier held back the tide." in text


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"%PDF-1.4\nnot really", "not a readable PDF"),
        (None, "has no text layer"),
    ],
)
def test_bad_pdf_is_rejected_with_a_reason(data, reason):
    from tests.support import pdf_bytes

    (item,) = read_items("pdf", data if data is not None else pdf_bytes([], text=False))
    assert isinstance(item, Rejection) and reason in item.reason


def test_pdf_and_mhtml_are_indexed_with_their_types_and_a_bad_one_does_not_stop_the_batch(tmp_path):
    from tests.support import PARAGRAPH, build_archive, mhtml_bytes, pdf_bytes

    folder = tmp_path / "saved"
    write(
        folder / "report.pdf",
        pdf_bytes(["Harbour report", PARAGRAPH[:80], PARAGRAPH[80:]], title="Harbour report"),
    )
    write(folder / "page.mhtml", mhtml_bytes(html_page("Saved as one file", PARAGRAPH)))
    write(folder / "broken.pdf", b"%PDF-1.4\ngarbage")
    archive, summary = build_archive(tmp_path / "arc", folder)
    data = summary.to_dict()
    assert data["indexed"] == 2
    assert [r["path"].rsplit("/", 1)[1] for r in data["rejected_files"]] == ["broken.pdf"]
    types = {r.title: r.type for r in archive.iter_records()}
    assert types == {"Harbour report": "pdf", "Saved as one file": "mhtml"}
    for record in archive.iter_records():  # the originals are kept byte for byte
        assert (
            archive.read_original(record.origin.sha256)
            == (folder / record.origin.path.rsplit("/", 1)[1]).read_bytes()
        )
    archive.close()
