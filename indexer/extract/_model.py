"""The result of an extraction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Extracted:
    """Metadata and main text of one page or text file; every field may be empty."""

    title: str = ""
    date: datetime | None = None  # timezone aware
    date_source: str | None = None  # one of archive.records.DATE_SOURCES
    authors: list[str] = field(default_factory=list)
    sitename: str = ""
    url: str | None = None
    lang: str | None = None
    body: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
