"""Readers per format: which files are articles, and the articles inside each file.

A saved HTML page or text file holds one article; a WARC holds one per HTML
response record; a JSON/JSONL export holds one per object.
"""

from __future__ import annotations

import codecs
import contextlib
import fnmatch
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
    ".mhtml": "mhtml",
    ".mht": "mhtml",
    ".pdf": "pdf",
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


IGNORE_FILE = ".archiveignore"


def find_files(
    paths: Iterable[str | os.PathLike], exclude: Iterable[str] = (), on_error=None
) -> Iterator[tuple[Path, str | None]]:
    """Every file under ``paths`` (recursively, sorted) with its kind; None if unsupported.

    Hidden files and folders (".git", ".DS_Store") are left out, and so is whatever
    matches an ``exclude`` glob or a glob in a folder's ``.archiveignore`` (one per
    line, ``#`` comments; it applies to that folder and below). A glob matches a
    file or folder name (``*.tmp``, ``drafts``) or a path relative to that folder
    (``2023/drafts/*``). A folder that cannot be listed is passed to ``on_error``
    as (path, reason).
    """

    def report(error: OSError) -> None:
        if on_error is not None:
            on_error((str(error.filename), (error.strerror or str(error)).lower()))

    patterns = [("", g) for g in exclude]
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for root, dirs, files in os.walk(path, onerror=report):
                here = Path(root)
                rules = patterns + _ignore_rules(path, here)
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and not _ignored(path, here / d, rules)
                )
                for name in sorted(files):
                    file = here / name
                    if not name.startswith(".") and not _ignored(path, file, rules):
                        yield file, kind_of(file)
        elif not _ignored(path.parent, path, patterns):
            yield path, kind_of(path)


def _ignore_rules(top: Path, folder: Path) -> list[tuple[str, str]]:
    """(folder relative to ``top``, glob) of each .archiveignore from ``top`` down to ``folder``."""
    rules = []
    parts = folder.relative_to(top).parts
    for depth in range(len(parts) + 1):
        base = top.joinpath(*parts[:depth])
        try:
            lines = (base / IGNORE_FILE).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        prefix = "/".join(parts[:depth])
        rules += [
            (prefix, g.strip().rstrip("/")) for g in lines if g.strip() and not g.startswith("#")
        ]
    return rules


def _ignored(top: Path, path: Path, rules: list[tuple[str, str]]) -> bool:
    try:
        relative = path.relative_to(top).as_posix()
    except ValueError:
        relative = path.name
    for prefix, glob in rules:
        inside = relative[len(prefix) + 1 :] if prefix else relative
        if prefix and not relative.startswith(prefix + "/"):
            continue
        if fnmatch.fnmatch(path.name, glob) or fnmatch.fnmatch(inside, glob.lstrip("/")):
            return True
    return False


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
    elif kind == "mhtml":
        yield from _read_mhtml(data)
    elif kind == "pdf":
        yield from _read_pdf(data)
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


# ------------------------------------------------------------------ MHTML
def _read_mhtml(data: bytes) -> Iterator[SourceItem | Rejection]:
    """A page saved as one MIME file (.mhtml): its HTML part, in its charset; images are ignored."""
    from email import policy
    from email.parser import BytesParser

    from indexer.extract import decode_bytes

    if not data.strip():
        yield Rejection(None, "the file is empty")
        return
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(data)
    except Exception as error:  # noqa: BLE001 - any parse failure is this file's rejection
        yield Rejection(None, f"not a readable MHTML file ({_short(error)})")
        return
    if not message.is_multipart():
        yield Rejection(None, "not an MHTML file (no MIME parts)")
        return
    part = next((p for p in message.walk() if p.get_content_type() in HTML_MEDIA_TYPES), None)
    if part is None:
        yield Rejection(None, "the MHTML file holds no HTML part")
        return
    payload = part.get_payload(decode=True) or b""
    if not payload.strip():
        yield Rejection(None, "the HTML part is empty")
        return
    charset = part.get_content_charset()
    text = decode_bytes(payload, declared=charset)
    url = part.get("Content-Location") or message.get("Snapshot-Content-Location")
    yield SourceItem(
        "html",
        codecs.BOM_UTF8 + text.encode("utf-8"),  # the BOM says: decoded with the part's charset
        url=url.strip() if url else None,
        charset=charset,
    )


# ------------------------------------------------------------------ PDF
MAX_PDF_PAGES = 500


def _read_pdf(data: bytes) -> Iterator[SourceItem | Rejection]:
    """A PDF's text layer as a text article: its title (metadata) and the text of its pages."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            yield Rejection(None, "the PDF is encrypted")
            return
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        yield Rejection(None, f"not a readable PDF ({_short(error)})")
        return
    body = "\n\n".join(p.strip() for p in pages if p.strip())
    if not body:
        yield Rejection(None, "the PDF has no text layer (scanned pages are not read)")
        return
    text = f"{title.strip()}\n\n{body}" if title.strip() else body
    yield SourceItem("text", text.encode("utf-8"), charset="utf-8")


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
