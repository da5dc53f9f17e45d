"""`archive edit`, `archive delete` and `archive trash`: the editors' work, thin over
archive.corrections and archive.trash. Each change is in the audit log as ``cli:<user>``."""

from __future__ import annotations

import click

from cli.common import errors_as_messages, open_from, plural
from cli.users import actor


def _synced(archive) -> None:
    from archive import index_sync

    if not index_sync.sync_now(archive):
        click.echo("An indexing run is writing: the search index follows when it ends.")


@click.command()
@click.argument("record_id")
@click.option("--title")
@click.option("--date", help="The publication date, e.g. 2023-09-19 or 2023-09-19T14:30+02:00.")
@click.option("--author", "authors", multiple=True, help="An author (repeat for several).")
@click.option("--source")
@click.option("--lang", help="A language code, e.g. en.")
@click.option("--note", help="The article's note (plain text; an empty one removes it).")
@click.option("--tag", "tags", multiple=True, help="+NAME adds a user tag, -NAME removes it.")
@click.option(
    "--reject",
    "rejects",
    multiple=True,
    metavar="KIND:NAME",
    help="Remove a wrong automatic tag: person:, place:, org: or term:NAME.",
)
@click.option(
    "--everywhere",
    is_flag=True,
    help="With --reject: remove it from every article, and from every later extraction.",
)
@click.option(
    "--revert",
    "reverts",
    multiple=True,
    metavar="FIELD",
    help="Drop a correction (title, date, ..., tag:NAME, reject:KIND:NAME): extraction's again.",
)
@click.pass_context
@errors_as_messages
def edit(
    ctx, record_id, title, date, authors, source, lang, note, tags, rejects, everywhere, reverts
):
    """Correct an article's record; kept apart from the extraction, so reextract keeps it.

    \b
    Example:
      archive edit 3f2a --title 'Floods in Libya' --date 2023-09-11 --tag +climate
      archive edit 3f2a --reject person:Tayyip --everywhere
    """
    from archive import corrections

    archive = open_from(ctx)
    rid = archive.resolve_id(record_id)
    changes = corrections.parse_edit(
        title,
        date,
        list(authors) if authors else None,
        source,
        lang,
        note,
        tags,
        [] if everywhere else rejects,
    )
    for name in reverts:
        changes[name] = None
    if everywhere and not rejects:
        raise click.UsageError("--everywhere goes with --reject KIND:NAME.")
    if not changes and not everywhere:
        raise click.UsageError("Say what to correct, e.g. --title '...' or --tag +NAME.")
    user = actor()
    done = corrections.correct(archive, rid, changes, user, address="local")
    for spec in rejects if everywhere else ():
        count = corrections.reject_everywhere(archive, spec, user, address="local")
        click.echo(f"Rejected {spec} everywhere: {plural(count, 'article')} had it.")
    _synced(archive)
    click.echo(f"{rid}: {', '.join(done) + ' corrected' if done else 'nothing changed'}.")


@click.command()
@click.argument("record_ids", nargs=-1, required=True)
@click.pass_context
@errors_as_messages
def delete(ctx, record_ids):
    """Move articles to the trash: out of search, feeds and exports; record and original kept.

    \b
    Example:
      archive delete 3f2a 9c01
      archive trash restore 3f2a
    """
    from archive import trash

    archive = open_from(ctx)
    moved = trash.move(archive, list(record_ids), actor(), "local")
    _synced(archive)
    click.echo(f"Moved {plural(len(moved), 'article')} to the trash: {' '.join(moved)}")


@click.group("trash")
def trash_group():
    """The trash: list, restore, or empty it (only emptying removes originals).

    \b
    Example:
      archive trash list
      archive trash empty --older-than 30d
    """


@trash_group.command("list")
@click.option("--older-than", metavar="AGE", help="Only those trashed before, e.g. 30d.")
@click.pass_context
@errors_as_messages
def trash_list(ctx, older_than):
    """List the articles in the trash, oldest first.

    \b
    Example:
      archive trash list --older-than 30d
    """
    from archive import trash

    archive = open_from(ctx)
    found = trash.listing(archive, trash.parse_age(older_than) if older_than else None)
    for item in found:
        click.echo(f"{item.id}  {item.at}  {item.by or '-'}  {item.title}")
    click.echo(f"{plural(len(found), 'article')} in the trash.")


@trash_group.command("restore")
@click.argument("record_ids", nargs=-1, required=True)
@click.pass_context
@errors_as_messages
def trash_restore(ctx, record_ids):
    """Put articles back from the trash (searchable again).

    \b
    Example:
      archive trash restore 3f2a
    """
    from archive import trash

    archive = open_from(ctx)
    restored = trash.restore(archive, list(record_ids), actor(), "local")
    _synced(archive)
    click.echo(f"Restored {plural(len(restored), 'article')}: {' '.join(restored)}")


@trash_group.command("empty")
@click.option("--older-than", metavar="AGE", help="Only those trashed before, e.g. 30d.")
@click.pass_context
@errors_as_messages
def trash_empty(ctx, older_than):
    """Remove the articles in the trash for good, and the originals no other record uses.

    \b
    Example:
      archive trash empty --older-than 30d
    """
    from archive import trash

    archive = open_from(ctx)
    archive.lock()
    try:
        result = trash.empty(
            archive, actor(), trash.parse_age(older_than) if older_than else None, "local"
        )
    finally:
        archive.unlock()
    for item in result.records:
        click.echo(f"removed article {item.id}  {item.title}")
    for sha, name in result.originals:
        click.echo(f"removed original {sha}  {name}")
    kept = f"; {plural(result.kept_originals, 'original')} kept (used by other articles)"
    click.echo(
        f"Emptied: {plural(len(result.records), 'article')}, "
        f"{plural(len(result.originals), 'original')} removed"
        f"{kept if result.kept_originals else ''}."
    )


@click.group("tag")
def tag_group():
    """Add or remove a user tag on every article a search finds (the count is shown first).

    \b
    Example:
      archive tag add libya-floods --query 'Derna date:2023-09'
    """


def _bulk(ctx, action: str, tag: str, query: str, yes: bool) -> None:
    from archive import bulk_tags
    from archive.search import SearchRequest

    archive = open_from(ctx)
    bulk = bulk_tags.plan(archive, tag, action, SearchRequest(q=query))
    where = "to" if action == "add" else "from"
    click.echo(
        f"{plural(bulk.count, 'article')} {'matches' if bulk.count == 1 else 'match'} {query!r}."
    )
    if not bulk.count:
        return
    if not yes and not click.confirm(f"{action.capitalize()} tag {bulk.tag!r} {where} them?"):
        raise click.ClickException("Nothing changed.")
    done = bulk_tags.apply(archive, bulk, actor(), query, "local")
    _synced(archive)
    verb = "added to" if action == "add" else "removed from"
    click.echo(f"Tag {bulk.tag!r} {verb} {plural(done, 'article')}.")


def _bulk_command(action: str, example: str) -> click.Command:
    where = "to" if action == "add" else "from"

    @click.argument("tag")
    @click.option("--query", "-q", required=True, help="The search whose articles it concerns.")
    @click.option("--yes", "-y", is_flag=True, help="Do not ask (scripts).")
    @click.pass_context
    @errors_as_messages
    def command(ctx, tag, query, yes):
        _bulk(ctx, action, tag, query, yes)

    command.__doc__ = (
        f"{action.capitalize()} a user tag {where} every article the search finds.\n\n"
        f"\b\nExample:\n  {example}"
    )
    return tag_group.command(action)(command)


tag_add = _bulk_command("add", "archive tag add libya-floods --query 'Derna date:2023-09'")
tag_remove = _bulk_command("remove", "archive tag remove draft --query 'tag:draft'")
