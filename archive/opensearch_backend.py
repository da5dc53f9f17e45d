"""The scale-out backend: the same archive's index on an OpenSearch cluster.

The only module that talks to OpenSearch (through the official ``opensearch-py``
client). The archive's records stay the source of truth; this index is derived
and rebuilt by ``archive reindex`` like the Whoosh one. The mapping is made from
the facet table and mirrors the Whoosh schema: per-language stemmed text fields
(snowball stemmers and ASCII folding, as Whoosh analyses), a plain field for
prefixes, keyword facet fields, the publication day as the page's own wall-clock
date (so a day and a month are the page's own, on both engines).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator, Sequence

from archive import facets as facet_table
from archive import query as q
from archive.backend import (
    SUGGEST_SECONDS,
    Backend,
    Filters,
    Highlight,
    Page,
    Submit,
    suggestable,
    time_left,
)
from archive.errors import (
    ArchiveError,
    EngineUnavailableError,
    IndexMissingError,
)
from archive.highlight import best_passages
from archive.opensearch_documents import (  # noqa: F401 - SCHEMA_VERSION is this engine's
    LANGUAGES,
    SCHEMA_VERSION,
    analysis,
    mapping,
    record_to_document,
    text_field_for,
    text_fields,
    translate,
)
from archive.records import Record

DEFAULT_INDEX = "news-archive"
BULK_CHUNK = 1000
MAX_PREFIX_TERMS = 2000
#: Buckets asked of each shard beyond the facet limit, so counts stay exact on several shards.
SHARD_SIZE_FACTOR = 20
PAGE_FOR_IDS = 1000


class OpenSearchError(ArchiveError):
    """OpenSearch answered, but refused what was asked (the message says what)."""


def _available(method):
    """Connection problems become EngineUnavailableError with a message a user can act on."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        from opensearchpy import exceptions as os_errors

        try:
            return method(self, *args, **kwargs)
        except (os_errors.ConnectionError, os_errors.ConnectionTimeout) as error:
            raise EngineUnavailableError(
                f"The OpenSearch cluster at {self.url} cannot be reached ({type(error).__name__}):"
                " check that it is running, or use the embedded engine (--engine whoosh)."
            ) from None
        except os_errors.NotFoundError:
            raise IndexMissingError(
                f"There is no index {self.index!r} on {self.url}: run `archive reindex` "
                "to build it from the archive's records."
            ) from None
        except os_errors.TransportError as error:
            raise OpenSearchError(f"OpenSearch refused the request: {error}") from None

    return wrapper


class OpenSearchBackend(Backend):
    """One index on an OpenSearch cluster."""

    name = "opensearch"

    def __init__(
        self,
        url: str,
        index: str = DEFAULT_INDEX,
        timeout: float = 30.0,
        shards: int = 1,
        replicas: int = 0,
    ):
        #: One address, or several separated by commas (the client fails over between them).
        self.urls = [part.strip().rstrip("/") for part in url.split(",") if part.strip()]
        self.url = ",".join(self.urls)
        self.index = index
        self.timeout = timeout
        self.shards = shards
        self.replicas = replicas
        self._client = None

    @property
    def client(self):
        if self._client is None:
            from opensearchpy import OpenSearch

            self._client = OpenSearch(
                hosts=self.urls, timeout=self.timeout, max_retries=2, retry_on_timeout=True
            )
        return self._client

    # ---- lifecycle
    @_available
    def exists(self) -> bool:
        return bool(self.client.indices.exists(index=self.index))

    @_available
    def is_current(self) -> bool:
        if not self.exists():
            return False
        found = self.client.indices.get_mapping(index=self.index)
        meta = next(iter(found.values()))["mappings"].get("_meta", {})
        return meta.get("schema_version") == SCHEMA_VERSION

    @_available
    def health(self) -> dict:
        health = self.client.cluster.health(request_timeout=self.timeout)
        status = "ok" if self.is_current() else ("outdated" if self.exists() else "missing")
        return {
            "engine": self.name,
            "status": status,
            "url": self.url,
            "index": self.index,
            "cluster": health.get("cluster_name"),
            "cluster_status": health.get("status"),
            "nodes": health.get("number_of_nodes"),
        }

    @_available
    def verify(self) -> list[str]:
        if not self.exists():
            return []
        health = self.client.cluster.health(index=self.index, request_timeout=self.timeout)
        if health.get("status") == "red":
            return [
                f"the OpenSearch index {self.index} is red: {health.get('unassigned_shards')} "
                "shard(s) unassigned (see the cluster's allocation explain API)"
            ]
        return []

    @_available
    def create(self) -> None:
        if self.client.indices.exists(index=self.index):
            self.client.indices.delete(index=self.index)
        self.client.indices.create(
            index=self.index,
            body={
                "settings": {
                    "number_of_shards": self.shards,
                    "number_of_replicas": self.replicas,
                    "analysis": analysis(),
                    "max_result_window": 100_000,
                },
                "mappings": mapping(),
            },
        )
        self.client.cluster.health(
            index=self.index, wait_for_status="yellow", request_timeout=self.timeout
        )

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # ---- writing
    @_available
    def upsert(self, records: Sequence[Record], submit: Submit = None) -> None:
        for start in range(0, len(records), BULK_CHUNK):
            body = []
            for record in records[start : start + BULK_CHUNK]:
                body.append({"index": {"_index": self.index, "_id": record.id}})
                body.append(record_to_document(record))
            self._bulk(body)
        self.client.indices.refresh(index=self.index)

    @_available
    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        body = [{"delete": {"_index": self.index, "_id": rid}} for rid in ids]
        self._bulk(body, missing_ok=True)
        self.client.indices.refresh(index=self.index)

    def _bulk(self, body: list, missing_ok: bool = False) -> None:
        answer = self.client.bulk(body=body, request_timeout=max(self.timeout, 120))
        if not answer.get("errors"):
            return
        failed = []
        for item in answer["items"]:
            action, result = next(iter(item.items()))
            if result.get("status", 200) >= 300 and not (
                missing_ok and action == "delete" and result.get("status") == 404
            ):
                reason = (result.get("error") or {}).get("reason", result.get("status"))
                failed.append(f"{result.get('_id')}: {reason}")
        if failed:  # the records stay pending in the archive: nothing is lost
            shown = "; ".join(failed[:5]) + (
                f"; and {len(failed) - 5} more" if len(failed) > 5 else ""
            )
            raise OpenSearchError(f"OpenSearch did not index {len(failed)} record(s): {shown}")

    # ---- reading
    @_available
    def count(self) -> int:
        return int(self.client.count(index=self.index)["count"])

    @_available
    def ids(self) -> Iterator[str]:
        after = None
        while True:
            body = {
                "size": PAGE_FOR_IDS,
                "sort": [{"id": "asc"}],
                "_source": False,
                "query": {"match_all": {}},
            }
            if after:
                body["search_after"] = after
            hits = self.client.search(index=self.index, body=body)["hits"]["hits"]
            if not hits:
                return
            for hit in hits:
                yield hit["_id"]
            after = hits[-1]["sort"]

    def _query(self, node: q.Node) -> dict:
        return translate(node)

    @staticmethod
    def _sort(sort: str) -> list:
        tie = [{"id": "asc"}]
        if sort == "oldest":
            return [{"published": {"order": "asc", "missing": "_last"}}, *tie]
        if sort == "added":
            return [{"added": {"order": "desc", "missing": "_last"}}, *tie]
        newest = {"published": {"order": "desc", "missing": "_last"}}
        if sort == "relevance":
            return ["_score", newest, *tie]
        return [newest, *tie]

    @_available
    def search(
        self,
        query: q.Node,
        *,
        filters: Filters = (),
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 10,
        facet_limit: int = 50,
        collapse: bool = False,
    ) -> Page:
        translated = {name: self._query(node) for name, node in filters}

        def others(name):
            return {"bool": {"filter": [f for n, f in translated.items() if n != name]}}

        aggs: dict = {}
        for name in facet_table.COUNTED_NAMES:
            aggs[name] = {
                "filter": others(name),
                "aggs": {
                    "values": {
                        "terms": {
                            "field": name,
                            "size": facet_limit,
                            "shard_size": facet_limit * SHARD_SIZE_FACTOR,
                            "order": [{"_count": "desc"}, {"_key": "asc"}],
                        }
                    },
                    "distinct": {"cardinality": {"field": name, "precision_threshold": 40000}},
                },
            }
        for name, interval in (("year", "year"), ("month", "month")):
            aggs[name] = {
                "filter": others(name),
                "aggs": {
                    "buckets": {
                        "date_histogram": {
                            "field": "local_day",
                            "calendar_interval": interval,
                            "min_doc_count": 1,
                        }
                    }
                },
            }
        everything = {"bool": {"filter": list(translated.values())}}
        aggs["timeline"] = {
            "filter": everything,
            "aggs": {
                "months": {
                    "date_histogram": {
                        "field": "local_day",
                        "calendar_interval": "month",
                        "min_doc_count": 1,
                    }
                },
                "undated": {"missing": {"field": "local_day"}},
                "stories": {
                    "cardinality": {"field": facet_table.STORY, "precision_threshold": 40000}
                },
            },
        }
        body = {
            "query": self._query(query),
            "post_filter": everything,
            "from": offset,
            "size": limit,
            "sort": self._sort(sort),
            "track_total_hits": True,
            "track_scores": True,
            "_source": False,
            "aggs": aggs,
        }
        if collapse:  # each story's first hit in the sort order (ties by id) stands for it
            body["collapse"] = {"field": facet_table.STORY}
        answer = self.client.search(index=self.index, body=body)
        page = Page(
            total=int(answer["hits"]["total"]["value"]),
            hits=[
                (h["_id"], float(h.get("_score") or 0.0) if sort == "relevance" else 0.0)
                for h in answer["hits"]["hits"]
            ],
            timed_out=bool(answer.get("timed_out")),
        )
        found = answer["aggregations"]
        page.stories = int(found["timeline"]["stories"]["value"])
        for name in facet_table.COUNTED_NAMES:
            buckets = found[name]["values"]["buckets"]
            page.facets[name] = sorted(
                ((b["key"], int(b["doc_count"])) for b in buckets),
                key=lambda p: (-p[1], p[0].lower()),
            )
            page.facet_sizes[name] = int(found[name]["distinct"]["value"])
        for name, width in (("year", 4), ("month", 7)):
            counts = {
                b["key_as_string"][:width]: int(b["doc_count"])
                for b in found[name]["buckets"]["buckets"]
            }
            page.facet_sizes[name] = len(counts)
            page.facets[name] = sorted(counts.items(), reverse=True)[:facet_limit]
        page.months = {
            b["key_as_string"][:7]: int(b["doc_count"])
            for b in found["timeline"]["months"]["buckets"]
        }
        page.undated = int(found["timeline"]["undated"]["doc_count"])
        return page

    @_available
    def count_matches(self, query: q.Node) -> int:
        return int(self.client.count(index=self.index, body={"query": self._query(query)})["count"])

    # ---- snippets, suggestions, related
    def _analyze(self, analyzer: str, text: str) -> list[dict]:
        answer = self.client.indices.analyze(
            index=self.index, body={"analyzer": analyzer, "text": text}
        )
        return answer.get("tokens", [])

    @_available
    def snippets(self, query: q.Node, text: str, lang: str | None, top: int = 2) -> list[Highlight]:
        words = q.query_words(query)
        if not words or not text:
            return []
        text = " ".join(text.split())
        analyzer = text_field_for(lang) if lang in LANGUAGES else "plain"
        wanted = {t["token"] for t in self._analyze(analyzer, " ".join(words))}
        scanned = text[:60_000]
        tokens = self._analyze(analyzer, scanned)
        return best_passages(
            text, ((t["start_offset"], t["end_offset"], t["token"]) for t in tokens), wanted, top
        )

    @_available
    def suggest(self, words: Sequence[str]) -> dict[str, str]:
        fixes = {}
        until = time.monotonic() + time_left(default=SUGGEST_SECONDS)
        for word in words:
            lowered = word.lower()
            if not suggestable(lowered):
                continue
            if time.monotonic() >= until:  # a correction is a nicety: never worth a late page
                break
            body = {
                "size": 0,
                "query": {"term": {"spell": lowered}},
                "suggest": {
                    "fix": {
                        "text": lowered,
                        "term": {
                            "field": "spell",
                            "suggest_mode": "missing",
                            "max_edits": 2,
                            "prefix_length": 1,
                            "size": 1,
                            "sort": "score",
                        },
                    }
                },
            }
            answer = self.client.search(index=self.index, body=body)
            if answer["hits"]["total"]["value"]:
                continue  # the word is in the archive
            options = answer["suggest"]["fix"][0]["options"] if answer["suggest"]["fix"] else []
            if options and options[0]["text"] != lowered:
                fixes[word] = options[0]["text"]
        return fixes

    @_available
    def related(self, record: Record, limit: int = 5) -> list[tuple[str, float]]:
        should: list = [
            {
                "more_like_this": {
                    "fields": [text_field_for(record.lang)],
                    "like": f"{record.title}\n{record.body}",
                    "min_term_freq": 1,
                    "min_doc_freq": 1,
                    "max_query_terms": 12,
                }
            }
        ]
        for facet in ("place", "person", "org", "tag"):
            values = facet_table.BY_NAME[facet].values(record)[:5]
            should += [{"term": {facet: {"value": v, "boost": 0.5}}} for v in values]
        body = {
            "size": limit,
            "query": {
                "bool": {
                    "should": should,
                    "must_not": [{"ids": {"values": [record.id]}}],
                    "minimum_should_match": 1,
                }
            },
            "_source": False,
        }
        hits = self.client.search(index=self.index, body=body)["hits"]["hits"]
        return [(h["_id"], float(h["_score"])) for h in hits]
