"""The limits of one indexing run, taken from the settings and carried into every worker."""

from __future__ import annotations

from dataclasses import dataclass, fields

from archive.settings import Settings


def _default(name: str):
    """A limit's default is the setting's: one place (``archive/settings.py``) states it."""
    return Settings.__dataclass_fields__[name].default


@dataclass(frozen=True)
class RunLimits:
    """Per-run bounds: file size, extracted bytes, stored body, time per file, crashes, batch."""

    #: A larger input file is rejected, with its size and this limit.
    max_file_bytes: int = _default("max_file_bytes")
    #: Text and HTML beyond this many bytes is not extracted (the original is kept whole).
    max_extract_bytes: int = _default("max_extract_bytes")
    #: The stored body is cut to this many characters (the original is kept whole).
    max_body_chars: int = _default("max_body_chars")
    #: Seconds of extraction per file before it is rejected (0: no limit).
    file_seconds: float = _default("file_seconds")
    #: Worker processes that may crash in one run before it stops.
    max_worker_crashes: int = _default("max_worker_crashes")
    #: Records per commit (smaller: visible sooner, slower runs).
    batch_size: int = _default("batch_size")

    @classmethod
    def from_settings(cls, settings: Settings) -> RunLimits:
        """The run limits of these settings (``ARCHIVE_MAX_FILE_BYTES`` and the others)."""
        return cls(**{spec.name: getattr(settings, spec.name) for spec in fields(cls)})


#: Today's limits (the settings' defaults): the default of every function that takes limits.
DEFAULT_LIMITS = RunLimits()
