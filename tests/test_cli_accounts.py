"""cli_accounts: `archive users`, `archive tokens`, `archive log`, and `serve` without accounts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import cli
from archive import accounts
from archive.store import open_archive

PASSWORD = "correct horse battery"


def run(folder, *args, stdin: str | None = None):
    return CliRunner().invoke(cli.main, ["--archive", str(folder), *args], input=stdin)


def test_users_from_the_command_line_with_the_password_on_stdin(tmp_path):
    folder = tmp_path / "arc"
    assert (
        run(folder, "users", "add", "alice", "--role", "admin", stdin=PASSWORD + "\n").exit_code
        == 0
    )
    assert (
        run(folder, "users", "add", "bob", "--role", "viewer", stdin=PASSWORD + "\n").exit_code == 0
    )
    no_password = run(folder, "users", "add", "carol", "--role", "viewer", stdin="")
    assert no_password.exit_code == 1 and "No password" in no_password.output
    listed = json.loads(run(folder, "users", "list", "--json").output)
    assert [(u["name"], u["role"]) for u in listed] == [("alice", "admin"), ("bob", "viewer")]
    assert run(folder, "users", "set-role", "bob", "editor").output == "bob is now editor.\n"
    reset = run(folder, "users", "reset-password", "bob", stdin="a new password\n")
    assert reset.exit_code == 0
    archive = open_archive(folder)
    assert accounts.authenticate(archive, "bob", "a new password").role == "editor"
    archive.close()
    removed = run(folder, "users", "remove", "alice")
    assert removed.exit_code == 1 and "only admin" in removed.output
    assert "Traceback" not in removed.output
    assert run(folder, "users", "remove", "bob").exit_code == 0
    missing = run(folder, "users", "remove", "bob")
    assert missing.exit_code == 1 and "no user named 'bob'" in missing.output


def test_the_password_is_never_an_argument(tmp_path):
    result = run(tmp_path / "arc", "users", "add", "alice", "--role", "admin", "--password", "x")
    assert result.exit_code == 2 and "No such option" in result.output


def test_tokens_and_the_log_from_the_command_line(tmp_path):
    folder = tmp_path / "arc"
    run(folder, "users", "add", "alice", "--role", "admin", stdin=PASSWORD + "\n")
    created = run(folder, "tokens", "create", "alice", "nightly export")
    secret = created.output.strip().splitlines()[-1]
    assert created.exit_code == 0 and secret.startswith("na_")
    listed = run(folder, "tokens", "list").output
    assert "nightly export" in listed and secret not in listed and "never used" in listed
    assert run(folder, "tokens", "revoke", "1").exit_code == 0
    assert run(folder, "tokens", "revoke", "1").exit_code == 1
    log = run(folder, "log", "--since", "1d").output.splitlines()
    assert [line.split("  ")[2] for line in log] == ["token revoked", "token created", "user added"]
    assert all("cli:" in line for line in log)
    assert run(folder, "log", "--user", "nobody").output.startswith("Nothing in the audit log")
    bad = run(folder, "log", "--since", "yesterday")
    assert bad.exit_code == 2 and "7d" in bad.output


def test_serve_on_a_non_loopback_address_without_accounts_does_not_start(tmp_path):
    """A real `archive serve --host 0.0.0.0` process: it exits before binding anything."""
    env = {**os.environ, "ARCHIVE_DIR": str(tmp_path / "arc")}
    result = subprocess.run(
        [sys.executable, "-m", "cli", "serve", "--host", "0.0.0.0", "--port", "8765"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=Path(cli.__file__).resolve().parent.parent,
    )
    assert result.returncode == 1
    assert "Refusing to serve on 0.0.0.0" in result.stderr
    assert "users add NAME --role admin" in result.stderr and "--public-read" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_on_all_addresses_starts_once_an_account_exists(tmp_path, monkeypatch):
    served = []
    from tests.support import serve_nothing

    serve_nothing(monkeypatch, served)
    folder = tmp_path / "arc"
    run(folder, "users", "add", "alice", "--role", "admin", stdin=PASSWORD + "\n")
    result = run(folder, "serve", "--host", "0.0.0.0", "--allowed-host", "archive.lan")
    assert result.exit_code == 0, result.output
    app, options = served[0]
    assert options["host"] == "0.0.0.0"
    assert app.extensions["settings"].allowed_hosts == ("archive.lan",)
    client = app.test_client()
    assert client.get("/search", headers={"Host": "archive.lan:8000"}).status_code == 302
    assert client.get("/search", headers={"Host": "evil.example:8000"}).status_code == 400
    app.extensions["news_archive"].close()
