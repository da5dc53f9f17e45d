"""What a reader gives: articles' raw material, or rejections with their reason."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from dateutil import parser as dateparser

from archive.records import plausible_date

#: The media types of an HTML page (in a WARC response or an MHTML part).
HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")
#: One article inside a container (a WARC response) beyond this many bytes is rejected.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024


@dataclass
class SourceItem:
    """One article's raw material, as found inside a saved file."""

    kind: str  # "html", "text" or "json": how the extractor reads ``data``
    data: bytes | dict
    member: str | None = None  # WARC record offset, or JSON line / position
    url: str | None = None
    fetched: datetime | None = None  # WARC-Date: when the crawler saved it
    charset: str | None = None


@dataclass(frozen=True)
class Cursor:
    """Where an item starts in a container read as a stream: a byte offset (and a line number)."""

    offset: int = 0
    line: int = 1


#: The start of a file.
START = Cursor()

#: What a streamed reader gives per record or line: where it starts, and the article, the
#: rejection, or None (a record or line that is no article: a WARC request, a blank line).
Positioned = tuple[Cursor, "SourceItem | Rejection | None"]


@dataclass
class Rejection:
    """An article (or a whole file) that could not be read, and why."""

    member: str | None
    reason: str

    def describe(self) -> str:
        """The member and reason ("line 3: invalid JSON"), the reason alone for a whole file."""
        return f"{self.member}: {self.reason}" if self.member else self.reason


def parse_capture_date(value: str | None) -> datetime | None:
    """An ISO 8601 capture time (WARC-Date), or None when absent or implausible."""
    if not value:
        return None
    try:
        date = dateparser.isoparse(value)
    except (ValueError, OverflowError):
        return None
    return date if plausible_date(date) else None


def short_error(error: BaseException) -> str:
    """The first line of an error's message (at most 160 characters), or its type's name."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:160]


def one_article(kind: str, data: bytes) -> Iterator[SourceItem | Rejection]:
    """A file that is one article of ``kind`` (its bytes as they are), unless it is empty."""
    if not data.strip():
        yield Rejection(None, "the file is empty")
    else:
        yield SourceItem(kind, data)
