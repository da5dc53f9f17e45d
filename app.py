"""The web application: search pages, article pages, saved searches, JSON API.

Development server::

    ARCHIVE_DIR=./my-archive flask --app app run --debug

Production: ``archive serve`` (waitress). Configuration comes from the defaults
below, then an optional ``instance/config.py``, then ``FLASK_*`` environment
variables (``FLASK_ARCHIVE_DIR``, ``FLASK_EXPORT_LIMIT``, ...), and tests pass a dict.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from flask import Flask

from archive.store import resolve_archive_dir

DEFAULTS = {
    "EXPORT_LIMIT": 10_000,  # rows in one CSV / JSONL download
    "FEED_ENTRIES": 50,  # entries in a saved search's Atom feed
    "FACET_VALUES_SHOWN": 8,  # facet values shown before "more"
    "SEND_FILE_MAX_AGE_DEFAULT": 3600,
    "JSON_SORT_KEYS": False,
    # The search engine: None means $ARCHIVE_ENGINE, else the embedded Whoosh index.
    "ENGINE": None,
    "OPENSEARCH_URL": None,  # with ENGINE "opensearch" (else $ARCHIVE_OPENSEARCH_URL)
    "OPENSEARCH_INDEX": None,
    # The archive's public address (e.g. "https://news.example.org/archive"): absolute
    # links in the JSON API, the feeds and the exports start with it. None: $ARCHIVE_BASE_URL,
    # else the Host of each request (fine on 127.0.0.1; behind a proxy, set it).
    "BASE_URL": None,
    # Who may reach the archive (web/hosts.py, web/access.py). SERVE_HOST: the address
    # served on (`archive serve` sets it); no accounts + a loopback address = open.
    "SERVE_HOST": "127.0.0.1",
    "ALLOWED_HOSTS": [],  # more host names to answer to ("name" or "name:port")
    "PUBLIC_READ": False,  # anyone may search and read; changes need an account
    "SESSION_IDLE_MINUTES": 480,
    "LOGIN_FAILURES_PER_ACCOUNT": 5,  # failed logins per name, then wait
    "LOGIN_FAILURES_PER_ADDRESS": 20,  # failed logins per client address, then wait
    "LOGIN_THROTTLE_MINUTES": 15,
}


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application; ``test_config`` replaces the instance and environment config."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(DEFAULTS)
    app.config["ARCHIVE_DIR"] = os.environ.get("ARCHIVE_DIR")
    app.config["BASE_URL"] = os.environ.get("ARCHIVE_BASE_URL") or None
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)
    app.config["ARCHIVE_DIR"] = str(resolve_archive_dir(app.config.get("ARCHIVE_DIR")))
    app.config["BASE_URL"] = check_base_url(app.config.get("BASE_URL"))
    app.json.sort_keys = False

    from web import init_app

    init_app(app)
    return app


def check_base_url(value: str | None) -> str | None:
    """The configured base URL without a trailing slash; a one-line error if it is no URL."""
    if not value:
        return None
    parts = urlsplit(str(value).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(
            f"BASE_URL must be the archive's address, such as https://news.example.org/archive, "
            f"not {value!r}."
        )
    return str(value).strip().rstrip("/")
