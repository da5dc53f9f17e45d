"""Adding articles without the terminal: the watch folder's latency, and uploads over HTTP.

    .venv/bin/python benchmarks/intake_web.py --files 100 --watch-rounds 10

- watch: `archive watch INBOX` runs as a process; each round writes one generated page
  into INBOX and times until a search (the "is it archived?" URL query) finds it.
- upload: `archive serve` runs as a process; 100 generated pages are posted to
  POST /api/articles one per request, two in flight (as the upload page's script does),
  then 100 others in one request (as the page's form without JavaScript does). An upload
  is answered once saved; ``..._searchable_s`` is the time until the search finds every
  one of them (the shared index commit follows the answers within about a second).

Prints medians and totals as JSON on the last line.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))

from corpus import generate_article, render_html  # noqa: E402

ARCHIVE = str(Path(sys.executable).with_name("archive"))


def page(number: int) -> tuple[str, bytes]:
    article = generate_article(number)
    return article.url, render_html(article).encode("utf-8")


def searchable(archive, url: str) -> bool:
    from archive.search import SearchRequest, search

    return any(hit.record.url == url for hit in search(archive, SearchRequest(q=url)).hits)


def watch_latency(root: Path, rounds: int) -> list[float]:
    from archive.store import open_archive

    inbox, folder = root / "inbox", root / "watch-archive"
    inbox.mkdir()
    process = subprocess.Popen(
        [ARCHIVE, "--archive", str(folder), "watch", str(inbox)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        process.stderr.readline()  # "Watching ..."
        time.sleep(2)
        archive = open_archive(folder)
        seconds = []
        for n in range(rounds):
            url, data = page(10_000 + n)
            started = time.monotonic()
            (inbox / f"page{n}.html").write_bytes(data)
            while not searchable(archive, url):
                if time.monotonic() - started > 30:
                    raise SystemExit(f"page {n} not searchable after 30 s")
                time.sleep(0.05)
            seconds.append(time.monotonic() - started)
            print(f"watch round {n}: {seconds[-1]:.2f} s", file=sys.stderr)
        archive.close()
        return seconds
    finally:
        process.terminate()
        process.wait(10)


def until_searchable(folder: Path, urls: list[str], seconds: float = 60) -> bool:
    """Whether the search finds every one of ``urls`` within ``seconds``."""
    from archive.store import open_archive

    archive = open_archive(folder)
    waiting, deadline = list(urls), time.monotonic() + seconds
    try:
        while waiting and time.monotonic() < deadline:
            waiting = [url for url in waiting if not searchable(archive, url)]
            if waiting:
                time.sleep(0.05)
    finally:
        archive.close()
    return not waiting


def multipart(files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, data in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/html\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


def post(base: str, token: str, files: list[tuple[str, bytes]]) -> dict:
    body, boundary = multipart(files)
    request = urllib.request.Request(
        f"{base}/api/articles",
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


def upload_times(root: Path, count: int) -> dict:
    from archive import accounts
    from archive.store import open_archive

    folder = root / "upload-archive"
    archive = open_archive(folder)
    accounts.add_user(archive, "bench", "editor", "benchmark password")
    token = accounts.create_token(archive, "bench", "benchmark")[1]
    archive.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [ARCHIVE, "--archive", str(folder), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        server.stdout.readline()  # "Serving ..."
        time.sleep(1)
        post(base, token, [("warmup.html", page(30_000)[1])])  # starts the extraction workers
        singles = [(f"single{n}.html", page(20_000 + n)[1]) for n in range(count)]
        started = time.monotonic()
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda f: post(base, token, [f]), singles))
        one_by_one = time.monotonic() - started
        all_found = until_searchable(folder, [page(20_000 + n)[0] for n in range(count)])
        one_by_one_searchable = time.monotonic() - started if all_found else None
        indexed = sum(a["status"] == "indexed" for a in answers)
        batch = [(f"batch{n}.html", page(40_000 + n)[1]) for n in range(count)]
        started = time.monotonic()
        answer = post(base, token, batch)
        at_once = time.monotonic() - started
        return {
            "files": count,
            "one_per_request_2_in_flight_s": round(one_by_one, 2),
            "one_per_request_all_searchable_s": one_by_one_searchable
            and round(one_by_one_searchable, 2),
            "one_per_request_indexed": indexed,
            "one_request_s": round(at_once, 2),
            "one_request_indexed": answer["summary"]["indexed"],
            "kb_per_file": round(sum(len(d) for _, d in singles) / count / 1024, 1),
        }
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--watch-rounds", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="intake-web-bench-") as tmp:
        root = Path(tmp)
        latency = watch_latency(root, args.watch_rounds)
        uploads = upload_times(root, args.files)
    result = {
        "watch_to_searchable_median_s": round(statistics.median(latency), 2),
        "watch_to_searchable_max_s": round(max(latency), 2),
        "upload": uploads,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
