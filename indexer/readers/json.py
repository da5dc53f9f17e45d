"""A JSON or JSONL export: one article per object (a list, an object holding one, a line each).

JSON Lines (one object a line) are read as a stream, a line at a time (``stream``), so an
export of any length is read in bounded memory. One JSON document (a list, or an object
holding one) is parsed whole, so it is refused beyond ``MAX_DOCUMENT_BYTES``.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from typing import BinaryIO

from indexer.readers._items import (
    MAX_ARTICLE_BYTES,
    START,
    Cursor,
    Positioned,
    Rejection,
    SourceItem,
)

#: A JSON document (not JSON Lines) beyond this many bytes is not parsed: it is parsed whole.
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
_CHUNK = 1 << 20


def read(data: bytes) -> Iterator[SourceItem | Rejection]:
    if is_lines(io.BytesIO(data)):
        yield from _articles_or_none(item for _, item in stream(io.BytesIO(data)))
    else:
        yield from _document(data)


def is_lines(handle: BinaryIO) -> bool:
    """Whether an export is JSON Lines (streamed) rather than one JSON document (parsed whole).

    A document starts with "[", or with "{" and has no line that starts with "{".
    """
    handle.seek(0)
    chunk = handle.read(_CHUNK)
    head = chunk.removeprefix(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"["):
        return False
    if not head.startswith(b"{"):
        return True  # every line is read (and rejected with its reason)
    last = b""
    while chunk:
        if b"\n{" in last + chunk:
            return True
        last, chunk = chunk[-1:], handle.read(_CHUNK)
    return False


def document_too_large(size: int) -> str | None:
    """Why a JSON document of ``size`` bytes is not read, or None."""
    if size <= MAX_DOCUMENT_BYTES:
        return None
    return (
        f"a JSON document over {MAX_DOCUMENT_BYTES // 2**20} MB is not read (it would be parsed"
        " whole): save it as JSON Lines (.jsonl, one article a line), which is read as a stream"
    )


def stream(handle: BinaryIO, start: Cursor = START) -> Iterator[Positioned]:
    """Every line from ``start`` on: (where it starts, its article, rejection, or None if blank)."""
    handle.seek(start.offset)
    offset, line = start.offset, start.line
    while raw := handle.readline(MAX_ARTICLE_BYTES + 1):
        at = Cursor(offset, line)
        offset, line = offset + len(raw), line + 1
        member = f"line {at.line}"
        if len(raw) > MAX_ARTICLE_BYTES and not raw.endswith(b"\n"):
            offset += _skip_line(handle)
            yield at, Rejection(member, f"longer than {MAX_ARTICLE_BYTES // 2**20} MB")
            continue
        if at.offset == 0:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield at, Rejection(member, "not UTF-8 text (a JSON export must be UTF-8)")
            continue
        if not text.strip():
            yield at, None
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as error:
            yield at, Rejection(member, f"invalid JSON: {error.msg}")
            continue
        yield at, _json_item(member, obj)


def nothing_found(seen: int, first: str) -> str:
    """Why an export of ``seen`` objects, none an article, is rejected whole (``first``: the
    first one's rejection, "line 1: no article text ...")."""
    return f"none of its {seen} JSON objects is an article ({first})"


def _skip_line(handle: BinaryIO) -> int:
    """Read past the rest of an over-long line; returns the bytes skipped."""
    skipped = 0
    while chunk := handle.readline(_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _document(data: bytes) -> Iterator[SourceItem | Rejection]:
    too_large = document_too_large(len(data))
    if too_large:
        yield Rejection(None, too_large)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield Rejection(None, "a JSON export must be UTF-8")
        return
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as error:
        yield Rejection(None, f"invalid JSON: {error.msg} at line {error.lineno}")
        return
    if isinstance(loaded, dict):
        inner = next(
            (
                loaded[k]
                for k in ("articles", "items", "entries", "data")
                if isinstance(loaded.get(k), list)
            ),
            None,
        )
        loaded = inner if inner is not None else [loaded]
    if not isinstance(loaded, list):
        yield Rejection(None, "a JSON export must hold an object or a list of objects")
        return
    yield from _articles_or_none(_json_item(f"item {i + 1}", obj) for i, obj in enumerate(loaded))


def _articles_or_none(items) -> Iterator[SourceItem | Rejection]:
    """The items; if none of them is an article, one rejection of the whole export instead."""
    waiting: list[Rejection] = []  # rejections before the first article: held back
    found = False
    for item in items:
        if item is None:
            continue
        if found:
            yield item
        elif isinstance(item, SourceItem):
            found = True
            yield from waiting
            yield item
        else:
            waiting.append(item)
    if waiting and not found:
        yield Rejection(None, nothing_found(len(waiting), waiting[0].describe()))


def _json_item(member: str, obj) -> SourceItem | Rejection:
    if not isinstance(obj, dict):
        return Rejection(member, "not a JSON object")
    if not any(isinstance(obj.get(k), str) and obj[k].strip() for k in BODY_KEYS):
        return Rejection(member, "no article text (expected a 'body', 'text' or 'content' field)")
    url = obj.get("url")
    return SourceItem("json", obj, member=member, url=url if isinstance(url, str) else None)


BODY_KEYS = ("body", "text", "content", "article", "full_text")
