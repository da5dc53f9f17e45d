"""The originals: every ingested file, byte for byte, named by its SHA-256.

Layout: ``originals/ab/abcdef...`` (the first two hex digits as a folder). Files
are written to a temporary name, synced and renamed into place, then made
read-only; an existing original is never rewritten.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from archive.errors import NotFoundError

CHUNK = 1 << 20


@dataclass(frozen=True)
class Originals:
    """The originals folder of one archive: the one place that writes and reads originals.

    Plain data (a folder), so a worker process gets it whole and writes there.
    """

    folder: Path

    def path(self, sha256: str) -> Path:
        return original_path(self.folder, sha256)

    def write(self, sha256: str, data: bytes) -> Path:
        """Store bytes under their hash (see ``write_original``); never overwritten."""
        return write_original(self.folder, sha256, data)

    def read(self, sha256: str) -> bytes:
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise NotFoundError(f"The original {sha256} is missing from {self.folder}.") from None

    def read_member(self, sha256: str, member: str) -> WarcMember:
        """One record of a saved WARC file, read at its stored offset."""
        path = self.path(sha256)
        if not path.is_file():
            raise NotFoundError(f"The original {sha256} is missing from {self.folder}.")
        return read_warc_member(path, member)

    def remove_stale_temporaries(self) -> int:
        """Delete the ``.tmp`` files an interrupted write left (call under the writer lock)."""
        return remove_stale_temporaries(self.folder)


def original_path(originals_dir: Path, sha256: str) -> Path:
    return Path(originals_dir) / sha256[:2] / sha256


def write_original(originals_dir: Path, sha256: str, data: bytes) -> Path:
    """Store bytes under their hash (temp file, fsync, rename); never overwritten."""
    target = original_path(originals_dir, sha256)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{sha256}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o444)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def remove_stale_temporaries(originals_dir: Path) -> int:
    """Delete ``.tmp`` files an interrupted or failed write left; call under the writer lock."""
    removed = 0
    for tmp in Path(originals_dir).glob("*/.*.tmp"):
        try:
            tmp.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed


def quarantine(paths: list[Path], folder: Path) -> int:
    """Move files out of ``originals/`` into ``folder`` (kept, never deleted); how many moved."""
    folder.mkdir(parents=True, exist_ok=True)
    moved = 0
    for path in paths:
        target = folder / path.name
        n = 1
        while target.exists():
            target, n = folder / f"{path.name}.{n}", n + 1
        os.replace(path, target)
        moved += 1
    return moved


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class WarcMember:
    """One WARC response record: its HTML payload and how it was captured."""

    payload: bytes
    charset: str | None
    target_url: str | None
    captured: str | None  # WARC-Date as written
    status: str | None


def read_warc_member(path: Path, offset: str) -> WarcMember:
    """The record at byte ``offset`` of a (possibly gzipped) WARC file, read by seeking."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        position = int(offset)
    except (TypeError, ValueError):
        raise NotFoundError(f"{offset!r} is not a WARC record offset.") from None
    try:
        with open(path, "rb") as handle:
            handle.seek(position)
            for record in ArchiveIterator(handle, arc2warc=True):
                headers = record.http_headers
                media = (headers.get_header("Content-Type") or "") if headers else ""
                return WarcMember(
                    payload=record.content_stream().read(),
                    charset=charset_of(media),
                    target_url=record.rec_headers.get_header("WARC-Target-URI"),
                    captured=record.rec_headers.get_header("WARC-Date"),
                    status=headers.get_statuscode() if headers else None,
                )
    except (ArchiveLoadFailed, ValueError, EOFError) as error:
        raise NotFoundError(f"The WARC record at offset {offset} cannot be read: {error}") from None
    raise NotFoundError(f"The WARC record at offset {offset} is missing from the saved file.")


def charset_of(media_type: str) -> str | None:
    for part in media_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value:
            return value.strip("\"' ")
    return None
