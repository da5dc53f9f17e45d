"""The project's OpenSearch test nodes: one node answers and analyses; a 3-node cluster survives
the SIGKILL of its elected cluster manager while searches and an indexing run go on."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import pytest

from tests.opensearch_fixtures import require_opensearch
from tests.opensearch_node import Cluster, get_json

pytestmark = pytest.mark.opensearch

INDEX = "articles"
ARTICLES = 6000
BULK_CHUNK = 200
KILL_AFTER = 1500  # articles indexed before the cluster manager is killed
#: Searches may fail only from the kill until the new cluster manager is seen plus this grace.
ELECTION_GRACE = 5.0
#: The election window itself must close within this bound.
MAX_ELECTION = 30.0
#: Searches that must succeed after the window, so "no failure" is not "no search".
MIN_SEARCHES_AFTER = 20
BULK_TRIES = 5  # per chunk; a chunk item that failed is sent again (same id: idempotent)


def _client(url, **options):
    from opensearchpy import OpenSearch

    return OpenSearch(hosts=[url], timeout=30, **options)


def test_node_answers(opensearch_url):
    info = get_json(opensearch_url)
    assert info["version"]["number"] == "2.19.6"
    assert info["version"]["distribution"] == "opensearch"


def test_english_analyzer_from_analysis_common(opensearch_url):
    client = _client(opensearch_url)
    tokens = client.indices.analyze(body={"analyzer": "english", "text": "elections"})
    assert [t["token"] for t in tokens["tokens"]] == ["elect"]


# ------------------------------------------------------------------ failover
WORDS = "harbour strike election flood storm port council budget drought ministry".split()
SOURCES = ["Harbour Gazette", "North Courier", "Baltic Wire", "Caspian Review"]


def make_article(number: int) -> dict:
    """An article-like document: id, title, body, source, date, tags."""
    word = WORDS[number % len(WORDS)]
    other = WORDS[(number * 7 + 3) % len(WORDS)]
    return {
        "id": f"a{number:06d}",
        "title": f"{word.title()} news number {number}",
        "body": f"The {word} and the {other} were reported on day {number % 28 + 1}. " * 5,
        "source": SOURCES[number % len(SOURCES)],
        "date": f"20{10 + number % 14}-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
        "tags": [word, other],
    }


MAPPING = {
    "properties": {
        "title": {"type": "text", "analyzer": "english"},
        "body": {"type": "text", "analyzer": "english"},
        "source": {"type": "keyword"},
        "date": {"type": "date"},
        "tags": {"type": "keyword"},
    }
}


@dataclass
class Progress:
    indexed: int = 0
    bulk_retries: int = 0
    searches: list = field(default_factory=list)  # (monotonic time, error or None)
    failure: BaseException | None = None
    stop: threading.Event = field(default_factory=threading.Event)


def raw_indexing_run(urls: list[str], articles: list[dict], progress: Progress) -> None:
    """Bulk-index ``articles`` through the given nodes, retrying failed items (bounded).

    Phase B replaces this by the product's own indexing run into the OpenSearch backend."""
    from opensearchpy import OpenSearch, helpers

    client = OpenSearch(hosts=urls, timeout=60, max_retries=3, retry_on_timeout=True)
    for start in range(0, len(articles), BULK_CHUNK):
        pending = articles[start : start + BULK_CHUNK]
        for _ in range(BULK_TRIES):
            actions = [{"_index": INDEX, "_id": a["id"], "_source": a} for a in pending]
            _, errors = helpers.bulk(
                client, actions, raise_on_error=False, raise_on_exception=False
            )
            failed = {e["index"]["_id"] for e in errors}
            pending = [a for a in pending if a["id"] in failed]
            if not pending:
                break
            progress.bulk_retries += 1
            time.sleep(1)
        assert not pending, f"{len(pending)} articles not indexed after {BULK_TRIES} tries"
        progress.indexed = start + BULK_CHUNK


def search_loop(urls: list[str], progress: Progress) -> None:
    """Search without retries, alternating between ``urls``, until told to stop.

    A search fails when it raises or answers with failed shards or a timeout."""
    clients = [_client(url, max_retries=0) for url in urls]
    number = 0
    while not progress.stop.is_set():
        client = clients[number % len(clients)]
        word = WORDS[number % len(WORDS)]
        number += 1
        error = None
        try:
            answer = client.search(
                index=INDEX,
                body={
                    "query": {"multi_match": {"query": word, "fields": ["title^2", "body"]}},
                    "aggs": {"sources": {"terms": {"field": "source"}}},
                    "size": 10,
                },
            )
            shards = answer["_shards"]
            if shards["failed"] or shards["successful"] != shards["total"] or answer["timed_out"]:
                error = f"partial answer: {shards}, timed_out={answer['timed_out']}"
        except Exception as exc:  # noqa: BLE001 - every kind of failure is recorded
            error = repr(exc)
        progress.searches.append((time.monotonic(), error))
        time.sleep(0.05)


def _in_thread(target, progress: Progress, *args) -> threading.Thread:
    def run():
        try:
            target(*args, progress)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            progress.failure = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def elected_manager(url: str) -> str | None:
    try:
        rows = get_json(f"{url}/_cat/cluster_manager?format=json", timeout=2)
    except (OSError, ValueError):
        return None
    return rows[0]["node"] if rows else None


def wait_for_new_manager(url: str, old: str) -> str:
    deadline = time.monotonic() + MAX_ELECTION
    while time.monotonic() < deadline:
        name = elected_manager(url)
        if name and name != old:
            return name
        time.sleep(0.1)
    raise AssertionError(f"no new cluster manager within {MAX_ELECTION:.0f} s")


def test_cluster_manager_sigkill_loses_no_search_and_no_article():
    """3 nodes, 3 shards x 1 replica. Searches go, without retries, to the two nodes that
    survive; indexing goes on through them. Searches may fail only inside the election window
    (kill .. new cluster manager seen + ELECTION_GRACE, itself at most MAX_ELECTION); none after
    it, and every article is there at the end."""
    require_opensearch()
    with Cluster(nodes=3) as cluster:
        setup = _client(cluster.url)
        setup.indices.create(
            index=INDEX,
            body={
                "settings": {"number_of_shards": 3, "number_of_replicas": 1},
                "mappings": MAPPING,
            },
        )
        setup.cluster.health(
            index=INDEX, wait_for_status="green", timeout="90s", request_timeout=120
        )
        manager = elected_manager(cluster.url)
        victim = int(manager.rsplit("-", 1)[1])
        survivors = [url for i, url in enumerate(cluster.urls) if i != victim]

        progress = Progress()
        articles = [make_article(n) for n in range(ARTICLES)]
        indexer = _in_thread(raw_indexing_run, progress, survivors, articles)
        searcher = _in_thread(search_loop, progress, survivors)
        while progress.indexed < KILL_AFTER and indexer.is_alive():
            time.sleep(0.05)
        killed_at, indexed_at_kill = time.monotonic(), progress.indexed
        cluster.kill(victim)
        new_manager = wait_for_new_manager(survivors[0], manager)
        window_end = time.monotonic() + ELECTION_GRACE
        indexed_at_election = progress.indexed
        election = window_end - ELECTION_GRACE - killed_at

        indexer.join(300)
        while sum(1 for t, _ in progress.searches if t > window_end) < MIN_SEARCHES_AFTER:
            assert searcher.is_alive(), progress.failure
            time.sleep(0.1)
        progress.stop.set()
        searcher.join(30)

        assert not indexer.is_alive(), "the indexing run did not finish"
        assert progress.failure is None, progress.failure
        after = [error for t, error in progress.searches if t > window_end and error]
        assert after == [], f"{len(after)} searches failed after the election: {after[:3]}"
        assert new_manager != manager and election < MAX_ELECTION
        assert indexed_at_kill < ARTICLES, "the kill came after the indexing run"

        check = _client(survivors[0])
        check.indices.refresh(index=INDEX)
        assert check.count(index=INDEX)["count"] == ARTICLES
        ids = {
            h["_id"]
            for h in check.search(
                index=INDEX, body={"query": {"match_all": {}}, "_source": False, "size": ARTICLES}
            )["hits"]["hits"]
        }
        assert ids == {a["id"] for a in articles}
        cluster.wait_for_health("yellow", 60, nodes=2)
        during = [e for t, e in progress.searches if killed_at <= t <= window_end and e]
        print(
            f"election {election:.1f} s, indexed {indexed_at_kill} at the kill and "
            f"{indexed_at_election} at the election, {len(progress.searches)} searches, "
            f"{len(during)} failed in the window, {progress.bulk_retries} bulk retries"
        )
