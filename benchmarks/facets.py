"""Facet precision on real saved pages: every facet value, its count, its pages, its verdict.

    .venv/bin/python benchmarks/facets.py [--shared /work/shared] [--unlabelled 40] [--jobs 2]
    .venv/bin/python benchmarks/facets.py --list [--facet term] [--page dev000]   # to label

Each saved page of eval/dev and eval/dev-wide goes through the indexing pipeline
(``indexer.pipeline.records_from_bytes``, the code path of ``archive index``) and
``archive.facets.facet_values`` (what every engine indexes and counts), so the
values are exactly those the facet sidebar would show for an archive of these pages.

Reads benchmarks/facet_verdicts.json: for each facet, the values judged by reading
the pages they came from, "right" or "junk" (values and verdicts only, no page text).
Prints per facet: values, labelled values, precision over the labelled values (and
over their page occurrences), the most frequent unlabelled values, and the values
labelled right that no page gives any more (lost recall).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.facets import facet_values  # noqa: E402
from indexer.pipeline import records_from_bytes  # noqa: E402

VERDICTS = Path(__file__).with_name("facet_verdicts.json")
SETS = ("dev", "dev-wide")
FACETS = ("source", "author", "person", "place", "org", "tag", "term")
RIGHT, JUNK = "right", "junk"


def page_values(path: Path) -> tuple[str, dict[str, list[str]]]:
    """(page name, facet -> values) of one saved page; no values if the pipeline rejected it."""
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    result = records_from_bytes(data, path=str(path), kind="html", sha256=sha256)
    name = f"{path.parent.name}/{path.name}"
    if not result.records:
        return name, {}
    values = facet_values(result.records[0])
    return name, {facet: values.get(facet, []) for facet in FACETS}


def collect(shared: Path, jobs: int) -> dict[str, dict[str, list[str]]]:
    """facet -> value -> the pages that have it, over every page of the eval sets."""
    paths = [p for s in SETS for p in sorted((shared / "eval" / s).glob("*.html"))]
    table: dict[str, dict[str, list[str]]] = {facet: defaultdict(list) for facet in FACETS}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for name, values in pool.map(page_values, paths, chunksize=8):
            for facet, facet_values_ in values.items():
                for value in facet_values_:
                    table[facet][value].append(name)
    return table


def load_verdicts(path: Path = VERDICTS) -> dict[str, dict[str, str]]:
    """facet -> value -> verdict, checked: a bad verdict file says where it is wrong."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    verdicts = data.get("verdicts", {})
    for facet, values in verdicts.items():
        if facet not in FACETS:
            raise SystemExit(f"{path}: unknown facet {facet!r} (known: {', '.join(FACETS)})")
        for value, verdict in values.items():
            if verdict not in (RIGHT, JUNK):
                raise SystemExit(
                    f"{path}: {facet} {value!r} has verdict {verdict!r}, not right/junk"
                )
    return verdicts


def judge(values, judged: dict[str, str]) -> dict[str, str]:
    """The verdict of each current value: its own, else that of its case twin ("linux" for
    "Linux": tags take the article's case, so a labelled value may come back recased)."""
    folded = {value.casefold(): verdict for value, verdict in judged.items()}
    verdicts = {}
    for value in values:
        verdict = judged.get(value) or folded.get(value.casefold())
        if verdict:
            verdicts[value] = verdict
    return verdicts


def lost_values(values, judged: dict[str, str]) -> list[str]:
    """Values labelled right that no page gives any more, in any case."""
    present = {value.casefold() for value in values}
    return sorted(
        v for v, verdict in judged.items() if verdict == RIGHT and v.casefold() not in present
    )


def report(table, verdicts, unlabelled: int) -> None:
    print(
        f"{'facet':8} {'values':>6} {'labelled':>8} {'right':>6} {'junk':>5} "
        f"{'precision':>9} {'by pages':>8} {'lost':>5}"
    )
    totals = [0, 0, 0, 0, 0, 0]
    for facet in FACETS:
        values = table[facet]
        judged = judge(values, verdicts.get(facet, {}))
        right = [v for v in judged if judged[v] == RIGHT]
        pages_right = sum(len(values[v]) for v in right)
        pages_labelled = sum(len(values[v]) for v in judged)
        lost = lost_values(values, verdicts.get(facet, {}))
        row = [len(values), len(judged), len(right), len(judged) - len(right)]
        totals = [a + b for a, b in zip(totals, [*row, pages_right, pages_labelled], strict=True)]
        print(
            f"{facet:8} {row[0]:6} {row[1]:8} {row[2]:6} {row[3]:5} "
            f"{_ratio(len(right), len(judged)):>9} {_ratio(pages_right, pages_labelled):>8} "
            f"{len(lost):5}"
        )
    print(
        f"{'all':8} {totals[0]:6} {totals[1]:8} {totals[2]:6} {totals[3]:5} "
        f"{_ratio(totals[2], totals[1]):>9} {_ratio(totals[4], totals[5]):>8}"
    )
    for facet in FACETS:
        values = table[facet]
        judged = judge(values, verdicts.get(facet, {}))
        lost = lost_values(values, verdicts.get(facet, {}))
        if lost:
            print(f"\nlost ({facet}, labelled right, no page gives it now): {len(lost)}")
            print("  " + "; ".join(lost))
        junk = sorted((v for v in judged if judged[v] == JUNK), key=lambda v: -len(values[v]))
        if junk:
            print(f"\njunk still given ({facet}): {len(junk)}")
            print("  " + "; ".join(f"{v} ({len(values[v])})" for v in junk[:unlabelled]))
        rest = sorted((v for v in values if v not in judged), key=lambda v: (-len(values[v]), v))
        if rest and unlabelled:
            print(f"\nunlabelled ({facet}): {len(rest)}, the most frequent:")
            print("  " + "; ".join(f"{v} ({len(values[v])})" for v in rest[:unlabelled]))


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


def listing(table, verdicts, facet: str | None, page: str | None) -> None:
    """Every value (or one facet's, or one page's) with its verdict, count and pages."""
    for name in [facet] if facet else FACETS:
        judged = judge(table[name], verdicts.get(name, {}))
        for value, pages in sorted(table[name].items(), key=lambda item: (-len(item[1]), item[0])):
            if page and not any(page in p for p in pages):
                continue
            verdict = judged.get(value, "?")
            shown = ", ".join(p.split("/")[1].split("_")[0] for p in pages[:6])
            print(f"{name}\t{verdict}\t{len(pages)}\t{value}\t{shown}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--unlabelled", type=int, default=40, help="unlabelled values shown")
    parser.add_argument("--list", action="store_true", help="list values, verdicts and pages")
    parser.add_argument("--facet", choices=FACETS)
    parser.add_argument("--page", help="only values of pages whose name contains this")
    args = parser.parse_args()
    if not (args.shared / "eval").is_dir():
        parser.error(f"no eval folder in {args.shared}; pass --shared")
    verdicts = load_verdicts()
    table = collect(args.shared, args.jobs)
    if args.list:
        listing(table, verdicts, args.facet, args.page)
    else:
        report(table, verdicts, args.unlabelled)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
