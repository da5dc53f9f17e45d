"""The benchmark's query mix, in process, on an archive that already exists.

For before/after comparisons of search code on one large archive (e.g. the 100k
archive ``run.py`` leaves in ``benchmarks/.cache/run-n100000/archive``) without
indexing it again: run it with each checkout's interpreter, alternating.

    python benchmarks/mix.py benchmarks/.cache/run-n100000/archive --repeats 5
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from measure import percentile
from product import open_search
from queries import MIX_CATEGORIES, QUERIES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--repeats", type=int, default=5, help="shuffled passes over the mix")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    run, close = open_search(args.archive)
    samples: dict[str, list[float]] = {}
    try:
        for query in QUERIES:  # warm-up; a phrase's first run is not served from caches
            started = time.perf_counter()
            run(query.q, query.sort)
            elapsed = (time.perf_counter() - started) * 1000
            samples.setdefault(f"first {query.category}", []).append(elapsed)
        order, shuffler = list(QUERIES), random.Random(1)
        for _ in range(args.repeats):
            shuffler.shuffle(order)
            for query in order:
                started = time.perf_counter()
                run(query.q, query.sort)
                elapsed = (time.perf_counter() - started) * 1000
                samples.setdefault(query.category, []).append(elapsed)
    finally:
        close()
    mix = [s for c in MIX_CATEGORIES for s in samples.get(c, [])]
    figures = {
        "search_p50_ms": round(percentile(mix, 50), 1),
        "search_p95_ms": round(percentile(mix, 95), 1),
        "phrase_p95_ms": round(percentile(samples.get("phrase", [0]), 95), 1),
        "broad_p95_ms": round(percentile(samples.get("broad", [0]), 95), 1),
        "phrase_first_max_ms": round(max(samples.get("first phrase", [0])), 1),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print("  ".join(f"{k} {v}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
