"""Run the indexing pipeline over a folder of saved pages and write one JSON line per page.

    .venv/bin/python benchmarks/extraction.py PAGES_DIR -o predictions.jsonl

Each page goes through ``indexer.pipeline.records_from_bytes``, the code path of
``archive index`` (extraction, then tagging), with ``url=None`` as for any saved page:
a URL only comes from the page itself (canonical link, og:url). ``time_s`` is the
pipeline's time per page; ``extract_s`` times ``extract_html`` alone. Both medians are
printed at the end. Score with ``score.py GOLD.jsonl predictions.jsonl --ci``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.extract import detect_language, extract_html  # noqa: E402
from indexer.pipeline import records_from_bytes  # noqa: E402


def predict_page(path: Path) -> dict:
    """One prediction line for the page at ``path`` (empty fields if the pipeline rejected it)."""
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    start = time.perf_counter()
    result = records_from_bytes(data, path=str(path), kind="html", sha256=sha256)
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    extract_html(data, url=None)
    extract_elapsed = time.perf_counter() - start
    line = {
        "file": path.name,
        "date": None,
        "title": None,
        "author": "",
        "sitename": None,
        "tags": [],
        "body": "",
        "time_s": round(elapsed, 6),
        "extract_s": round(extract_elapsed, 6),
    }
    if result.records:
        record = result.records[0]
        line.update(
            date=record.date.date().isoformat() if record.date else None,
            date_source=record.date_source,
            title=record.title,
            author="; ".join(record.authors),
            sitename=record.source,
            tags=record.tags,
            body=record.body,
        )
    else:
        line["rejected"] = [rejection.reason for rejection in result.rejections]
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pages_dir", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    detect_language("warm up the language model once, outside the timings")
    paths = sorted(args.pages_dir.glob("*.html"))
    if paths:  # load the tagging vocabulary once, outside the timings
        records_from_bytes(paths[0].read_bytes(), path=str(paths[0]), kind="html", sha256="")
    pipeline_times, extract_times = [], []
    with args.output.open("w", encoding="utf-8") as out:
        for path in paths:
            line = predict_page(path)
            pipeline_times.append(line["time_s"])
            extract_times.append(line["extract_s"])
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"{len(paths)} pages -> {args.output}", file=sys.stderr)
    if paths:
        print(
            f"median ms/page: pipeline {statistics.median(pipeline_times) * 1000:.1f}, "
            f"extract_html {statistics.median(extract_times) * 1000:.1f}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
