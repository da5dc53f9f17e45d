"""Sidecars: what the archive knew of an original when it kept it, as a small JSON file.

An original is only bytes named by their SHA-256; its sidecar keeps what the
bytes do not tell: the file's name and path, its size and modification time,
its kind, the user's tags, when the archive took it, and what the intake knew
of the articles in it (each one's member -- a WARC record offset or a JSON line
-- id, address and the time it was added). ``archive rebuild`` reads the
originals with their sidecars to recreate ``archive.db``. ``Originals`` writes
a sidecar (atomically, synced) before the original it describes.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

from archive.records import Record

#: The sidecar format's version (a reader refuses newer ones rather than misread them).
FORMAT = 1


@dataclass
class SidecarItem:
    """One article the file gave: where in the file, its id and address, when it was added."""

    member: str | None
    id: str
    url: str | None
    added: str | None  # ISO 8601, the record's ``added`` (and ``updated``) when extracted


@dataclass
class Sidecar:
    """What the archive knew of one original when it kept it."""

    sha256: str
    name: str  # the file's name as the user saved it
    path: str  # its absolute path when it was indexed
    kind: str  # its format (``archive.formats``)
    size: int
    mtime_ns: int  # its modification time (a saved page's capture time)
    user_tags: list[str] = field(default_factory=list)
    items: list[SidecarItem] = field(default_factory=list)
    #: When the archive kept the original (nanoseconds since the epoch): the order of captures.
    kept_ns: int = 0
    format: int = FORMAT

    @classmethod
    def describe(
        cls,
        sha256: str,
        path: str,
        kind: str,
        size: int,
        mtime_ns: int,
        user_tags: tuple[str, ...] | list[str],
        records: list[Record],
    ) -> Sidecar:
        """The sidecar of a file just extracted into ``records``."""
        return cls(
            sha256=sha256,
            name=PurePath(path).name,
            path=path,
            kind=kind,
            size=size,
            mtime_ns=mtime_ns,
            user_tags=list(user_tags),
            items=[
                SidecarItem(r.origin.member, r.id, r.url, r.added.isoformat() if r.added else None)
                for r in records
            ],
            kept_ns=time.time_ns(),
        )

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Sidecar:
        """A sidecar read back; ValueError (with the reason) when it is not one this reads."""
        try:
            raw = json.loads(data)
            if raw.get("format", 0) > FORMAT:
                raise ValueError(f"format {raw['format']} is newer than this version reads")
            raw["items"] = [SidecarItem(**item) for item in raw.get("items", [])]
            return cls(**raw)
        except (TypeError, AttributeError, KeyError, json.JSONDecodeError) as error:
            raise ValueError(f"not a sidecar: {error}") from None

    def added_of(self, member: str | None) -> str | None:
        """When the article at ``member`` was added (None if the intake did not keep it)."""
        for item in self.items:
            if item.member == member:
                return item.added
        return None
