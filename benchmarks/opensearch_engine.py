"""The OpenSearch engine beside Whoosh: ingest, page with all facets, phrase, node RSS.

A one-node OpenSearch 2.19.6 cluster is started on 127.0.0.1 with the test launcher
(``tests/opensearch_node.py``: needs java, javac and mvn). The same corpus is indexed end to
end into a second archive whose engine is OpenSearch (``archive --engine opensearch index``),
then the query mix runs in process through ``archive.search.search`` on it.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import time
from pathlib import Path

import psutil
from measure import median, percentile, run_measured
from product import REPO, archive_command, last_json_line, open_search, subprocess_env
from queries import MIX_CATEGORIES, QUERIES

INDEX = "bench-articles"


def node_rss_mb(pids: list[int]) -> float:
    return sum(psutil.Process(pid).memory_info().rss for pid in pids) / 1e6


def measure_opensearch(
    figures: dict,
    work: Path,
    corpus,
    repeats: int,
    log,
    end_to_end: bool = True,
    heap: str = "1g",
    with_whoosh: bool = True,
) -> None:
    """Index the corpus into an OpenSearch archive, then time the query mix on it.

    ``end_to_end`` False skips the second extraction of the corpus: the Whoosh
    run's records (``work/archive``: its database, its originals linked) are used and only
    ``archive reindex`` sends them to OpenSearch (for large corpora). ``with_whoosh``
    False: there is no Whoosh index; the records' archive itself gets the OpenSearch
    engine, and OpenSearch is searched alone.
    """
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from archive.opensearch_backend import OpenSearchBackend
    from tests.opensearch_node import Cluster

    log("OpenSearch: starting one node")
    t0 = time.perf_counter()
    with Cluster(nodes=1, heap=heap) as cluster:
        figures["os_node_start_s"] = round(time.perf_counter() - t0, 1)
        figures["os_node_idle_rss_mb"] = round(node_rss_mb(cluster.pids), 1)
        archive_dir = work / "archive-opensearch"
        engine = [
            "--engine",
            "opensearch",
            "--opensearch-url",
            cluster.url,
            "--opensearch-index",
            INDEX,
        ]
        if not with_whoosh:
            archive_dir = work / "archive"
            stored = corpus.count
        elif end_to_end:
            log("OpenSearch: archive index (end to end)")
            command = [
                *archive_command(),
                "--archive",
                str(archive_dir),
                *engine,
                "index",
                "--quiet",
                str(corpus.files),
                "--json",
            ]
            result = run_measured(command, timeout=600 + corpus.count * 0.5, env=subprocess_env())
            summary = last_json_line(result["stdout"])
            if result["returncode"] not in (0, 1) or not summary:
                raise RuntimeError(
                    f"archive index on OpenSearch failed: {result['stderr'][-2000:]}"
                )
            stored = summary.get("indexed", 0) + summary.get("updated", 0)
            figures["os_ingest_s"] = round(result["seconds"], 2)
            figures["os_ingest_per_s"] = round(stored / result["seconds"], 1)
        else:
            log("OpenSearch: the Whoosh run's records, copied without its index")
            shutil.copytree(
                work / "archive", archive_dir, ignore=shutil.ignore_patterns("index*", "originals")
            )
            (archive_dir / "originals").symlink_to(work / "archive" / "originals")
            stored = corpus.count

        log("OpenSearch: archive reindex (records to the index only)")
        command = [*archive_command(), "--archive", str(archive_dir), *engine, "reindex"]
        again = run_measured(command, timeout=600 + corpus.count * 0.5, env=subprocess_env())
        if again["returncode"] != 0:
            raise RuntimeError(f"archive reindex on OpenSearch failed: {again['stderr'][-2000:]}")
        figures["os_reindex_per_s"] = round(stored / again["seconds"], 1)
        figures["os_reindex_s"] = round(again["seconds"], 1)
        figures["os_reindex_rss_mb"] = round(again["rss_mb"], 1)

        log("OpenSearch: in-process search, interleaved with Whoosh and the page as it was")
        backend = OpenSearchBackend(cluster.url, INDEX)
        figures["os_index_mb"] = round(index_mb(backend), 1)
        before = OpenSearchBackend(cluster.url, INDEX)
        before.marks_in_page = False  # snippets by two _analyze requests per hit, as before
        runners = {"os": open_search(archive_dir, backend)}
        if with_whoosh:
            runners["os_before"] = open_search(archive_dir, before)
            runners["whoosh"] = open_search(work / "archive")
        figures["os_search_load_1min"] = round(os.getloadavg()[0], 2)
        samples: dict[str, dict[str, list[float]]] = {name: {} for name in runners}
        try:
            backend.client.indices.clear_cache(index=INDEX)  # no cached answer for it
            t = time.perf_counter()
            runners["os"][0](QUERIES[0].q)
            figures["os_first_search_ms"] = round((time.perf_counter() - t) * 1000, 1)
            for run, _close in runners.values():  # warm-up
                for query in QUERIES:
                    run(query.q, query.sort)
            order = list(QUERIES)
            shuffler = random.Random(1)
            for _ in range(repeats):
                shuffler.shuffle(order)
                for query in order:
                    for name, (run, _close) in runners.items():
                        t = time.perf_counter()
                        run(query.q, query.sort)
                        took = (time.perf_counter() - t) * 1000
                        samples[name].setdefault(query.category, []).append(took)
        finally:
            for _run, close in runners.values():
                close()
        for name, found in samples.items():
            mix = [s for c in MIX_CATEGORIES for s in found.get(c, [])]
            prefix = "os_" if name == "os" else f"{name}_"
            figures.update(
                {
                    f"{prefix}search_p50_ms": round(percentile(mix, 50), 1),
                    f"{prefix}search_p95_ms": round(percentile(mix, 95), 1),
                    f"{prefix}phrase_p50_ms": round(percentile(found.get("phrase", [0]), 50), 1),
                    f"{prefix}phrase_p95_ms": round(percentile(found.get("phrase", [0]), 95), 1),
                    f"{prefix}broad_p95_ms": round(percentile(found.get("broad", [0]), 95), 1),
                    f"{prefix}search_median_ms": round(median(mix), 1),
                }
            )
        figures["os_node_rss_mb"] = round(node_rss_mb(cluster.pids), 1)
        figures["os_search_end_load_1min"] = round(os.getloadavg()[0], 2)
        if with_whoosh:
            figures["os_search_p95_ratio_whoosh"] = round(
                figures["os_search_p95_ms"] / figures["whoosh_search_p95_ms"], 2
            )
            figures["os_phrase_p95_ratio_whoosh"] = round(
                figures["os_phrase_p95_ms"] / max(figures["whoosh_phrase_p95_ms"], 0.1), 2
            )


def index_mb(backend) -> float:
    """The OpenSearch index's size on disk (primaries), from the index stats."""
    stats = backend.client.indices.stats(index=backend.index, metric="store")
    return stats["_all"]["primaries"]["store"]["size_in_bytes"] / 1e6


def print_engines(figures: dict) -> None:
    rows = [
        ("ingest, articles/s (end to end)", "ingest_per_s", "os_ingest_per_s", None),
        (
            "search page + all facets p50 ms",
            "whoosh_search_p50_ms",
            "os_search_p50_ms",
            "os_before_search_p50_ms",
        ),
        (
            "search page + all facets p95 ms",
            "whoosh_search_p95_ms",
            "os_search_p95_ms",
            "os_before_search_p95_ms",
        ),
        ("phrase p95 ms", "whoosh_phrase_p95_ms", "os_phrase_p95_ms", "os_before_phrase_p95_ms"),
        ("broad word p95 ms", "whoosh_broad_p95_ms", "os_broad_p95_ms", "os_before_broad_p95_ms"),
        ("first search ms (cold)", "first_search_ms", "os_first_search_ms", None),
        ("memory: server RSS / node RSS MB", "server_rss_mb", "os_node_rss_mb", None),
        ("index MB on disk", "index_mb", "os_index_mb", None),
    ]
    print("\nOpenSearch beside Whoosh (searches interleaved query by query; 'OS before':")
    print("the same node with snippets by two _analyze requests per hit, as before)")
    print(f"{'':34} {'Whoosh':>10} {'OpenSearch':>11} {'OS before':>10}")
    for label, ours, theirs, before in rows:
        was = figures.get(before, "") if before else ""
        print(
            f"{label:34} {figures.get(ours, '-')!s:>10} {figures.get(theirs, '-')!s:>11}"
            f" {was!s:>10}"
        )
    if "os_reindex_per_s" in figures:
        print(
            f"OpenSearch reindex from records: {figures['os_reindex_per_s']} records/s; "
            f"node start {figures['os_node_start_s']} s, idle RSS "
            f"{figures['os_node_idle_rss_mb']} MB"
        )
