"""`archive users`, `archive tokens` and `archive log`: thin commands over archive.accounts.

Whoever runs these on the server can open the archive folder, so they need no login;
what they change is written to the audit log as ``cli:<system user>``. ``cli.py``
registers them (``COMMANDS``) and turns the product's errors into one-line messages.
"""

from __future__ import annotations

import dataclasses
import getpass
import json
import re
import sys
from datetime import UTC, datetime, timedelta

import click

from archive import accounts, audit


def _open(ctx, must_exist: bool = True):
    return ctx.obj["open_archive"](must_exist)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _record(archive, action: str, detail: str) -> None:
    audit.record(archive, action, _actor(), detail, "local")


def read_password(prompt: str = "Password") -> str:
    """A password from a hidden prompt (asked twice), or the first line of piped stdin."""
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    if not line:
        raise click.ClickException("No password: type it at the prompt, or pipe it on stdin.")
    return line.rstrip("\r\n")


ROLE = click.Choice(accounts.ROLES)


@click.group()
def users():
    """Accounts: who may search (viewer), change (editor), and manage (admin).

    \b
    Example:
      archive users add alice --role admin      # asks for the password
      printf '%s\\n' "$PASSWORD" | archive users add bot --role viewer
      archive users list
    """


@users.command("add")
@click.argument("name")
@click.option("--role", type=ROLE, required=True, help="viewer, editor or admin.")
@click.pass_context
def users_add(ctx, name, role):
    """Add a user; the password comes from a prompt or stdin, never the command line."""
    archive = _open(ctx, must_exist=False)
    user = accounts.add_user(archive, name, role, read_password())
    _record(archive, "user added", f"{user.name} ({user.role})")
    click.echo(f"Added {user.name} ({user.role}).")


@users.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def users_list(ctx, as_json):
    """List the users and their roles."""
    rows = accounts.list_users(_open(ctx))
    if as_json:
        data = [{"name": u.name, "role": u.role, "created": u.created} for u in rows]
        click.echo(json.dumps(data))
        return
    if not rows:
        click.echo(
            "No users: the archive is open on 127.0.0.1 only. archive users add NAME --role admin"
        )
    for user in rows:
        click.echo(f"{user.name}\t{user.role}\tsince {user.created[:10]}")


@users.command("set-role")
@click.argument("name")
@click.argument("role", type=ROLE)
@click.pass_context
def users_set_role(ctx, name, role):
    """Change a user's role (it applies to their next request)."""
    archive = _open(ctx)
    user = accounts.set_role(archive, name, role)
    _record(archive, "role changed", f"{user.name} -> {user.role}")
    click.echo(f"{user.name} is now {user.role}.")


@users.command("reset-password")
@click.argument("name")
@click.pass_context
def users_reset_password(ctx, name):
    """Set a new password (prompt or stdin); the user's open sessions end."""
    archive = _open(ctx)
    accounts.get_user(archive, name)  # say "no such user" before asking
    user = accounts.reset_password(archive, name, read_password("New password"))
    _record(archive, "password reset", user.name)
    click.echo(f"New password set for {user.name}; their sessions have ended.")


@users.command("remove")
@click.argument("name")
@click.pass_context
def users_remove(ctx, name):
    """Remove a user: their sessions, tokens and feed links stop working at once."""
    archive = _open(ctx)
    user = accounts.remove_user(archive, name)
    _record(archive, "user removed", user.name)
    click.echo(f"Removed {user.name}; their saved searches now belong to an admin.")


@click.group()
def tokens():
    """API tokens for scripts: `Authorization: Bearer TOKEN` on the API, exports and feeds.

    \b
    Example:
      archive tokens create alice "nightly export"
      archive tokens list
      archive tokens revoke 3
    """


@tokens.command("create")
@click.argument("user")
@click.argument("name")
@click.pass_context
def tokens_create(ctx, user, name):
    """Create a token for USER named NAME; it is printed once (only its hash is kept)."""
    archive = _open(ctx)
    token, secret = accounts.create_token(archive, user, name)
    _record(archive, "token created", f"token {token.id} ({token.name}) of {token.user}")
    click.echo(
        f"Token {token.id} for {token.user} ({token.name}); copy it now, it is not shown again:"
    )
    click.echo(secret)


@tokens.command("list")
@click.option("--user", help="Only this user's tokens.")
@click.pass_context
def tokens_list(ctx, user):
    """List tokens (never the tokens themselves): number, user, name, created, last used."""
    rows = accounts.list_tokens(_open(ctx), user)
    if not rows:
        click.echo("No tokens.")
    for t in rows:
        used = t.last_used or "never used"
        click.echo(f"{t.id}\t{t.user}\t{t.name}\tcreated {t.created}\t{used}")


@tokens.command("revoke")
@click.argument("token_id", type=int)
@click.pass_context
def tokens_revoke(ctx, token_id):
    """Revoke a token by its number: it stops working at once."""
    archive = _open(ctx)
    token = accounts.revoke_token(archive, token_id)
    _record(archive, "token revoked", f"token {token.id} ({token.name}) of {token.user}")
    click.echo(f"Revoked token {token.id} ({token.name}) of {token.user}.")


_AGO = re.compile(r"^(\d+)([dhm])$")


def parse_since(value: str | None) -> datetime | None:
    """``7d``, ``12h``, ``30m`` ago, or a date / date-time (UTC unless it says otherwise)."""
    if not value:
        return None
    match = _AGO.match(value.strip())
    if match:
        unit = {"d": "days", "h": "hours", "m": "minutes"}[match[2]]
        return datetime.now(UTC) - timedelta(**{unit: int(match[1])})
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is no time: use e.g. 7d, 12h, 2026-12-01 or 2026-12-01T08:00",
            param_hint="--since",
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


@click.command("log")
@click.option("--since", help="7d, 12h, 30m, or a date such as 2026-12-01 (default: all).")
@click.option("--user", help="Only what this user did (or tried).")
@click.option("-n", "limit", type=click.IntRange(1, 1_000_000), default=1000, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def log(ctx, since, user, limit, as_json):
    """The audit log, newest first: logins, tokens, users, saved searches.

    \b
    Example:
      archive log --since 7d
      archive log --user alice --json
    """
    rows = audit.entries(_open(ctx), since=parse_since(since), user=user, limit=limit)
    for e in rows:
        if as_json:
            click.echo(json.dumps(dataclasses.asdict(e)))
        else:
            click.echo(f"{e.at}  {e.user or '-'}  {e.action}  {e.detail}  {e.address}".rstrip())
    if not rows and not as_json:
        click.echo("Nothing in the audit log for that.")


COMMANDS = (users, tokens, log)
