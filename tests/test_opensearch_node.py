"""The project's OpenSearch test nodes: one node answers and analyses; a 3-node cluster survives
the SIGKILL of its elected cluster manager while searches and an indexing run go on."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from archive.check import check_archive
from archive.opensearch_backend import OpenSearchBackend
from archive.search import SearchRequest, search
from archive.store import open_archive
from indexer.run import run_index
from tests.opensearch_fixtures import require_opensearch
from tests.opensearch_node import Cluster, get_json

pytestmark = pytest.mark.opensearch

INDEX = "articles"
ARTICLES = 1500
KILL_AFTER = 400  # files done by the run before the cluster manager is killed
#: Searches may fail only from the kill until the new cluster manager is seen plus this grace.
ELECTION_GRACE = 5.0
#: The election window itself must close within this bound.
MAX_ELECTION = 30.0
#: Searches that must succeed after the window, so "no failure" is not "no search".
MIN_SEARCHES_AFTER = 20


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


@dataclass
class Progress:
    indexed: int = 0
    searches: list = field(default_factory=list)  # (monotonic time, error or None)
    failure: BaseException | None = None
    stop: threading.Event = field(default_factory=threading.Event)


def write_articles(folder: Path, count: int) -> None:
    """``count`` small HTML articles (title, date, source, body) the product can index."""
    folder.mkdir(parents=True)
    for number in range(count):
        article = make_article(number)
        body = "".join(f"<p>{article['body']} {article['id']}.</p>" for _ in range(3))
        (folder / f"{article['id']}.html").write_text(
            f"<html lang='en'><head><title>{article['title']}</title>"
            f"<meta name='date' content='{article['date']}'>"
            f"<meta property='og:site_name' content='{article['source']}'>"
            f"<meta name='keywords' content='{', '.join(article['tags'])}'></head>"
            f"<body><article><h1>{article['title']}</h1>{body}</article></body></html>",
            encoding="utf-8",
        )


def product_indexing_run(archive_dir: Path, backend_url: str, folder: Path, progress) -> None:
    """The product's own indexing run (indexer.run.run_index) into an OpenSearch archive."""
    archive = open_archive(archive_dir, _backend(backend_url))
    try:

        def count(done: int, _total: int) -> None:
            progress.indexed = done

        summary = run_index(archive, [str(folder)], workers=2, progress=count)
        assert not summary.rejected, summary.rejected[:3]
    finally:
        archive.close()


def search_loop(archive_dir: Path, urls: list[str], progress: Progress) -> None:
    """Search through archive.search.search, alternating between ``urls``, until told to stop."""
    archives = [open_archive(archive_dir, _backend(url)) for url in urls]
    number = 0
    try:
        while not progress.stop.is_set():
            archive = archives[number % len(archives)]
            word = WORDS[number % len(WORDS)]
            number += 1
            error = None
            try:
                search(archive, SearchRequest.from_params({"q": word}))
            except Exception as exc:  # noqa: BLE001 - every kind of failure is recorded
                error = repr(exc)
            progress.searches.append((time.monotonic(), error))
            time.sleep(0.05)
    finally:
        for archive in archives:
            archive.close()


def _backend(url: str) -> OpenSearchBackend:
    return OpenSearchBackend(url, INDEX, shards=2, replicas=1)


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


def test_cluster_manager_sigkill_loses_no_search_and_no_article(tmp_path):
    """3 nodes; the product's indexing run into an OpenSearch archive (2 shards x 1 replica)
    through the two nodes that survive, while archive.search.search goes to them in turn. The
    elected cluster manager is SIGKILLed mid-run. Searches may fail only inside the election
    window (kill .. new cluster manager seen + ELECTION_GRACE, at most MAX_ELECTION); none after
    it; the run finishes and `archive check` finds every article indexed."""
    require_opensearch()
    folder, archive_dir = tmp_path / "articles", tmp_path / "archive"
    write_articles(folder, ARTICLES)
    with Cluster(nodes=3) as cluster:
        manager = elected_manager(cluster.url)
        victim = int(manager.rsplit("-", 1)[1])
        survivors = [url for i, url in enumerate(cluster.urls) if i != victim]
        both = ",".join(survivors)  # the backend's client fails over between them
        first = open_archive(archive_dir, _backend(both))
        first.index.create()
        first.index.client.cluster.health(
            index=INDEX, wait_for_status="green", timeout="90s", request_timeout=120
        )
        first.close()

        progress = Progress()
        indexer = _in_thread(product_indexing_run, progress, archive_dir, both, folder)
        while progress.indexed < KILL_AFTER and indexer.is_alive():
            time.sleep(0.05)
        searcher = _in_thread(search_loop, progress, archive_dir, survivors)
        killed_at, indexed_at_kill = time.monotonic(), progress.indexed
        cluster.kill(victim)
        new_manager = wait_for_new_manager(survivors[0], manager)
        window_end = time.monotonic() + ELECTION_GRACE
        indexed_at_election = progress.indexed
        election = window_end - ELECTION_GRACE - killed_at

        indexer.join(600)
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

        archive = open_archive(archive_dir, _backend(both))
        report = check_archive(archive)
        assert report.ok, report.verdict()
        assert archive.count() == ARTICLES and archive.index.count() == ARTICLES
        assert set(archive.index.ids()) == {
            row[0] for row in archive.db.execute("SELECT id FROM records")
        }
        archive.close()
        cluster.wait_for_health("yellow", 60, nodes=2)
        during = [e for t, e in progress.searches if killed_at <= t <= window_end and e]
        print(
            f"election {election:.1f} s, {indexed_at_kill} files done at the kill and "
            f"{indexed_at_election} at the election, {len(progress.searches)} searches, "
            f"{len(during)} failed in the window"
        )
