"""What every view shares: the archive, the one "not found" lookup, URL builders."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request, url_for
from markupsafe import Markup, escape

from archive import Archive, Settings, make_backend, open_archive
from archive.backend import Highlight
from archive.errors import NotFoundError
from archive.records import Record
from archive.search import FACET_LABELS, Hit, SearchRequest

EXTENSION = "news_archive"
#: Record fields shown as tag links, with the facet each one filters.
TAG_FIELDS = (
    ("tags", "tag"),
    ("places", "place"),
    ("people", "person"),
    ("orgs", "org"),
    ("terms", "term"),
)
_RECORD_ID_RE = re.compile(r"^[0-9a-f]{16}$")


def init_app(app: Flask) -> None:
    chosen: Settings = app.extensions["settings"]
    folder = chosen.archive_dir
    app.extensions[EXTENSION] = open_archive(folder, make_backend(chosen, folder))
    app.jinja_env.globals.update(
        search_url=search_url,
        facet_url=facet_url,
        facet_labels=FACET_LABELS,
        hit_tags=hit_tags,
        query_url=query_url,
        article_url=article_url,
        captured_time=captured_time,
        story_url=story_url,
        story_more=story_more,
    )
    app.jinja_env.filters["highlight_words"] = highlight_words
    app.jinja_env.filters["snippet_html"] = snippet_html
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["timestamp"] = format_timestamp
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.filters["thousands"] = lambda n: f"{n:,}"
    app.jinja_env.filters["web_url"] = web_url


def get_archive() -> Archive:
    return current_app.extensions[EXTENSION]


def settings() -> Settings:
    """The settings the application was built with."""
    return current_app.extensions["settings"]


def get_record(record_id: str) -> Record:
    """The record with this id, or a 404 that says which id was not found."""
    if not _RECORD_ID_RE.match(record_id):
        abort(404, f"No article with id {record_id[:40]!r} is in this archive.")
    try:
        return get_archive().get(record_id)
    except NotFoundError as error:
        abort(404, str(error))


def external_url(endpoint: str, **values) -> str:
    """An absolute URL: under the configured ``BASE_URL``, else the request's own host.

    With a base URL, the Host header of a request never reaches a link in the API
    or a feed (a proxy or an attacker may set it to anything).
    """
    base = settings().base_url
    if not base:
        return url_for(endpoint, _external=True, **values)
    path = url_for(endpoint, **values)
    root = request.script_root if request else ""
    if root and path.startswith(root):
        path = path[len(root) :]
    return base.rstrip("/") + path


def search_url(
    request: SearchRequest, endpoint: str = "search.search_page", _external: bool = False
) -> str:
    """The canonical URL of a search state (absolute with ``_external=True``)."""
    base = external_url(endpoint) if _external else url_for(endpoint)
    query = request.query_string()
    return f"{base}?{query}" if query else base


def facet_url(name: str, value: str) -> str:
    """A search for everything with this facet value (tag links on article pages)."""
    return search_url(SearchRequest().toggled(name, value))


def story_url(story_id: int) -> str:
    """Every article of one story, earliest first (the no-script way to a collapsed hit's)."""
    every = SearchRequest(sort="oldest", collapse=False).toggled("story", str(story_id))
    return search_url(every)


def story_more(story) -> str:
    """What a collapsed hit's story adds: "+ 7 outlets", "+ 2 versions", "+ 3 (2 outlets)"."""
    others, outlets = story.articles - 1, story.outlets - 1
    if outlets == others:
        return f"+ {others} {'outlet' if others == 1 else 'outlets'}"
    if outlets == 0:
        return f"+ {others} {'version' if others == 1 else 'versions'}"
    return f"+ {others} ({outlets} other {'outlet' if outlets == 1 else 'outlets'})"


def query_url(text: str) -> str:
    """A search for this query text (e.g. ``date:2023-10-02``)."""
    return search_url(SearchRequest(q=text))


def article_url(record_id: str, request: SearchRequest | None = None) -> str:
    """An article's page; from a search, it carries the search along for "back to results"."""
    if request is None or not request.query_string():
        return url_for("articles.show", record_id=record_id)
    return url_for("articles.show", record_id=record_id, **{"from": request.query_string()})


def captured_time(record: Record) -> datetime | None:
    """When the original was captured (WARC-Date or file time), on records that know it."""
    return getattr(record, "captured", None)


def highlight_words(text: str, words: list[str]) -> Markup:
    """``text`` escaped, with <mark> around words that start with a search word (case-folded)."""
    stems = sorted({w.casefold() for w in words if len(w) > 1}, key=len, reverse=True)
    if not stems:
        return escape(text)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
    out, pos = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[pos : match.start()]))
        out.append(Markup('<mark class="search-word">%s</mark>') % match.group())
        pos = match.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def hit_tags(record: Record, limit: int = 5) -> list[tuple[str, str]]:
    """A few (facet, value) pairs for a hit: the user's tags first, then places, people, orgs."""
    seen, out = set(), []
    for field, facet in TAG_FIELDS[:4]:
        for value in getattr(record, field):
            if value.lower() not in seen:
                seen.add(value.lower())
                out.append((facet, value))
    return out[:limit]


def passage_html(passage: Highlight) -> Markup:
    """One passage, escaped, with <mark> around the matched words."""
    out, pos = [], 0
    for start, end in passage.spans:
        out.append(escape(passage.text[pos:start]))
        out.append(Markup("<mark>%s</mark>") % passage.text[start:end])
        pos = end
    out.append(escape(passage.text[pos:]))
    lead = "… " if passage.starts_inside else ""
    tail = " …" if passage.ends_inside else ""
    return Markup(lead) + Markup("").join(out) + Markup(tail)


def snippet_html(hit: Hit) -> Markup:
    """A hit's snippet as safe HTML: its passages, else its summary (escaped)."""
    if not hit.passages:
        return escape(hit.record.summary)
    return Markup(" ").join(passage_html(p) for p in hit.passages).replace("… …", "…")


def format_day(value: datetime | None) -> str:
    return value.date().isoformat() if value else "undated"


def format_timestamp(value: datetime | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.strftime("%Y-%m-%d %H:%M UTC")


def web_url(url: str | None) -> str | None:
    """The URL if it is an http(s) address, else None (never link javascript: or data:)."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def paragraphs(text: str) -> list[str]:
    """Body text as paragraphs: blank lines separate them, else single line breaks do."""
    text = (text or "").replace("\r\n", "\n").strip()
    parts = re.split(r"\n\s*\n", text)
    if len(parts) == 1:
        parts = text.split("\n")
    return [" ".join(p.split()) for p in parts if p.strip()]
