"""`archive users`: accounts and their roles, thin over archive.accounts.

Whoever runs these on the server can open the archive folder, so they need no login;
what they change is written to the audit log as ``cli:<system user>``.
"""

from __future__ import annotations

import getpass
import json
import sys

import click

from archive import accounts, audit
from cli.common import errors_as_messages, open_from


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def record_audit(archive, action: str, detail: str) -> None:
    """An audit-log entry for a change made at the command line."""
    audit.record(archive, action, actor(), detail, "local")


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
@errors_as_messages
def users_add(ctx, name, role):
    """Add a user; the password comes from a prompt or stdin, never the command line."""
    archive = open_from(ctx, must_exist=False)
    user = accounts.add_user(archive, name, role, read_password())
    record_audit(archive, "user added", f"{user.name} ({user.role})")
    click.echo(f"Added {user.name} ({user.role}).")


@users.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@errors_as_messages
def users_list(ctx, as_json):
    """List the users and their roles."""
    rows = accounts.list_users(open_from(ctx))
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
@errors_as_messages
def users_set_role(ctx, name, role):
    """Change a user's role (it applies to their next request)."""
    archive = open_from(ctx)
    user = accounts.set_role(archive, name, role)
    record_audit(archive, "role changed", f"{user.name} -> {user.role}")
    click.echo(f"{user.name} is now {user.role}.")


@users.command("reset-password")
@click.argument("name")
@click.pass_context
@errors_as_messages
def users_reset_password(ctx, name):
    """Set a new password (prompt or stdin); the user's open sessions end."""
    archive = open_from(ctx)
    accounts.get_user(archive, name)  # say "no such user" before asking
    user = accounts.reset_password(archive, name, read_password("New password"))
    record_audit(archive, "password reset", user.name)
    click.echo(f"New password set for {user.name}; their sessions have ended.")


@users.command("remove")
@click.argument("name")
@click.pass_context
@errors_as_messages
def users_remove(ctx, name):
    """Remove a user: their sessions, tokens and feed links stop working at once."""
    archive = open_from(ctx)
    user = accounts.remove_user(archive, name)
    record_audit(archive, "user removed", user.name)
    click.echo(f"Removed {user.name}; their saved searches now belong to an admin.")
