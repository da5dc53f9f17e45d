"""The `archive` command: thin click commands over plain functions.

It lives beside ``app.py`` because it joins every part: the archive (``archive/``),
the indexer (``indexer/``) and the web server (``app``).

archive index ~/saved-articles --tag climate
archive search 'flood "red sea" -storm date:2023' --facets
"""

from __future__ import annotations

import errno
import functools
import json
import multiprocessing
import os
import sqlite3
import sys

import click

from archive import saved as saved_searches
from archive.check import check_archive
from archive.errors import ArchiveError
from archive.search import FACETS, SORTS, SearchRequest, result_to_dict, search
from archive.store import ENGINES, make_backend, open_archive, resolve_archive_dir
from indexer.progress import Progress
from indexer.run import reextract, run_index


PARTIAL_HELP = "Also the articles that match only some of the words (each marked partial)."


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 match', '2 matches': a count with its word in the right number."""
    if count == 1:
        return f"{count} {word}"
    return (
        f"{count} {many or (word + 'es' if word.endswith(('s', 'ch', 'sh', 'x')) else word + 's')}"
    )


def _errors_as_messages(func):
    """Turn the product's errors into one-line messages (never a traceback)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ArchiveError as error:
            raise click.ClickException(str(error)) from None
        except KeyboardInterrupt:
            click.echo("Interrupted: the archive is consistent; run the command again.", err=True)
            sys.exit(130)
        except (OSError, sqlite3.OperationalError) as error:
            message = _fault_message(error)
            if message is None:
                raise
            raise click.ClickException(message) from None

    return wrapper


def _fault_message(error: BaseException) -> str | None:
    """A true one-line message for a fault of the machine (disk full, read-only), else None."""
    text = str(error).lower()
    if getattr(error, "errno", None) == errno.ENOSPC or "disk is full" in text:
        return (
            "The disk is full: nothing half-written was kept; free some space and run the "
            "same command again to finish."
        )
    if getattr(error, "errno", None) in (errno.EROFS, errno.EACCES) or "readonly" in text:
        where = getattr(error, "filename", None)
        return f"Cannot write{f' {where}' if where else ''}: the archive is read-only."
    return None


def _show(path: str) -> str:
    """A path as printed: control characters and undecodable bytes escaped."""
    from indexer.run import display_path

    return display_path(path)


@click.group()
@click.option(
    "--archive",
    "archive_dir",
    envvar="ARCHIVE_DIR",
    type=click.Path(file_okay=False),
    help="The archive folder (default: $ARCHIVE_DIR, else ~/.local/share/news-archive).",
)
@click.option(
    "--engine",
    envvar="ARCHIVE_ENGINE",
    type=click.Choice(ENGINES),
    default="whoosh",
    show_default=True,
    help="The search engine: the embedded Whoosh index, or an OpenSearch cluster.",
)
@click.option(
    "--opensearch-url",
    envvar="ARCHIVE_OPENSEARCH_URL",
    metavar="URL",
    help="The OpenSearch cluster (with --engine opensearch), e.g. http://127.0.0.1:9200; "
    "several nodes separated by commas.",
)
@click.option(
    "--opensearch-index",
    envvar="ARCHIVE_OPENSEARCH_INDEX",
    default="news-archive",
    show_default=True,
    help="The index name on the OpenSearch cluster.",
)
@click.version_option(package_name="news-archive", prog_name="archive")
@click.pass_context
def main(ctx, archive_dir, engine, opensearch_url, opensearch_index):
    """Archive saved news articles and search them.

    \b
    Example:
      archive --archive ./my-archive index ~/Downloads/articles
      archive --archive ./my-archive search 'Karabakh date:2023'
    """
    ctx.obj = {
        "archive_dir": archive_dir,
        "engine": engine,
        "opensearch_url": opensearch_url,
        "opensearch_index": opensearch_index,
    }
    # Indexing forks worker processes while a thread writes the index: start them
    # from a clean server process rather than forking a multi-threaded one.
    if multiprocessing.get_start_method(allow_none=True) is None:
        multiprocessing.set_start_method("forkserver")


def _archive(ctx, must_exist: bool = True):
    """The archive of --archive with the chosen engine; readers fail where there is none."""
    obj = ctx.obj
    folder = resolve_archive_dir(obj["archive_dir"])
    backend = make_backend(folder, obj["engine"], obj["opensearch_url"], obj["opensearch_index"])
    return open_archive(folder, backend, must_exist=must_exist)


@main.command()
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
@_errors_as_messages
def index(ctx, paths, tags, as_json, workers, wait, quiet, excludes):
    """Index saved articles (HTML, text, Markdown, WARC, JSON/JSONL) from files or folders.

    Re-running is incremental: unchanged files are skipped. The exit code is 1
    when a file was rejected (the summary says why), else 0.

    \b
    Example:
      archive index ~/saved-articles crawl.warc.gz --tag climate
    """
    archive = _archive(ctx, must_exist=False)
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
    read = max(data["files"] - data["unchanged"] - data["skipped"], 0)
    out(
        f"{plural(data['files'], 'file')} found, {read} read, in {data['seconds']:.1f} s: "
        f"{data['indexed']} indexed, {data['updated']} updated, "
        f"{plural(data['duplicates'], 'duplicate')}, "
        f"{data['unchanged']} unchanged, {data['skipped']} skipped, {data['rejected']} rejected."
    )
    for item in data["duplicate_files"][:20]:
        out(f"  duplicate  {_show(item['path'])}: same as {_show(item['duplicate_of'])}")
    for item in data["skipped_files"][:20]:
        out(f"  skipped    {_show(item['path'])}: {item['reason']}")
    for item in data["rejected_files"]:
        member = f" [{item['member']}]" if item.get("member") else ""
        out(f"  rejected   {_show(item['path'])}{member}: {_show(item['reason'])}")
    hidden = len(data["skipped_files"]) - 20
    if hidden > 0:
        out(f"  ... and {plural(hidden, 'more skipped file')} (see --json)")


@main.command("search")
@click.argument("words", nargs=-1)
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="relevance",
    help="relevance, newest/oldest (publication date) or added (to the archive).",
)
@click.option("--page", type=click.IntRange(1, 1000), default=1)
@click.option("-n", "per_page", type=click.IntRange(1, 100), default=10, help="Hits per page.")
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="FACET=VALUE",
    help="Facet filter, e.g. --filter place=Karabakh (repeatable).",
)
@click.option("--facets", is_flag=True, help="Also print facet counts.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.option("--partial", is_flag=True, help=PARTIAL_HELP)
@click.pass_context
@_errors_as_messages
def search_command(ctx, words, sort, page, per_page, filters, facets, as_json, partial):
    """Search the archive with the query language (see README).

    The listing goes on with articles that have some of the words when few have
    all of them; --json holds only the articles with all the words unless --partial.

    \b
    Example:
      archive search 'Karabakh "armed forces" -Russia date:2023' --facets
      archive search --filter place=Shusha --sort newest
    """
    params = _search_params(words, filters, sort)
    params.update(page=str(page), n=str(per_page))
    request = SearchRequest.from_params(params)
    result = search(_archive(ctx), request, partial=partial or not as_json)
    _print_result(result, as_json, facets)


def _print_result(result, as_json: bool, facets: bool) -> None:
    """A search result as the terminal shows it, or as JSON."""
    if as_json:
        click.echo(json.dumps(result_to_dict(result, facets=facets), ensure_ascii=False, indent=1))
        return
    req = result.request
    if result.address_notice:
        click.echo(result.address_notice)
        counted = plural(result.exact_total, "article has", "articles have") + " its words"
    else:
        counted = plural(result.exact_total, "match")
    click.echo(
        f"{counted} ({result.took_ms:.0f} ms)"
        + (f"; page {req.page} of {result.pages}" if result.pages > 1 else "")
    )
    if result.partial_total:
        click.echo(f"{plural(result.partial_total, 'more article')} with some of the words")
    if result.notice:
        click.echo(f"Note: {result.notice}")
    if result.suggestion:
        click.echo(f"Did you mean: {result.suggestion}")
    partial_shown = False
    for rank, hit in enumerate(result.hits, (req.page - 1) * req.per_page + 1):
        if hit.partial and not partial_shown:
            partial_shown = True
            click.echo(
                f"\n-- {plural(result.exact_total, 'article')} with all of your words; "
                "from here on, articles with some of them --"
            )
        r = hit.record
        date = r.date.date().isoformat() if r.date else "undated"
        click.echo(f"\n{rank}. {click.style(r.title, bold=True)}")
        click.echo(f"   {date} · {r.source or 'unknown source'} · {r.id}")
        if hit.snippet_text:
            click.echo(f"   {hit.snippet_text}")
    if facets:
        for facet in result.facets:
            if facet.values:
                shown = ", ".join(f"{v.value} ({v.count})" for v in facet.values[:10])
                more = len(facet.values) - 10
                if more > 0:
                    shown += f" and {plural(more, 'more value')}"
                click.echo(f"\n{facet.label}: {shown}")


def _search_params(words, filters, sort) -> dict:
    """URL-style parameters from the command line's words, --filter and --sort."""
    params: dict = {"q": " ".join(words), "sort": sort}
    for item in filters:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: write FACET=VALUE", param_hint="--filter")
        params.setdefault(name.strip(), []).append(value.strip())
    unknown = set(params) - {"q", "sort", *FACETS}
    if unknown:
        raise click.BadParameter(
            f"unknown facet {sorted(unknown)[0]!r}; use one of {', '.join(FACETS)}",
            param_hint="--filter",
        )
    return params


@main.group(invoke_without_command=True)
@click.pass_context
@_errors_as_messages
def saved(ctx):
    """Named saved searches, shared with the web pages (each has an Atom feed there).

    \b
    Example:
      archive saved add "Karabakh 2023" 'Karabakh date:2023' --filter lang=en
      archive saved run "Karabakh 2023" --json
      archive saved list
    """
    if ctx.invoked_subcommand is None:
        _list_saved(ctx)


def _list_saved(ctx) -> None:
    archive = _archive(ctx)
    rows = archive.saved_searches()
    if not rows:
        click.echo("No saved searches yet: archive saved add NAME WORDS...")
    for name, params, created in rows:
        description = saved_searches.describe(saved_searches.request_from_params(params))
        click.echo(f"{name}: {description}  (saved {created[:10]}; ?{params})")


@saved.command("list")
@click.pass_context
@_errors_as_messages
def saved_list(ctx):
    """List the saved searches (the same as plain `archive saved`)."""
    _list_saved(ctx)


@saved.command("add")
@click.argument("name")
@click.argument("words", nargs=-1)
@click.option("--filter", "filters", multiple=True, metavar="FACET=VALUE")
@click.option("--sort", type=click.Choice(SORTS), default="relevance")
@click.option("--replace", is_flag=True, help="Replace a saved search of the same name.")
@click.pass_context
@_errors_as_messages
def saved_add(ctx, name, words, filters, sort, replace):
    """Save a search under a name; an existing name needs --replace.

    \b
    Example:
      archive saved add "Shusha news" 'place:Shusha' --sort added
    """
    request = SearchRequest.from_params(_search_params(words, filters, sort))
    archive = _archive(ctx)
    existed = saved_searches.exists(archive, saved_searches.check_name(name))
    try:
        stored = saved_searches.save(archive, name, request, replace=replace)
    except saved_searches.NameTakenError as error:
        raise click.ClickException(f"{error} (use --replace)") from None
    verb = "Replaced" if existed else "Saved"
    click.echo(f"{verb} {stored!r}: {saved_searches.describe(request)}")


@saved.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_context
@_errors_as_messages
def saved_rename(ctx, old, new):
    """Rename a saved search (its feed address changes with it)."""
    stored = saved_searches.rename(_archive(ctx), old, new)
    click.echo(f"Renamed {old!r} to {stored!r}.")


@saved.command("run")
@click.argument("name")
@click.option("--page", type=click.IntRange(1, 1000), default=1)
@click.option("--facets", is_flag=True, help="Also print facet counts.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.option("--partial", is_flag=True, help=PARTIAL_HELP)
@click.pass_context
@_errors_as_messages
def saved_run(ctx, name, page, facets, as_json, partial):
    """Run a saved search: the articles that match all its words (its feed's entries)."""
    archive = _archive(ctx)
    _, request, _ = saved_searches.load(archive, name)
    _print_result(search(archive, request.with_page(page), partial=partial), as_json, facets)


@saved.command("delete")
@click.argument("name")
@click.pass_context
@_errors_as_messages
def saved_delete(ctx, name):
    """Delete a saved search."""
    if not _archive(ctx).delete_saved_search(name):
        raise click.ClickException(f"There is no saved search named {name!r}.")
    click.echo(f"Deleted {name!r}.")


@main.command()
@click.argument("record_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_errors_as_messages
def show(ctx, record_id, as_json):
    """Print one article: its metadata, tags and text. A unique id prefix will do.

    \b
    Example:
      archive show 3f2a9c0d1e4b5a6c
      archive show 3f2a
    """
    archive = _archive(ctx)
    record = archive.get(archive.resolve_id(record_id))
    if as_json:
        click.echo(record.to_json())
        return
    data = record.to_dict()
    body = data.pop("body")
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items() if v)
        elif isinstance(value, list):
            value = "; ".join(map(str, value))
        click.echo(f"{key:>17}: {value if value not in (None, '') else '-'}")
    click.echo("\n" + body)


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_errors_as_messages
def stats(ctx, as_json):
    """Summarise the archive: records, sources, languages, dates.

    \b
    Example:
      archive stats --json
    """
    data = _archive(ctx).stats()
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


@main.command()
@click.option(
    "--resume",
    is_flag=True,
    help="Finish an interrupted reindex: index only the records still pending.",
)
@click.pass_context
@_errors_as_messages
def reindex(ctx, resume):
    """Rebuild the search index from the stored records.

    An interrupted reindex leaves its records pending: `--resume`, the next
    `archive index` or `archive check --repair` index them.

    \b
    Example:
      archive reindex
      archive --engine opensearch --opensearch-url http://127.0.0.1:9200 reindex --resume
    """
    archive = _archive(ctx)
    archive.lock()
    try:
        progress = Progress("records")
        total = archive.count()
        if resume and archive.index.exists() and archive.index.is_current():
            pending = archive.pending_count()
            done = archive.index_pending(progress=lambda n: progress(n, pending))
        else:
            done = archive.reindex(progress=lambda n: progress(n, total))
    finally:
        archive.unlock()
    click.echo(f"Indexed {done} record{'s' if done != 1 else ''} ({archive.index.name}).")


@main.command()
@click.option("--repair", is_flag=True, help="Index what is missing from the search index.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_errors_as_messages
def check(ctx, repair, as_json):
    """Verify the archive: every original's SHA-256, records, and the search index.

    Prints a one-line verdict and one line per problem; exit code 1 on a problem.

    \b
    Example:
      archive check --repair
    """
    report = check_archive(_archive(ctx), repair=repair)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        click.echo(report.verdict())
        for problem in report.problems:
            click.echo(f"  {problem}")
        for fixed in report.repaired:
            click.echo(f"  repaired: {fixed}")
    ctx.exit(0 if report.ok else 1)


@main.command("reextract")
@click.pass_context
@_errors_as_messages
def reextract_command(ctx):
    """Re-parse every stored original with the current extractor and update records.

    \b
    Example:
      archive reextract
    """
    summary = reextract(_archive(ctx), progress=Progress("records"))
    data = summary.to_dict()
    click.echo(
        f"{data['updated']} updated, {data['unchanged']} unchanged, "
        f"{data['rejected']} rejected in {data['seconds']:.1f} s."
    )
    for item in data["rejected_files"]:
        member = item.get("member") or ""
        click.echo(f"  rejected   {_show(item['path'])} [{member}]: {_show(item['reason'])}")
    ctx.exit(summary.exit_code)


@main.command()
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
@_errors_as_messages
def serve(ctx, host, port, threads, base_url):
    """Serve the web search on a production WSGI server (waitress).

    \b
    Example:
      archive serve --port 8000
      archive serve --host 10.0.0.5 --base-url https://news.example.org/archive
    """
    import waitress

    from app import create_app

    archive = _archive(ctx, must_exist=False)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
