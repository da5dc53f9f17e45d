"""What every command shares: one-line errors, counted words, printable paths, the archive."""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import sys
from pathlib import Path

import click

from archive.errors import ArchiveError


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 match', '2 matches': a count with its word in the right number."""
    if count == 1:
        return f"{count} {word}"
    return (
        f"{count} {many or (word + 'es' if word.endswith(('s', 'ch', 'sh', 'x')) else word + 's')}"
    )


def errors_as_messages(func):
    """Turn the product's errors into one-line messages (never a traceback)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ArchiveError as error:
            raise click.ClickException(str(error)) from None
        except BrokenPipeError:  # `archive search ... | head -1`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("Interrupted: the archive is consistent; run the command again.", err=True)
            sys.exit(130)
        except (OSError, sqlite3.DatabaseError) as error:
            message = damage_message(error) or fault_message(error)
            if message is None:
                raise
            raise click.ClickException(message) from None

    return wrapper


def damage_message(error: BaseException) -> str | None:
    """The one line for a damaged ``archive.db`` (run ``archive rebuild``), else None."""
    from archive import database

    if not database.is_damage(error):
        return None
    context = click.get_current_context(silent=True)
    settings = context.find_root().obj if context else None
    folder = getattr(settings, "archive_dir", None)
    where = Path(folder) / "archive.db" if folder else Path("archive.db")
    return str(database.damaged(where, str(error)))


def fault_message(error: BaseException) -> str | None:
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


def show_path(path: str) -> str:
    """A path as printed: control characters and undecodable bytes escaped."""
    from indexer.run import display_path

    return display_path(path)


def open_from(ctx: click.Context, must_exist: bool = True, damaged_ok: bool = False):
    """The archive of the settings (--archive, engine...); readers fail where there is none,
    and every command where ``archive.db`` is lost (but ``check`` and ``rebuild``)."""
    from archive import make_backend, open_archive

    settings = ctx.find_root().obj
    backend = make_backend(settings)
    return open_archive(settings.archive_dir, backend, must_exist=must_exist, damaged_ok=damaged_ok)


class LazyChoice(click.Choice):
    """A ``click.Choice`` whose values are read when first needed (``archive --help`` stays quick).

    ``LazyChoice("archive.search", "SORTS")``: the choices are that module's tuple.
    """

    def __init__(self, module: str, name: str, case_sensitive: bool = True):
        self._source = (module, name)
        self.case_sensitive = case_sensitive

    @property
    def choices(self) -> tuple[str, ...]:
        import importlib

        module, name = self._source
        return tuple(getattr(importlib.import_module(module), name))
