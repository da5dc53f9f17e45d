"""``archive reextract``: every record made anew from its original by the current extractor.

A file of one article is extracted again under the per-file budget. A container (a
WARC, a JSON export) is read once for all its records, a part at a time, each article
within the per-article budget, as the indexing run read it: a 10,000-article WARC is
one pass over the file, not 10,000.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from archive import index_sync
from archive.errors import ArchiveError
from archive.records import Record
from archive.store import Archive
from archive.write_batch import content_hash
from indexer.containers import is_stream, stored_parts
from indexer.intake import RunSummary, save_batch
from indexer.limits import DEFAULT_LIMITS, RunLimits
from indexer.pipeline import FileResult, human_error, records_from_bytes, with_user_tags
from indexer.workers import OVER_BUDGET, Job, OverBudget, Task, open_regular_file, time_budget

CONTAINER_KINDS = ("warc", "json")
GONE = "the original no longer gives this article"


def reextract(
    archive: Archive,
    progress=None,
    *,
    limits: RunLimits = DEFAULT_LIMITS,
) -> RunSummary:
    """Re-parse every stored original with the current extractor, in batches.

    The user's own tags (``--tag``), the time a record was added and when it was
    captured are kept. One missing original, failing article or article over its
    time budget (``limits.file_seconds``) is a rejection with its reason; the run
    goes on.
    """
    started = time.monotonic()
    summary = RunSummary()
    vocabulary = archive.path / "vocabulary.txt"
    archive.lock()
    try:
        index_sync.ensure_index(archive)
        total, batch, done = archive.count(), [], 0
        containers_read: set[str] = set()
        for old in archive.iter_records():
            if old.type in CONTAINER_KINDS and old.origin.member is not None:
                if old.origin.sha256 in containers_read:
                    continue  # its record was made with the container's first one
                containers_read.add(old.origin.sha256)
                made = _reextract_container(archive, old, vocabulary, limits)
            else:
                made = iter([(old, *_reextract_one(archive, old, vocabulary, limits))])
            for before, new, reason in made:
                _tally(summary, batch, before, new, reason)
                if len(batch) >= limits.batch_size:
                    save_batch(archive, batch)
                    batch.clear()
                    index_sync.index_pending(archive)
                done += 1
                if progress:
                    progress(done, total)
        save_batch(archive, batch)
        index_sync.index_pending(archive)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        archive.unlock()
    summary.seconds = time.monotonic() - started
    return summary


def _tally(summary: RunSummary, batch: list, old: Record, new: Record | None, reason: str) -> None:
    """Count one record's outcome; an updated record joins the batch to save."""
    if reason:
        summary.rejected.append(
            {"path": old.origin.path, "member": old.origin.member, "reason": reason}
        )
    elif content_hash(new) == content_hash(old):
        summary.add("unchanged")
    else:
        summary.add("updated")
        batch.append(("record", new, new.origin.path))


def _reextract_one(
    archive: Archive, old: Record, vocabulary: Path, limits: RunLimits = DEFAULT_LIMITS
) -> tuple[Record | None, str]:
    """The record extracted anew from its original, or None and the reason why not."""
    try:
        data = archive.read_original(old.origin.sha256)
    except ArchiveError as error:
        return None, str(error)
    try:
        with time_budget(limits.file_seconds):  # the same limits as an indexing run
            result = records_from_bytes(
                data,
                path=old.origin.path,
                kind=old.type,
                sha256=old.origin.sha256,
                vocabulary_file=vocabulary if vocabulary.exists() else None,
                limits=limits,
            )
    except OverBudget:
        return None, OVER_BUDGET.format(limits.file_seconds)
    except Exception as error:  # noqa: BLE001 - reported per record, never stops the run
        return None, f"extraction failed: {human_error(error)}"
    match = [r for r in result.records if r.origin.member == old.origin.member]
    if not match:
        return None, GONE
    return _keep_users(match[0], old), ""


def _reextract_container(
    archive: Archive, first: Record, vocabulary: Path, limits: RunLimits
) -> Iterator[tuple[Record, Record | None, str]]:
    """(old record, new record or None, why not) for every record of ``first``'s container."""
    sha = first.origin.sha256
    ids = dict(
        archive.db.execute("SELECT member, id FROM records WHERE sha256 = ?", (sha,)).fetchall()
    )
    stored = archive.original_path(sha)
    task = Task(first.origin.path, first.type, 0, 0)
    job = Job(archive.originals, (), str(vocabulary) if vocabulary.exists() else None, limits)
    try:
        task.size = stored.stat().st_size
        with open_regular_file(stored) as handle:
            streamed = is_stream(first.type, handle)
        if streamed:
            results = (done.result for done in stored_parts(stored, task, job, sha))
        else:  # a JSON document: parsed whole, each article within its budget
            results = iter([_whole_container(archive, first, vocabulary, limits)])
        for result in results:
            yield from _match(archive, ids, result)
    except ArchiveError as error:
        reason = str(error)
    except FileNotFoundError:
        reason = f"The original {sha} is missing from {archive.originals.folder}."
    except OSError as error:
        reason = f"cannot read the original: {human_error(error)}"
    except Exception as error:  # noqa: BLE001 - reported per record, never stops the run
        reason = f"extraction failed: {human_error(error)}"
    else:
        reason = GONE
    for record_id in ids.values():  # what the container did not give (any more)
        yield archive.get_extracted(record_id), None, reason


def _whole_container(
    archive: Archive, first: Record, vocabulary: Path, limits: RunLimits
) -> FileResult:
    """Every record of a container read whole (a JSON document), each in its own budget."""
    return records_from_bytes(
        archive.read_original(first.origin.sha256),
        path=first.origin.path,
        kind=first.type,
        sha256=first.origin.sha256,
        vocabulary_file=vocabulary if vocabulary.exists() else None,
        limits=limits,
        item_budget=lambda: time_budget(limits.file_seconds),
    )


def _match(
    archive: Archive, ids: dict[str, str], result: FileResult
) -> Iterator[tuple[Record, Record | None, str]]:
    """The container part's records and rejections, each paired with the record it renews."""
    for new in result.records:
        record_id = ids.pop(new.origin.member, None)
        if record_id is not None:
            old = archive.get_extracted(record_id)
            yield old, _keep_users(new, old), ""
    for rejection in result.rejections:
        record_id = ids.pop(rejection.member, None) if rejection.member else None
        if record_id is not None:
            yield archive.get_extracted(record_id), None, rejection.reason


def _keep_users(new: Record, old: Record) -> Record:
    """``new`` with what is the user's or the archive's from ``old``: id, added, tags."""
    new.id, new.added = old.id, old.added
    new.captured = new.captured or old.captured
    return with_user_tags(new, old.tags if old.user_tags is None else old.user_tags)
