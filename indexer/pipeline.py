"""From one saved file's bytes to records: read, extract, tag.

This is the single code path of ``archive index``, ``archive reextract`` and
``benchmarks/extraction.py``. It is pure (no archive access), so it runs in
worker processes.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dateutil import parser as dateparser

from archive import formats
from archive.records import (
    EXTRACTOR_VERSION,
    Origin,
    Record,
    canonical_url,
    make_record_id,
    plausible_date,
    sane_date,
)
from indexer.extract import (
    article_text,
    clean_title,
    decode_bytes,
    detect_language,
    domain_of,
    extract_html,
    extract_text,
    find_dates,
    make_summary,
    summarize,  # noqa: F401 - part of this module's interface (tests, benchmarks)
)
from indexer.fields import check_fields
from indexer.limits import DEFAULT_LIMITS, RunLimits
from indexer.readers import Rejection, SourceItem, read_items
from indexer.readers.json import BODY_KEYS
from indexer.tagging import load_vocabulary, tag_article

MAX_DATES_MENTIONED = 30
SOFT_HYPHEN = "\u00ad"
MIN_BODY_WORDS = 1
#: An element with more attributes than this is refused: the HTML parser is quadratic in them.
MAX_ATTRIBUTES = 2000
_LONG_TAG = re.compile(rb"<[A-Za-z][^<>]{20000,}>")
_ATTRIBUTE = re.compile(rb"\s[^\s=<>\"']+\s*=")
#: Magic numbers of formats that are never an article's text.
_BINARY_MAGIC = (b"\x89PNG", b"\x7fELF", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"%PDF")

_vocabularies: dict = {}


class OverBudget(BaseException):
    """An article's (or a file's) time is up: a BaseException, so no per-article handler
    eats it; its text says the budget ("over 120 s")."""


@dataclass
class FileResult:
    """What one file gave: its records and the articles in it that were rejected."""

    records: list[Record] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    #: Fields dropped from articles that were kept (one bad field never rejects an article).
    warnings: list[Rejection] = field(default_factory=list)


def vocabulary_for(path: Path | None):
    """The tagging vocabulary, loaded once per process (and again if the user file changed)."""
    key = (str(path), path.stat().st_mtime_ns if path and path.exists() else None)
    if key not in _vocabularies:
        _vocabularies.clear()
        _vocabularies[key] = load_vocabulary(path if path and path.exists() else None)
    return _vocabularies[key]


def records_from_bytes(
    data: bytes,
    *,
    path: str,
    kind: str,
    sha256: str,
    mtime: datetime | None = None,
    user_tags: tuple[str, ...] = (),
    vocabulary_file: Path | None = None,
    limits: RunLimits = DEFAULT_LIMITS,
    item_budget: Callable[[], AbstractContextManager] | None = None,
    page_url: str | None = None,
) -> FileResult:
    """Every article in one file as a record; the batch goes on past bad articles.

    Only the first ``limits.max_extract_bytes`` of a text or HTML file are read, and a
    body is stored up to ``limits.max_body_chars`` characters. With ``item_budget`` (a
    container: a WARC, a JSON Lines export), each article is built inside its own budget:
    one raising ``OverBudget`` is rejected as "took too long" and the others are kept.
    ``page_url`` (an upload's ``url`` field) is the address of an article whose file
    names none.
    """
    result = FileResult()
    size = len(data)  # the original's, kept whole; only its head is extracted
    text_bytes = kind in formats.BY_KIND and formats.BY_KIND[kind].text_bytes
    if text_bytes and size > limits.max_extract_bytes:
        data = data[: limits.max_extract_bytes]
    refusal = _refuse(kind, data) if text_bytes else None
    if refusal:
        result.rejections.append(Rejection(None, refusal))
        return result
    vocabulary = vocabulary_for(vocabulary_file)
    if item_budget:
        warm_up(vocabulary)  # loading the models is no article's time
    article = Article(path, kind, sha256, size, mtime, user_tags, vocabulary, limits, item_budget)
    for item in read_items(kind, data):
        if page_url and isinstance(item, SourceItem) and not item.url:
            item.url = page_url
        article.add(item, result)
    return result


@dataclass(frozen=True)
class Article:
    """How an article of one file becomes a record: the file's facts and the run's limits.

    ``item_budget`` (a container's) bounds each article's time: one raising
    ``OverBudget`` is rejected as "took too long" and the others are kept.
    """

    path: str
    kind: str
    sha256: str
    size: int
    mtime: datetime | None
    user_tags: tuple[str, ...]
    vocabulary: object
    limits: RunLimits = DEFAULT_LIMITS
    item_budget: Callable[[], AbstractContextManager] | None = None

    def add(self, item: SourceItem | Rejection, result: FileResult) -> None:
        """Add the item's record to ``result``, or its rejection with the reason."""
        if isinstance(item, Rejection):
            result.rejections.append(item)
            return
        origin = Origin(
            sha256=self.sha256,
            path=self.path,
            size=self.size,
            member=item.member,
            media_type=formats.BY_KIND[item.kind].media_type,
            captured_from=item.url if self.kind in CAPTURE_KINDS else None,
        )
        dropped: list[str] = []
        try:
            with self.item_budget() if self.item_budget else contextlib.nullcontext():
                record = build_record(
                    item,
                    origin,
                    self.kind,
                    self.mtime,
                    self.user_tags,
                    self.vocabulary,
                    max_body_chars=self.limits.max_body_chars,
                    warnings=dropped,
                )
        except OverBudget as over:
            result.rejections.append(Rejection(item.member, f"took too long ({over})"))
            return
        except Exception as error:  # noqa: BLE001 - one bad article never stops the batch
            result.rejections.append(
                Rejection(item.member, f"extraction failed: {human_error(error)}")
            )
            return
        if record.word_count < MIN_BODY_WORDS:
            result.rejections.append(Rejection(item.member, "no article text found"))
            return
        result.records.append(record)
        result.warnings += [Rejection(item.member, reason) for reason in dropped]


def warm_up(vocabulary) -> None:
    """Load the language and tagging models once per process (2 s on first use)."""
    if _warmed:
        return
    tag_article("Warm up", "Officials said the port reopened on Monday.", None, vocabulary)
    vocabulary.foreign_gazetteer_lengths  # noqa: B018 (other names of places, built once)
    detect_language("Officials said the port reopened on Monday after the storm.")
    _warmed.append(True)


_warmed: list[bool] = []


def build_record(
    item: SourceItem,
    origin: Origin,
    kind: str,
    mtime: datetime | None,
    user_tags: tuple[str, ...],
    vocabulary,
    max_body_chars: int = RunLimits.max_body_chars,
    warnings: list[str] | None = None,
) -> Record:
    """The record of one article; fields that cannot be stored are dropped into ``warnings``."""
    if item.kind == "json":
        fields = _fields_from_json(item.data)
    elif item.kind == "html":
        ex = extract_html(item.data, url=item.url)
        fields = _fields_from_extracted(ex)
    else:
        ex = extract_text(decode_bytes(item.data), filename=Path(origin.path).name)
        fields = _fields_from_extracted(ex)
    fields["url"] = fields["url"] or item.url
    dropped = check_fields(fields)
    if warnings is not None:
        warnings += dropped
    # a soft hyphen is a hint for line breaks: kept, "Mona\xadte" would not be "Monate"
    body = fields["body"].replace(SOFT_HYPHEN, "").strip()[:max_body_chars]
    title = clean_title(fields["title"] or "") or _first_words(body) or Path(origin.path).stem
    url = fields["url"]
    date = sane_date(_aware(fields["date"]))  # 0001-01-01 or 9999-12-31: a placeholder
    date_source = fields["date_source"] if date else None
    captured = sane_date(_aware(item.fetched or mtime))
    lang = fields["lang"] or detect_language(f"{title}\n{body}")
    tags = tag_article(title, article_text(body), lang, vocabulary)  # no furniture
    identity = (
        f"url:{canonical_url(url)}"
        if canonical_url(url)
        else f"file:{origin.path}#{origin.member or ''}"
    )
    now = datetime.now(UTC).replace(microsecond=0)
    return Record(
        id=make_record_id(identity),
        title=title,
        body=body,
        type=kind,  # the file's format (a WARC's article is read as HTML, but typed "warc")
        origin=origin,
        date=date,
        date_source=date_source,
        authors=fields["authors"],
        source=_source(fields["sitename"], title, url, vocabulary),
        url=url,
        lang=lang,
        summary=make_summary(fields["description"] or "", body, title),
        word_count=len(body.split()),
        tags=_dedupe([*user_tags, *fields["tags"]]),
        user_tags=list(user_tags),
        places=tags.places,
        people=tags.people,
        orgs=tags.orgs,
        terms=tags.terms,
        dates_mentioned=[d.isoformat() for d in find_dates(body, lang)][:MAX_DATES_MENTIONED],
        added=now,
        updated=now,
        captured=captured,
        extractor_version=EXTRACTOR_VERSION,
    )


def _aware(value: datetime | None) -> datetime | None:
    """``value`` with UTC assumed when it carries no time zone."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


#: Control characters that text does not have (tab, newlines, form feed and CR excepted).
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def _refuse(kind: str, data: bytes) -> str | None:
    """Why a file's text bytes are not worth extracting (binary, pathological HTML), or None."""
    head = data[:8192]
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        return "binary content, not text or HTML"
    if head and len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) // 10:
        return "binary content, not text or HTML"
    if kind == "html":
        for tag in _LONG_TAG.finditer(data):
            if len(_ATTRIBUTE.findall(tag.group())) > MAX_ATTRIBUTES:
                return f"an element has more than {MAX_ATTRIBUTES} attributes (too complex)"
    return None


def human_error(error: BaseException) -> str:
    """An exception as a sentence for a person, not Python's repr."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    if isinstance(error, UnicodeError):
        return "it holds text that is not valid Unicode"
    if isinstance(error, (OverflowError, RecursionError, MemoryError)):
        return "a value in it is out of range or too deeply nested"
    if isinstance(error, (AttributeError, TypeError, KeyError, IndexError)):
        return "a field has an unexpected type or shape"
    return " ".join(str(error).split())[:160] or "an unexpected error in extraction"


def _fields_from_extracted(ex) -> dict:
    return {
        "title": ex.title,
        "body": ex.body or "",
        "url": ex.url,
        "date": ex.date,
        "date_source": ex.date_source,
        "authors": list(ex.authors or []),
        "sitename": ex.sitename,
        "lang": ex.lang,
        "description": ex.description,
        "tags": list(ex.tags or []),
    }


def _fields_from_json(obj: dict) -> dict:
    body = next(obj[k] for k in BODY_KEYS if isinstance(obj.get(k), str) and obj[k].strip())
    date = None
    for key in ("date", "published", "published_at", "datePublished", "pubdate", "created"):
        if obj.get(key):
            try:
                date = dateparser.parse(str(obj[key]))
            except (ValueError, OverflowError):
                continue
            if date.tzinfo is None:
                date = date.replace(tzinfo=UTC)
            if plausible_date(date):
                break
            date = None
    authors = obj.get("authors") or obj.get("author") or []
    if isinstance(authors, str):
        authors = [a.strip() for a in re.split(r"\s*(?:;|,| and | & )\s*", authors) if a.strip()]
    tags = obj.get("tags") or obj.get("keywords") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in re.split(r"[;,]", tags) if t.strip()]
    return {
        "title": str(obj.get("title") or ""),
        "body": body,
        "url": obj.get("url") if isinstance(obj.get("url"), str) else None,
        "date": date,
        "date_source": "export" if date else None,
        "authors": [str(a) for a in authors if isinstance(a, str)],
        "sitename": str(obj.get("source") or obj.get("site") or obj.get("sitename") or "") or None,
        "lang": obj.get("lang") or obj.get("language"),
        "description": str(obj.get("summary") or obj.get("description") or ""),
        "tags": [str(t) for t in tags if isinstance(t, (str, int))],
    }


#: Formats whose items carry their own address (WARC target URI, MHTML location).
CAPTURE_KINDS = ("warc", "mhtml")


def _first_words(body: str, count: int = 12) -> str:
    words = body.split()[:count]
    return " ".join(words) + (" …" if len(body.split()) > count else "")


def _source(sitename: str | None, title: str, url: str | None, vocabulary=None) -> str:
    """The site's name, else the domain; never the article's own title, never a folder,
    never a place ("U.S." declared by a wire service's page)."""
    name = " ".join((sitename or "").split())
    if name and name.casefold() != " ".join(title.split()).casefold():
        if vocabulary is None or not vocabulary.is_place(name):
            return name
    return domain_of(url) or name


def with_user_tags(record: Record, user_tags) -> Record:
    """``record`` with the user's own tags first among its tags (a reextract keeps them)."""
    record.tags = _dedupe([*user_tags, *record.tags])
    record.user_tags = list(user_tags)
    return record


def _dedupe(values) -> list[str]:
    seen, out = set(), []
    for value in values:
        value = " ".join(str(value).split())
        if value and value.lower() not in seen:
            seen.add(value.lower())
            out.append(value)
    return out
