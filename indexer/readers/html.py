"""A saved HTML page: one article."""

from __future__ import annotations

from collections.abc import Iterator

from indexer.readers._items import Rejection, SourceItem, one_article


def read(data: bytes) -> Iterator[SourceItem | Rejection]:
    return one_article("html", data)
