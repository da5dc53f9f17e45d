"""Full search pages under concurrent clients, and the first (cold) search of a fresh process.

    python benchmarks/concurrency.py NAME=REPO:ARCHIVE [NAME=REPO:ARCHIVE ...] \\
        [--clients 8] [--requests 400] [--threads 8] [--rounds 3] [--json]

Each target is a checkout (REPO, run with its own ``.venv/bin/python``) and an
archive built by it, so two versions of the product can be compared in one run:
the targets take turns, round after round. For each, a waitress server serving
``app.create_app`` is started on 127.0.0.1, warmed up, and ``--clients`` threads
request the query mix of ``web_latency.py`` over HTTP; p50/p95 are over every
request of every round. The cold figure is the first search in a new process
(opening the index, building facet arrays), median over ``--rounds``.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_latency import QUERIES, percentile  # noqa: E402

SERVER = """
import sys, waitress
from app import create_app
try:  # since the settings object; older versions took a dict
    from archive.settings import Settings
except ImportError:
    app = create_app({{"ARCHIVE_DIR": {archive!r}}})
else:
    app = create_app(Settings(archive_dir={archive!r}))
waitress.serve(app, host="127.0.0.1", port={port}, threads={threads}, _quiet=True)
"""
COLD = """
import time
started = time.perf_counter()
from archive.search import SearchRequest, search
from archive.store import open_archive
archive = open_archive({archive!r})
search(archive, SearchRequest(q="port"))
print(round((time.perf_counter() - started) * 1000, 1))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def urls(port: int) -> list[str]:
    base = f"http://127.0.0.1:{port}/search?"
    return [base + urlencode({k: v for k, v in p.items() if v}) for p in QUERIES]


def start_server(repo: Path, archive: str, threads: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    code = SERVER.format(archive=archive, port=port, threads=threads)
    process = subprocess.Popen([str(repo / ".venv/bin/python"), "-c", code], cwd=repo)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/search?q=port", timeout=30).read()
            return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server of {repo} did not start")


def load(port: int, clients: int, requests: int) -> tuple[list[float], int]:
    """``requests`` page loads spread over ``clients`` threads: (milliseconds each, errors)."""
    mix = urls(port)
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(number: int) -> None:
        for i in range(number, requests, clients):
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(mix[i % len(mix)], timeout=60) as response:
                    response.read()
            except OSError:
                with lock:
                    errors[0] += 1
                continue
            with lock:
                times.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors[0]


def cold_ms(repo: Path, archive: str) -> float:
    out = subprocess.run(
        [str(repo / ".venv/bin/python"), "-c", COLD.format(archive=archive)],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="+", metavar="NAME=REPO:ARCHIVE")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400, help="per target and round")
    parser.add_argument("--threads", type=int, default=8, help="server threads")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    targets = []
    for spec in args.targets:
        name, _, rest = spec.partition("=")
        repo, _, archive = rest.partition(":")
        targets.append((name, Path(repo).resolve(), str(Path(archive).resolve())))
    results = {name: {"times": [], "errors": 0, "cold": [], "wall": []} for name, _, _ in targets}
    for _round in range(args.rounds):
        for name, repo, archive in targets:
            results[name]["cold"].append(cold_ms(repo, archive))
            server, port = start_server(repo, archive, args.threads)
            try:
                load(port, args.clients, len(QUERIES) * 2)  # warm up
                started = time.perf_counter()
                times, errors = load(port, args.clients, args.requests)
                results[name]["wall"].append(time.perf_counter() - started)
            finally:
                server.terminate()
                server.wait(timeout=30)
            results[name]["times"] += times
            results[name]["errors"] += errors
    summary = {}
    for name, data in results.items():
        times = data["times"]
        summary[name] = {
            "clients": args.clients,
            "requests": len(times),
            "errors": data["errors"],
            "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "pages_per_s": round(args.requests / statistics.median(data["wall"]), 1),
            "cold_first_search_ms": statistics.median(data["cold"]),
        }
        row = summary[name]
        print(
            f"{name:>10}: {args.clients} clients, p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, "
            f"{row['pages_per_s']} pages/s, errors {row['errors']}, "
            f"cold first search {row['cold_first_search_ms']} ms"
        )
    if args.json:
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
