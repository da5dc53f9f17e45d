"""Ranking quality on a test collection with relevance judgements.

    python benchmarks/relevance.py COLLECTION_DIR [--json]

COLLECTION_DIR holds ``export.jsonl`` (``{"title", "body", "url"}`` per document,
the url ending in the document id), ``queries.jsonl`` (``{"id", "text"}``) and
``qrels.tsv`` (query id, document id, gain). The export is indexed into a fresh
temporary archive through ``indexer.run.run_index`` (what ``archive index``
runs); every query goes through ``archive.search.search`` twice: as typed, and
with its words joined by OR (punctuation dropped). A query with no result, or one
the product refuses, scores 0.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from archive.errors import QueryError  # noqa: E402
from archive.search import SearchRequest, search  # noqa: E402
from archive.store import open_archive  # noqa: E402

DEPTH = 100
CUTOFF = 10


# ------------------------------------------------------------------ metrics
def dcg(gains: list[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at(ranked: list[str], judged: dict[str, float], k: int = CUTOFF) -> float:
    """nDCG@k with linear gain; 0 for a query without judged documents."""
    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judged.get(d, 0.0) for d in ranked[:k]]) / ideal


def precision_at(ranked: list[str], judged: dict[str, float], k: int = CUTOFF) -> float:
    return sum(1 for d in ranked[:k] if judged.get(d, 0) > 0) / k


def average_precision(ranked: list[str], judged: dict[str, float], depth: int = DEPTH) -> float:
    relevant = sum(1 for g in judged.values() if g > 0)
    if not relevant:
        return 0.0
    found, total = 0, 0.0
    for i, d in enumerate(ranked[:depth], start=1):
        if judged.get(d, 0) > 0:
            found += 1
            total += found / i
    return total / relevant


def recall_at(ranked: list[str], judged: dict[str, float], depth: int = DEPTH) -> float:
    relevant = sum(1 for g in judged.values() if g > 0)
    if not relevant:
        return 0.0
    return sum(1 for d in ranked[:depth] if judged.get(d, 0) > 0) / relevant


def score_run(runs: dict[str, list[str]], qrels: dict[str, dict[str, float]]) -> dict:
    """Means over all judged queries (a query missing from ``runs`` scores 0)."""
    ids = sorted(qrels)
    n = len(ids) or 1
    ranked = {qid: runs.get(qid, []) for qid in ids}
    return {
        "ndcg@10": sum(ndcg_at(ranked[i], qrels[i]) for i in ids) / n,
        "p@10": sum(precision_at(ranked[i], qrels[i]) for i in ids) / n,
        "map@100": sum(average_precision(ranked[i], qrels[i]) for i in ids) / n,
        "recall@100": sum(recall_at(ranked[i], qrels[i]) for i in ids) / n,
        "zero_hits": sum(1 for i in ids if not ranked[i]),
    }


# ------------------------------------------------------------------ collection
def read_collection(folder: Path):
    queries = [json.loads(line) for line in (folder / "queries.jsonl").open(encoding="utf-8")]
    qrels: dict[str, dict[str, float]] = {}
    for line in (folder / "qrels.tsv").open(encoding="utf-8"):
        parts = line.split()
        if len(parts) >= 3:
            qrels.setdefault(parts[0], {})[parts[1]] = float(parts[2])
    return queries, qrels


def or_query(text: str) -> str:
    words = re.findall(r"\w+", text)
    return " OR ".join(w for w in words if w not in ("OR", "AND", "NOT"))


def run_queries(archive, queries, qrels, make_text) -> tuple[dict, dict]:
    runs, refused, times = {}, 0, []
    for query in queries:
        qid = str(query["id"])
        if qid not in qrels:
            continue
        started = time.perf_counter()
        try:
            request = SearchRequest(q=make_text(query["text"]), per_page=DEPTH)
            request.query_tree  # noqa: B018 - a refused query raises here
            result = search(archive, request, with_snippets=False)
        except QueryError:
            refused += 1
            runs[qid] = []
            continue
        times.append((time.perf_counter() - started) * 1000)
        runs[qid] = [hit.record.url.rsplit("/", 1)[-1] for hit in result.hits]
    figures = score_run(runs, qrels)
    figures["refused"] = refused
    figures["median_ms"] = statistics.median(times) if times else 0.0
    return figures, runs


def measure(folder: Path) -> dict:
    from indexer.run import run_index

    queries, qrels = read_collection(folder)
    with tempfile.TemporaryDirectory(prefix="relevance-") as tmp:
        archive = open_archive(Path(tmp) / "archive")
        try:
            summary = run_index(archive, [str(folder / "export.jsonl")])
            out = {
                "collection": folder.name,
                "documents": archive.count(),
                "queries": len(qrels),
                "rejected": len(summary.rejected),
            }
            out["as_typed"], _ = run_queries(archive, queries, qrels, lambda t: t)
            out["or"], _ = run_queries(archive, queries, qrels, or_query)
        finally:
            archive.close()
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("collection", type=Path)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    out = measure(args.collection)
    if args.json:
        print(json.dumps(out, sort_keys=True))
        return 0
    print(f"{out['collection']}: {out['documents']} documents, {out['queries']} judged queries")
    print(
        f"{'':10} {'nDCG@10':>8} {'P@10':>6} {'MAP@100':>8} {'R@100':>6} "
        f"{'zero':>5} {'refused':>7} {'median ms':>9}"
    )
    for name in ("as_typed", "or"):
        f = out[name]
        print(
            f"{name:10} {f['ndcg@10']:8.3f} {f['p@10']:6.3f} {f['map@100']:8.3f} "
            f"{f['recall@100']:6.3f} {f['zero_hits']:5d} {f['refused']:7d} "
            f"{f['median_ms']:9.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
