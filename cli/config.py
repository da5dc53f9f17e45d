"""`archive config`: the effective settings and where each came from."""

from __future__ import annotations

import json

import click


@click.command()
@click.option("--json", "as_json", is_flag=True, help="JSON output: name -> value, source, env.")
@click.pass_context
def config(ctx, as_json):
    """Print the effective settings and where each came from.

    Sources, weakest first: default, instance/config.py, config.toml (in the
    archive folder), environment (ARCHIVE_* names), command line.

    \b
    Example:
      archive --engine opensearch config
      ARCHIVE_EXPORT_LIMIT=500 archive config --json
    """
    data = ctx.find_root().obj.to_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    width = max(map(len, data))
    for name, item in data.items():
        value = item["value"]
        if isinstance(value, list):
            value = ", ".join(value) or "-"
        shown = "-" if value is None else value
        click.echo(f"{name:>{width}}: {shown}  ({item['source']}; {item['env']})")
