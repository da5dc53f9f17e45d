"""The originals: every ingested file, byte for byte, named by its SHA-256.

Layout: ``originals/ab/abcdef...`` (the first two hex digits as a folder). Files
are written to a temporary name, synced and renamed into place, then made
read-only; an existing original is never rewritten (unless a power cut left it
shorter than its bytes). Each original's sidecar (``archive.sidecars``: its file
name, path, tags, what the intake knew) is written the same way just before it, to
``originals/sidecars/ab/abcdef....json``. The extraction workers write without a
sync per file; the write batch that saves their records syncs them all at once
before its rows commit (``Originals.make_durable``).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.atomic import sync_files, write_atomically
from archive.errors import NotFoundError
from archive.sidecars import Sidecar

CHUNK = 1 << 20
#: The sidecars' folder inside ``originals/``.
SIDECARS = "sidecars"
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Originals:
    """The originals folder of one archive: the one place that writes and reads originals.

    Plain data (a folder), so a worker process gets it whole and writes there.
    """

    folder: Path

    def path(self, sha256: str) -> Path:
        return original_path(self.folder, sha256)

    def write(
        self, sha256: str, data: bytes, sidecar: Sidecar | None = None, sync: bool = True
    ) -> Path:
        """Store bytes under their hash (see ``write_original``); never overwritten.

        A new original's ``sidecar`` is written (atomically) just before it, so an
        original on disk has its sidecar unless it was kept by a version without them. An
        existing sidecar is kept (an original restored after its deletion keeps its first
        capture's facts and place in the order of captures). With ``sync=False`` neither is
        synced: ``make_durable`` must run before a row names the original.
        """
        target, side = self.path(sha256), self.sidecar_path(sha256)
        if sidecar is not None and not target.exists() and not side.exists():
            write_atomically(side, sidecar.to_json(), 0o444, sync=sync)
        return write_original(self.folder, sha256, data, sync=sync)

    def make_durable(self, sha256s) -> None:
        """Sync these originals and their sidecars (written with ``sync=False``), all at once."""
        paths = []
        for sha256 in dict.fromkeys(sha256s):
            paths.append(self.path(sha256))
            side = self.sidecar_path(sha256)
            if side.exists():
                paths.append(side)
        sync_files(paths)

    def write_file(self, sha256: str, source: Path, sidecar: Sidecar | None = None) -> Path:
        """Store a file's bytes under their hash, copied in chunks (bounded memory); ``write``
        otherwise. A file whose bytes no longer have that hash (changed since it was hashed)
        raises ``ChangedError`` and nothing is kept."""
        if self.path(sha256).exists():
            return self.path(sha256)
        target, side = self.path(sha256), self.sidecar_path(sha256)
        new_sidecar = sidecar is not None and not side.exists()
        if new_sidecar:
            write_atomically(side, sidecar.to_json(), 0o444)
        try:
            return write_atomically(target, _chunks_checked(source, sha256), 0o444)
        except ChangedError:
            if new_sidecar:
                side.unlink(missing_ok=True)
            raise

    def sidecar_path(self, sha256: str) -> Path:
        return Path(self.folder) / SIDECARS / sha256[:2] / f"{sha256}.json"

    def sidecar(self, sha256: str) -> Sidecar | None:
        """The original's sidecar; None if it has none (kept before sidecars) or is unreadable."""
        try:
            return Sidecar.from_json(self.sidecar_path(sha256).read_bytes())
        except (OSError, ValueError):
            return None

    def stored(self) -> Iterator[str]:
        """The SHA-256 of every original on disk (sidecars and unfinished writes left out)."""
        folder = Path(self.folder)
        if not folder.is_dir():
            return
        for path in folder.glob("??/*"):
            if _SHA256.fullmatch(path.name) and path.parent.name == path.name[:2]:
                yield path.name

    def any_stored(self) -> bool:
        """Whether at least one original is on disk."""
        return next(self.stored(), None) is not None

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

    def remove(self, sha256: str) -> bool:
        """Delete an original for good (only ``archive trash empty`` does, once no record uses
        it); returns whether it was there."""
        try:
            self.path(sha256).unlink()
        except FileNotFoundError:
            return False
        return True

    def remove_stale_temporaries(self) -> int:
        """Delete the ``.tmp`` files an interrupted write left (call under the writer lock)."""
        return remove_stale_temporaries(self.folder)


def original_path(originals_dir: Path, sha256: str) -> Path:
    return Path(originals_dir) / sha256[:2] / sha256


def write_original(originals_dir: Path, sha256: str, data: bytes, sync: bool = True) -> Path:
    """Store bytes under their hash (temp file, fsync, rename); never overwritten, unless
    the file there is shorter or longer than the bytes (a power cut before its sync)."""
    target = original_path(originals_dir, sha256)
    try:
        if target.stat().st_size == len(data):
            return target
    except FileNotFoundError:
        pass
    return write_atomically(target, data, 0o444, sync=sync)


def remove_stale_temporaries(originals_dir: Path) -> int:
    """Delete ``.tmp`` files an interrupted or failed write left; call under the writer lock."""
    removed = 0
    folder = Path(originals_dir)
    for tmp in [*folder.glob("*/.*.tmp"), *folder.glob(f"{SIDECARS}/*/.*.tmp")]:
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


class ChangedError(ValueError):
    """The file changed while it was read: index it again."""


def _chunks_checked(path: Path, sha256: str):
    """The file's bytes in chunks; ``ChangedError`` at the end if they do not hash to ``sha256``."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            yield chunk
    if digest.hexdigest() != sha256:
        raise ChangedError(f"{path} changed while it was read: index it again.")


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
