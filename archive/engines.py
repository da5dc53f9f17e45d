"""The search engines by name, each built by a factory that imports its engine only when called.

A third engine is one module with a ``Backend`` subclass and one line in ``_FACTORIES``
(and, if it needs options, their fields in ``archive/settings.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from archive.errors import ArchiveError

if TYPE_CHECKING:
    from archive.backend import Backend
    from archive.settings import Settings


def _whoosh(folder: Path, settings: Settings | None) -> Backend:
    from archive.whoosh_backend import WhooshBackend

    return WhooshBackend(Path(folder) / "index")


def _opensearch(folder: Path, settings: Settings | None) -> Backend:
    from archive.opensearch_backend import DEFAULT_INDEX, OpenSearchBackend

    url = settings.opensearch_url if settings else None
    if not url:
        raise ArchiveError(
            "The OpenSearch engine needs the cluster's address: --opensearch-url URL "
            "or $ARCHIVE_OPENSEARCH_URL (e.g. http://127.0.0.1:9200)."
        )
    return OpenSearchBackend(url, settings.opensearch_index or DEFAULT_INDEX)


#: name -> factory(archive folder, settings): the first is the default.
_FACTORIES = {
    "whoosh": _whoosh,
    "opensearch": _opensearch,
}
ENGINES = tuple(_FACTORIES)


def make_backend(settings: Settings, folder: Path | None = None) -> Backend:
    """The backend ``settings.engine`` names, for the archive in ``folder`` (or the settings')."""
    factory = _FACTORIES.get(settings.engine)
    if factory is None:
        raise ArchiveError(f"Unknown engine {settings.engine!r}: use one of {', '.join(ENGINES)}.")
    return factory(Path(folder or settings.archive_dir), settings)


def default_backend(folder: Path) -> Backend:
    """The embedded Whoosh index in ``folder/index`` (imported only when an archive opens)."""
    return _FACTORIES[ENGINES[0]](Path(folder), None)
