"""`archive serve`: the production server honours instance/config.py and the server options."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from cli import main

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, deadline: float) -> bytes:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_archive_serve_honours_the_instance_config(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        'BASE_URL = "https://configured.example/archive"\nFEED_ENTRIES = 7\n'
    )
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    env["ARCHIVE_INSTANCE_DIR"] = str(instance)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cli",
            "--archive",
            str(tmp_path / "a"),
            "serve",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        spec = json.loads(_get(f"http://127.0.0.1:{port}/api/openapi.json", deadline))
        feed = _get(f"http://127.0.0.1:{port}/search.atom", deadline).decode()
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode()
    assert "Serving" in output, output
    assert 'href="https://configured.example/archive/search.atom?sort=added&amp;n=7"' in feed
    assert spec["servers"] == [{"url": "https://configured.example/archive"}]


def test_serve_options_win_over_the_environment_and_reach_waitress(tmp_path, monkeypatch):
    from tests.support import serve_nothing

    calls = []
    serve_nothing(monkeypatch, calls)
    monkeypatch.setenv("ARCHIVE_INSTANCE_DIR", str(tmp_path / "no-instance"))
    monkeypatch.setenv("ARCHIVE_THREADS", "3")
    monkeypatch.setenv("ARCHIVE_CHANNEL_TIMEOUT", "12")
    monkeypatch.setenv("ARCHIVE_PORT", "8123")
    args = ["--archive", str(tmp_path / "a"), "serve", "--threads", "6"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    app, options = calls[0]
    assert options["threads"] == 6 and options["port"] == 8123
    assert options["channel_timeout"] == 12 and options["connection_limit"] == 1000
    assert options["header_seconds"] == 10 and options["max_body_bytes"] == 200_000_000
    settings = app.extensions["settings"]
    assert settings.source("threads") == "command line"
    assert settings.source("port") == "environment"
    assert "http://127.0.0.1:8123/" in result.output
