"""The application factory and its configuration."""

from __future__ import annotations

from pathlib import Path

from app import create_app


def test_config_from_test_dict(tmp_path):
    app = create_app({"ARCHIVE_DIR": str(tmp_path / "a"), "EXPORT_LIMIT": 5})
    assert app.config["ARCHIVE_DIR"] == str((tmp_path / "a").resolve())
    assert app.config["EXPORT_LIMIT"] == 5
    assert app.extensions["news_archive"].path == (tmp_path / "a").resolve()
    app.extensions["news_archive"].close()


def test_config_from_prefixed_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_ARCHIVE_DIR", str(tmp_path / "env"))
    monkeypatch.setenv("FLASK_EXPORT_LIMIT", "7")
    app = create_app()
    assert app.config["ARCHIVE_DIR"] == str((tmp_path / "env").resolve())
    assert app.config["EXPORT_LIMIT"] == 7
    app.extensions["news_archive"].close()


def test_archive_dir_environment_like_the_cli(tmp_path, monkeypatch):
    monkeypatch.delenv("FLASK_ARCHIVE_DIR", raising=False)
    monkeypatch.setenv("ARCHIVE_DIR", str(tmp_path / "cli"))
    app = create_app()
    assert Path(app.config["ARCHIVE_DIR"]) == (tmp_path / "cli").resolve()
    app.extensions["news_archive"].close()


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
    app = create_app({"TESTING": True, "ARCHIVE_DIR": str(web_archive_dir)})
    client = app.test_client()
    response = client.get("/search?q=port")
    assert response.status_code == 503
    assert "archive reindex" in response.get_data(as_text=True)
    assert client.get("/api/search").get_json()["error"]["status"] == 503
    app.extensions["news_archive"].close()


def test_head_and_options_requests(client):
    assert client.head("/search?q=port").status_code == 200
    assert client.options("/search").status_code == 200
