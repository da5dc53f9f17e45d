import io
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


def test_json_lines_stream_from_where_a_part_stopped():
    from indexer.readers.json import stream

    text = "\n".join(json.dumps({"title": f"T{n}", "body": f"Body {n}"}) for n in range(4))
    data = ("\ufeff" + text.replace("\n", "\n\n", 1) + "\n").encode()
    everything = list(stream(io.BytesIO(data)))
    assert [at.line for at, _ in everything] == [1, 2, 3, 4, 5]
    assert everything[1][1] is None  # the blank line
    at, third = everything[3]
    rest = list(stream(io.BytesIO(data), at))
    assert [item.member for _, item in rest] == ["line 4", "line 5"]
    assert rest[0][1].data == third.data


def test_a_bad_json_line_is_rejected_alone_however_bad():
    from indexer.readers import MAX_ARTICLE_BYTES

    good = json.dumps({"body": "Kept"}).encode()
    huge = b'{"body": "' + b"x" * (MAX_ARTICLE_BYTES + 10) + b'"}'
    items = list(read_items("json", b"\n".join([good, b"\xff\xfe{}", huge, good])))
    assert [(i.member, type(i).__name__) for i in items] == [
        ("line 1", "SourceItem"),
        ("line 2", "Rejection"),
        ("line 3", "Rejection"),
        ("line 4", "SourceItem"),
    ]
    assert "UTF-8" in items[1].reason and "longer than 20 MB" in items[2].reason


@pytest.mark.parametrize(
    "text, lines",
    [
        ('[{"body": "x"},\n{"body": "y"}]', False),
        ('{"articles": [\n  {"body": "x"}]}', False),
        ('{"body": "x"}\n{"body": "y"}', True),
        ('\n\n {"body": "x"}', False),
        ("not json\nat all", True),
    ],
)
def test_json_lines_or_one_document(text, lines):
    from indexer.readers.json import is_lines

    assert is_lines(io.BytesIO(text.encode())) is lines


def test_a_json_document_over_its_limit_is_refused():
    from indexer.readers.json import MAX_DOCUMENT_BYTES

    data = b'[{"body": "x"}' + b" " * MAX_DOCUMENT_BYTES + b"]"
    (item,) = read_items("json", data)
    assert isinstance(item, Rejection) and "save it as JSON Lines" in item.reason


def test_warc_stream_from_a_record_offset():
    from indexer.readers.warc import stream

    pages = [(f"https://example.org/{n}", html_page(f"P{n}", f"Text {n}")) for n in range(3)]
    data = warc_bytes(pages)
    everything = [(at, item) for at, item in stream(io.BytesIO(data)) if item is not None]
    assert [item.url for _, item in everything] == [url for url, _ in pages]
    at, second = everything[1]
    assert at.offset == int(second.member)
    rest = [item.url for _, item in stream(io.BytesIO(data), at) if item is not None]
    assert rest == ["https://example.org/1", "https://example.org/2"]


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
