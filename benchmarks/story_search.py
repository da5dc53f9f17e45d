"""The search page with copies collapsed, against every copy: p50/p95 on a generated archive.

    .venv/bin/python benchmarks/story_search.py ARCHIVE_DIR --build --articles 5000
    .venv/bin/python benchmarks/story_search.py ARCHIVE_DIR [--repeats 10] [--json]

``--build`` fills a new archive with generated articles (``corpus.generate_article``), a
share of them (``--copies``) republished by another outlet under a new headline with the
last paragraph cut, saved straight through the write batch (no extraction) and indexed.
Then every query of ``web_latency.QUERIES`` and a few broad ones is requested through the
whole Flask stack, with ``collapse`` on (the default) and off, ``--repeats`` times each.
On a checkout without stories, only the default is measured (for a before/after).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from corpus import generate_article, source_list  # noqa: E402
from web_latency import QUERIES, percentile  # noqa: E402

from app import create_app  # noqa: E402
from archive import index_sync, open_archive  # noqa: E402
from archive.records import Origin, Record, make_record_id  # noqa: E402
from archive.settings import Settings  # noqa: E402

#: Broad queries too: collapse costs most when many articles match.
BROAD = [{"q": ""}, {"q": "minister"}, {"q": "climate OR inflation", "sort": "newest"}]


def build(folder: Path, count: int, copies: float) -> None:
    rng = random.Random(f"story-search:{count}")
    outlets = [s["name"] for s in source_list()]
    archive = open_archive(folder)
    if not archive.index.exists():
        archive.index.create()
    made: list[Record] = []
    with archive.batch() as batch:
        for number in range(count):
            if made and rng.random() < copies:
                record = _copy(rng.choice(made), number, rng, outlets)
            else:
                record = _record(generate_article(number))
            made.append(record)
            data = f"{record.title}\n\n{record.body}".encode()
            batch.add_original(record.origin.sha256, data)
            batch.save(record, f"{number}.txt")
    index_sync.index_pending(archive)
    archive.close()


def _record(article) -> Record:
    body = article.body
    sha = hashlib.sha256(f"{article.title}\n\n{body}".encode()).hexdigest()
    return Record(
        id=make_record_id(article.url),
        title=article.title,
        body=body,
        type="text",
        origin=Origin(sha, f"/generated/{article.number}.txt", len(body)),
        date=datetime.fromisoformat(article.date),
        source=article.source,
        url=article.url,
        lang="en",
        authors=article.authors,
        places=article.places,
        people=article.people,
        orgs=article.orgs,
        tags=article.keywords,
        added=datetime.now(UTC),
        updated=datetime.now(UTC),
    )


def _copy(original: Record, number: int, rng: random.Random, outlets: list[str]) -> Record:
    """The original as another outlet runs it: a new headline, the last paragraph cut."""
    paragraphs = original.body.split("\n\n")
    body = "\n\n".join(paragraphs[:-1] if len(paragraphs) > 2 else paragraphs)
    url = f"https://copies.example/{number}"
    title = f"{original.title}: what we know"
    sha = hashlib.sha256(f"{title}\n\n{body}".encode()).hexdigest()
    return Record(
        **{
            **original.__dict__,
            "id": make_record_id(url),
            "title": title,
            "body": body,
            "url": url,
            "source": rng.choice(outlets),
            "origin": Origin(sha, f"/generated/{number}.txt", len(body)),
        }
    )


def measure(folder: Path, repeats: int) -> dict:
    app = create_app(Settings(archive_dir=str(folder)))
    client = app.test_client()
    stories = "collapse" in client.get("/api/openapi.json").get_data(as_text=True)
    modes = {"collapsed": {}, "every copy": {"collapse": "0"}} if stories else {"default": {}}
    out = {}
    for mode, extra in modes.items():
        times = []
        for params in QUERIES + BROAD:
            url = "/search?" + urlencode({k: v for k, v in {**params, **extra}.items() if v})
            client.get(url, follow_redirects=True)  # warm up
            for _ in range(repeats):
                started = time.perf_counter()
                response = client.get(url, follow_redirects=True)
                _ = response.data
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url} gave HTTP {response.status_code}")
        out[mode] = {
            "requests": len(times),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 95), 1),
        }
    app.extensions["news_archive"].close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive_dir", type=Path)
    parser.add_argument("--build", action="store_true", help="fill a new archive first")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--copies", type=float, default=0.3, help="share of copies")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.build:
        started = time.perf_counter()
        build(args.archive_dir, args.articles, args.copies)
        print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    result = measure(args.archive_dir, args.repeats)
    if args.json:
        print(json.dumps(result))
    else:
        for mode, row in result.items():
            print(f"{mode:>11}: p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms ({row['requests']})")


if __name__ == "__main__":
    main()
