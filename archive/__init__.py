"""The archive: records, the store of originals, settings, engines and the one search.

The public API, what ``web/``, ``cli/`` and ``indexer/`` may import from here::

    from archive import Settings, load_settings, make_backend, open_archive

Names load on first use (PEP 562), so importing one submodule stays cheap. The one
search function is ``archive.search.search`` (``archive.search`` is its module).
"""

from __future__ import annotations

import importlib

#: public name -> the module that defines it
_PUBLIC = {
    "Archive": "archive.store",
    "open_archive": "archive.store",
    "Record": "archive.records",
    "Settings": "archive.settings",
    "SettingsError": "archive.settings",
    "load_settings": "archive.settings",
    "ENGINES": "archive.engines",
    "make_backend": "archive.engines",
    "SearchRequest": "archive.search",
    "SearchResult": "archive.search",
    "check_archive": "archive.check",
    "archive_stats": "archive.stats",
    "ArchiveError": "archive.errors",
    "NotFoundError": "archive.errors",
    "QueryError": "archive.errors",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'archive' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
