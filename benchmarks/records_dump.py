"""Dump the records the pipeline makes of a folder as canonical JSON, or compare two dumps.

    .venv/bin/python benchmarks/records_dump.py FOLDER [FOLDER ...] -o before.jsonl
    .venv/bin/python benchmarks/records_dump.py --compare before.jsonl after.jsonl

One line per file (sorted by path, relative to its folder): every record of it as
``Record.to_dict()`` without the run's clock (``added``, ``updated``), and its
rejections and warnings. Each file goes through ``indexer.pipeline.records_from_bytes``
(the code path of ``archive index``) with its path relative to the folder and its
modification time, so two runs of the same code give identical lines, whatever the hash
seed (0 of 508 files of eval/dev and eval/dev-wide differ between seeds 1 and 2). ``--compare``
prints the files whose lines differ (and the first differing keys) and exits 1 if any do:
the check that a speed-up of extraction or tagging changed no output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.formats import kind_of  # noqa: E402
from indexer.pipeline import records_from_bytes  # noqa: E402

#: Fields that hold the run's clock, not anything read from the file.
CLOCK_FIELDS = ("added", "updated")


def dump_file(path: Path, name: str) -> dict:
    """The canonical form of what the pipeline makes of one file."""
    data = path.read_bytes()
    result = records_from_bytes(
        data,
        path=name,
        kind=kind_of(path),
        sha256=hashlib.sha256(data).hexdigest(),
        mtime=datetime.fromtimestamp(path.stat().st_mtime_ns / 1e9, UTC),
    )
    records = []
    for record in result.records:
        fields = record.to_dict()
        for key in CLOCK_FIELDS:
            fields.pop(key, None)
        records.append(fields)
    return {
        "file": name,
        "records": records,
        "rejections": [[r.member, r.reason] for r in result.rejections],
        "warnings": [[w.member, w.reason] for w in result.warnings],
    }


def files_of(folder: Path) -> list[tuple[Path, str]]:
    """Every file of an article format under ``folder``, with its name relative to it."""
    found = [p for p in folder.rglob("*") if p.is_file() and kind_of(p)]
    return sorted((p, f"{folder.name}/{p.relative_to(folder)}") for p in found)


def dump(folders: list[Path], out) -> tuple[int, float]:
    """Write one canonical JSON line per file; returns (files, seconds in the pipeline)."""
    count, seconds = 0, 0.0
    for folder in folders:
        for path, name in files_of(folder):
            start = time.perf_counter()
            line = dump_file(path, name)
            seconds += time.perf_counter() - start
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count, seconds


def compare(before: Path, after: Path) -> list[str]:
    """What differs between two dumps, one line per file (empty: byte-identical records)."""
    a = {json.loads(line)["file"]: line for line in before.read_text("utf-8").splitlines()}
    b = {json.loads(line)["file"]: line for line in after.read_text("utf-8").splitlines()}
    problems = [f"{name}: only in {before}" for name in sorted(a.keys() - b.keys())]
    problems += [f"{name}: only in {after}" for name in sorted(b.keys() - a.keys())]
    for name in sorted(a.keys() & b.keys()):
        if a[name] != b[name]:
            old, new = json.loads(a[name]), json.loads(b[name])
            pairs = zip(old["records"], new["records"], strict=False)
            keys = sorted({k for r0, r1 in pairs for k in r0 if r0[k] != r1.get(k)})
            keys = keys or ["records/rejections/warnings"]
            problems.append(f"{name}: differs in {', '.join(keys)}")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        problems = compare(*args.compare)
        for line in problems:
            print(line)
        lines = len(args.compare[0].read_text("utf-8").splitlines())
        print(f"{lines} files, {len(problems)} differ")
        return 1 if problems else 0
    if not args.folders or not args.output:
        parser.error("give FOLDER(s) and -o OUTPUT, or --compare BEFORE AFTER")
    with args.output.open("w", encoding="utf-8") as out:
        count, seconds = dump(args.folders, out)
    each = 1000 * seconds / max(count, 1)
    print(f"{count} files, {seconds:.1f} s in the pipeline ({each:.1f} ms a file)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
