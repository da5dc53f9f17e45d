"""`archive saved`: named saved searches, shared with the web pages."""

from __future__ import annotations

import click

from cli.common import errors_as_messages, open_from
from cli.searching import (
    EVERY_COPY_HELP,
    PARTIAL_HELP,
    SORT_CHOICE,
    print_result,
    search_params,
)


@click.group(invoke_without_command=True)
@click.pass_context
@errors_as_messages
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
    from archive import SearchRequest
    from archive import saved as saved_searches
    from archive.search import describe

    archive = open_from(ctx)
    rows = saved_searches.list_saved(archive)
    if not rows:
        click.echo("No saved searches yet: archive saved add NAME WORDS...")
    for name, params, created in rows:
        description = describe(SearchRequest.from_query_string(params))
        click.echo(f"{name}: {description}  (saved {created[:10]}; ?{params})")


@saved.command("list")
@click.pass_context
@errors_as_messages
def saved_list(ctx):
    """List the saved searches (the same as plain `archive saved`)."""
    _list_saved(ctx)


@saved.command("add")
@click.argument("name")
@click.argument("words", nargs=-1)
@click.option("--filter", "filters", multiple=True, metavar="FACET=VALUE")
@click.option("--sort", type=SORT_CHOICE, default="relevance")
@click.option("--replace", is_flag=True, help="Replace a saved search of the same name.")
@click.option("--every-copy", is_flag=True, help=EVERY_COPY_HELP)
@click.pass_context
@errors_as_messages
def saved_add(ctx, name, words, filters, sort, replace, every_copy):
    """Save a search under a name; an existing name needs --replace.

    \b
    Example:
      archive saved add "Shusha news" 'place:Shusha' --sort added
    """
    from archive import SearchRequest
    from archive import saved as saved_searches
    from archive.search import describe

    request = SearchRequest.from_params(search_params(words, filters, sort, every_copy))
    archive = open_from(ctx)
    existed = saved_searches.exists(archive, saved_searches.check_name(name))
    try:
        stored = saved_searches.save(archive, name, request, replace=replace)
    except saved_searches.NameTakenError as error:
        raise click.ClickException(f"{error} (use --replace)") from None
    verb = "Replaced" if existed else "Saved"
    click.echo(f"{verb} {stored!r}: {describe(request)}")


@saved.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_context
@errors_as_messages
def saved_rename(ctx, old, new):
    """Rename a saved search (its feed address changes with it)."""
    from archive import saved as saved_searches

    stored = saved_searches.rename(open_from(ctx), old, new)
    click.echo(f"Renamed {old!r} to {stored!r}.")


@saved.command("run")
@click.argument("name")
@click.option("--page", type=click.IntRange(1, 1000), default=1)
@click.option("--facets", is_flag=True, help="Also print facet counts.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.option("--partial", is_flag=True, help=PARTIAL_HELP)
@click.pass_context
@errors_as_messages
def saved_run(ctx, name, page, facets, as_json, partial):
    """Run a saved search: the articles that match all its words (its feed's entries)."""
    from archive import saved as saved_searches
    from archive.search import search

    archive = open_from(ctx)
    _, request, _ = saved_searches.load(archive, name)
    deadline_s = ctx.find_root().obj.search_seconds
    result = search(archive, request.with_page(page), deadline_s=deadline_s, partial=partial)
    print_result(result, as_json, facets)


@saved.command("delete")
@click.argument("name")
@click.pass_context
@errors_as_messages
def saved_delete(ctx, name):
    """Delete a saved search."""
    from archive import saved as saved_searches

    if not saved_searches.delete(open_from(ctx), name):
        raise click.ClickException(f"There is no saved search named {name!r}.")
    click.echo(f"Deleted {name!r}.")
