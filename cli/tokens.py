"""`archive tokens`: API tokens for scripts (create, list, revoke), thin over archive.accounts."""

from __future__ import annotations

import click

from archive import accounts
from cli.common import errors_as_messages, open_from
from cli.users import record_audit


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
@errors_as_messages
def tokens_create(ctx, user, name):
    """Create a token for USER named NAME; it is printed once (only its hash is kept)."""
    archive = open_from(ctx)
    token, secret = accounts.create_token(archive, user, name)
    record_audit(archive, "token created", f"token {token.id} ({token.name}) of {token.user}")
    click.echo(
        f"Token {token.id} for {token.user} ({token.name}); copy it now, it is not shown again:"
    )
    click.echo(secret)


@tokens.command("list")
@click.option("--user", help="Only this user's tokens.")
@click.pass_context
@errors_as_messages
def tokens_list(ctx, user):
    """List tokens (never the tokens themselves): number, user, name, created, last used."""
    rows = accounts.list_tokens(open_from(ctx), user)
    if not rows:
        click.echo("No tokens.")
    for t in rows:
        used = t.last_used or "never used"
        click.echo(f"{t.id}\t{t.user}\t{t.name}\tcreated {t.created}\t{used}")


@tokens.command("revoke")
@click.argument("token_id", type=int)
@click.pass_context
@errors_as_messages
def tokens_revoke(ctx, token_id):
    """Revoke a token by its number: it stops working at once."""
    archive = open_from(ctx)
    token = accounts.revoke_token(archive, token_id)
    record_audit(archive, "token revoked", f"token {token.id} ({token.name}) of {token.user}")
    click.echo(f"Revoked token {token.id} ({token.name}) of {token.user}.")
