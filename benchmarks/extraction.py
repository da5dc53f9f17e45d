"""Run the extractor over a folder of saved pages and write one JSON line per page.

    .venv/bin/python benchmarks/extraction.py PAGES_DIR -o predictions.jsonl

Score with ``score.py GOLD.jsonl predictions.jsonl --ci``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.extract import Extracted, detect_language, extract_html  # noqa: E402


def extract_file(data: bytes) -> Extracted:
    """The code path ``archive index`` uses for one HTML file (swap in the pipeline call here)."""
    return extract_html(data, url=None)


def predict_page(path: Path) -> dict:
    """One prediction line for the page at ``path``."""
    data = path.read_bytes()
    start = time.perf_counter()
    result = extract_file(data)
    elapsed = time.perf_counter() - start
    return {
        "file": path.name,
        "date": result.date.date().isoformat() if result.date else None,
        "title": result.title,
        "author": "; ".join(result.authors),
        "sitename": result.sitename,
        "tags": result.tags,
        "body": result.body,
        "time_s": round(elapsed, 6),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages_dir", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    detect_language("warm up the language model once, outside the timings")
    paths = sorted(args.pages_dir.glob("*.html"))
    with args.output.open("w", encoding="utf-8") as out:
        for path in paths:
            out.write(json.dumps(predict_page(path), ensure_ascii=False) + "\n")
    print(f"{len(paths)} pages -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
