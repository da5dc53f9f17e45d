"""`archive serve`: the web search on a production WSGI server."""

from __future__ import annotations

import click

from cli.common import errors_as_messages, open_from


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--base-url",
    envvar="ARCHIVE_BASE_URL",
    help="The archive's public address: absolute links in the API and feeds start with it "
    "(default: $ARCHIVE_BASE_URL, else each request's host).",
)
@click.pass_context
@errors_as_messages
def serve(ctx, host, port, threads, base_url):
    """Serve the web search on a production WSGI server (waitress).

    \b
    Example:
      archive serve --port 8000
      archive serve --host 10.0.0.5 --base-url https://news.example.org/archive
    """
    import waitress

    from app import create_app

    archive = open_from(ctx, must_exist=False)
    try:
        app = create_app(
            {
                "ARCHIVE_DIR": str(archive.path),
                "ENGINE": ctx.obj["engine"],
                "OPENSEARCH_URL": ctx.obj["opensearch_url"],
                "OPENSEARCH_INDEX": ctx.obj["opensearch_index"],
                "BASE_URL": base_url,
            }
        )
    except ValueError as error:  # a base URL that is no address
        raise click.ClickException(str(error)) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"Warning: listening on {host}: anyone who can reach this machine can read the "
            "whole archive (it has no authentication). Use 127.0.0.1 or a proxy with a login.",
            err=True,
        )
    click.echo(f"Serving {archive.path} on http://{host}:{port}/  (Ctrl-C to stop)")
    waitress.serve(app, host=host, port=port, threads=threads, ident="news-archive")
