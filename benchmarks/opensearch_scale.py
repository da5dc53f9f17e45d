"""OpenSearch at a million articles: synthetic documents bulk-loaded into one node, pages timed.

    python benchmarks/opensearch_scale.py --records 1000000 --checkpoints 100000 --heap 4g --json

No archive is built (writing a million records with their originals takes hours on two
cores): article 0 to N-1 of the generated corpus become the records ``synthetic.py`` makes
and then the documents the backend indexes (``record_to_document``), sent in bulk requests
of 1,000 to a fresh index made by the backend (``create``: the product's mapping), with
refreshes off while loading. At each checkpoint and at the end, the query mix runs against
``OpenSearchBackend.search`` with the arguments the product's search passes: the page's one
request (exact total, top 10 with their words marked for snippets, every facet, the
histograms). What the product adds around it (reading ten records from SQLite, cutting
snippets) does not grow with the archive. ``--minutes`` bounds the loading; the figures say
how many documents were reached.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime

import psutil
import synthetic
from measure import percentile
from product import REPO
from queries import MIX_CATEGORIES, QUERIES

INDEX = "scale-articles"
CHUNK = 1000


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def bulk_body(numbers: range) -> str:
    """Documents ``numbers`` as one bulk request body (NDJSON)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from archive.opensearch_documents import record_to_document

    now = datetime(2026, 12, 1, tzinfo=UTC)
    lines = []
    for number in numbers:
        record, _data = synthetic.synthetic_record(synthetic.synthetic_article(number), now)
        lines.append(json.dumps({"index": {"_index": INDEX, "_id": record.id}}))
        lines.append(json.dumps(record_to_document(record)))
    return "\n".join(lines) + "\n"


def load(backend, start: int, stop: int, makers: ProcessPoolExecutor, until: float) -> int:
    """Bulk-load documents ``start`` to ``stop - 1``; returns how far it got by ``until``."""
    chunks = [range(at, min(stop, at + CHUNK)) for at in range(start, stop, CHUNK)]
    done = start
    for chunk, body in zip(chunks, makers.map(bulk_body, chunks), strict=True):
        answer = backend.client.bulk(body=body, request_timeout=300)
        if answer.get("errors"):
            raise RuntimeError(f"bulk errors at {chunk.start}: {str(answer['items'][:2])[:500]}")
        done = chunk.stop
        if done % 20_000 == 0:
            log(f"loaded {done}")
        if time.monotonic() > until:
            break
    return done


def measure(backend, repeats: int) -> dict:
    """Cold first search, then the mix (shuffled passes): page and phrase percentiles."""
    from archive.search import SearchRequest

    def run(query):
        request = SearchRequest.from_params({"q": query.q, "sort": query.sort})
        started = time.perf_counter()
        backend.search(
            request.query_tree,
            filters=request.filter_nodes(),
            sort=request.sort,
            limit=request.per_page,
            facet_limit=50,
            collapse=request.collapse,
        )
        return (time.perf_counter() - started) * 1000

    backend.client.indices.clear_cache(index=INDEX)
    figures = {"load_1min": round(os.getloadavg()[0], 2), "first_search_ms": run(QUERIES[0])}
    for query in QUERIES:
        run(query)
    samples: dict[str, list[float]] = {}
    order, shuffler = list(QUERIES), random.Random(1)
    for _ in range(repeats):
        shuffler.shuffle(order)
        for query in order:
            samples.setdefault(query.category, []).append(run(query))
    mix = [s for c in MIX_CATEGORIES for s in samples.get(c, [])]
    figures.update(
        page_p50_ms=percentile(mix, 50),
        page_p95_ms=percentile(mix, 95),
        phrase_p95_ms=percentile(samples.get("phrase", []), 95),
        broad_p95_ms=percentile(samples.get("broad", []), 95),
        load_1min_end=round(os.getloadavg()[0], 2),
    )
    return {k: round(v, 1) if isinstance(v, float) else v for k, v in figures.items()}


def size_figures(backend, pids: list[int]) -> dict:
    stats = backend.client.indices.stats(index=INDEX, metric="store,docs")["_all"]["primaries"]
    return {
        "docs": stats["docs"]["count"],
        "index_mb": round(stats["store"]["size_in_bytes"] / 1e6, 1),
        "node_rss_mb": round(sum(psutil.Process(p).memory_info().rss for p in pids) / 1e6, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--checkpoints", type=int, nargs="*", default=[], help="measure here too")
    parser.add_argument("--heap", default="4g")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--minutes", type=float, default=60.0, help="stop loading after this")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from archive.opensearch_backend import OpenSearchBackend
    from tests.opensearch_node import Cluster

    results: dict = {"records": args.records, "heap": args.heap, "cpus": os.cpu_count()}
    until = time.monotonic() + args.minutes * 60
    with Cluster(nodes=1, heap=args.heap) as cluster, ProcessPoolExecutor(2) as makers:
        backend = OpenSearchBackend(cluster.url, INDEX, timeout=120)
        backend.create()
        results["idle_rss_mb"] = size_figures(backend, cluster.pids)["node_rss_mb"]
        done, started, points = 0, time.perf_counter(), []
        for stop in [*sorted(c for c in args.checkpoints if c < args.records), args.records]:
            backend.client.indices.put_settings(
                index=INDEX, body={"index": {"refresh_interval": "-1"}}
            )
            t = time.perf_counter()
            reached = load(backend, done, stop, makers, until)
            loading = time.perf_counter() - t
            backend.client.indices.put_settings(
                index=INDEX, body={"index": {"refresh_interval": None}}
            )
            backend.client.indices.refresh(index=INDEX, request_timeout=600)
            point = {"ingest_per_s": round((reached - done) / loading, 1)}
            done = reached
            point.update(size_figures(backend, cluster.pids))
            log(f"measuring at {point['docs']} documents")
            point.update(measure(backend, args.repeats))
            point.update(size_figures(backend, cluster.pids))  # RSS after the searches
            log(json.dumps(point))
            points.append(point)
            if done < stop:
                break
        results["points"] = points
        results["load_s"] = round(time.perf_counter() - started, 1)
    print(
        f"{'docs':>9} {'page p95':>9} {'phrase p95':>11} {'first':>8} {'RSS MB':>8}"
        f" {'index MB':>9} {'docs/s':>7} {'load':>6}"
    )
    for p in results["points"]:
        print(
            f"{p['docs']:>9} {p['page_p95_ms']:>9} {p['phrase_p95_ms']:>11}"
            f" {p['first_search_ms']:>8} {p['node_rss_mb']:>8} {p['index_mb']:>9}"
            f" {p['ingest_per_s']:>7} {p['load_1min']:>6}"
        )
    if args.json:
        print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
