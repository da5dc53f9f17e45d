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

``--damage``: rounds that damage a built archive in turn: flipping bytes in a segment,
deleting a segment file, truncating ``archive.db`` to half its size. `archive check` must
report it (for the database: and say to run `archive rebuild`), a search must end in one line,
never a traceback; `archive check --repair` (the index) or `archive rebuild` (the database)
must repair it (timed), `archive check` must then pass, and every record (id, fields, added
and updated times) must be the same before and after. With ``--attack-seconds`` above 0 the
same run then serves the repaired archive under the four attacks of ``--attacks`` (below).

    python benchmarks/soak.py --damage --rounds 6 --articles 300 --attack-seconds 20 --json

``--attacks ARCHIVE``: `archive serve` (the guarded waitress server) under four attacks, each
for ``--attack-seconds``, while ``--clients`` threads search normally: 200 idle sockets each
sending half a request, 50 sockets trickling their headers a byte at a time, 20 clients
sending 300 MB bodies, 20 clients posting saved searches of 10 MB. Reported per attack:
the normal searches' p50/p95 and errors, beside the same without an attack.

    python benchmarks/soak.py --attacks ARCHIVE --clients 4 --json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import sqlite3
import statistics
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


DAMAGE = ("flip", "delete", "truncate_db")


def _records(archive_dir: Path) -> list[tuple]:
    """Every record as stored (id, fields, added, updated), read with SQLite itself."""
    conn = sqlite3.connect(archive_dir / "archive.db")
    try:
        return conn.execute("SELECT id, data, added, updated FROM records ORDER BY id").fetchall()
    finally:
        conn.close()


def _damage_index(archive_dir: Path, kind: str, number: int) -> None:
    segments = sorted((archive_dir / "index").glob("*.seg"), key=lambda p: p.stat().st_size)
    segment = segments[-1]
    if kind == "delete":
        segment.unlink()
        return
    data = bytearray(segment.read_bytes())
    at = random.Random(number).randrange(len(data) - 16)
    data[at : at + 16] = bytes(b ^ 0xFF for b in data[at : at + 16])
    segment.write_bytes(bytes(data))


def _truncate_db(archive_dir: Path) -> None:
    database = archive_dir / "archive.db"
    with open(database, "r+b") as handle:
        handle.truncate(database.stat().st_size // 2)


def damage(rounds: int, articles: int, workdir: Path) -> tuple[dict, Path]:
    """Damage the index (flipped bytes, a deleted segment) or truncate archive.db; check,
    repair (check --repair or rebuild), compare every record before and after."""
    folder, archive_dir = workdir / "files", workdir / "archive"
    folder.mkdir(parents=True, exist_ok=True)
    _add_articles(folder, 0, articles)
    assert _archive(archive_dir, "index", str(folder), "--quiet").returncode == 0
    log, failures = [], 0
    for number in range(1, rounds + 1):
        kind = DAMAGE[(number - 1) % len(DAMAGE)]
        before = _records(archive_dir)
        if kind == "truncate_db":
            _truncate_db(archive_dir)
        else:
            _damage_index(archive_dir, kind, number)
        found = _archive(archive_dir, "check")
        searched = _archive(archive_dir, "search", "port")
        repair = ("rebuild",) if kind == "truncate_db" else ("check", "--repair")
        started = time.monotonic()
        repaired = _archive(archive_dir, *repair)
        repair_s = time.monotonic() - started
        final = _archive(archive_dir, "check")
        after = _records(archive_dir)
        said = found.stdout + found.stderr
        ok = (
            found.returncode == 1
            and ("rebuild" in said if kind == "truncate_db" else "damaged" in said)
            and "Traceback" not in searched.stderr + searched.stdout
            and repaired.returncode == 0
            and final.returncode == 0
            and before == after
        )
        failures += not ok
        log.append(
            {
                "round": number,
                "damage": kind,
                "reported": said.strip().splitlines()[:3],
                "search_said": (searched.stderr or searched.stdout).strip().splitlines()[-1:],
                "repaired_by": " ".join(repair),
                "repair_s": round(repair_s, 2),
                "records_before": len(before),
                "records_after": len(after),
                "records_identical": before == after,
                "ok": ok,
            }
        )
        print(json.dumps(log[-1]), file=sys.stderr)
    by_kind = {}
    for kind in DAMAGE:
        times = sorted(r["repair_s"] for r in log if r["damage"] == kind)
        if times:
            by_kind[kind] = {
                "rounds": len(times),
                "repair_s_median": round(statistics.median(times), 2),
                "repair_s_max": times[-1],
            }
    summary = {
        "rounds": rounds,
        "failures": failures,
        "records_before": log[0]["records_before"] if log else None,
        "records_after": log[-1]["records_after"] if log else None,
        "by_damage": by_kind,
        "log": log,
    }
    return summary, archive_dir


def _idle_half_requests(port: int, stop: threading.Event) -> None:
    held = []
    try:
        for _ in range(200):
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(b"GET /search?q=port HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            held.append(sock)
        while not stop.is_set():  # open a new one for each the server closed
            stop.wait(1)
    except OSError:
        pass
    finally:
        for sock in held:
            sock.close()


def _trickle(port: int, stop: threading.Event) -> None:
    def one() -> None:
        while not stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                    for byte in b"GET /search?q=port HTTP/1.1\r\nX-Slow: " + b"x" * 10_000:
                        if stop.wait(0.5):
                            return
                        sock.sendall(bytes([byte]))
            except OSError:
                continue  # closed by the server: start again

    threads = [threading.Thread(target=one, daemon=True) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _big_bodies(port: int, stop: threading.Event, path: str, size: int, form: bool) -> None:
    def one() -> None:
        chunk = b"x" * (1 << 20)
        while not stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
                    head = (
                        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1"
                        f"\r\nOrigin: http://127.0.0.1:{port}"
                        "\r\nContent-Type: application/x-www-form-urlencoded"
                        f"\r\nContent-Length: {size}\r\n\r\n"
                    )
                    sock.sendall(head.encode() + (b"name=big&params=q%3D" if form else b""))
                    sent = 0
                    while sent < size and not stop.is_set():
                        sock.sendall(chunk[: min(len(chunk), size - sent)])
                        sent += len(chunk)
                    sock.recv(4096)
            except OSError:
                continue

    threads = [threading.Thread(target=one, daemon=True) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


ATTACKS = {
    "idle_half_requests": _idle_half_requests,
    "trickled_headers": _trickle,
    "300_MB_bodies": lambda port, stop: _big_bodies(port, stop, "/search", 300_000_000, False),
    "10_MB_saved_search": lambda port, stop: _big_bodies(port, stop, "/saved", 10_000_000, True),
}


def attacks(archive_dir: str, clients: int, seconds: float) -> dict:
    """Normal searches alone, then during each attack on `archive serve`."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cli", "--archive", archive_dir, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            if _get(f"http://127.0.0.1:{port}/search?q=port")[0] == 200:
                break
            time.sleep(0.2)
        out = {"alone": _timed_pass(port, clients, seconds)}
        for name, attack in ATTACKS.items():
            stop = threading.Event()
            thread = threading.Thread(target=attack, args=(port, stop), daemon=True)
            thread.start()
            time.sleep(2)  # the attack is in place
            out[name] = _timed_pass(port, clients, seconds)
            stop.set()
            thread.join(timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return out


def _timed_pass(port: int, clients: int, seconds: float) -> dict:
    normal = _normal_urls(port)
    times, errors, lock = [], [0], threading.Lock()
    end = time.monotonic() + seconds

    def client(number: int) -> None:
        i = number
        while time.monotonic() < end:
            status, ms = _get(normal[i % len(normal)])
            with lock:
                times.append(ms)
                errors[0] += status != 200
            i += clients

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "requests": len(times),
        "errors": errors[0],
        "p50_ms": round(percentile(times, 50), 1) if times else None,
        "p95_ms": round(percentile(times, 95), 1) if times else None,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
    parser.add_argument("--damage", action="store_true", help="index damage and repair rounds")
    parser.add_argument("--attacks", metavar="ARCHIVE", help="slow-client and big-request attacks")
    parser.add_argument("--attack-seconds", type=float, default=20.0)
    args = parser.parse_args()
    if args.attacks:
        summary = attacks(args.attacks, args.clients, args.attack_seconds)
        summary["failures"] = sum(part["errors"] for part in summary.values())
        print(json.dumps(summary) if args.json else json.dumps(summary, indent=2))
        return 1 if summary["failures"] else 0
    if args.damage:
        load_at_start = [round(x, 2) for x in os.getloadavg()]
        with tempfile.TemporaryDirectory(prefix="soak-damage-") as workdir:
            summary, archive_dir = damage(args.rounds, args.articles, Path(workdir))
            if args.attack_seconds > 0:  # the same run: the repaired archive under attack
                summary["attacks"] = attacks(str(archive_dir), args.clients, args.attack_seconds)
                summary["failures"] += sum(p["errors"] for p in summary["attacks"].values())
        summary["load_average"] = {
            "start": load_at_start,
            "end": [round(x, 2) for x in os.getloadavg()],
        }
        print(json.dumps(summary) if args.json else json.dumps(summary, indent=2))
        return 1 if summary["failures"] else 0
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
