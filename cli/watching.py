"""`archive watch`: index the files that appear or change in folders, as they settle."""

from __future__ import annotations

import logging

import click

from cli.common import errors_as_messages, open_from
from cli.indexing import run_limits


@click.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--tag", "tags", multiple=True, help="A tag of yours for every article (repeatable).")
@click.option(
    "--poll", is_flag=True, help="Look at the folders every 0.5 s instead of file events."
)
@click.pass_context
@errors_as_messages
def watch(ctx, folders, tags, poll):
    """Index files that appear or change in FOLDERS, once completely written.

    A file is read when its size has stayed the same for 1.5 s; what arrived while
    nothing watched is indexed at start; unchanged files are never read twice.
    Every file's outcome is logged on stderr. Ctrl-C stops.

    \b
    Example:
      archive watch ~/Downloads/articles --tag inbox
    """
    from indexer.watch import Watcher

    _log_to_stderr()
    archive = open_from(ctx, must_exist=False)
    options = {"limits": run_limits(ctx), "user_tags": tuple(tags)}
    watcher = Watcher(archive, folders, polling=poll, run_options=options)
    click.echo(f"Watching {', '.join(map(str, watcher.folders))} (Ctrl-C to stop)", err=True)
    try:
        watcher.run()
    except KeyboardInterrupt:
        click.echo("Stopped watching.", err=True)


def _log_to_stderr() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    logger = logging.getLogger("archive.watch")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def start_watching(settings, folders: tuple[str, ...]):
    """`archive serve --watch`: the watcher in a process of its own (it dies with the server;
    not a daemon process, which could not start extraction workers)."""
    import multiprocessing
    import os

    values = {name: value["value"] for name, value in settings.to_dict().items()}
    process = multiprocessing.Process(
        target=_watch_in_process, args=(values, tuple(folders), os.getpid()), name="archive-watch"
    )
    process.start()
    return process


def _watch_in_process(values: dict, folders: tuple[str, ...], server_pid: int) -> None:
    from archive import make_backend, open_archive
    from archive.settings import Settings
    from indexer.limits import RunLimits
    from indexer.watch import Watcher
    from indexer.workers import die_with_parent

    die_with_parent(server_pid)  # Ctrl-C is the server's; kill -9 of it ends this too
    _log_to_stderr()
    settings = Settings(**values)
    archive = open_archive(settings.archive_dir, make_backend(settings))
    options = {"limits": RunLimits.from_settings(settings)}
    try:
        Watcher(archive, folders, run_options=options).run()
    except KeyboardInterrupt:
        pass
