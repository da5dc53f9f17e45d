"""`archive serve`: the web search on a production WSGI server."""

from __future__ import annotations

import click

from cli.common import errors_as_messages


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
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME[:PORT]",
    help="Another host name the archive answers to (repeatable; default: $ARCHIVE_ALLOWED_HOSTS);"
    " others get a 400.",
)
@click.option(
    "--public-read",
    is_flag=True,
    default=None,
    help="Anyone who reaches the server may search and read (changes need an account).",
)
@click.option(
    "--watch",
    "watch_folders",
    multiple=True,
    metavar="DIR",
    type=click.Path(exists=True, file_okay=False),
    help="Also index what appears in DIR, as `archive watch DIR` does (repeatable).",
)
@click.pass_context
@errors_as_messages
def serve(ctx, host, port, threads, base_url, allowed_hosts, public_read, watch_folders):
    """Serve the web search on a production WSGI server (waitress).

    With no accounts, it serves only on a loopback address (127.0.0.1, ::1), open to
    the local user; elsewhere it needs an account first (or --public-read).

    \b
    Example:
      archive serve --port 8000
      archive serve --host 0.0.0.0 --base-url https://news.example.org/archive
      archive serve --watch ~/Downloads/articles
    """
    settings = ctx.find_root().obj.with_values(
        host=host,
        port=port,
        threads=threads,
        base_url=base_url,
        allowed_hosts=allowed_hosts or None,
        public_read=public_read,
    )
    serve_archive(settings, watch_folders)


def check_can_serve(settings) -> None:
    """Refuse a non-loopback address while the archive has no account (unless public read)."""
    from archive import open_archive
    from archive.accounts import count_users
    from web.hosts import is_loopback

    if is_loopback(settings.host) or settings.public_read:
        return
    archive = open_archive(settings.archive_dir)
    try:
        if count_users(archive):
            return
    finally:
        archive.close()
    raise click.ClickException(
        f"Refusing to serve on {settings.host}: this archive has no accounts, so anyone who "
        "reaches the server could read and change it. Create the first admin with "
        f"`archive --archive {settings.archive_dir} users add NAME --role admin`, or serve on "
        "127.0.0.1, or start with --public-read to let anyone search and read."
    )


def serve_archive(settings, watch_folders: tuple[str, ...] = ()) -> None:
    """Build the app from ``settings`` and serve it (waitress, guarded) until Ctrl-C;
    with ``watch_folders``, the watch folder's process beside it."""
    from app import create_app
    from cli.watching import start_watching
    from web.server import ServerLimits, make_server

    check_can_serve(settings)
    app = create_app(settings)
    archive = app.extensions["news_archive"]
    if archive.exists() and not archive.read_only():  # uploads saved, not indexed, at a stop
        app.extensions["uploader"].index_later(archive)
    limits = ServerLimits(
        threads=settings.threads,
        connection_limit=settings.connection_limit,
        channel_timeout=settings.channel_timeout,
        header_seconds=settings.header_seconds,
        max_body_bytes=settings.max_request_bytes,
    )
    try:
        server = make_server(app, settings.host, settings.port, limits)
    except OSError as error:  # e.g. the port is taken
        raise click.ClickException(
            f"Cannot listen on {settings.host}:{settings.port}: {error.strerror}."
        ) from None
    watcher = start_watching(settings, watch_folders) if watch_folders else None
    if settings.public_read:
        click.echo("Public read: anyone who reaches the server may search and read.", err=True)
    click.echo(
        f"Serving {settings.archive_dir} on http://{settings.host}:{settings.port}/  "
        "(Ctrl-C to stop)"
    )
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        if watcher is not None:
            watcher.terminate()
            watcher.join(10)
        app.extensions["uploader"].close()
