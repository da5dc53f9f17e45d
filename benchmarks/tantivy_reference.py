"""The strongest peer: the same corpus and query mix on tantivy (the Rust engine, ``tantivy-py``).

A benchmark dependency only (``requirements-dev.txt``), never the product's. One index of
title and body (``en_stem``: lower case, English stemmer), raw keyword fields for every facet
(fast fields, so terms aggregations run on them), the day as a date and the month as a number.
A page is what the product's page holds: the exact total, the top 10 by BM25 (newest first
for a query without words) with a snippet of the body for each, terms aggregations of every
facet (top 50 values, as the product) and a monthly histogram, all over the matches.
"""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import tantivy
from fts5 import FACET_LIMIT, MULTI_FACETS, SINGLE_FACETS
from queries import Query

WRITER_HEAP = 256_000_000
FACETS = (*SINGLE_FACETS, *MULTI_FACETS)


def _schema():
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True)
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    for name in FACETS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    builder.add_date_field("day", indexed=True, fast=True)
    builder.add_integer_field("month", indexed=True, fast=True)  # year * 12 + month - 1
    return builder.build()


def build_index(articles, folder: Path) -> dict:
    """Index manifest entries (dicts from ``Corpus.articles()``) into a new index folder."""
    folder = Path(folder)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    index = tantivy.Index(_schema(), path=str(folder))
    writer = index.writer(heap_size=WRITER_HEAP)
    count = 0
    for article in articles:
        count += 1
        day = datetime.fromisoformat(article["date"][:10]).replace(tzinfo=UTC)
        fields = {
            "id": article["number"] + 1,
            "title": article["title"],
            "body": article["body"],
            "source": article["source"],
            "type": "html" if article["format"] == "html" else "text",
            "lang": "en",
            "day": day,
            "month": day.year * 12 + day.month - 1,
        }
        for name, key in MULTI_FACETS.items():
            fields[name] = list(article[key])
        writer.add_document(tantivy.Document(**fields))
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    return {
        "count": count,
        "seconds": seconds,
        "per_s": count / seconds if seconds else 0.0,
        "mb": size / 1e6,
    }


class TantivySearch:
    """Answers search pages from an index made by ``build_index``."""

    def __init__(self, folder: Path):
        self.index = tantivy.Index.open(str(folder))
        self.index.reload()
        self.schema = self.index.schema
        self.searcher = self.index.searcher()
        self.aggregations = {
            name: {"terms": {"field": name, "size": FACET_LIMIT}} for name in FACETS
        }
        self.aggregations["months"] = {"histogram": {"field": "month", "interval": 1}}

    def close(self):
        self.searcher = None

    def _query(self, query: Query):
        parts = []
        if query.match:  # the FTS5 expression: words (all must match) or one phrase
            text = query.match if query.match.startswith('"') else query.match
            parts.append(
                self.index.parse_query(text, ["title", "body"], conjunction_by_default=True)
            )
        for name, value in (*query.facets, *query.where):
            parts.append(tantivy.Query.term_query(self.schema, name, value))
        if query.date_from or query.date_to:
            bounds = [
                datetime.fromisoformat(day).replace(tzinfo=UTC) if day else None
                for day in (query.date_from, query.date_to)
            ]
            parts.append(
                tantivy.Query.range_query(
                    self.schema,
                    "day",
                    tantivy.FieldType.Date,
                    bounds[0],
                    bounds[1],
                    include_lower=True,
                    include_upper=bounds[1] is None,  # half-open, as the FTS5 reference
                )
            )
        if not parts:
            return tantivy.Query.all_query()
        if len(parts) == 1:
            return parts[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, part) for part in parts])

    def page(self, query: Query) -> dict:
        """The full page: total, top 10 with snippets, every facet's counts, the months."""
        searcher = self.searcher
        found = self._query(query)
        if query.match and query.sort == "relevance":
            result = searcher.search(found, limit=10, count=True)
        else:
            result = searcher.search(found, limit=10, count=True, order_by_field="day")
        snippets = None
        if query.match:
            snippets = tantivy.SnippetGenerator.create(searcher, found, self.schema, "body")
        hits = []
        for _key, address in result.hits:
            doc = searcher.doc(address)
            text = snippets.snippet_from_doc(doc).to_html() if snippets else ""
            hits.append((doc["id"][0], doc["title"][0], text))
        counts = searcher.aggregate(found, self.aggregations)
        facets = {
            name: [(b["key"], b["doc_count"]) for b in counts[name]["buckets"]] for name in FACETS
        }
        months = [
            (int(b["key"]), b["doc_count"]) for b in counts["months"]["buckets"] if b["doc_count"]
        ]
        return {"total": result.count, "hits": hits, "facets": facets, "timeline": months}
