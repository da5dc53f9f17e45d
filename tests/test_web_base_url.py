"""Absolute URLs in the JSON API, the feeds and the exports come from the configured base URL."""

from __future__ import annotations

import json
import re

import pytest

from app import create_app
from tests.support import app_settings

#: A host name the archive answers to (--allowed-host) that is not the base URL's.
OTHER_HOST = {"Host": "proxy.internal"}


@pytest.fixture
def based(web_archive_dir):
    app = create_app(
        app_settings(
            web_archive_dir,
            base_url="https://news.example/archive/",
            allowed_hosts=("proxy.internal",),
        )
    )
    yield app.test_client()
    app.extensions["news_archive"].close()


def absolute_urls(text: str) -> set[str]:
    return set(re.findall(r"https?://[^\s\"'<>&]+", text))


def pages(client) -> list[str]:
    hit = client.get("/api/search?q=port", headers=OTHER_HOST).get_json()["hits"][0]
    return [
        client.get(path, headers=OTHER_HOST).get_data(as_text=True)
        for path in (
            "/api/search?q=port",
            f"/api/articles/{hit['id']}",
            "/search.atom?q=port",
            "/search.jsonl?q=port",
            "/search.csv?q=port",
        )
    ]


def test_links_follow_the_configured_base_url_never_the_host_header(based):
    found = set().union(*(absolute_urls(page) for page in pages(based)))
    assert not any("proxy.internal" in u for u in found)
    assert "https://news.example/archive/api/search?q=port" in found
    api = based.get("/api/search?q=port", headers=OTHER_HOST).get_json()
    assert api["hits"][0]["html_url"].startswith("https://news.example/archive/articles/")


def test_without_a_base_url_links_use_the_request_host(client):
    api = client.get("/api/search?q=port").get_json()
    assert api["hits"][0]["html_url"].startswith("http://localhost/articles/")


@pytest.mark.parametrize("value", ["news.example", "ftp://news.example", "https://x.example/?a=1"])
def test_a_base_url_that_is_no_address_is_a_one_line_error(web_archive_dir, value):
    with pytest.raises(ValueError, match="BASE_URL must be the archive's address"):
        create_app(app_settings(web_archive_dir, base_url=value))


def test_the_given_settings_are_used_as_they_are_not_the_environment(web_archive_dir, monkeypatch):
    monkeypatch.setenv("ARCHIVE_BASE_URL", "https://env.example")
    app = create_app(app_settings(web_archive_dir, base_url="https://cfg.example"))
    try:
        data = app.test_client().get("/api/search?q=port").get_json()
        assert json.dumps(data).count("https://cfg.example/") > 0
        assert "env.example" not in json.dumps(data)
    finally:
        app.extensions["news_archive"].close()
