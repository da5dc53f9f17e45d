"""``extract_text``: plain text and Markdown files, with optional YAML-ish front matter.

Title: front matter ``title``, else the first line if it looks like a heading (short,
no final period; Markdown ``#`` stripped), else the first sentence, trimmed.
Date: front matter ``date``, else a dateline near the start ("BERLIN, 3 March 2024 —",
"Published: 2024-03-03", "Stand: 03.03.2024"), else the latest date the text mentions
that is not in the future (``date_source="text"``).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from ._dates import find_dates, find_dates_with_positions, parse_date_value
from ._lang import detect_language
from ._model import Extracted

FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(?P<head>.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
#: A first line longer than this is not a heading.
MAX_HEADING_CHARS = 120
#: A title made from the first sentence is cut to this many characters (at a word).
MAX_SENTENCE_TITLE_CHARS = 100
#: How far into the text a dateline may start.
DATELINE_CHARS = 300
DATELINE = re.compile(
    r"(?:published|veröffentlicht(?: am)?|stand|datum|date|updated|erschienen(?: am)?"
    r"|posted(?: on)?)"
    r"\s*:?\s*|^[A-ZÄÖÜ][A-ZÄÖÜa-zäöü .'-]{1,40},\s*",
    re.I | re.M,
)
MAX_DATELINE_CHARS = 40
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def extract_text(text: str, filename: str | None = None) -> Extracted:
    """Title, date, tags, language and body of a plain-text or Markdown document."""
    text = (text or "").replace("\r\n", "\n")
    meta, body = split_front_matter(text)
    body = body.strip()
    result = Extracted(body=body)
    result.title = _clean_title(meta.get("title", "")) or find_text_title(body)
    result.tags = _as_list(meta.get("tags") or meta.get("keywords") or meta.get("categories"))
    result.authors = _as_list(meta.get("author") or meta.get("authors"))
    result.description = meta.get("description", "") or meta.get("summary", "")
    result.url = meta.get("url") or meta.get("link") or None
    result.sitename = meta.get("source") or meta.get("site") or meta.get("publisher") or ""
    found = parse_date_value(meta.get("date") or meta.get("published") or "")
    if found:
        result.date, result.date_source = found, "text"
    else:
        result.date = find_text_date(body)
        result.date_source = "text" if result.date else None
    result.lang = (meta.get("lang") or meta.get("language") or "")[:2].lower() or detect_language(
        body
    )
    return result


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """The ``key: value`` pairs of a leading ``---`` block, and the text after it."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    key = None
    for line in match.group("head").splitlines():
        pair = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", line)
        if pair:
            key = pair.group(1).lower()
            meta[key] = pair.group(2).strip().strip("\"'")
        elif key and re.match(r"^\s+-\s+", line):  # a YAML block list
            item = re.sub(r"^\s+-\s+", "", line).strip().strip("\"'")
            meta[key] = f"{meta[key]}, {item}" if meta[key] else item
    return meta, text[match.end() :]


def find_text_title(body: str) -> str:
    """The first line if it looks like a heading, else the first sentence (trimmed)."""
    lines = (line.strip() for line in body.splitlines() if line.strip() and not _is_dateline(line))
    first = next(lines, None)  # only the first line that is no dateline: the rest is not read
    if first is None:
        return ""
    first = first.lstrip("#").strip()
    if len(first) <= MAX_HEADING_CHARS and not first.endswith((".", ",", ";", ":")):
        return first
    sentence = _SENTENCE_END.split(first, maxsplit=1)[0]
    if len(sentence) > MAX_SENTENCE_TITLE_CHARS:
        sentence = sentence[:MAX_SENTENCE_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    return sentence


def find_text_date(body: str, now: datetime | None = None) -> datetime | None:
    """A dateline near the start, else the latest date mentioned that is not in the future."""
    today = (now or datetime.now(UTC)).date()
    head = body[:DATELINE_CHARS]
    for match in DATELINE.finditer(head):
        dates = find_dates_with_positions(head[match.end() : match.end() + 40])
        if dates and dates[0][0] == 0 and dates[0][1] <= today:
            return _as_datetime(dates[0][1])
    past = [day for day in find_dates(body) if day <= today]
    return _as_datetime(max(past)) if past else None


def _is_dateline(line: str) -> bool:
    """A short line that only gives a date ("Stand: 03.03.2024")."""
    return len(line.strip()) <= MAX_DATELINE_CHARS and bool(find_dates(line))


def _as_datetime(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _as_list(value: str | None) -> list[str]:
    if not value:
        return []
    value = value.strip().strip("[]")
    return [
        item.strip().strip("\"'") for item in re.split(r"[,;]", value) if item.strip().strip("\"'")
    ]


def _clean_title(value: str) -> str:
    return " ".join(value.split())
