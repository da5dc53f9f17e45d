"""How often related articles share a name with the article, before and after re-ranking.

    .venv/bin/python benchmarks/related.py ARCHIVE_FOLDER [--sample 100]

For a sample of the archive's articles (every k-th by id, so runs compare), the five
related articles of the engine's "more like this" alone (before) and of
``archive.search.related`` (after): how many share at least one person, place,
organisation or key term with the article, how many share one that is not common
(``is_common``: in at most a fifth of the archive), the median days apart, and the median
time per article. Build the archive at run time, e.g. from eval/dev-wide:

    .venv/bin/archive --archive /tmp/rel index ../shared/eval/dev-wide
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter

from archive.search.related import SHARED_FACETS, _names, is_common, related
from archive.store import open_archive


def _engine_related(archive, record, limit):
    return archive.get_many([rid for rid, _ in archive.index.related(record, limit)])


def measure(folder: str, sample: int, limit: int = 5) -> dict:
    archive = open_archive(folder)
    everything = list(archive.iter_records())
    ids = sorted(r.id for r in everything)
    step = max(1, len(ids) // sample)
    records = archive.get_many(ids[::step][:sample])
    frequency: Counter = Counter()
    for record in everything:
        for name, values in _names(record).items():
            frequency.update((name, v) for v in values)
    common = {key for key, n in frequency.items() if is_common(n, len(ids))}
    out = {"articles": len(records), "archive": len(ids)}
    for label, find in (("before", _engine_related), ("after", related)):
        listed = shares = rare = 0
        days, seconds = [], []
        for record in records:
            started = time.perf_counter()
            found = find(archive, record, limit)
            seconds.append(time.perf_counter() - started)
            mine = {(n, v) for n, values in _names(record).items() for v in values}
            for other in found:
                theirs = {(n, v) for n, values in _names(other).items() for v in values}
                both = mine & theirs
                listed += 1
                shares += bool(both)
                rare += bool(both - common)
                if record.date and other.date:
                    days.append(abs((record.date - other.date).total_seconds()) / 86400)
        out[label] = {
            "related": listed,
            "share_a_name": shares,
            "share_a_name_pct": round(100 * shares / max(listed, 1), 1),
            "share_a_rare_name": rare,
            "share_a_rare_name_pct": round(100 * rare / max(listed, 1), 1),
            "median_days_apart": round(statistics.median(days), 1) if days else None,
            "median_ms": round(1000 * statistics.median(seconds), 1),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("archive")
    parser.add_argument("--sample", type=int, default=100)
    args = parser.parse_args()
    result = measure(args.archive, args.sample)
    shared = ", ".join(SHARED_FACETS)
    print(f"{result['articles']} articles of {result['archive']}; names: {shared}")
    for label in ("before", "after"):
        r = result[label]
        print(
            f"{label:>6}: {r['share_a_name']}/{r['related']} related share a name "
            f"({r['share_a_name_pct']} %), {r['share_a_rare_name']} a rare one "
            f"({r['share_a_rare_name_pct']} %); median {r['median_days_apart']} days apart; "
            f"{r['median_ms']} ms per article (median)"
        )


if __name__ == "__main__":
    main()
