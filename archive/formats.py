"""The input formats: one row per kind of saved file the archive reads.

Each row says which file names are of that kind (suffixes, each with the media
type its original is served as), the media type of an article read from it,
whether one file holds many articles (a container) or one, and a label for
people. The kind is also the record's ``type`` (the "type" facet) and the name
of its reader in ``indexer/readers/``. Adding a format means one row here and
one reader module there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True)
class Format:
    """One kind of saved file."""

    kind: str
    label: str
    #: suffix (lower case, with its dot) -> the media type its original is served as
    suffixes: dict[str, str]
    #: the media type of an article read from such a file (``Origin.media_type``)
    media_type: str
    #: True when one file holds many articles (a WARC, a JSON export)
    container: bool = False
    #: True when the file's bytes are the article's own text or markup: checked for binary
    #: content and cut to the extraction limit before they are read
    text_bytes: bool = False


FORMATS: tuple[Format, ...] = (
    Format(
        "html",
        "HTML",
        {".html": "text/html", ".htm": "text/html", ".xhtml": "", ".shtml": ""},
        "text/html",
        text_bytes=True,
    ),
    Format(
        "text",
        "text, Markdown",
        {".txt": "text/plain", ".text": "", ".md": "text/markdown", ".markdown": ""},
        "text/plain",
        text_bytes=True,
    ),
    Format(
        "warc",
        "WARC",
        {".warc": "application/warc", ".warc.gz": ""},
        "text/html",
        container=True,
    ),
    Format(
        "json",
        "JSON/JSONL",
        {".json": "application/json", ".jsonl": "application/x-ndjson", ".ndjson": ""},
        "application/json",
        container=True,
    ),
    Format(
        "mhtml",
        "MHTML",
        {".mhtml": "multipart/related", ".mht": "multipart/related"},
        "text/html",
    ),
    Format("pdf", "PDF", {".pdf": "application/pdf"}, "text/plain"),
)

#: kind -> its format
BY_KIND: dict[str, Format] = {f.kind: f for f in FORMATS}
#: The kinds of original a record can come from (the ``type`` facet), in table order.
KINDS: tuple[str, ...] = tuple(BY_KIND)
#: suffix -> kind, for every suffix of every format
_BY_SUFFIX: dict[str, str] = {s: f.kind for f in FORMATS for s in f.suffixes}
#: suffixes of more than one part (".warc.gz"), matched before the last suffix
_LONG_SUFFIXES = tuple(s for s in _BY_SUFFIX if s.count(".") > 1)


def kind_of(name: str | os.PathLike) -> str | None:
    """The kind of a file by its name ("warc" for ``crawl.warc.gz``), or None if unsupported."""
    name = PurePath(name).name.lower()
    for suffix in _LONG_SUFFIXES:
        if name.endswith(suffix):
            return _BY_SUFFIX[suffix]
    return _BY_SUFFIX.get(os.path.splitext(name)[1])


def media_type_of_original(name: str | os.PathLike) -> str | None:
    """The media type a saved file is served as, by its suffix (None when the table has none)."""
    suffix = PurePath(name).suffix.lower()
    for f in FORMATS:
        if f.suffixes.get(suffix):
            return f.suffixes[suffix]
    return None


def describe() -> str:
    """The formats read, for help texts: "HTML, text, Markdown, WARC, JSON/JSONL, MHTML, PDF"."""
    return ", ".join(f.label for f in FORMATS)
