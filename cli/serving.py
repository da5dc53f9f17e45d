"""`archive serve`: the web search on a production WSGI server."""

from __future__ import annotations

import click

from cli.common import errors_as_messages

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@click.command()
@click.option("--host", help="The address to listen on (default: $ARCHIVE_HOST, else 127.0.0.1).")
@click.option(
    "--port", type=click.IntRange(1, 65535), help="The port (default: $ARCHIVE_PORT, else 8000)."
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    help="Worker threads (default: $ARCHIVE_THREADS, else 4).",
)
@click.option(
    "--base-url",
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
    settings = ctx.find_root().obj.with_values(
        host=host, port=port, threads=threads, base_url=base_url
    )
    serve_archive(settings)


def serve_archive(settings) -> None:
    """Build the app from ``settings`` and serve it with waitress until Ctrl-C."""
    import waitress

    from app import create_app

    app = create_app(settings)
    if settings.host not in LOCAL_HOSTS:
        click.echo(
            f"Warning: listening on {settings.host}: anyone who can reach this machine can read "
            "the whole archive (it has no authentication). Use 127.0.0.1 or a proxy with a login.",
            err=True,
        )
    click.echo(
        f"Serving {settings.archive_dir} on http://{settings.host}:{settings.port}/  "
        "(Ctrl-C to stop)"
    )
    waitress.serve(
        app,
        host=settings.host,
        port=settings.port,
        threads=settings.threads,
        channel_timeout=settings.channel_timeout,
        connection_limit=settings.connection_limit,
        ident="news-archive",
    )
