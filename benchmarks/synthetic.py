"""Records generated directly (no files, no extraction): archives as large as a million articles.

``run.py --synthetic-records N`` writes article 0 to N-1 of the generated corpus
(``corpus.generate_article``: the same articles as ``--articles N``) straight into a new
archive through the store's write batch, then builds the index from the records with
``archive reindex`` (the product's own path, for either engine). A record holds what an
ideal extractor would find: title, body, date, source, authors, address, places, people and
organisations, the keywords as tags and key terms. Each record's original is the article as
a text file (a few KB: no HTML), so a million fit in the time and disk of one machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import corpus as corpus_module
from product import REPO

BATCH = 1000
#: Originals written at once (each is synced: the waits overlap).
WRITERS = 16
#: The records' type: their originals are text files.
TYPE = "text"


def synthetic_article(number: int) -> dict:
    """Article ``number`` as a manifest entry."""
    article = corpus_module.generate_article(number)
    article.format = "txt"  # what its original is (the references type it so too)
    return asdict(article)


def synthetic_record(article: dict, now: datetime):
    """The record an ideal extraction of ``article`` gives, and its original's bytes."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from archive.records import Origin, Record, canonical_url, make_record_id

    data = corpus_module.render_text(corpus_module.Article(**article)).encode("utf-8")
    sha256 = hashlib.sha256(data).hexdigest()
    body = article["body"]
    return Record(
        id=make_record_id(f"url:{canonical_url(article['url'])}"),
        title=article["title"],
        body=body,
        type=TYPE,
        origin=Origin(sha256=sha256, path=f"synthetic/{article['path']}", size=len(data)),
        date=datetime.fromisoformat(article["date"]),
        date_source="meta",
        authors=list(article["authors"]),
        source=article["source"],
        url=article["url"],
        lang="en",
        summary=body.split("\n\n", 1)[0][:300],
        word_count=article["word_count"],
        tags=list(article["keywords"]),
        places=list(article["places"]),
        people=list(article["people"]),
        orgs=list(article["orgs"]),
        terms=list(article["keywords"]),
        added=now,
        updated=now,
        captured=now,
    ), data


def _made(number: int, now: datetime):
    article = synthetic_article(number)
    return (*synthetic_record(article, now), article)


def manifest_articles(manifest: Path) -> Iterator[dict]:
    """The manifest entries ``write_records`` kept (for the FTS5 and tantivy references)."""
    with manifest.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def write_records(archive_dir: Path, count: int, manifest: Path, log) -> dict:
    """Write ``count`` synthetic records (pending, not indexed) into a new archive, and
    their articles as manifest entries into ``manifest`` (one JSON object a line).

    Records are made in worker processes (the next batch while this one is written);
    originals are written by the store's writer (temporary file, fsync, rename),
    ``WRITERS`` at a time; each batch's rows go in one write batch (one transaction).
    """
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from archive.store import open_archive

    archive = open_archive(archive_dir)
    now = datetime.now(UTC).replace(microsecond=0)
    started = time.perf_counter()
    batches = [range(at, min(count, at + BATCH)) for at in range(0, count, BATCH)]
    try:
        with (
            manifest.open("w", encoding="utf-8") as kept,
            ProcessPoolExecutor(os.cpu_count()) as makers,
            ThreadPoolExecutor(WRITERS) as writers,
        ):

            def submit(numbers):
                return makers.map(_made, numbers, [now] * len(numbers), chunksize=50)

            coming = submit(batches[0]) if batches else iter(())
            for number, numbers in enumerate(batches):
                made = list(coming)
                if number + 1 < len(batches):
                    coming = submit(batches[number + 1])
                written = writers.map(
                    lambda made: archive.originals.write(made[0].origin.sha256, made[1]), made
                )
                list(written)
                with archive.batch() as batch:
                    for record, _data, _article in made:
                        batch.save(record, record.origin.path)
                kept.writelines(json.dumps(article) + "\n" for _r, _d, article in made)
                if number and number % 5 == 0:
                    log(f"synthetic records: {numbers.stop} written")
        stored = archive.count()
    finally:
        archive.close()
    seconds = time.perf_counter() - started
    return {"count": stored, "seconds": seconds, "per_s": stored / seconds if seconds else 0.0}


def measure_synthetic(
    figures: dict, archive_dir: Path, count: int, manifest: Path, log, build_index: bool = True
) -> None:
    """Records written directly, then the index built from them (``archive reindex``;
    ``build_index`` False leaves them pending, for another engine to index)."""
    from measure import folder_mb, run_measured
    from product import archive_command, subprocess_env

    log(f"synthetic records: writing {count}")
    written = write_records(archive_dir, count, manifest, log)
    figures["synthetic_write_s"] = round(written["seconds"], 1)
    figures["synthetic_write_per_s"] = round(written["per_s"], 1)
    figures["records_mb"] = round(folder_mb(archive_dir), 1)
    if not build_index:
        return
    log("synthetic records: archive reindex (the index built from the records)")
    command = [*archive_command(), "--archive", str(archive_dir), "reindex"]
    built = run_measured(command, timeout=600 + count * 0.5, env=subprocess_env())
    if built["returncode"] != 0:
        raise RuntimeError(f"archive reindex failed: {built['stderr'][-2000:]}")
    figures["index_build_s"] = round(built["seconds"], 1)
    figures["index_build_per_s"] = round(written["count"] / built["seconds"], 1)
    figures["index_build_rss_mb"] = round(built["rss_mb"], 1)
    figures["index_mb"] = round(folder_mb(archive_dir / "index"), 1)
    figures["archive_mb"] = round(folder_mb(archive_dir), 1)
