"""Readers per format: which files are articles, and the articles inside each file.

The formats are the table in ``archive/formats.py``; the reader of kind ``K`` is the
module ``indexer/readers/K.py`` with one function, ``read(data)``, that yields a
``SourceItem`` per article and a ``Rejection`` per article (or file) it cannot read.
A saved HTML page or text file holds one article; a WARC holds one per HTML
response record; a JSON/JSONL export holds one per object.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path

from archive import formats
from indexer.readers._files import IGNORE_FILE, find_files
from indexer.readers._items import MAX_ARTICLE_BYTES, Rejection, SourceItem

__all__ = [
    "IGNORE_FILE",
    "MAX_ARTICLE_BYTES",
    "Rejection",
    "SourceItem",
    "find_files",
    "kind_of",
    "read_items",
    "reader_for",
]

Reader = Callable[[bytes], Iterator[SourceItem | Rejection]]
_readers: dict[str, Reader] = {}


def kind_of(path: Path) -> str | None:
    """The format of a file by its name (see ``archive.formats``), None if unsupported."""
    return formats.kind_of(path.name)


def reader_for(kind: str) -> Reader | None:
    """The ``read`` function of a format's reader module, imported on first use."""
    if kind not in formats.BY_KIND:
        return None
    if kind not in _readers:
        _readers[kind] = importlib.import_module(f"{__name__}.{kind}").read
    return _readers[kind]


def read_items(kind: str, data: bytes) -> Iterator[SourceItem | Rejection]:
    """The articles in one file's bytes."""
    reader = reader_for(kind)
    if reader is None:
        yield Rejection(None, f"unsupported format {kind!r}")
    else:
        yield from reader(data)
