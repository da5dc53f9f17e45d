"""The formats table: kinds by file name, media types, and a reader for every row."""

import pytest

from archive import formats
from archive.records import RECORD_TYPES
from indexer.readers import read_items, reader_for


@pytest.mark.parametrize(
    "name, kind",
    [
        ("a.HTML", "html"),
        ("a.xhtml", "html"),
        ("notes.md", "text"),
        ("crawl.warc.gz", "warc"),
        ("crawl.WARC", "warc"),
        ("export.ndjson", "json"),
        ("page.mht", "mhtml"),
        ("paper.pdf", "pdf"),
        ("archive.tar.gz", None),
        ("README", None),
    ],
)
def test_kind_by_file_name(name, kind):
    assert formats.kind_of(name) == kind


def test_every_format_has_a_reader_module_and_is_a_record_type():
    for fmt in formats.FORMATS:
        assert callable(reader_for(fmt.kind)), fmt.kind
    assert RECORD_TYPES == formats.KINDS
    assert reader_for("epub") is None
    assert list(read_items("epub", b"x"))[0].reason == "unsupported format 'epub'"


def test_media_types_of_originals_and_articles():
    assert formats.media_type_of_original("export.jsonl") == "application/x-ndjson"
    assert formats.media_type_of_original("page.mhtml") == "multipart/related"
    assert formats.media_type_of_original("notes.markdown") is None  # the article's type serves
    assert formats.BY_KIND["warc"].media_type == "text/html"
    assert [f.kind for f in formats.FORMATS if f.container] == ["warc", "json"]


def test_describe_names_every_format_for_help_texts():
    assert formats.describe() == "HTML, text, Markdown, WARC, JSON/JSONL, MHTML, PDF"
