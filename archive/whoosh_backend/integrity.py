"""Is the index on disk whole? Segment checksums kept at commit, and a full read-through.

Whoosh checks nothing when it reads: a flipped byte surfaces as a crash in one search
("Block tag error") or as wrong answers, and a deleted segment file as a traceback in
every command. After each commit the SHA-256 of every new segment file is added to
``segments.sha256`` (written atomically; files merged away are dropped). ``problems()``
reports missing segment files and files whose bytes no longer match; segment files not
in the manifest (an index of an older release, or a kill between commit and manifest)
are read through instead: every posting list, stored document and column.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.reading import SegmentReader

from archive.errors import ArchiveError, IndexDamagedError
from archive.originals import file_sha256

MANIFEST = "segments.sha256"


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        found = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _segment_files(storage, segment) -> list[str]:
    if segment.is_compound():
        return [segment.make_filename(".seg")]
    return sorted(segment.list_files(storage))


def record_checksums(folder: Path, indexname: str) -> None:
    """After a commit: add the new segment files' SHA-256 to the manifest, drop gone ones."""
    storage = FileStorage(str(folder), supports_mmap=False)
    known = _read_manifest(folder)
    current = {}
    for segment in TOC.read(storage, indexname).segments:  # the latest commit's segments
        for name in _segment_files(storage, segment):
            path = folder / name
            if name in known:
                current[name] = known[name]
            elif path.is_file():
                current[name] = file_sha256(path)
    if current == known:
        return
    tmp = folder / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(current, indent=0, sort_keys=True))
    os.replace(tmp, folder / MANIFEST)


def problems(folder: Path, indexname: str, read_through: bool = True) -> list[str]:
    """What is wrong with the index in ``folder`` (empty: every segment reads whole).

    Without ``read_through`` only missing files and checksums are looked at (quick).
    """
    storage = FileStorage(str(folder), supports_mmap=False)
    try:
        toc = TOC.read(storage, indexname)
    except Exception as error:  # noqa: BLE001 -- any failure to read the table of contents
        return [f"the index's table of contents cannot be read ({error})"]
    manifest = _read_manifest(folder)
    found = []
    for segment in toc.segments:
        names = _segment_files(storage, segment)
        missing = [n for n in names if not (folder / n).is_file()]
        if missing or not names:
            found.append(f"segment {segment.segment_id()} is missing ({', '.join(missing)})")
            continue
        if all(n in manifest for n in names) or not read_through:
            found += [
                f"segment file {n} is corrupt: its bytes changed since it was written"
                for n in names
                if n in manifest and file_sha256(folder / n) != manifest[n]
            ]
            continue
        error = _read_through(storage, toc.schema, segment)
        if error:
            found.append(f"segment {segment.segment_id()} cannot be read ({error})")
    return found


def _read_through(storage, schema, segment) -> str | None:
    """Read every posting list, stored document and column of a segment; the first error."""
    storage = _ClosingStorage(storage.folder, supports_mmap=False)
    try:
        reader = SegmentReader(storage, schema, segment)
        for fieldname in reader.indexed_field_names():
            for text in reader.lexicon(fieldname):
                for _item in reader.postings(fieldname, text).all_items():
                    pass
        for _fields in reader.all_stored_fields():
            pass
        for fieldname in schema.names():
            if reader.has_column(fieldname):
                for _value in reader.column_reader(fieldname):
                    pass
    except Exception as error:  # noqa: BLE001 -- whatever Whoosh raises on damaged bytes
        return str(error) or type(error).__name__
    finally:
        storage.close_all()
    return None


class _ClosingStorage(FileStorage):
    """A file storage that closes every file it opened (a reader that failed to open
    leaves its files to the garbage collector otherwise)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.opened: list = []

    def open_file(self, name, **kwargs):
        opened = super().open_file(name, **kwargs)
        self.opened.append(opened)
        return opened

    def close_all(self) -> None:
        for opened in self.opened:
            if not opened.is_closed:
                opened.close()


def damage_reported(method):
    """A backend method whose failures become ``IndexDamagedError`` when the files are damaged.

    Any other failure is re-raised as it was (a fault of the code stays visible).
    """
    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def generator(self, *args, **kwargs):
            try:
                yield from method(self, *args, **kwargs)
            except ArchiveError:
                raise
            except Exception as error:
                _raise_if_damaged(self.path, self.index_name, error)
                raise

        return generator

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except ArchiveError:
            raise
        except Exception as error:
            _raise_if_damaged(self.path, self.index_name, error)
            raise

    return wrapper


def _raise_if_damaged(folder: Path, indexname: str, error: Exception) -> None:
    found = problems(folder, indexname, read_through=False) if folder.is_dir() else []
    if found:
        raise IndexDamagedError(
            f"The search index in {folder} is damaged ({found[0]}): run `archive check "
            "--repair` to rebuild it from the archive's records."
        ) from error
