"""The application factory and its configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app import create_app
from tests.support import app_settings


def test_the_app_takes_a_settings_object(tmp_path):
    app = create_app(app_settings(tmp_path / "a", export_limit=5))
    assert app.extensions["settings"].export_limit == 5
    assert app.config["MAX_CONTENT_LENGTH"] == 200_000_000
    assert app.extensions["news_archive"].path == (tmp_path / "a").resolve()
    app.extensions["news_archive"].close()


def test_without_settings_the_app_reads_instance_config_and_environment(tmp_path, monkeypatch):
    """``flask --app app run`` calls create_app() with no argument."""
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "config.py").write_text(
        'EXPORT_LIMIT = 9\nFEED_ENTRIES = 3\nSECRET_KEY = "s3cret"\n'
    )
    monkeypatch.setenv("ARCHIVE_INSTANCE_DIR", str(tmp_path / "instance"))
    monkeypatch.setenv("ARCHIVE_DIR", str(tmp_path / "env"))
    monkeypatch.setenv("ARCHIVE_EXPORT_LIMIT", "7")
    app = create_app()
    settings = app.extensions["settings"]
    assert settings.archive_dir == (tmp_path / "env").resolve()
    assert (settings.export_limit, settings.source("export_limit")) == (7, "environment")
    assert (settings.feed_entries, settings.source("feed_entries")) == (3, "instance/config.py")
    assert app.config["SECRET_KEY"] == "s3cret"  # other Flask names pass through
    app.extensions["news_archive"].close()


def test_flask_cli_finds_the_factory(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    env.update(ARCHIVE_DIR=str(tmp_path / "a"), ARCHIVE_INSTANCE_DIR=str(tmp_path / "none"))
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "routes"],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "/api/search" in result.stdout


def test_pages_are_accessible_basics(client):
    html = client.get("/search?q=port").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert '<label for="q"' in html and 'id="q"' in html
    assert 'role="search"' in html
    # No resource from another host.
    assert "http://" not in html.split("<body>", 1)[0].replace("http://localhost", "")
    assert "https://" not in html.split("<body>", 1)[0]


def test_static_files_are_small_and_local(client):
    with client.get("/static/style.css") as css:
        assert css.status_code == 200 and len(css.data) < 20_000
        assert b"@import" not in css.data and b"url(http" not in css.data
    with client.get("/static/app.js") as js:
        assert js.status_code == 200 and b"fetch(" not in js.data


def test_wrong_method_is_405_page(client):
    response = client.post("/search")
    assert response.status_code == 405
    assert "Method Not Allowed" in response.get_data(as_text=True)


def test_out_of_date_index_is_a_503_that_says_what_to_run(web_archive_dir):
    (web_archive_dir / "index" / "schema_version").write_text("999")
    app = create_app(app_settings(web_archive_dir))
    client = app.test_client()
    response = client.get("/search?q=port")
    assert response.status_code == 503
    assert "archive reindex" in response.get_data(as_text=True)
    assert client.get("/api/search").get_json()["error"]["status"] == 503
    app.extensions["news_archive"].close()


def test_head_and_options_requests(client):
    assert client.head("/search?q=port").status_code == 200
    assert client.options("/search").status_code == 200
