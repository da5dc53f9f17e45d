"""Facet precision on real saved pages: every facet value, its count, its pages, its verdict.

    .venv/bin/python benchmarks/facets.py [--shared /work/shared] [--unlabelled 40] [--jobs 2]
    .venv/bin/python benchmarks/facets.py --list [--facet term] [--page dev000]   # to label
    .venv/bin/python benchmarks/facets.py --top 50    # the top values of an archive of
                                                      # eval/dev + eval/dev-wide + samples/

Each saved page of eval/dev and eval/dev-wide goes through the indexing pipeline
(``indexer.pipeline.records_from_bytes``, the code path of ``archive index``) and
``archive.facets.facet_values`` (what every engine indexes and counts), so the
values are exactly those the facet sidebar would show for an archive of these pages.

Reads benchmarks/facet_verdicts.json: for each facet, the values judged by reading
the pages they came from, "right" or "junk" (values and verdicts only, no page text).
Prints per facet: values, labelled values, precision over the labelled values (and
over their page occurrences), the most frequent unlabelled values, and the values
labelled right that no page gives any more (lost recall). --top N lists the N most
frequent values of every facet (with their verdicts and pages) over the eval pages and
every file under samples/ (WARC and JSON exports give one record per article), what the
sidebar of an archive of them shows first.
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
from archive.formats import kind_of  # noqa: E402
from indexer.pipeline import records_from_bytes  # noqa: E402

VERDICTS = Path(__file__).with_name("facet_verdicts.json")
SAMPLES = ROOT / "samples"
SETS = ("dev", "dev-wide")
FACETS = ("source", "author", "person", "place", "org", "tag", "term")
RIGHT, JUNK = "right", "junk"


def page_values(path: Path) -> tuple[str, list[dict[str, list[str]]]]:
    """(page name, facet -> values of each record) of one saved file; none if it was rejected."""
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    kind = kind_of(path) or "html"
    result = records_from_bytes(data, path=str(path), kind=kind, sha256=sha256)
    name = f"{path.parent.name}/{path.name}"
    return name, [
        {facet: values.get(facet, []) for facet in FACETS}
        for values in map(facet_values, result.records)
    ]


def collect(paths: list[Path], jobs: int) -> dict[str, dict[str, list[str]]]:
    """facet -> value -> the pages that have it (a page once per record that has it)."""
    table: dict[str, dict[str, list[str]]] = {facet: defaultdict(list) for facet in FACETS}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for name, records in pool.map(page_values, paths, chunksize=8):
            for values in records:
                for facet, facet_values_ in values.items():
                    for value in facet_values_:
                        table[facet][value].append(name)
    return table


def eval_pages(shared: Path) -> list[Path]:
    return [p for s in SETS for p in sorted((shared / "eval" / s).glob("*.html"))]


def sample_files() -> list[Path]:
    """Every file under samples/ the archive reads (READMEs and licences are not articles)."""
    return [
        p
        for p in sorted(SAMPLES.rglob("*"))
        if p.is_file() and kind_of(p) and p.stem.upper() != "README"
    ]


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


def top(table, verdicts, count: int) -> None:
    """The ``count`` most frequent values of every facet, as an archive's sidebar lists them."""
    for name in FACETS:
        judged = judge(table[name], verdicts.get(name, {}))
        ranked = sorted(table[name].items(), key=lambda item: (-len(item[1]), item[0]))
        print(f"\n{name}: {len(ranked)} values, the top {min(count, len(ranked))}")
        for value, pages in ranked[:count]:
            shown = ", ".join(p.split("/")[1][:24] for p in pages[:4])
            print(f"  {judged.get(value, '?'):5} {len(pages):4}  {value}  [{shown}]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--unlabelled", type=int, default=40, help="unlabelled values shown")
    parser.add_argument("--list", action="store_true", help="list values, verdicts and pages")
    parser.add_argument("--facet", choices=FACETS)
    parser.add_argument("--page", help="only values of pages whose name contains this")
    parser.add_argument(
        "--top", type=int, metavar="N", help="the N most frequent values (eval sets + samples)"
    )
    args = parser.parse_args()
    if not (args.shared / "eval").is_dir():
        parser.error(f"no eval folder in {args.shared}; pass --shared")
    verdicts = load_verdicts()
    paths = eval_pages(args.shared) + (sample_files() if args.top else [])
    table = collect(paths, args.jobs)
    if args.top:
        top(table, verdicts, args.top)
    elif args.list:
        listing(table, verdicts, args.facet, args.page)
    else:
        report(table, verdicts, args.unlabelled)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
