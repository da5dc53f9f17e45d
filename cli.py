"""The `archive` command: thin click commands over plain functions.

It lives beside ``app.py`` because it joins every part: the archive (``archive/``),
the indexer (``indexer/``) and the web server (``app``).

archive index ~/saved-articles --tag climate
archive search 'flood "red sea" -storm date:2023' --facets
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import sys

import click

from archive import saved as saved_searches
from archive.check import check_archive
from archive.errors import ArchiveError
from archive.search import FACETS, SORTS, SearchRequest, result_to_dict, search
from archive.store import ENGINES, make_backend, open_archive, resolve_archive_dir
from indexer.progress import Progress
from indexer.run import reextract, run_index


def _errors_as_messages(func):
    """Turn the product's errors into one-line messages (never a traceback)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ArchiveError as error:
            raise click.ClickException(str(error)) from None

    return wrapper


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
@click.pass_context
@_errors_as_messages
def index(ctx, paths, tags, as_json, workers, wait, quiet):
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
    progress = Progress("files", enabled=not quiet)
    summary = run_index(
        archive, list(paths), user_tags=tags, workers=workers, progress=progress, wait_for_lock=wait
    )
    data = summary.to_dict()
    _print_summary(data)
    if summary.interrupted:
        click.echo(
            "Interrupted: what was done is saved; run the same command again to finish.", err=True
        )
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
    ctx.exit(summary.exit_code)


def _print_summary(data: dict) -> None:
    out = functools.partial(click.echo, err=False)
    out(
        f"{data['files']} files in {data['seconds']:.1f} s: {data['indexed']} indexed, "
        f"{data['updated']} updated, {data['duplicates']} duplicates, "
        f"{data['unchanged']} unchanged, {data['skipped']} skipped, {data['rejected']} rejected."
    )
    for item in data["duplicate_files"][:20]:
        out(f"  duplicate  {item['path']}: same as {item['duplicate_of']}")
    for item in data["skipped_files"][:20]:
        out(f"  skipped    {item['path']}: {item['reason']}")
    for item in data["rejected_files"]:
        member = f" [{item['member']}]" if item.get("member") else ""
        out(f"  rejected   {item['path']}{member}: {item['reason']}")
    hidden = len(data["skipped_files"]) - 20
    if hidden > 0:
        out(f"  ... and {hidden} more skipped (see --json)")


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
@click.pass_context
@_errors_as_messages
def search_command(ctx, words, sort, page, per_page, filters, facets, as_json):
    """Search the archive with the query language (see README).

    \b
    Example:
      archive search 'Karabakh "armed forces" -Russia date:2023' --facets
      archive search --filter place=Shusha --sort newest
    """
    params = _search_params(words, filters, sort)
    params.update(page=str(page), n=str(per_page))
    _print_result(search(_archive(ctx), SearchRequest.from_params(params)), as_json, facets)


def _print_result(result, as_json: bool, facets: bool) -> None:
    """A search result as the terminal shows it, or as JSON."""
    if as_json:
        click.echo(json.dumps(result_to_dict(result, facets=facets), ensure_ascii=False, indent=1))
        return
    req = result.request
    click.echo(
        f"{result.total} matches ({result.took_ms:.0f} ms)"
        + (f"; page {req.page} of {result.pages}" if result.pages > 1 else "")
    )
    if result.suggestion:
        click.echo(f"Did you mean: {result.suggestion}")
    for rank, hit in enumerate(result.hits, (req.page - 1) * req.per_page + 1):
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
      archive saved
    """
    if ctx.invoked_subcommand is None:
        archive = _archive(ctx)
        for name, params, created in archive.saved_searches():
            description = saved_searches.describe(saved_searches.request_from_params(params))
            click.echo(f"{name}: {description}  (saved {created[:10]}; ?{params})")


@saved.command("add")
@click.argument("name")
@click.argument("words", nargs=-1)
@click.option("--filter", "filters", multiple=True, metavar="FACET=VALUE")
@click.option("--sort", type=click.Choice(SORTS), default="relevance")
@click.pass_context
@_errors_as_messages
def saved_add(ctx, name, words, filters, sort):
    """Save a search under a name (replacing one of the same name)."""
    request = SearchRequest.from_params(_search_params(words, filters, sort))
    stored = saved_searches.save(_archive(ctx), name, request)
    click.echo(f"Saved {stored!r}: {saved_searches.describe(request)}")


@saved.command("run")
@click.argument("name")
@click.option("--page", type=click.IntRange(1, 1000), default=1)
@click.option("--facets", is_flag=True, help="Also print facet counts.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.pass_context
@_errors_as_messages
def saved_run(ctx, name, page, facets, as_json):
    """Run a saved search."""
    archive = _archive(ctx)
    _, request, _ = saved_searches.load(archive, name)
    _print_result(search(archive, request.with_page(page)), as_json, facets)


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
    """Print one article: its metadata, tags and text.

    \b
    Example:
      archive show 3f2a9c0d1e4b5a6c
    """
    record = _archive(ctx).get(record_id)
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
            done = archive.index_pending()
            progress(done, done)
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
        click.echo(f"  rejected   {item['path']} [{item.get('member') or ''}]: {item['reason']}")
    ctx.exit(summary.exit_code)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
@click.pass_context
@_errors_as_messages
def serve(ctx, host, port, threads):
    """Serve the web search on a production WSGI server (waitress).

    \b
    Example:
      archive serve --port 8000
    """
    import waitress

    from app import create_app

    archive = _archive(ctx, must_exist=False)
    app = create_app(
        {
            "ARCHIVE_DIR": str(archive.path),
            "ENGINE": ctx.obj["engine"],
            "OPENSEARCH_URL": ctx.obj["opensearch_url"],
            "OPENSEARCH_INDEX": ctx.obj["opensearch_index"],
        }
    )
    click.echo(f"Serving {archive.path} on http://{host}:{port}/  (Ctrl-C to stop)")
    waitress.serve(app, host=host, port=port, threads=threads, ident="news-archive")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
