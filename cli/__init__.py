"""The `archive` command: the main group and its shared options; one module per group.

It joins every part: the archive (``archive/``), the indexer (``indexer/``) and the
web server (``app``). Commands import what is costly inside themselves, so that
``archive --help`` stays quick.

archive index ~/saved-articles --tag climate
archive search 'flood "red sea" -storm date:2023' --facets
"""

from __future__ import annotations

import click

from archive import ENGINES, load_settings
from cli import (
    config,
    curation,
    indexing,
    log,
    maintenance,
    saved,
    searching,
    serving,
    tokens,
    users,
    watching,
)
from cli.common import errors_as_messages


@click.group()
@click.option(
    "--archive",
    "archive_dir",
    type=click.Path(file_okay=False),
    help="The archive folder (default: $ARCHIVE_DIR, else ~/.local/share/news-archive).",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    help="The search engine: the embedded Whoosh index (default, or $ARCHIVE_ENGINE), "
    "or an OpenSearch cluster.",
)
@click.option(
    "--opensearch-url",
    metavar="URL",
    help="The OpenSearch cluster (with --engine opensearch), e.g. http://127.0.0.1:9200; "
    "several nodes separated by commas (default: $ARCHIVE_OPENSEARCH_URL).",
)
@click.option(
    "--opensearch-index",
    help="The index name on the OpenSearch cluster (default: $ARCHIVE_OPENSEARCH_INDEX, "
    "else news-archive).",
)
@click.version_option(package_name="news-archive", prog_name="archive")
@click.pass_context
@errors_as_messages
def main(ctx, archive_dir, engine, opensearch_url, opensearch_index):
    """Archive saved news articles and search them.

    Settings come from defaults, instance/config.py, the archive's config.toml,
    ARCHIVE_* environment variables and these options (`archive config` shows them).

    \b
    Example:
      archive --archive ./my-archive index ~/Downloads/articles
      archive --archive ./my-archive search 'Karabakh date:2023'
    """
    ctx.obj = load_settings(
        flags={
            "archive_dir": archive_dir,
            "engine": engine,
            "opensearch_url": opensearch_url,
            "opensearch_index": opensearch_index,
        }
    )
    # Indexing forks worker processes while a thread writes the index: start them
    # from a clean server process rather than forking a multi-threaded one.
    import multiprocessing

    if multiprocessing.get_start_method(allow_none=True) is None:
        multiprocessing.set_start_method("forkserver")


for _command in (
    indexing.index,
    searching.search_command,
    saved.saved,
    searching.show,
    maintenance.stats,
    indexing.reindex,
    maintenance.check,
    maintenance.rebuild,
    indexing.reextract_command,
    serving.serve,
    config.config,
    users.users,
    tokens.tokens,
    log.log,
    watching.watch,
    curation.edit,
    curation.delete,
    curation.trash_group,
    curation.tag_group,
):
    main.add_command(_command)
