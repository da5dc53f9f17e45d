"""Soak: N rounds of kill -9 during index, reindex and reextract, verified after each round.

Not a test. Each round starts one real `archive` command (index of a growing folder,
reindex or reextract) in its own process group, kills the whole group with SIGKILL at
a random moment, then

1. runs `archive check` (a killed run may leave records pending: that is reported,
   never an inconsistency such as a missing original or an index entry without a record),
2. runs `archive index` on the same folder, which must finish the job (exit 0), and
3. runs `archive check` again, which must pass, with records == index entries == articles.

    python benchmarks/soak.py --rounds 20 --articles 300 --json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate_article, render  # noqa: E402

COMMANDS = ("index", "reindex", "reextract")


def _archive(archive_dir: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli", "--archive", str(archive_dir), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ, ARCHIVE_BATCH_SIZE="50"),
    )


def _add_articles(folder: Path, start: int, count: int) -> None:
    for number in range(start, start + count):
        article = generate_article(number)
        path = folder / f"{number:06d}.{article.format}"
        path.write_text(render(article), encoding="utf-8")


def _stats(archive_dir: Path) -> dict:
    return json.loads(_archive(archive_dir, "stats", "--json").stdout)


def soak(rounds: int, articles: int, seed: int, workdir: Path) -> dict:
    rng = random.Random(seed)
    folder, archive_dir = workdir / "files", workdir / "archive"
    folder.mkdir(parents=True, exist_ok=True)
    per_round = max(1, articles // max(rounds, 1))
    _add_articles(folder, 0, per_round)
    assert _archive(archive_dir, "index", str(folder), "--quiet").returncode == 0
    added, log, failures = per_round, [], 0
    started = time.monotonic()
    for number in range(1, rounds + 1):
        command = rng.choice(COMMANDS)
        if command == "index":
            _add_articles(folder, added, per_round)
            added += per_round
            args = ["index", str(folder), "--quiet"]
        else:
            args = [command]
        process = subprocess.Popen(
            [sys.executable, "-m", "cli", "--archive", str(archive_dir), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=dict(os.environ, ARCHIVE_BATCH_SIZE="50"),
        )
        delay = rng.uniform(0.3, 4.0)
        time.sleep(delay)
        killed = process.poll() is None
        if killed:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        after_kill = _archive(archive_dir, "check", "--json")
        report = json.loads(after_kill.stdout or "{}")
        problems = [p for p in report.get("problems", []) if "pending" not in p]
        finish = _archive(archive_dir, "index", str(folder), "--quiet")
        final = _archive(archive_dir, "check")
        stats = _stats(archive_dir)
        ok = not problems and finish.returncode == 0 and final.returncode == 0
        ok = ok and stats.get("records") == added
        failures += not ok
        log.append(
            {
                "round": number,
                "command": command,
                "killed_after_s": round(delay, 2) if killed else None,
                "problems_after_kill": problems,
                "rerun_exit": finish.returncode,
                "check_after_rerun": final.stdout.strip().splitlines()[:3],
                "articles": stats.get("records"),
                "expected": added,
                "ok": ok,
            }
        )
        print(json.dumps(log[-1]), file=sys.stderr)
    return {
        "rounds": rounds,
        "killed": sum(1 for r in log if r["killed_after_s"] is not None),
        "failures": failures,
        "articles": added,
        "seconds": round(time.monotonic() - started, 1),
        "by_command": {c: sum(1 for r in log if r["command"] == c) for c in COMMANDS},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--articles", type=int, default=400, help="articles added over the run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="soak-") as workdir:
        summary = soak(args.rounds, args.articles, args.seed, Path(workdir))
    print(json.dumps(summary) if args.json else "\n".join(f"{k}: {v}" for k, v in summary.items()))
    return 1 if summary["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
