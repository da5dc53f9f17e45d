"""web.hosts: the archive answers only to its own host names (the DNS-rebinding guard)."""

from __future__ import annotations

import http.client
import shutil
from urllib.parse import urlsplit

import pytest

from archive import saved
from archive.search import SearchRequest
from tests.support import app_settings, serve_app
from web.hosts import allowed_hosts, host_allowed, is_loopback


@pytest.fixture(scope="module")
def live(built_archive, tmp_path_factory):
    """A real server on 127.0.0.1 over an archive with no accounts (open to the local user)."""
    from app import create_app

    folder = tmp_path_factory.mktemp("hosts") / "archive"
    shutil.copytree(built_archive, folder)
    app = create_app(app_settings(folder, testing=False))
    archive = app.extensions["news_archive"]
    saved.save(archive, "Ports", SearchRequest(q="port"))
    with serve_app(app) as url:
        yield url, archive
    archive.close()


def send(url: str, method: str, path: str, host: str, origin: str | None = None):
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {"Host": host, "Content-Type": "application/x-www-form-urlencoded"}
    if origin:
        headers["Origin"] = origin
    body = "name=Evil&params=q%3Dport" if method == "POST" else None
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode()
    conn.close()
    return response.status, text


def test_dns_rebinding_requests_get_400_and_change_nothing(live):
    url, archive = live
    port = urlsplit(url).port
    evil = f"evil.example:{port}"
    record_id = next(archive.iter_records()).id
    for method, path in [
        ("POST", "/saved"),
        ("POST", "/saved/Ports/delete"),
        ("GET", f"/articles/{record_id}"),
        ("GET", f"/articles/{record_id}/original"),
        ("GET", "/api/search?q=port"),
    ]:
        status, text = send(url, method, path, evil, origin=f"http://{evil}")
        assert status == 400, (method, path)
        assert "does not answer to the host name" in text and "DNS rebinding" in text
    assert [e.name for e in saved.entries(archive)] == ["Ports"]


def test_the_loopback_names_with_the_port_are_answered(live):
    url, archive = live
    port = urlsplit(url).port
    record_id = next(archive.iter_records()).id
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        assert send(url, "GET", f"/articles/{record_id}", host)[0] == 200, host


@pytest.mark.parametrize(
    "base_url, serve_host, extra, host, allowed",
    [
        ("https://news.example/archive", "0.0.0.0", (), "news.example", True),
        ("https://news.example/archive", "0.0.0.0", (), "news.example:443", True),
        ("https://news.example/archive", "0.0.0.0", (), "news.example:8443", False),
        ("http://news.example:8080/", "0.0.0.0", (), "news.example", False),
        ("https://news.example/archive", "0.0.0.0", (), "127.0.0.1:8000", True),
        (None, "10.0.0.5", (), "10.0.0.5:8000", True),
        (None, "10.0.0.5", (), "127.0.0.1:8000", False),
        (None, "127.0.0.1", (), "localhost:8000", True),
        (None, "127.0.0.1", (), "localhost", True),  # flask run, the test client
        (None, "127.0.0.1", ("archive.lan",), "archive.lan:8000", True),
        (None, "127.0.0.1", ("archive.lan:80",), "archive.lan:8000", False),
        (None, "127.0.0.1", ("archive.lan:80",), "archive.lan:80", True),
        (None, "127.0.0.1", (), "evil.example:8000", False),
        (None, "127.0.0.1", (), "localhost.evil.example", False),
    ],
)
def test_allowed_hosts(base_url, serve_host, extra, host, allowed):
    assert host_allowed(host, allowed_hosts(base_url, serve_host, extra)) is allowed


@pytest.mark.parametrize(
    "host, loopback",
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("10.0.0.5", False),
        ("archive.lan", False),
    ],
)
def test_which_addresses_are_loopback(host, loopback):
    assert is_loopback(host) is loopback
