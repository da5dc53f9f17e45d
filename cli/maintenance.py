"""Commands that look after the archive: stats and check."""

from __future__ import annotations

import json

import click

from cli.common import errors_as_messages, open_from


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@errors_as_messages
def stats(ctx, as_json):
    """Summarise the archive: records, sources, languages, dates.

    \b
    Example:
      archive stats --json
    """
    from archive import archive_stats

    data = archive_stats(open_from(ctx))
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    for key, value in data.items():
        if key == "engine":
            value = _engine_line(value)
        elif key == "index":
            agree = value == "current"
            value = f"{value} ({'agrees with the records' if agree else 'see `archive check`'})"
        elif isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        click.echo(f"{key.replace('_', ' '):>15}: {value}")


def _engine_line(health: dict) -> str:
    """``opensearch, index ok: articles on http://... (cluster c, status green, 3 nodes)``."""
    rest = {k: v for k, v in health.items() if k not in ("engine", "status")}
    line = f"{health.get('engine')}, index {health.get('status')}"
    if "index" in rest and "url" in rest:
        line += f": {rest.pop('index')} on {rest.pop('url')}"
    if rest.get("cluster"):
        line += (
            f" (cluster {rest.pop('cluster')}, status {rest.pop('cluster_status', '?')},"
            f" {rest.pop('nodes', '?')} nodes)"
        )
    extra = ", ".join(f"{k} {v}" for k, v in rest.items())
    return f"{line}, {extra}" if extra else line


@click.command()
@click.option("--repair", is_flag=True, help="Index what is missing from the search index.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@errors_as_messages
def check(ctx, repair, as_json):
    """Verify the archive: every original's SHA-256, records, and the search index.

    Prints a one-line verdict and one line per problem; exit code 1 on a problem.

    \b
    Example:
      archive check --repair
    """
    from archive import check_archive

    report = check_archive(open_from(ctx), repair=repair)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        click.echo(report.verdict())
        for problem in report.problems:
            click.echo(f"  {problem}")
        for fixed in report.repaired:
            click.echo(f"  repaired: {fixed}")
    ctx.exit(0 if report.ok else 1)
