"""Containers read as streams: a WARC, or a JSON Lines export, a part at a time.

A part is one worker task: it reads up to ``ITEMS_PER_PART`` items from where the
last part stopped, extracts each within the per-article time budget and returns
their records with the task that reads the next part. So a worker holds one part,
the intake saves each part's records while the next is read, and memory stays
bounded whatever the container's size. The original is copied (in chunks) into the
archive with the first part that gives a record. The intake saves each part's end
with its records: a run stopped mid-way resumes there (``indexer.run.plan``).

A JSON document (one list, not JSON Lines) is parsed whole: it is read as before,
up to ``indexer.readers.json.MAX_DOCUMENT_BYTES``.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from archive.originals import CHUNK, ChangedError
from archive.sidecars import Sidecar
from indexer.pipeline import Article, FileResult, human_error, vocabulary_for, warm_up
from indexer.readers import Rejection, SourceItem
from indexer.readers import json as json_reader
from indexer.readers import warc as warc_reader
from indexer.readers._items import START, Cursor
from indexer.workers import Done, Job, Task, open_regular_file, time_budget, too_large

#: Items (articles and rejected ones) read per part: what a worker holds at once.
ITEMS_PER_PART = 200
CHANGED = "the file changed while it was read: index it again"
_STREAMS = {"warc": warc_reader.stream, "json": json_reader.stream}


@dataclass(frozen=True)
class Part:
    """Where a container's next part starts, and what its earlier parts found."""

    at: Cursor = START
    sha256: str | None = None
    seen: int = 0  # items read (articles and rejected ones)
    found: int = 0  # articles read
    kept: int = 0  # records given
    first_rejection: str = ""  # the first rejected item, for "none of its N is an article"

    def describe(self) -> str:
        """The part as the intake saves it (a file's state), read back by ``from_state``."""
        return (
            f"partly read, resumed by the next run: byte {self.at.offset}, line {self.at.line},"
            f" {self.seen} read, {self.found} articles, {self.kept} kept"
        )

    @classmethod
    def from_state(cls, sha256: str | None, reason: str | None) -> Part | None:
        """The part a saved state describes (``describe``), None if it describes none."""
        numbers = re.fullmatch(
            r"partly read, resumed by the next run: byte (\d+), line (\d+),"
            r" (\d+) read, (\d+) articles, (\d+) kept",
            reason or "",
        )
        if not numbers or not sha256:
            return None
        offset, line, seen, found, kept = map(int, numbers.groups())
        return cls(Cursor(offset, line), sha256, seen, found, kept)


def streamed(task: Task, job: Job) -> Done | bool:
    """Whether the task's file is read as a stream; a ``Done`` if it is refused as it is.

    A WARC and JSON Lines are streamed; a JSON document over its limit is refused
    without being read.
    """
    if task.kind not in _STREAMS or task.part is not None:
        return task.kind in _STREAMS
    if task.kind == "warc":
        return True
    try:
        with open_regular_file(task.path) as handle:
            if json_reader.is_lines(handle):
                return True
    except OSError as error:
        return Done(task, None, FileResult(), f"cannot read the file: {human_error(error)}")
    refusal = json_reader.document_too_large(task.size)
    return Done(task, None, FileResult(), refusal) if refusal else False


def process_part(task: Task, job: Job) -> Done:
    """Worker side: read and extract one part; keep the original with the first records.

    Never raises for a file's sake: every failure is a rejection with a reason.
    """
    part = task.part or Part()
    result = FileResult()
    try:
        with open_regular_file(task.path) as handle:
            stat = os.fstat(handle.fileno())
            if part.sha256 and (stat.st_size, stat.st_mtime_ns) != (task.size, task.mtime_ns):
                return Done(task, part.sha256, result, CHANGED)
            if stat.st_size > job.limits.max_file_bytes:
                return Done(task, None, result, too_large(job.limits.max_file_bytes))
            sha = part.sha256 or _sha256(handle)
            following = _read_part(task, job, handle, dataclasses.replace(part, sha256=sha), result)
    except OSError as error:
        return Done(task, part.sha256, FileResult(), f"cannot read the file: {human_error(error)}")
    if result.records and not job.originals.path(sha).exists():
        facts = (sha, task.path, task.kind, task.size, task.mtime_ns, job.user_tags)
        try:
            job.originals.write_file(sha, Path(task.path), Sidecar.describe(*facts, result.records))
        except ChangedError:
            return Done(task, sha, FileResult(), CHANGED)
        except OSError as error:
            if error.errno == errno.ENOSPC:
                raise  # the disk is full: the whole run stops with that message
            return Done(task, sha, FileResult(), f"cannot save the original: {human_error(error)}")
    following_task = dataclasses.replace(task, part=following) if following else None
    return Done(task, sha, result, next=following_task)


def is_stream(kind: str, handle) -> bool:
    """Whether an open file of this kind is read a part at a time (a WARC, JSON Lines)."""
    return kind == "warc" or (kind == "json" and json_reader.is_lines(handle))


def stored_parts(stored: Path, task: Task, job: Job, sha256: str) -> Iterator[Done]:
    """Every part of a container the archive keeps, read again from its copy ``stored``.

    ``task`` names the file as it was indexed (the records' origin). Each article is
    extracted within the per-article budget, so a rebuild or a reextract of a container
    of any size reads it once, as the indexing run did. Raises ``OSError`` if ``stored``
    cannot be opened.
    """
    part = Part(sha256=sha256)
    with open_regular_file(stored) as handle:
        while True:
            result = FileResult()
            following = _read_part(task, job, handle, part, result)
            next_task = dataclasses.replace(task, part=following) if following else None
            yield Done(task, sha256, result, next=next_task)
            if next_task is None:
                return
            task, part = next_task, following


def _read_part(task: Task, job: Job, handle, part: Part, result: FileResult) -> Part | None:
    """Add up to ``ITEMS_PER_PART`` items from ``part.at`` on to ``result``; the next part, or
    None at the end of the file."""
    vocabulary = vocabulary_for(Path(job.vocabulary_file) if job.vocabulary_file else None)
    warm_up(vocabulary)  # loading the models is no article's time
    article = Article(
        task.path,
        task.kind,
        part.sha256,
        task.size,
        datetime.fromtimestamp(task.mtime_ns / 1e9, UTC),
        job.user_tags,
        vocabulary,
        job.limits,
        functools.partial(time_budget, job.limits.file_seconds),
    )
    read, seen, found, first = 0, part.seen, part.found, part.first_rejection
    for at, item in _STREAMS[task.kind](handle, part.at):
        whole_file = isinstance(item, Rejection) and item.member is None  # not readable: the end
        if item is None:
            continue
        if read >= ITEMS_PER_PART and not whole_file:
            kept = part.kept + len(result.records)
            return Part(at, part.sha256, seen, found, kept, first)
        article.add(item, result)
        if whole_file:
            return None
        read, seen = read + 1, seen + 1
        found += isinstance(item, SourceItem)
        first = first or (item.describe() if isinstance(item, Rejection) else "")
    if not found and task.kind == "warc":
        result.rejections.append(Rejection(None, warc_reader.NO_HTML))
    elif not found and seen:
        nothing = Rejection(None, json_reader.nothing_found(seen, first))
        if not part.seen:  # the whole file in this part: said once, as when read whole
            result.rejections.clear()
        result.rejections.insert(0, nothing)
    return None


def _sha256(handle) -> str:
    """The SHA-256 of an open file, read in chunks."""
    digest = hashlib.sha256()
    handle.seek(0)
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()
