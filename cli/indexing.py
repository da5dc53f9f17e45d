"""Commands that write the archive: index, reindex, reextract."""

from __future__ import annotations

import functools
import json
import os
import sys

import click

from archive import index_sync
from archive.formats import describe as describe_formats
from cli.common import errors_as_messages, open_from, plural, show_path


def run_limits(ctx):
    """The run's limits (``RunLimits``) from the settings: sizes, time per file, batch."""
    from indexer.limits import RunLimits

    return RunLimits.from_settings(ctx.find_root().obj)


@click.command(
    help=f"""Index saved articles ({describe_formats()}) from files or folders.

    Re-running is incremental: unchanged files are skipped. The exit code is 1
    when a file was rejected (the summary says why), else 0.

    \b
    Example:
      archive index ~/saved-articles crawl.warc.gz --tag climate
    """
)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--tag", "tags", multiple=True, help="A tag of yours for every article (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary as the last line.")
@click.option("--workers", type=click.IntRange(1, 64), help="Extraction processes (default: CPUs).")
@click.option("--wait", is_flag=True, help="Wait for another indexing run instead of failing.")
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
@click.option(
    "--exclude",
    "excludes",
    multiple=True,
    metavar="GLOB",
    help="Leave out files or folders matching GLOB, e.g. '*.tmp' or drafts (repeatable);"
    " a folder's .archiveignore lists more, one glob a line.",
)
@click.pass_context
@errors_as_messages
def index(ctx, paths, tags, as_json, workers, wait, quiet, excludes):
    from indexer.progress import Progress
    from indexer.run import run_index

    missing = [p for p in paths if not os.path.lexists(p)]
    if len(missing) == len(paths):  # nothing to read: no archive is created for it
        raise click.ClickException(
            "Nothing to index: "
            + "; ".join(f"{show_path(p)}: no such file or folder" for p in missing[:5])
        )
    archive = open_from(ctx, must_exist=False)
    if not archive.exists():
        click.echo(f"Created a new archive at {archive.path}", err=True)
    progress = Progress("files read", enabled=not quiet)
    summary = run_index(
        archive,
        list(paths),
        user_tags=tags,
        workers=workers,
        progress=progress,
        wait_for_lock=wait,
        exclude=excludes,
        limits=run_limits(ctx),
    )
    data = summary.to_dict()
    if summary.interrupted:  # first: Ctrl-C also ends a pipe's reader (`archive index | less`)
        click.echo(
            "Interrupted: what was done is saved; run the same command again to finish.", err=True
        )
    try:
        _print_summary(data)
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False))
    except BrokenPipeError:  # the reader is gone: no "Exception ignored" noise at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    ctx.exit(summary.exit_code)


def _print_summary(data: dict) -> None:
    out = functools.partial(click.echo, err=False)
    read = data["read"]  # files whose extraction finished (not those an interruption left)
    out(
        f"{plural(data['files'], 'file')} found, {read} read, in {data['seconds']:.1f} s: "
        f"{data['indexed']} indexed, {data['updated']} updated, "
        f"{plural(data['duplicates'], 'duplicate')}, "
        f"{data['unchanged']} unchanged, {data['skipped']} skipped, {data['rejected']} rejected."
    )
    for item in data["duplicate_files"][:20]:
        out(f"  duplicate  {show_path(item['path'])}: same as {show_path(item['duplicate_of'])}")
    for item in data["skipped_files"][:20]:
        out(f"  skipped    {show_path(item['path'])}: {item['reason']}")
    for item in data["rejected_files"]:
        member = f" [{item['member']}]" if item.get("member") else ""
        out(f"  rejected   {show_path(item['path'])}{member}: {show_path(item['reason'])}")
    for item in data["warnings"][:20]:
        member = f" [{item['member']}]" if item.get("member") else ""
        out(f"  warning    {show_path(item['path'])}{member}: {show_path(item['reason'])}")
    if len(data["warnings"]) > 20:
        out(f"  ... and {plural(len(data['warnings']) - 20, 'more warning')} (see --json)")
    hidden = len(data["skipped_files"]) - 20
    if hidden > 0:
        out(f"  ... and {plural(hidden, 'more skipped file')} (see --json)")


@click.command()
@click.option(
    "--resume",
    is_flag=True,
    help="Finish an interrupted reindex: index only the records still pending.",
)
@click.pass_context
@errors_as_messages
def reindex(ctx, resume):
    """Rebuild the search index from the stored records.

    An interrupted reindex leaves its records pending: `--resume`, the next
    `archive index` or `archive check --repair` index them.

    \b
    Example:
      archive reindex
      archive --engine opensearch --opensearch-url http://127.0.0.1:9200 reindex --resume
    """
    from indexer.progress import Progress

    archive = open_from(ctx)
    archive.lock()
    try:
        progress = Progress("records")
        total = archive.count()
        if resume and archive.index.exists() and archive.index.is_current():
            pending = index_sync.pending_count(archive)
            done = index_sync.index_pending(archive, progress=lambda n: progress(n, pending))
        else:
            done = index_sync.reindex(archive, progress=lambda n: progress(n, total))
    finally:
        archive.unlock()
    click.echo(f"Indexed {done} record{'s' if done != 1 else ''} ({archive.index.name}).")


@click.command("reextract")
@click.pass_context
@errors_as_messages
def reextract_command(ctx):
    """Re-parse every stored original with the current extractor and update records.

    \b
    Example:
      archive reextract
    """
    from indexer.progress import Progress
    from indexer.reextract import reextract

    summary = reextract(open_from(ctx), progress=Progress("records"), limits=run_limits(ctx))
    data = summary.to_dict()
    click.echo(
        f"{data['updated']} updated, {data['unchanged']} unchanged, "
        f"{data['rejected']} rejected in {data['seconds']:.1f} s."
    )
    for item in data["rejected_files"]:
        member = item.get("member") or ""
        path, reason = show_path(item["path"]), show_path(item["reason"])
        click.echo(f"  rejected   {path} [{member}]: {reason}")
    ctx.exit(summary.exit_code)
