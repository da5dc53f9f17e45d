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
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence

from archive import facets as facet_table
from archive import query as q
from archive.backend import (
    SUGGEST_SECONDS,
    Backend,
    Filters,
    Highlight,
    Histogram,
    Page,
    Submit,
    check_histogram,
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
    TEXT_FIELDS,
    analysis,
    mapping,
    record_to_document,
    text_field_for,
    text_fields,
    translate,
)
from archive.opensearch_highlights import (
    MAX_MARKED_HITS,
    collapsed_marks,
    highlight_request,
    read_marks,
)
from archive.records import Record

DEFAULT_INDEX = "news-archive"
BULK_CHUNK = 1000
MAX_PREFIX_TERMS = 2000
#: Buckets asked of each shard beyond the facet limit, so counts stay exact on several shards.
SHARD_SIZE_FACTOR = 20
PAGE_FOR_IDS = 1000
#: Hits whose marked text a thread keeps for the snippets that follow its search.
MARKED_KEPT = 200


def _all_of(queries) -> dict:
    return {"bool": {"filter": list(queries)}}


def _months() -> dict:
    return {
        "date_histogram": {"field": "local_day", "calendar_interval": "month", "min_doc_count": 1}
    }


def _page_aggs(translated: dict, facet_limit: int) -> tuple[dict, dict[str, str]]:
    """A page's aggregations, and the group that counts each facet.

    A facet is counted over the matches of the other facets' filters; facets that are not
    filtered all share the page's filters, so they share one ``filter`` aggregation (the
    timeline's, with the story count): one group per filtered facet, plus that one. Years
    are summed from the group's months (calendar months nest in years), so a group holds
    one date histogram.
    """
    group_of = {}
    groups: dict[str, dict] = {"all": {"filter": _all_of(translated.values()), "aggs": {}}}
    for name in (*facet_table.COUNTED_NAMES, "year", "month"):
        key = f"without_{name}" if name in translated else "all"
        group_of[name] = key
        if key not in groups:
            others = (f for n, f in translated.items() if n != name)
            groups[key] = {"filter": _all_of(others), "aggs": {}}
        inner = groups[key]["aggs"]
        if name in ("year", "month"):
            inner["months"] = _months()
            continue
        inner[f"{name}_values"] = {
            "terms": {
                "field": name,
                "size": facet_limit,
                "shard_size": facet_limit * SHARD_SIZE_FACTOR,
                "order": [{"_count": "desc"}, {"_key": "asc"}],
            }
        }
        inner[f"{name}_distinct"] = {"cardinality": {"field": name, "precision_threshold": 40000}}
    groups["all"]["aggs"].update(
        months=_months(),
        undated={"missing": {"field": "local_day"}},
        stories={"cardinality": {"field": facet_table.STORY, "precision_threshold": 40000}},
    )
    return groups, group_of


def _read_aggs(page: Page, found: dict, group_of: dict[str, str], facet_limit: int) -> None:
    """Fill ``page``'s facets, sizes, months, undated and stories from ``_page_aggs``'s answer."""
    everything = found["all"]
    page.stories = int(everything["stories"]["value"])
    for name in facet_table.COUNTED_NAMES:
        group = found[group_of[name]]
        buckets = group[f"{name}_values"]["buckets"]
        page.facets[name] = sorted(
            ((b["key"], int(b["doc_count"])) for b in buckets),
            key=lambda p: (-p[1], p[0].lower()),
        )
        page.facet_sizes[name] = int(group[f"{name}_distinct"]["value"])
    for name, width in (("year", 4), ("month", 7)):
        counts: dict[str, int] = {}
        for b in found[group_of[name]]["months"]["buckets"]:
            key = b["key_as_string"][:width]
            counts[key] = counts.get(key, 0) + int(b["doc_count"])
        page.facet_sizes[name] = len(counts)
        page.facets[name] = sorted(counts.items(), reverse=True)[:facet_limit]
    page.months = {
        b["key_as_string"][:7]: int(b["doc_count"]) for b in everything["months"]["buckets"]
    }
    page.undated = int(everything["undated"]["doc_count"])


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
    #: A page's search marks the words of its hits (snippets need no more requests); a
    #: benchmark turns it off to measure the page as it was (two ``_analyze`` per hit).
    marks_in_page = True

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
        self._local = threading.local()  # each thread's last marked hits (see snippets)

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
        aggs, groups = _page_aggs(translated, facet_limit)
        body = {
            "query": self._query(query),
            "from": offset,
            "size": limit,
            "sort": self._sort(sort),
            "track_total_hits": True,  # scores only for the relevance sort (its first key)
            "_source": False,
            "aggs": aggs,
        }
        if translated:
            body["post_filter"] = _all_of(translated.values())
        words = q.query_words(query)
        highlight = None
        if self.marks_in_page and limit <= MAX_MARKED_HITS:
            highlight = highlight_request(words, TEXT_FIELDS)
        if highlight:  # the hits' words come with the page: snippets need no more requests
            body["highlight"] = highlight
            body["_source"] = ["title"]
        if collapse:  # each story's first hit in the sort order (ties by id) stands for it
            body["collapse"] = {"field": facet_table.STORY}
        answer = self.client.search(index=self.index, body=body)
        if highlight:
            self._keep_marks(words, answer["hits"]["hits"])
        page = Page(
            total=int(answer["hits"]["total"]["value"]),
            hits=[
                (h["_id"], float(h.get("_score") or 0.0) if sort == "relevance" else 0.0)
                for h in answer["hits"]["hits"]
            ],
            timed_out=bool(answer.get("timed_out")),
        )
        _read_aggs(page, answer["aggregations"], groups, facet_limit)
        return page

    @_available
    def histogram(
        self, query: q.Node, *, unit: str = "month", split: str | None = None, top: int = 0
    ) -> Histogram:
        check_histogram(unit, split)
        periods = {
            "date_histogram": {"field": "local_day", "calendar_interval": unit, "min_doc_count": 1}
        }
        aggs: dict = {"periods": periods, "undated": {"missing": {"field": "local_day"}}}
        if split is not None and top > 0:
            aggs["split"] = {
                "terms": {
                    "field": split,
                    "size": top,
                    "shard_size": top * SHARD_SIZE_FACTOR,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                },
                "aggs": {"periods": periods},
            }
        body = {"query": self._query(query), "size": 0, "track_total_hits": False, "aggs": aggs}
        found = self.client.search(index=self.index, body=body)["aggregations"]
        width = 10 if unit == "week" else 7  # "2023-09-18" (the Monday) or "2023-09"

        def counts(agg) -> dict[str, int]:
            return {b["key_as_string"][:width]: int(b["doc_count"]) for b in agg["buckets"]}

        return Histogram(
            counts(found["periods"]),
            [
                (b["key"], int(b["doc_count"]), counts(b["periods"]))
                for b in found.get("split", {}).get("buckets", [])
            ],
            int(found["undated"]["doc_count"]),
        )

    @_available
    def count_matches(self, query: q.Node) -> int:
        return int(self.client.count(index=self.index, body={"query": self._query(query)})["count"])

    # ---- snippets, suggestions, related
    def _analyze(self, analyzer: str, text: str) -> list[dict]:
        answer = self.client.indices.analyze(
            index=self.index, body={"analyzer": analyzer, "text": text}
        )
        return answer.get("tokens", [])

    def _keep_marks(self, words: list[str], hits: list[dict]) -> None:
        """Keep each hit's marked text field for ``snippets`` (this thread's, bounded)."""
        kept = getattr(self._local, "marked", None)
        if kept is None:
            kept = self._local.marked = OrderedDict()
        key = frozenset(words)
        for hit in hits:
            for field, texts in (hit.get("highlight") or {}).items():
                read = read_marks(texts[0])
                if read is None:
                    continue
                title = (hit.get("_source") or {}).get("title") or ""
                kept[hit["_id"]] = (key, field, *read, len(title) + 2)  # the body's start
                kept.move_to_end(hit["_id"])
        while len(kept) > MARKED_KEPT:
            kept.popitem(last=False)

    def _marked(self, words: list[str], text: str, lang: str | None):
        """The words of ``text`` marked by this thread's last searches: (start, end, key)
        in the collapsed text, or None when no search marked this text for these words."""
        field, key = text_field_for(lang), frozenset(words)
        for kept_key, kept_field, plain, marks, start in reversed(
            getattr(self._local, "marked", {}).values()
        ):
            end = start + len(text)
            if kept_key != key or kept_field != field or not plain.startswith(text, start):
                continue
            if end == len(plain) or plain.startswith("\n\n", end):  # then only a note
                return collapsed_marks(text, marks, start)
        return None

    @_available
    def snippets(self, query: q.Node, text: str, lang: str | None, top: int = 2) -> list[Highlight]:
        words = q.query_words(query)
        if not words or not text:
            return []
        marks = self._marked(words, text, lang)
        text = " ".join(text.split())
        if marks is not None:
            return best_passages(text, marks, {key for _, _, key in marks}, top)
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
