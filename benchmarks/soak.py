"""Soak: N rounds of kill -9 during index, reindex and reextract, verified after each round;
with ``--load``, concurrent clients against the web server with pathological queries among them.

Not a test. Each round starts one real `archive` command (index of a growing folder,
reindex or reextract) in its own process group, kills the whole group with SIGKILL at
a random moment, then

1. runs `archive check` (a killed run may leave records pending: that is reported,
   never an inconsistency such as a missing original or an index entry without a record),
2. runs `archive index` on the same folder, which must finish the job (exit 0), and
3. runs `archive check` again, which must pass, with records == index entries == articles.

    python benchmarks/soak.py --rounds 20 --articles 300 --json

``--load ARCHIVE``: a waitress server (``app.create_app``, ``--threads`` threads) on 127.0.0.1;
``--clients`` threads request the normal mix of ``queries.py`` (``/search``, the full page)
``--requests`` times in all, first alone (baseline), then again while ``--bad-clients`` threads
send the pathological queries of ``pathological.py`` (long phrases of frequent words, 64
wildcards, 64 misspelled words, deep nesting) without pause. Reported: p50/p95 of the normal
requests in both passes, errors (any status but 200, or a failed request; a nesting query's
400 is expected and not an error), and the pathological requests' count, p50 and max.

    python benchmarks/soak.py --load ARCHIVE --clients 6 --bad-clients 2 --requests 300 --json
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
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate_article, render  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from concurrency import start_server  # noqa: E402
from pathological import queries as pathological_queries  # noqa: E402
from queries import QUERIES as NORMAL_QUERIES  # noqa: E402
from web_latency import percentile  # noqa: E402

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


def _get(url: str) -> tuple[int, float]:
    """(HTTP status or 0 for a failed request, milliseconds)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, (time.perf_counter() - started) * 1000


def _normal_urls(port: int) -> list[str]:
    base = f"http://127.0.0.1:{port}/search?"
    urls = []
    for query in NORMAL_QUERIES:
        params = {"q": query.q} if query.q else {}
        if query.sort != "relevance":
            params["sort"] = query.sort
        urls.append(base + urlencode(params))
    return urls


def _pass(port: int, clients: int, requests: int, bad: list, bad_clients: int) -> dict:
    normal = _normal_urls(port)
    times, errors, bad_times, bad_errors, by_name = [], [0], [], [0], {}
    lock, stop = threading.Lock(), threading.Event()

    def client(number: int) -> None:
        for i in range(number, requests, clients):
            status, ms = _get(normal[i % len(normal)])
            with lock:
                times.append(ms)
                errors[0] += status != 200

    def bad_client(number: int) -> None:
        i = number
        while not stop.is_set():
            name, url, expected = bad[i % len(bad)]
            status, ms = _get(url)
            with lock:
                bad_times.append(ms)
                by_name.setdefault(name, []).append(ms)
                bad_errors[0] += status != expected
            i += bad_clients

    hostile = [threading.Thread(target=bad_client, args=(n,)) for n in range(bad_clients)]
    for thread in hostile:
        thread.start()
    time.sleep(0.5 if bad_clients else 0)  # the pathological ones are running first
    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    stop.set()
    for thread in hostile:
        thread.join()
    out = {
        "requests": len(times),
        "errors": errors[0],
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "pages_per_s": round(len(times) / wall, 1),
    }
    if bad_clients:
        out["pathological"] = {
            "requests": len(bad_times),
            "errors": bad_errors[0],
            "p50_ms": round(percentile(bad_times, 50), 1) if bad_times else None,
            "max_ms": round(max(bad_times), 1) if bad_times else None,
            "max_ms_by_query": {k: round(max(v), 1) for k, v in sorted(by_name.items())},
        }
    return out


def load(archive_dir: str, clients: int, bad_clients: int, requests: int, threads: int) -> dict:
    """The normal mix alone, then with pathological queries sent alongside, back to back."""
    from archive.store import open_archive

    archive = open_archive(archive_dir)
    try:
        texts = pathological_queries(archive)
    finally:
        archive.close()
    texts.pop("normal_two_words", None)
    repo = Path(__file__).resolve().parent.parent
    server, port = start_server(repo, archive_dir, threads)
    try:
        bad = [  # (name, url, the status it should get: too deep a nesting is a 400 that says so)
            (
                name,
                f"http://127.0.0.1:{port}/search?" + urlencode({"q": text}),
                400 if name.startswith("nesting") else 200,
            )
            for name, text in texts.items()
        ]
        _pass(port, clients, len(NORMAL_QUERIES) * 2, [], 0)  # warm up
        alone = _pass(port, clients, requests, [], 0)
        mixed = _pass(port, clients, requests, bad, bad_clients)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "clients": clients,
        "bad_clients": bad_clients,
        "server_threads": threads,
        "alone": alone,
        "with_pathological": mixed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--articles", type=int, default=400, help="articles added over the run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--load", metavar="ARCHIVE", help="the concurrent-load run instead")
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--bad-clients", type=int, default=2)
    parser.add_argument("--requests", type=int, default=300, help="normal requests per pass")
    parser.add_argument("--threads", type=int, default=8, help="server threads")
    args = parser.parse_args()
    if args.load:
        summary = load(args.load, args.clients, args.bad_clients, args.requests, args.threads)
        summary["failures"] = summary["with_pathological"]["errors"] + summary["alone"]["errors"]
        print(json.dumps(summary) if args.json else json.dumps(summary, indent=2))
        return 1 if summary["failures"] else 0
    with tempfile.TemporaryDirectory(prefix="soak-") as workdir:
        summary = soak(args.rounds, args.articles, args.seed, Path(workdir))
    print(json.dumps(summary) if args.json else "\n".join(f"{k}: {v}" for k, v in summary.items()))
    return 1 if summary["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
