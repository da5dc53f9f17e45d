"""Latency of the full search page (GET /search?q=..., HTML rendered) through the WSGI app.

    .venv/bin/python benchmarks/web_latency.py ARCHIVE_DIR [--repeats 20] [--json]

Each query is requested once to warm up, then ``--repeats`` times; p50/p95 are over all
timed requests and per query. The test client runs the whole Flask stack (routing, search,
templates, security headers) without a socket, so network time is not included.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from archive.settings import Settings  # noqa: E402

#: Fixed queries: words, phrases, fields, dates, facets, sorting, paging, no match.
QUERIES = [
    {"q": "port"},
    {"q": "Hamburg strike"},
    {"q": '"North Sea"'},
    {"q": "energy OR grid"},
    {"q": "port -Hamburg", "sort": "newest"},
    {"q": "date:2023"},
    {"q": "", "tag": "ports"},
    {"q": "ferr*", "lang": "en"},
    {"q": "automation", "year": "2023", "n": "2"},
    {"q": "zzyzzx"},
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def measure(archive_dir: str, repeats: int) -> dict:
    app = create_app(Settings(archive_dir=archive_dir))
    client = app.test_client()
    rows, everything = [], []
    for params in QUERIES:
        url = "/search?" + urlencode({k: v for k, v in params.items() if v})
        response = client.get(url, follow_redirects=True)
        if response.status_code != 200:
            raise SystemExit(f"{url} gave HTTP {response.status_code}")
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            response = client.get(url, follow_redirects=True)
            _ = response.data
            times.append((time.perf_counter() - started) * 1000)
        everything += times
        rows.append(
            {
                "url": url,
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(percentile(times, 95), 2),
                "bytes": len(response.data),
            }
        )
    app.extensions["news_archive"].close()
    return {
        "archive": archive_dir,
        "records": None,
        "requests": len(everything),
        "p50_ms": round(statistics.median(everything), 2),
        "p95_ms": round(percentile(everything, 95), 2),
        "max_ms": round(max(everything), 2),
        "queries": rows,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive_dir")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = measure(args.archive_dir, args.repeats)
    from archive.store import open_archive

    archive = open_archive(args.archive_dir)
    result["records"] = archive.count()
    archive.close()
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(
        f"{result['records']} records, {result['requests']} requests: "
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, max {result['max_ms']} ms"
    )
    for row in result["queries"]:
        print(
            f"  p50 {row['p50_ms']:7.2f}  p95 {row['p95_ms']:7.2f} ms  {row['bytes']:7d} B  "
            f"{row['url']}"
        )


if __name__ == "__main__":
    main()
