"""Readers per format: which files are articles, and the articles inside each file.

A saved HTML page or text file holds one article; a WARC holds one per HTML
response record; a JSON/JSONL export holds one per object.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dateutil import parser as dateparser

from archive.originals import charset_of

KINDS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
}
HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ARTICLE_BYTES = 20 * 1024 * 1024


@dataclass
class SourceItem:
    """One article's raw material, as found inside a saved file."""

    kind: str  # "html", "text" or "json"
    data: bytes | dict
    member: str | None = None  # WARC record offset, or JSON line / position
    url: str | None = None
    fetched: datetime | None = None  # WARC-Date: when the crawler saved it
    charset: str | None = None


@dataclass
class Rejection:
    """An article (or a whole file) that could not be read, and why."""

    member: str | None
    reason: str


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return KINDS.get(os.path.splitext(name)[1])


def find_files(
    paths: Iterable[str | os.PathLike], on_error=None
) -> Iterator[tuple[Path, str | None]]:
    """Every file under ``paths`` (recursively, sorted) with its kind; None if unsupported.

    Hidden files and folders (".git", ".DS_Store") are left out. A folder that
    cannot be listed is passed to ``on_error`` as (path, reason).
    """

    def report(error: OSError) -> None:
        if on_error is not None:
            on_error((str(error.filename), (error.strerror or str(error)).lower()))

    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for root, dirs, files in os.walk(path, onerror=report):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        file = Path(root) / name
                        yield file, kind_of(file)
        else:
            yield path, kind_of(path)


def read_items(kind: str, data: bytes) -> Iterator[SourceItem | Rejection]:
    """The articles in one file's bytes."""
    if kind in ("html", "text"):
        if not data.strip():
            yield Rejection(None, "the file is empty")
        else:
            yield SourceItem(kind, data)
    elif kind == "warc":
        yield from _read_warc(data)
    elif kind == "json":
        yield from _read_json(data)
    else:
        yield Rejection(None, f"unsupported format {kind!r}")


# ------------------------------------------------------------------ WARC
def _read_warc(data: bytes) -> Iterator[SourceItem | Rejection]:
    # warcio writes raw record bytes to stderr on a bad Content-Length: keep them off the terminal
    with contextlib.redirect_stderr(io.StringIO()):
        items = list(_warc_items(data))
    yield from items


def _warc_items(data: bytes) -> Iterator[SourceItem | Rejection]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        iterator = ArchiveIterator(io.BytesIO(data), arc2warc=True)
        for record in iterator:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            status = record.http_headers.get_statuscode()
            media = (record.http_headers.get_header("Content-Type") or "").lower()
            if status != "200" or not media.startswith(HTML_MEDIA_TYPES):
                continue
            payload = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
            offset = str(iterator.get_record_offset())  # valid once the payload was read
            if len(payload) > MAX_ARTICLE_BYTES or not payload.strip():
                yield Rejection(offset, "the HTML response is empty or too large")
                continue
            found += 1
            yield SourceItem(
                "html",
                payload,
                member=offset,
                url=record.rec_headers.get_header("WARC-Target-URI"),
                fetched=_parse_date(record.rec_headers.get_header("WARC-Date")),
                charset=charset_of(media),
            )
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as error:
        yield Rejection(None, f"not a readable WARC file ({_short(error)})")
        return
    if not found:
        yield Rejection(None, "the WARC file holds no HTML responses")


# ------------------------------------------------------------------ JSON
def _read_json(data: bytes) -> Iterator[SourceItem | Rejection]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield Rejection(None, "a JSON export must be UTF-8")
        return
    stripped = text.lstrip()
    objects: list[tuple[str, object]] = []
    if stripped.startswith("[") or (stripped.startswith("{") and "\n{" not in stripped):
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
        objects = [(f"item {i + 1}", obj) for i, obj in enumerate(loaded)]
    else:
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                objects.append((f"line {lineno}", json.loads(line)))
            except json.JSONDecodeError as error:
                yield Rejection(f"line {lineno}", f"invalid JSON: {error.msg}")
    results = [_json_item(member, obj) for member, obj in objects]
    if results and not any(isinstance(r, SourceItem) for r in results):
        yield Rejection(
            None,
            f"none of its {len(results)} JSON objects is an article "
            "(an article needs a 'body', 'text' or 'content' field)",
        )
        return
    yield from results


def _json_item(member: str, obj) -> SourceItem | Rejection:
    if not isinstance(obj, dict):
        return Rejection(member, "not a JSON object")
    if not any(isinstance(obj.get(k), str) and obj[k].strip() for k in BODY_KEYS):
        return Rejection(member, "no article text (expected a 'body', 'text' or 'content' field)")
    url = obj.get("url")
    return SourceItem("json", obj, member=member, url=url if isinstance(url, str) else None)


BODY_KEYS = ("body", "text", "content", "article", "full_text")


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        date = dateparser.isoparse(value)
        year = date.astimezone(UTC).year if date.tzinfo else date.year
    except (ValueError, OverflowError):
        return None
    return date if 1000 <= year <= datetime.now(UTC).year + 1 else None


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:160]
