"""Driving the product: the ``archive`` CLI in subprocesses, ``search()`` in process, the server.

Only ever talks to 127.0.0.1; every wait is bounded in time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import psutil
from measure import PeakRss, free_port, run_measured, tree_rss

REPO = Path(__file__).resolve().parent.parent
SERVER_START_TIMEOUT_S = 60.0
HTTP_TIMEOUT_S = 60.0


def archive_command() -> list[str]:
    """The installed ``archive`` script next to this Python, else ``python -m cli``."""
    script = Path(sys.executable).with_name("archive")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


def subprocess_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop("ARCHIVE_DIR", None)
    return env


def last_json_line(text: str) -> dict:
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                return {}
    return {}


def index_paths(archive_dir: Path, paths: list[Path], timeout: float) -> dict:
    """``archive --archive DIR index PATH... --json``: wall time, peak RSS and its summary."""
    command = [
        *archive_command(),
        "--archive",
        str(archive_dir),
        "index",
        "--quiet",
        *map(str, paths),
        "--json",
    ]
    result = run_measured(command, timeout=timeout, env=subprocess_env())
    summary = last_json_line(result["stdout"])
    if result["returncode"] not in (0, 1) or not summary:  # 1: some files were rejected
        raise RuntimeError(
            f"archive index failed ({result['returncode']}):\n{result['stderr'][-3000:]}"
        )
    result["summary"] = {k: v for k, v in summary.items() if not isinstance(v, (list, dict))}
    result["rejected_sample"] = summary.get("rejected_files", [])[:5]
    return result


def open_search(archive_dir: Path, backend=None):
    """The product's in-process search: returns ``run(q) -> result`` and a close function.

    ``backend``: another engine for the same archive (default: its embedded index)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from archive.search import SearchRequest, search
    from archive.store import open_archive

    arc = open_archive(archive_dir, backend)

    def run(text: str, sort: str = "relevance"):
        return search(arc, SearchRequest.from_params({"q": text, "sort": sort}))

    return run, arc.close


class Server:
    """``archive serve`` on a free local port: HTTP latency, server RSS, commit visibility."""

    def __init__(self, archive_dir: Path):
        self.archive_dir = archive_dir
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log_path = archive_dir.parent / "server.log"
        self.peak = None

    def __enter__(self) -> Server:
        command = [
            *archive_command(),
            "--archive",
            str(self.archive_dir),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
        ]
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            command, stdout=self._log, stderr=subprocess.STDOUT, env=subprocess_env()
        )
        self.peak = PeakRss(self.proc.pid).__enter__()
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-3000:]}")
            try:
                self.total("benchmark")
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"server did not answer within {SERVER_START_TIMEOUT_S:.0f} s")

    def __exit__(self, *exc) -> None:
        if self.peak:
            self.peak.__exit__()
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()

    def get(
        self, path: str, params: dict, timeout: float = HTTP_TIMEOUT_S
    ) -> tuple[int, bytes, float]:
        url = f"http://127.0.0.1:{self.port}{path}?{urlencode(params)}"
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                body, status = response.read(), response.status
        except urllib.error.HTTPError as error:  # an answer all the same: the caller decides
            body, status = error.read(), error.code
        return status, body, time.perf_counter() - started

    def total(self, text: str) -> int:
        status, body, _ = self.get("/api/search", {"q": text})
        if status != 200:
            raise RuntimeError(f"/api/search answered {status}: {body[:300]!r}")
        return int(json.loads(body).get("total", 0))

    @property
    def rss_mb(self) -> float:
        return tree_rss(psutil.Process(self.proc.pid)) / 1e6

    @property
    def peak_rss_mb(self) -> float:
        return self.peak.peak_mb if self.peak else 0.0
