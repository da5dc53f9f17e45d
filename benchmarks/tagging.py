"""Precision and recall of the automatic tags against hand labels, and speed.

    .venv/bin/python benchmarks/tagging.py [--shared /work/shared] [--repeat 20] [-v]
    .venv/bin/python benchmarks/tagging.py --eval ../shared/eval/tags [--repeat 5] [-v]

--eval scores annotated JSONL sets (one file per language) as their README says:
per document, strict sets of casefolded names per type (possessive 's and quotes
removed, a short form dropped when a longer name of the same type contains it),
both sides mapped through the tagger's own aliases (places also through
archive.places.canonical_place); micro-averaged P / R / F1.

Reads benchmarks/tag_labels.json (file names and the names judged correct, no
article text). HTML pages go through indexer.extract.extract_html when it works,
else through a quick lxml pass over their <p> elements.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.places import canonical_place  # noqa: E402
from indexer.tagging import load_vocabulary, tag_article  # noqa: E402
from indexer.tagging._text import tokenize_phrase  # noqa: E402

LABELS = Path(__file__).with_name("tag_labels.json")
KINDS = (("places", "places"), ("people", "people"), ("orgs", "orgs"))
GOLD_TYPES = (("PER", "people", "person"), ("LOC", "places", "place"), ("ORG", "orgs", "org"))
_QUOTES = "\"'‘’“”„«»"


def read_article(path: Path) -> tuple[str, str, str | None]:
    """(title, body, lang) of a labelled file."""
    if path.suffix == ".txt":
        return "", path.read_text(encoding="utf-8"), None
    data = path.read_bytes()
    try:
        from indexer.extract import extract_html

        extracted = extract_html(data)
        if extracted.body:
            return extracted.title or "", extracted.body, extracted.lang
    except Exception as error:  # the extractor is optional here
        print(f"extract_html failed on {path.name}: {error!r}; using <p> text", file=sys.stderr)
    import lxml.html

    tree = lxml.html.fromstring(data)
    title = " ".join(tree.xpath("//title//text()")).strip()
    body = "\n".join(p.text_content().strip() for p in tree.iter("p"))
    return title, body, None


def _matches(tag: str, names: list[str]) -> str | None:
    folded = tag.casefold()
    for name in names:
        if folded in (alt.strip().casefold() for alt in name.split("|")):
            return name
    return None


def score(
    tags: list[str], expected: list[str], also: list[str]
) -> tuple[int, int, int, list, list]:
    """true positives, predictions, found expected, wrong tags, missed labels."""
    correct = 0
    found: set[str] = set()
    wrong = []
    for tag in tags:
        hit = _matches(tag, expected)
        if hit:
            found.add(hit)
            correct += 1
        elif _matches(tag, also):
            correct += 1
        else:
            wrong.append(tag)
    missed = [name for name in expected if name not in found]
    return correct, len(tags), len(found), wrong, missed


def normalise_name(name: str) -> str:
    """Casefolded, whitespace collapsed, surrounding quotes and possessive 's removed."""
    name = " ".join(name.split()).strip(_QUOTES + " ")
    name = re.sub(r"['’]s$", "", name)
    return name.strip(_QUOTES + " ").casefold()


def _alias_map(vocabulary, kind: str):
    """name -> the tagger's display form of that kind, normalised."""

    def canonical(name: str) -> str:
        tokens = tuple(tokenize_phrase(name))
        for lang in ("en", "de"):
            entry = vocabulary.lookup(tokens, lang, cued=True)
            if entry is not None and entry.kind == kind:
                return normalise_name(entry.display)
        return normalise_name(canonical_place(name) if kind == "place" else name)

    return canonical


def name_set(names, canonical) -> set[str]:
    """Normalised names without short forms of a longer name in the same set."""
    folded = {canonical(name) for name in names if name.strip()}
    folded.discard("")

    def contained(short: str, long: str) -> bool:
        return short != long and f" {short} " in f" {long} "

    return {name for name in folded if not any(contained(name, other) for other in folded)}


def evaluate(eval_dir: Path, vocabulary, repeat: int, verbose: bool) -> int:
    """Strict document-level P/R/F1 per language and type on annotated JSONL files."""
    print(f"{'set':6} {'type':7} {'P':>5} {'R':>5} {'F1':>5} {'tp':>5} {'pred':>5} {'gold':>5}")
    for path in sorted(eval_dir.glob("*.jsonl")):
        docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        counts = {attr: [0, 0, 0] for _, attr, _ in GOLD_TYPES}  # tp, predicted, gold
        timings = []
        for doc in docs:
            tags = tag_article(doc["title"], doc["body"], doc["lang"], vocabulary)
            start = time.perf_counter()
            for _ in range(repeat):
                tag_article(doc["title"], doc["body"], doc["lang"], vocabulary)
            timings.append((time.perf_counter() - start) * 1000 / max(repeat, 1))
            for gold_type, attr, kind in GOLD_TYPES:
                canonical = _alias_map(vocabulary, kind)
                gold = name_set(doc["gold"][gold_type], canonical)
                predicted = name_set(getattr(tags, attr), canonical)
                count = counts[attr]
                count[0] += len(gold & predicted)
                count[1] += len(predicted)
                count[2] += len(gold)
                if verbose and gold != predicted:
                    print(
                        f"{doc['id']} {attr}: wrong {sorted(predicted - gold)}"
                        f" missed {sorted(gold - predicted)}"
                    )
        overall = [sum(column) for column in zip(*counts.values(), strict=True)]
        for attr, (tp, pred, gold) in [*counts.items(), ("overall", overall)]:
            p, r = (tp / pred if pred else 1.0), (tp / gold if gold else 1.0)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(f"{path.stem:6} {attr:7} {p:5.2f} {r:5.2f} {f1:5.2f} {tp:5d} {pred:5d} {gold:5d}")
        if timings:
            print(
                f"{path.stem:6} ms/article: median {statistics.median(timings):.2f},"
                f" max {max(timings):.2f} ({len(docs)} documents)"
            )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--repeat", type=int, default=20, help="timing runs per article")
    parser.add_argument("--eval", type=Path, help="annotated JSONL sets (../shared/eval/tags)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print tags and errors")
    args = parser.parse_args()

    vocabulary = load_vocabulary()
    if args.eval:
        return evaluate(args.eval, vocabulary, args.repeat, args.verbose)
    labels = json.loads(args.labels.read_text(encoding="utf-8"))["articles"]
    totals = {kind: [0, 0, 0, 0] for kind, _ in KINDS}  # correct, predicted, found, expected
    timings, words = [], 0
    for label in labels:
        path = args.shared / label["file"]
        title, body, lang = read_article(path)
        words += len(body.split())
        tags = tag_article(title, body, lang, vocabulary)
        start = time.perf_counter()
        for _ in range(args.repeat):
            tag_article(title, body, lang, vocabulary)
        timings.append((time.perf_counter() - start) * 1000 / args.repeat)
        if args.verbose:
            print(f"\n{path.name} ({lang}, {len(body.split())} words)")
        for kind, attr in KINDS:
            also = label.get("also_correct", {}).get(kind, [])
            correct, predicted, found, wrong, missed = score(getattr(tags, attr), label[kind], also)
            total = totals[kind]
            total[0] += correct
            total[1] += predicted
            total[2] += found
            total[3] += len(label[kind])
            if args.verbose:
                print(f"  {kind}: {getattr(tags, attr)}")
                if wrong or missed:
                    print(f"    wrong: {wrong}  missed: {missed}")
        if args.verbose:
            print(f"  terms: {tags.terms}")

    print(f"\n{len(labels)} articles, {words} words")
    print(f"{'type':8} {'precision':>9} {'recall':>7} {'tagged':>7} {'labelled':>9}")
    for kind, _ in KINDS:
        correct, predicted, found, expected = totals[kind]
        precision = correct / predicted if predicted else 1.0
        recall = found / expected if expected else 1.0
        print(f"{kind:8} {precision:9.2f} {recall:7.2f} {predicted:7d} {expected:9d}")
    per_1000 = sum(timings) / words * 1000 if words else 0.0
    print(
        f"\nms/article: mean {statistics.mean(timings):.2f}, max {max(timings):.2f};"
        f" {per_1000:.2f} ms per 1,000 words"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
