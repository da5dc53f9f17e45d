"""The record: one saved article, as every part of the product sees it.

A record is derived from an original file kept unchanged in the archive store;
it can always be rebuilt by re-extracting that original.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from archive import formats

#: Bumped whenever extraction or tagging changes what a record holds;
#: ``archive reextract`` brings older records up to date.
EXTRACTOR_VERSION = 5

#: Where a publication date came from, best first. A capture time (WARC-Date, a file's
#: modification time) is never a publication date: it is ``Record.captured``.
DATE_SOURCES = ("meta", "json-ld", "time", "url", "text", "export", "editor")

#: Publication years outside ``MIN_YEAR..(current year + 1)`` are dropped as insane.
MIN_YEAR = 1000

#: The kinds of original a record can come from (the ``type`` facet): the formats table's.
RECORD_TYPES = formats.KINDS


_DATETIME_FIELDS = ("date", "added", "updated", "captured")
#: A record's fields that come from the editors' layer, not from extraction.
EDITOR_FIELDS = ("note", "corrected")
#: A record's fields from its story (``archive.stories``), laid over it when it is indexed.
STORY_FIELDS = ("story_id", "story_outlets")
#: Version 1 records stored a capture time as the publication date with these sources.
_CAPTURE_SOURCES = ("warc", "file")


def plausible_date(value: datetime, now: datetime | None = None) -> bool:
    """Whether a date's year (in UTC when it has a zone) is within ``MIN_YEAR..(now's + 1)``.

    The one publication-year rule: dates outside it (0001-01-01, 9999-12-31) are
    placeholders, not dates.
    """
    try:
        year = value.astimezone(UTC).year if value.tzinfo else value.year
    except (OverflowError, ValueError):
        return False
    return MIN_YEAR <= year <= (now or datetime.now(UTC)).year + 1


def sane_date(value: datetime | None, now: datetime | None = None) -> datetime | None:
    """``value`` if it is a plausible date (see ``plausible_date``), else None."""
    return value if value is not None and plausible_date(value, now) else None


@dataclass
class Origin:
    """Where a record came from: the original's hash in the store and how it was found."""

    sha256: str
    path: str  # the file as the user saved it (absolute path at indexing time)
    size: int
    member: str | None = None  # a WARC record offset or a JSON line number inside the file
    media_type: str = ""
    #: The capture's own address (a WARC record's target URI, an MHTML page's location), as
    #: opposed to the address the page claims (``Record.url``); None for a saved file.
    captured_from: str | None = None


@dataclass
class Record:
    """One article with its metadata, body text and tags."""

    id: str
    title: str
    body: str
    type: str
    origin: Origin
    date: datetime | None = None  # publication date, timezone aware; None when unknown
    date_source: str | None = None  # one of DATE_SOURCES
    authors: list[str] = field(default_factory=list)
    source: str = ""
    url: str | None = None
    #: The address a page claimed (canonical, og:url) but could not take: another record's,
    #: whose text it does not share (shown as "this page claims the address of ...").
    claimed_url: str | None = None
    lang: str | None = None
    summary: str = ""
    word_count: int = 0
    tags: list[str] = field(default_factory=list)  # the user's own tags and the page's keywords
    #: The tags given with ``archive index --tag`` (kept when the original is re-extracted);
    #: None for records saved before this was kept apart.
    user_tags: list[str] | None = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # key terms
    dates_mentioned: list[str] = field(default_factory=list)  # YYYY-MM-DD
    added: datetime | None = None
    #: When the page was saved or crawled: the WARC-Date, else the saved file's
    #: modification time; never a publication date.
    captured: datetime | None = None
    updated: datetime | None = None
    extractor_version: int = EXTRACTOR_VERSION
    #: The editors' layer (``archive.corrections``), never stored with the extracted record:
    #: the article's note, and what was corrected (field -> by, at, the extracted value).
    note: str = ""
    corrected: dict = field(default_factory=dict)
    #: The story layer (``archive.stories.laid_over``), only indexed (never stored, not in
    #: ``to_dict``): its story's id and how many outlets ran it, as a bucket ("1", "2-5", "6+").
    story_id: str = ""
    story_outlets: str = ""

    def to_dict(self) -> dict:
        """A JSON-ready dict (dates as ISO 8601 strings; the story layer is only indexed)."""
        data = dataclasses.asdict(self)
        for key in STORY_FIELDS:
            del data[key]
        for key in _DATETIME_FIELDS:
            value = getattr(self, key)
            data[key] = value.isoformat() if value else None
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    def extracted_json(self) -> str:
        """The JSON the store keeps: the extracted record, without the editors' layer."""
        data = self.to_dict()
        for key in EDITOR_FIELDS:
            data.pop(key, None)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> Record:
        data = dict(data)
        data["origin"] = Origin(**data["origin"])
        for key in _DATETIME_FIELDS:
            if data.get(key):
                data[key] = datetime.fromisoformat(data[key])
        data.setdefault("user_tags", None)
        if data.get("date_source") in _CAPTURE_SOURCES:  # a version 1 record's capture time
            data.setdefault("captured", data["date"])
            data["date"], data["date_source"] = None, None
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @classmethod
    def from_json(cls, text: str) -> Record:
        return cls.from_dict(json.loads(text))


def canonical_url(url: str | None) -> str | None:
    """A URL normalised for identity: lower-case host, no fragment, no trailing slash."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, parts.query, ""))


def make_record_id(identity: str) -> str:
    """A stable 16-hex-digit id from what identifies an article (its URL, else its file)."""
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
