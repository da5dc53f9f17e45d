"""Which files under the given paths are read: hidden and ignored ones are left out."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from archive.formats import kind_of

IGNORE_FILE = ".archiveignore"


def find_files(
    paths: Iterable[str | os.PathLike], exclude: Iterable[str] = (), on_error=None
) -> Iterator[tuple[Path, str | None]]:
    """Every file under ``paths`` (recursively, sorted) with its kind; None if unsupported.

    Hidden files and folders (".git", ".DS_Store") are left out, and so is whatever
    matches an ``exclude`` glob or a glob in a folder's ``.archiveignore`` (one per
    line, ``#`` comments; it applies to that folder and below). A glob matches a
    file or folder name (``*.tmp``, ``drafts``) or a path relative to that folder
    (``2023/drafts/*``). A folder that cannot be listed is passed to ``on_error``
    as (path, reason).
    """

    def report(error: OSError) -> None:
        if on_error is not None:
            on_error((str(error.filename), (error.strerror or str(error)).lower()))

    patterns = [("", g) for g in exclude]
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for root, dirs, files in os.walk(path, onerror=report):
                here = Path(root)
                rules = patterns + _ignore_rules(path, here)
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and not _ignored(path, here / d, rules)
                )
                for name in sorted(files):
                    file = here / name
                    if not name.startswith(".") and not _ignored(path, file, rules):
                        yield file, kind_of(file.name)
        elif not _ignored(path.parent, path, patterns):
            yield path, kind_of(path.name)


def _ignore_rules(top: Path, folder: Path) -> list[tuple[str, str]]:
    """(folder relative to ``top``, glob) of each .archiveignore from ``top`` down to ``folder``."""
    rules = []
    parts = folder.relative_to(top).parts
    for depth in range(len(parts) + 1):
        base = top.joinpath(*parts[:depth])
        try:
            lines = (base / IGNORE_FILE).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        prefix = "/".join(parts[:depth])
        rules += [
            (prefix, g.strip().rstrip("/")) for g in lines if g.strip() and not g.startswith("#")
        ]
    return rules


def _ignored(top: Path, path: Path, rules: list[tuple[str, str]]) -> bool:
    try:
        relative = path.relative_to(top).as_posix()
    except ValueError:
        relative = path.name
    for prefix, glob in rules:
        inside = relative[len(prefix) + 1 :] if prefix else relative
        if prefix and not relative.startswith(prefix + "/"):
            continue
        if fnmatch.fnmatch(path.name, glob) or fnmatch.fnmatch(inside, glob.lstrip("/")):
            return True
    return False
