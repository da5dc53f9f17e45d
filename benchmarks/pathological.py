"""Pathological queries: how long each takes in-process, and what the result says.

Not a test. The queries of issue 11 (item 4), built from the archive's own words:

- a phrase of 100 and of 300 frequent words (words in at least half of the articles, cycled),
- 64 two-letter wildcards (``ab* cd* ...``),
- 64 misspelled words (and 8, the most "did you mean" checks),
- ``"-" * 999 + "a"`` (nesting).

    python benchmarks/pathological.py ARCHIVE [--repeats 3] [--json]

Each query runs ``--repeats`` times; the median is printed with the total and the notice.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.errors import QueryError  # noqa: E402
from archive.search import SearchRequest, search  # noqa: E402
from archive.store import open_archive  # noqa: E402


def frequent_words(archive, count: int) -> list[str]:
    """Words (as written) found in the most articles, most frequent first."""
    searcher, _snap = archive.index._reading()
    reader = searcher.reader()
    pairs = [(reader.doc_frequency("spell", t), t) for t in reader.lexicon("spell")]
    words = [t.decode() if isinstance(t, bytes) else t for _df, t in sorted(pairs, reverse=True)]
    return [w for w in words if w.isalpha()][:count]


def misspelled(words: list[str], count: int) -> list[str]:
    """Words of 5+ letters with two letters swapped (one edit away from a real word)."""
    long = [w for w in words if len(w) >= 5]
    return [w[0] + w[2] + w[1] + w[3:] for w in long[:count]]


def queries(archive) -> dict[str, str]:
    common = frequent_words(archive, 400)
    size = archive.count()
    searcher, _snap = archive.index._reading()
    # words in at least half of the articles (at least the top 4), cycled
    most = [w for w in common if searcher.doc_frequency("spell", w) * 2 >= size] or common[:4]
    letters = "abcdefghilmnoprstuw"
    pairs = [a + b for a in letters for b in "aeiou"][:64]
    return {
        "phrase_100_frequent": '"' + " ".join((most * 300)[:100]) + '"',
        "phrase_300_frequent": '"' + " ".join((most * 300)[:300]) + '"',
        "wildcards_64": " ".join(p + "*" for p in pairs),
        "misspelled_64": " ".join(misspelled(common, 64)),
        "misspelled_8": " ".join(misspelled(common, 8)),
        "nesting_999": "-" * 999 + "a",
        "normal_two_words": " ".join(common[40:42]),
    }


def run(archive, text: str) -> dict:
    started = time.perf_counter()
    try:
        result = search(archive, SearchRequest.from_params({"q": text}))
    except QueryError as error:
        return {"ms": (time.perf_counter() - started) * 1000, "error": str(error)}
    return {
        "ms": (time.perf_counter() - started) * 1000,
        "total": result.total,
        "timed_out": result.timed_out,
        "notice": result.notice,
        "suggestion": result.suggestion,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    archive = open_archive(args.archive)
    search(archive, SearchRequest(q="the"))  # open the searcher, build the arrays
    out = {}
    for name, text in queries(archive).items():
        runs = [run(archive, text) for _ in range(args.repeats)]
        row = dict(runs[-1], ms=round(statistics.median(r["ms"] for r in runs), 1))
        out[name] = row
        about = json.dumps({k: v for k, v in row.items() if k != "ms"})[:160]
        print(f"{name:>20}: {row['ms']:>9.1f} ms  {about}")
    if args.json:
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
