"""Atom (RFC 4287) documents for searches and saved searches, and their HTML twin.

A browser opening a feed's address (it asks for text/html first) gets a readable
page of the same entries; a feed reader (application/atom+xml, or anything) gets Atom.
A feed carries only the articles that match all the words unless its address asks
for the others too (``partial=1``); such an entry says so in a category and its summary.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from flask import Response, render_template, request

from archive.search import Hit, SearchRequest, SearchResult, search, wants_partial
from web.helpers import external_url, get_archive, settings, web_url

ATOM = "http://www.w3.org/2005/Atom"
#: The category of an entry that matches only some of the search's words.
PARTIAL_CATEGORY = {
    "term": "partial",
    "scheme": "urn:news-archive:match",
    "label": "Has only some of the search's words",
}
#: Characters XML 1.0 forbids; article text may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def entry_id(record_id: str) -> str:
    """A stable, unique IRI for an article, whatever host serves the feed."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'news-archive:article:' + record_id)}"


def feed_id(name: str, kind: str = "saved-search") -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'news-archive:{kind}:' + name)}"


def feed_search(req: SearchRequest) -> tuple[SearchRequest, SearchResult, bool]:
    """A feed's search: its newest arrivals, and whether its address asked for ``partial=1``.

    Returns the feed's request (sorted by date added), its result and that flag.
    """
    partial = wants_partial(request.args)
    feed_req = replace(req, sort="added", page=1, per_page=min(settings().feed_entries, 100))
    result = search(
        get_archive(),
        feed_req,
        with_snippets=False,
        deadline_s=settings().search_seconds,
        partial=partial,
    )
    return feed_req, result, partial


def _text(value: str) -> str:
    return _NOT_XML.sub("", value or "")


def _rfc3339(value: datetime | str | None) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    value = value or datetime.now(UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _add(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _entry(feed: ET.Element, hit: Hit) -> None:
    record = hit.record
    entry = _add(feed, "entry")
    _add(entry, "id", entry_id(record.id))
    _add(entry, "title", record.title or record.id)
    _add(entry, "updated", _rfc3339(record.updated or record.added or record.date))
    if record.date:
        _add(entry, "published", _rfc3339(record.date))
    _add(
        entry,
        "link",
        rel="alternate",
        type="text/html",
        href=external_url("articles.show", record_id=record.id),
    )
    if web_url(record.url):
        _add(entry, "link", rel="via", href=web_url(record.url))
    for name in record.authors or [record.source or "unknown"]:
        _add(_add(entry, "author"), "name", name)
    for tag in record.tags:
        _add(entry, "category", term=tag)
    summary = f"{record.source} — {record.summary}" if record.source else record.summary
    if hit.partial:
        _add(entry, "category", **PARTIAL_CATEGORY)
        summary = f"[{PARTIAL_CATEGORY['label']}] {summary}"
    _add(entry, "summary", summary)


def atom_feed(
    name: str,
    subtitle: str,
    result: SearchResult,
    created: str,
    *,
    self_url: str,
    html_url: str,
    title: str | None = None,
    kind: str = "saved-search",
) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", feed_id(name, kind))
    _add(feed, "title", title or f"Saved search: {name}")
    _add(feed, "subtitle", f"{subtitle} ({match_count(result)} in the archive)")
    stamps = [r.updated or r.added for r in (h.record for h in result.hits) if r.updated or r.added]
    _add(feed, "updated", _rfc3339(max(stamps) if stamps else created))
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=html_url)
    _add(_add(feed, "author"), "name", "news-archive")
    _add(feed, "generator", "news-archive")
    for hit in result.hits:
        _entry(feed, hit)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def match_count(result: SearchResult) -> str:
    """How many articles match, and how many more have only some of the words."""
    exact = result.exact_total
    text = f"{exact:,} match{'' if exact == 1 else 'es'}"
    if result.partial_total:
        text += f" and {result.partial_total:,} with only some of the words"
    return text


def wants_html() -> bool:
    """True when a browser asks (text/html preferred over Atom and XML)."""
    accept = request.accept_mimetypes
    best = accept.best_match(["application/atom+xml", "application/xml", "text/html"])
    return best == "text/html" and accept["text/html"] > accept["application/atom+xml"]


def feed_response(
    title: str, subtitle: str, result: SearchResult, xml: bytes, *, self_url: str, html_url: str
) -> Response:
    """The Atom document, or for a browser its readable HTML twin (same address, Vary: Accept)."""
    if wants_html() and request.args.get("format") != "atom":
        html = render_template(
            "feeds/feed.html",
            title=title,
            subtitle=subtitle,
            result=result,
            count=match_count(result),
            self_url=self_url,
            html_url=html_url,
        )
        response = Response(html, mimetype="text/html")
    else:
        response = Response(xml, mimetype="application/atom+xml")
    response.vary.add("Accept")
    return response
