"""The production server against slow and greedy clients (issue 22.4), and a busy port (22.15).

Everything runs on 127.0.0.1 with bounded numbers of sockets and timeouts.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from web.server import ServerLimits, make_server

IDLE_CLIENTS = 200
HALF_REQUEST = b"GET /search?q=port HTTP/1.1\r\nHost: 127.0.0.1\r\n"  # no blank line: unfinished


def _serve_command(archive_dir, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "cli",
        "--archive",
        str(archive_dir),
        "serve",
        "--port",
        f"{port}",
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str = "/search?q=Hamburg", timeout: float = 30) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as answer:
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
        error.close()
    return status, time.monotonic() - started


def _wait_until_up(port: int) -> None:
    for _ in range(150):
        try:
            _get(port, "/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def _half_requests(port: int, count: int) -> list[socket.socket]:
    held = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(HALF_REQUEST)
        held.append(sock)
    return held


def test_idle_half_requests_do_not_block_normal_searches(web_archive_dir):
    """200 sockets that send half a request and wait blocked every search for 20 s+."""
    port = _free_port()
    server = subprocess.Popen(
        _serve_command(web_archive_dir, port),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    held = []
    try:
        _wait_until_up(port)
        held = _half_requests(port, IDLE_CLIENTS)
        time.sleep(0.5)
        answers = [_get(port, timeout=15) for _ in range(5)]
    finally:
        for sock in held:
            sock.close()
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert [status for status, _ in answers] == [200] * 5, output
    slowest = max(seconds for _, seconds in answers)
    assert slowest < 3, f"a normal search took {slowest:.1f} s beside {IDLE_CLIENTS} idle clients"


@pytest.fixture
def guarded(app):
    """A real server in a thread with short limits: 1 s for headers, 1,000-byte bodies."""
    limits = ServerLimits(threads=2, header_seconds=1.0, channel_timeout=5, max_body_bytes=1000)
    server = make_server(app, "127.0.0.1", 0, limits)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server.effective_port
    server.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_a_client_trickling_its_headers_is_closed(guarded):
    """Waitress's idle timeout never closes a client that sends a byte now and then."""
    sock = socket.create_connection(("127.0.0.1", guarded), timeout=10)
    started = time.monotonic()
    closed_after = None
    try:
        for byte in HALF_REQUEST * 10:
            try:
                sock.sendall(bytes([byte]))
            except OSError:  # reset: the server closed it
                closed_after = time.monotonic() - started
                break
            time.sleep(0.2)
            if time.monotonic() - started > 8:
                break
    finally:
        sock.close()
    assert closed_after is not None and closed_after < 6, closed_after
    assert _get(guarded)[0] == 200


def test_a_request_body_over_the_cap_is_refused(guarded):
    request = urllib.request.Request(
        f"http://127.0.0.1:{guarded}/saved", data=b"name=x&params=" + b"q" * 5000, method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    refused.value.close()
    assert refused.value.code == 413


def test_serve_on_a_busy_port_says_so_in_one_line(web_archive_dir):
    """Issue 22.15: "Serving ..." and then a 30-line traceback."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            _serve_command(web_archive_dir, port),
            capture_output=True,
            text=True,
            timeout=60,
            env=dict(os.environ),
        )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Serving" not in result.stdout
    assert result.stderr.strip().splitlines() == [
        f"Error: Cannot listen on 127.0.0.1:{port}: Address already in use."
    ]
