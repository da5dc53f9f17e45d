"""`archive log`: the audit log, newest first (archive.audit)."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, datetime, timedelta

import click

from archive import audit
from cli.common import errors_as_messages, open_from

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
@errors_as_messages
def log(ctx, since, user, limit, as_json):
    """The audit log, newest first: logins, tokens, users, saved searches.

    \b
    Example:
      archive log --since 7d
      archive log --user alice --json
    """
    rows = audit.entries(open_from(ctx), since=parse_since(since), user=user, limit=limit)
    for e in rows:
        if as_json:
            click.echo(json.dumps(dataclasses.asdict(e)))
        else:
            click.echo(f"{e.at}  {e.user or '-'}  {e.action}  {e.detail}  {e.address}".rstrip())
    if not rows and not as_json:
        click.echo("Nothing in the audit log for that.")
