"""What a correction costs: saving it (row + audit entry) and making it searchable.

    .venv/bin/python benchmarks/corrections.py ARCHIVE_DIR [--repeats 20] [--json]

Works on a copy of ARCHIVE_DIR. Each round corrects the title of a different article
(``corrections.correct``: the correction's row, the record marked pending, the plain
copy of the corrections that ``archive rebuild`` restores, the audit entry) and then
re-indexes it (``index_sync.sync_now``: the writer lock, the engine's commit);
``show_ms`` is ``Archive.get`` of a corrected article (the layer laid over).
Figures are medians in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive import corrections, index_sync, open_archive  # noqa: E402


def measure(folder: Path, repeats: int) -> dict:
    archive = open_archive(folder, must_exist=True)
    ids = [r.id for _, r in zip(range(repeats), archive.iter_records(), strict=False)]
    save, index, show = [], [], []
    for n, rid in enumerate(ids):
        started = time.perf_counter()
        corrections.correct(archive, rid, {"title": f"Corrected headline {n}"}, "benchmark")
        saved = time.perf_counter()
        index_sync.sync_now(archive)
        indexed = time.perf_counter()
        archive.get(rid)
        shown = time.perf_counter()
        save.append((saved - started) * 1000)
        index.append((indexed - saved) * 1000)
        show.append((shown - indexed) * 1000)
    result = {
        "records": archive.count(),
        "engine": archive.index.name,
        "repeats": len(ids),
        "save_ms": round(statistics.median(save), 1),
        "index_ms": round(statistics.median(index), 1),
        "total_ms": round(statistics.median(a + b for a, b in zip(save, index, strict=True)), 1),
        "show_ms": round(statistics.median(show), 2),
    }
    archive.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive_dir", type=Path)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="corrections-bench-") as tmp:
        copy = Path(tmp) / "archive"
        shutil.copytree(args.archive_dir, copy)
        result = measure(copy, args.repeats)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>10}: {value}")


if __name__ == "__main__":
    main()
