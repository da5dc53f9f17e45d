"""Commands that read the archive: search and show."""

from __future__ import annotations

import json

import click

from cli.common import LazyChoice, errors_as_messages, open_from, plural

SORT_CHOICE = LazyChoice("archive.search", "SORTS")
PARTIAL_HELP = "Also the articles that match only some of the words (each marked partial)."
EVERY_COPY_HELP = "Every copy of a story as a hit of its own (collapse=0); else one hit per story."


@click.command("search")
@click.argument("words", nargs=-1)
@click.option(
    "--sort",
    type=SORT_CHOICE,
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
@click.option("--every-copy", is_flag=True, help=EVERY_COPY_HELP)
@click.pass_context
@errors_as_messages
def search_command(ctx, words, sort, page, per_page, filters, facets, as_json, partial, every_copy):
    """Search the archive with the query language (see README).

    The listing goes on with articles that have some of the words when few have
    all of them; --json holds only the articles with all the words unless --partial.

    \b
    Example:
      archive search 'Karabakh "armed forces" -Russia date:2023' --facets
      archive search --filter place=Shusha --sort newest
      archive search 'story:12' --every-copy --sort oldest
    """
    from archive import SearchRequest
    from archive.search import search

    params = search_params(words, filters, sort, every_copy)
    params.update(page=str(page), n=str(per_page))
    request = SearchRequest.from_params(params)
    deadline_s = ctx.find_root().obj.search_seconds
    partial = partial or not as_json
    result = search(open_from(ctx), request, deadline_s=deadline_s, partial=partial)
    print_result(result, as_json, facets)


def print_result(result, as_json: bool, facets: bool) -> None:
    """A search result as the terminal shows it, or as JSON."""
    if as_json:
        from archive.search import result_to_dict

        click.echo(json.dumps(result_to_dict(result, facets=facets), ensure_ascii=False, indent=1))
        return
    req = result.request
    if result.address_notice:
        click.echo(result.address_notice)
        counted = plural(result.exact_total, "article has", "articles have") + " its words"
    elif result.stories and result.stories < result.total and not result.partial_total:
        counted = (
            f"{plural(result.total, 'article')} in {plural(result.stories, 'story', 'stories')}"
        )
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
        if hit.story and hit.story.articles > 1:
            more = plural(hit.story.articles - 1, "other article")
            click.echo(f"   story {hit.story.story}: {more} (story:{hit.story.story} --every-copy)")
    if facets:
        for facet in result.facets:
            if facet.values:
                shown = ", ".join(f"{v.value} ({v.count})" for v in facet.values[:10])
                more = len(facet.values) - 10
                if more > 0:
                    shown += f" and {plural(more, 'more value')}"
                click.echo(f"\n{facet.label}: {shown}")


def search_params(words, filters, sort, every_copy: bool = False) -> dict:
    """URL-style parameters from the command line's words, --filter, --sort and --every-copy."""
    from archive.search import FACET_NAMES

    params: dict = {"q": " ".join(words), "sort": sort, "collapse": "0" if every_copy else "1"}
    for item in filters:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: write FACET=VALUE", param_hint="--filter")
        params.setdefault(name.strip(), []).append(value.strip())
    unknown = set(params) - {"q", "sort", "collapse", *FACET_NAMES}
    if unknown:
        raise click.BadParameter(
            f"unknown facet {sorted(unknown)[0]!r}; use one of {', '.join(FACET_NAMES)}",
            param_hint="--filter",
        )
    return params


@click.command()
@click.argument("record_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@errors_as_messages
def show(ctx, record_id, as_json):
    """Print one article: its metadata, tags and text. A unique id prefix will do.

    \b
    Example:
      archive show 3f2a9c0d1e4b5a6c
      archive show 3f2a
    """
    archive = open_from(ctx)
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
