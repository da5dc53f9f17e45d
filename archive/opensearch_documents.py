"""The OpenSearch index as plain data: its mapping, a record's document, a query's DSL.

Part of the OpenSearch backend (``archive.opensearch_backend`` holds the client and
is the only module that talks to the cluster); nothing here opens a connection.
"""

from __future__ import annotations

from archive import backend
from archive import facets as facet_table
from archive import query as q
from archive.errors import QueryError
from archive.records import Record
from archive.urls import record_addresses

SCHEMA_VERSION = 7
#: Snowball stemmers for the languages the Whoosh backend stems (same algorithms).
LANGUAGES = {
    "en": "English",
    "de": "German2",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian",
    "fi": "Finnish",
    "ru": "Russian",
}
FACET_FIELDS = facet_table.VALUE_NAMES
#: Kept for the text fields, so a search marks its words in the hits (snippets, one round trip).
TERM_VECTORS = "with_positions_offsets"
#: Indexed only, never read back: kept out of ``_source`` (a smaller index, a cheaper fetch).
UNSTORED = ["words", "spell"]


def analysis() -> dict:
    """The analyzers: plain, spelling, and one stemmed analyzer per language."""
    filters = {
        f"stem_{lang}": {"type": "snowball", "language": name} for lang, name in LANGUAGES.items()
    }
    analyzers = {
        "plain": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
        "spell": {"tokenizer": "standard", "filter": ["lowercase"]},
    }
    for lang in LANGUAGES:
        analyzers[f"text_{lang}"] = {
            "tokenizer": "standard",
            "filter": ["lowercase", f"stem_{lang}", "asciifolding"],
        }
    return {"filter": filters, "analyzer": analyzers}


def mapping() -> dict:
    """The index mapping, generated from the facet table and the language list."""
    properties: dict = {
        "id": {"type": "keyword"},
        "title": {"type": "text", "analyzer": "plain"},
        "byline": {"type": "text", "analyzer": "plain"},
        "note": {"type": "text", "analyzer": "plain"},
        "text": {"type": "text", "analyzer": "plain", "term_vector": TERM_VECTORS},
        "words": {"type": "text", "analyzer": "plain", "index_options": "docs"},
        "spell": {"type": "text", "analyzer": "spell"},
        "published": {"type": "date"},
        "local_day": {"type": "date", "format": "strict_date_optional_time"},
        "added": {"type": "date"},
        "url": {"type": "keyword"},  # ``urls.url_key``: pasted addresses and ``url:``
        "domain": {"type": "keyword"},
    }
    for lang in LANGUAGES:
        properties[f"text_{lang}"] = {
            "type": "text",
            "analyzer": f"text_{lang}",
            "term_vector": TERM_VECTORS,
        }
    for name in FACET_FIELDS:  # exact values, and their words (``person:merkel``)
        properties[name] = {
            "type": "keyword",
            # counted by every page: their global ordinals are built at refresh, not by a search
            "eager_global_ordinals": name in (*facet_table.COUNTED_NAMES, facet_table.STORY),
            "fields": {"words": {"type": "text", "analyzer": "spell"}},
        }
    return {
        "_meta": {"schema_version": SCHEMA_VERSION},
        "_source": {"excludes": UNSTORED},
        "dynamic": "strict",
        "properties": properties,
    }


def text_field_for(lang: str | None) -> str:
    return f"text_{lang}" if lang in LANGUAGES else "text"


#: Every field that holds an article's text (one per record, by its language).
TEXT_FIELDS = (*(text_field_for(lang) for lang in LANGUAGES), "text")


def record_to_document(record: Record) -> dict:
    text = f"{record.title}\n\n{record.body}"
    if record.note:  # a note is found as ordinary text too
        text = f"{text}\n\n{record.note}"
    entities = record.places + record.people + record.orgs + record.terms
    urls, domains = record_addresses(record.url)
    doc = {
        "id": record.id,
        "title": record.title,
        "byline": " ; ".join(record.authors),
        "note": record.note,
        text_field_for(record.lang): text,
        "words": text,
        "spell": " ".join([record.title, record.summary, *entities, *record.tags]),
        "published": record.date.isoformat() if record.date else None,
        # The page's own day and time, without its offset: days and months as written.
        "local_day": record.date.replace(tzinfo=None).isoformat() if record.date else None,
        "added": record.added.isoformat() if record.added else None,
        "url": urls,
        "domain": domains,
    }
    doc.update(facet_table.facet_values(record))
    return doc


def text_fields(fieldname: str | None) -> list[str]:
    return backend.text_fields(fieldname, LANGUAGES)


def translate(node) -> dict:
    """A query tree as an OpenSearch bool query (the same matches as the Whoosh backend)."""
    if isinstance(node, q.MatchAll):
        return {"match_all": {}}
    if isinstance(node, q.DateRange):
        bounds = {}
        if node.start:
            bounds["gte"] = node.start.isoformat()
        if node.end:
            bounds["lte"] = node.end.isoformat() + "||/d"
        return {"range": {"local_day": bounds}} if bounds else {"exists": {"field": "local_day"}}
    if isinstance(node, q.And):
        must = [translate(c) for c in node.children if not isinstance(c, q.Not)]
        must_not = [translate(c.child) for c in node.children if isinstance(c, q.Not)]
        if not must:
            must = [{"match_all": {}}]
        return {"bool": {"must": must, "must_not": must_not}}
    if isinstance(node, q.Or):
        return {
            "bool": {
                "should": [translate(c) for c in node.children],
                "minimum_should_match": 1,
            }
        }
    if isinstance(node, q.Not):
        return {"bool": {"must": [{"match_all": {}}], "must_not": [translate(node.child)]}}
    if isinstance(node, q.Facet):
        value = node.value.strip()
        if node.prefix:
            return {"prefix": {node.name: {"value": value, "case_insensitive": True}}}
        exact = {"term": {node.name: {"value": value, "case_insensitive": True}}}
        if not node.word:
            return exact
        word = {"match": {f"{node.name}.words": {"query": value, "operator": "and"}}}
        return {"bool": {"should": [exact, word], "minimum_should_match": 1}}
    if isinstance(node, q.Term):
        if node.prefix:
            fields = ["title", "words"] if node.field is None else text_fields(node.field)
            return {
                "bool": {
                    "should": [
                        {"prefix": {f: {"value": node.text.lower(), "case_insensitive": True}}}
                        for f in fields
                    ],
                    "minimum_should_match": 1,
                }
            }
        return {
            "multi_match": {
                "query": node.text,
                "fields": text_fields(node.field),
                "type": "most_fields",
                "operator": "and",
            }
        }
    if isinstance(node, q.Phrase):
        return {
            "multi_match": {
                "query": " ".join(node.words),
                "fields": text_fields(node.field),
                "type": "phrase",
            }
        }
    raise QueryError(f"Unsupported query part: {node!r}")
