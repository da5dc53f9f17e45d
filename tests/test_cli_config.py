"""`archive config`: the effective settings and where each came from."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cli import main


def _run(tmp_path, monkeypatch, *args, **env):
    monkeypatch.setenv("ARCHIVE_INSTANCE_DIR", str(tmp_path / "instance"))
    for name in ("ARCHIVE_DIR", "ARCHIVE_ENGINE", "ARCHIVE_EXPORT_LIMIT", "ARCHIVE_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return CliRunner().invoke(main, ["--archive", str(tmp_path / "arc"), *args])


def test_config_names_each_value_and_its_source(tmp_path, monkeypatch):
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "config.py").write_text('BASE_URL = "https://news.example"\n')
    result = _run(tmp_path, monkeypatch, "config", ARCHIVE_EXPORT_LIMIT="500")
    assert result.exit_code == 0, result.output
    lines = {line.split(":", 1)[0].strip(): line for line in result.output.splitlines()}
    assert lines["export_limit"].endswith("export_limit: 500  (environment; ARCHIVE_EXPORT_LIMIT)")
    assert "https://news.example  (instance/config.py; ARCHIVE_BASE_URL)" in lines["base_url"]
    assert "(command line; ARCHIVE_DIR)" in lines["archive_dir"]
    assert "10000" not in result.output and "(default; ARCHIVE_ENGINE)" in lines["engine"]


def test_config_json(tmp_path, monkeypatch):
    result = _run(tmp_path, monkeypatch, "--engine", "opensearch", "config", "--json")
    data = json.loads(result.output)
    assert data["engine"] == {
        "value": "opensearch",
        "source": "command line",
        "env": "ARCHIVE_ENGINE",
    }
    assert data["allowed_hosts"]["value"] == [] and data["public_read"]["value"] is False


def test_a_bad_setting_is_one_line_for_every_command(tmp_path, monkeypatch):
    result = _run(tmp_path, monkeypatch, "config", ARCHIVE_EXPORT_LIMIT="-3")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == (
        "Error: ARCHIVE_EXPORT_LIMIT (from environment): must be a whole number of at least 1, "
        "not '-3'"
    )


def test_the_search_deadline_setting_reaches_the_cli_search(tmp_path, monkeypatch):
    from tests.support import html_page, write

    write(
        tmp_path / "saved" / "a.html", html_page("Dockworkers strike", "Dockworkers stopped work.")
    )
    assert _run(tmp_path, monkeypatch, "index", "-q", str(tmp_path / "saved")).exit_code == 0
    assert "Did you mean" in _run(tmp_path, monkeypatch, "search", "dockwrokers").output
    late = _run(tmp_path, monkeypatch, "search", "dockwrokers", ARCHIVE_SEARCH_SECONDS="1e-9")
    assert late.exit_code == 0 and "Did you mean" not in late.output
