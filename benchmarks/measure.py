"""Measuring helpers: percentiles, a peak-RSS sampler, bounded subprocesses, free ports."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import threading
import time
from pathlib import Path

import psutil

RSS_INTERVAL_S = 0.05


def percentile(values: list[float], pct: float) -> float:
    """The ``pct`` percentile with linear interpolation (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its children, in bytes."""
    return sum(_tree_rss(process))


def _tree_rss(process: psutil.Process) -> tuple[int, int]:
    """(RSS of the process, RSS of its children), in bytes."""
    try:
        children = process.children(recursive=True)
        own = process.memory_info().rss
    except psutil.Error:
        return 0, 0
    total = 0
    for child in children:
        try:
            total += child.memory_info().rss
        except psutil.Error:
            pass
    return own, total


class PeakRss:
    """Samples a process tree's RSS from a thread until stopped; keeps the peak."""

    def __init__(self, pid: int, interval: float = RSS_INTERVAL_S):
        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.peak_own = 0  # the process alone, without its children
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            own, children = _tree_rss(self.process)
            self.peak = max(self.peak, own + children)
            self.peak_own = max(self.peak_own, own)
            self._stop.wait(self.interval)

    @property
    def peak_mb(self) -> float:
        return self.peak / 1e6


def run_measured(command: list[str], timeout: float, env: dict | None = None) -> dict:
    """Run a command to completion: wall time, peak RSS (with children), exit code, output."""
    started = time.perf_counter()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as proc:
        with PeakRss(proc.pid) as rss:
            try:
                out, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
                message = f"timed out after {timeout:.0f} s: {' '.join(command)}"
                raise RuntimeError(message) from None
    return {
        "seconds": time.perf_counter() - started,
        "rss_mb": rss.peak_mb,
        "own_rss_mb": rss.peak_own / 1e6,
        "returncode": proc.returncode,
        "stdout": out,
        "stderr": err,
    }


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def folder_mb(path: Path) -> float:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total / 1e6
