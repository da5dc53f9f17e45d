"""The intake: what each extracted file means for the archive, and saving it in batches.

The rules: a file with the same bytes as one already archived (by another path)
is a duplicate; an article whose id is stored with the same content is unchanged
(same file) or a duplicate (another file); a capture of a page beats a
third-party export of it; otherwise it is new or an update (keeping when it was
first added). Records and file states are saved in write batches of the store;
indexing runs in a background thread so extraction goes on meanwhile.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from archive import index_sync
from archive.errors import NotFoundError
from archive.records import EXTRACTOR_VERSION, Record
from archive.store import Archive
from archive.write_batch import FileState, content_hash
from indexer import claims
from indexer.limits import RunLimits
from indexer.workers import Done, Task

#: Seconds between commits, however few records are waiting.
COMMIT_EVERY_SECONDS = 60.0


@dataclass
class RunSummary:
    """What a run did; ``rejected`` and ``skipped`` say why, file by file."""

    counts: Counter = field(default_factory=Counter)
    rejected: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    #: Fields dropped from articles that were kept: {"path", "member", "reason"}.
    warnings: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    def add(self, outcome: str, n: int = 1) -> None:
        self.counts[outcome] += n

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected or self.interrupted else 0

    def to_dict(self) -> dict:
        return {
            "indexed": self.counts["indexed"],
            "updated": self.counts["updated"],
            "duplicates": self.counts["duplicate"],
            "unchanged": self.counts["unchanged"],
            "skipped": self.counts["skipped"],
            "rejected": len(self.rejected),
            "files": self.counts["files"],
            "read": self.counts["read"],
            "seconds": round(self.seconds, 2),
            "interrupted": self.interrupted,
            "rejected_files": self.rejected,
            "skipped_files": self.skipped,
            "duplicate_files": self.duplicates,
            "warnings": self.warnings,
        }


@dataclass
class FileOutcome:
    """What one file came to: ``outcome`` is rejected, duplicate, the foremost of its
    articles' (indexed, updated, duplicate, unchanged), or empty (no article, no error);
    ``records`` holds their (id, outcome)."""

    path: str
    outcome: str
    records: list[tuple[str, str]] = field(default_factory=list)
    reason: str = ""  # why it was rejected, or what it duplicates


#: A file's outcome is the first of its articles' in this order.
_FOREMOST = ("indexed", "updated", "duplicate", "unchanged")


class Intake:
    """Main-process side: decides new/updated/duplicate and commits in batches.

    ``on_file`` (optional) is called with each file's ``FileOutcome`` (the watch
    folder logs them; uploads answer with them), and a streamed container's per part.
    """

    def __init__(
        self, archive: Archive, summary: RunSummary, batch_size: int = RunLimits.batch_size
    ):
        self.archive = archive
        self.batch_size = batch_size
        self.summary = summary
        self.pending: list[tuple] = []  # ("record", record, name) | ("file", FileState)
        self.pending_records = 0
        self.last_commit = time.monotonic()
        self.seen_sha: dict[str, str] = {}  # sha -> first path, this run
        self.seen_ids: dict[str, tuple[str, str]] = {}  # id -> (content hash, type), this run
        self._indexer: threading.Thread | None = None
        self._error: BaseException | None = None
        self.submit = None  # a process pool's submit, while one runs: parallel indexing
        self.on_file = None

    def take(self, done: Done) -> FileOutcome:
        outcome = self._take(done)
        if self.on_file is not None:
            self.on_file(outcome)
        return outcome

    def _take(self, done: Done) -> FileOutcome:
        """One file's outcome, or one part's of a container read as a stream (``done.next``:
        the file goes on; its state says where, so a stopped run resumes there)."""
        task, summary = done.task, self.summary
        last = done.next is None
        summary.add("read", int(last))
        state = FileState(
            task.path, task.size, task.mtime_ns, done.sha256, "indexed", None, EXTRACTOR_VERSION
        )
        if not last:
            state.status, state.reason = "partial", done.next.part.describe()
        kept_before = task.part.kept if task.part else 0  # records of the file's earlier parts
        nothing = not kept_before and not done.result.records and done.result.rejections
        if done.error or (last and nothing):
            reason = done.error or "; ".join(r.describe() for r in done.result.rejections[:5])
            summary.rejected.append({"path": task.path, "reason": reason})
            state.status, state.reason = "rejected", reason
            self.pending.append(("file", state))
            return FileOutcome(task.path, "rejected", reason=reason)
        for rejection in done.result.rejections:
            summary.rejected.append(
                {"path": task.path, "member": rejection.member, "reason": rejection.reason}
            )
        summary.warnings += [
            {"path": task.path, "member": w.member, "reason": w.reason}
            for w in done.result.warnings
        ]
        first = self.seen_sha.get(done.sha256) or self.archive.has_original(done.sha256)
        if first and first != task.path:
            summary.add("duplicate", len(done.result.records))
            summary.duplicates.append({"path": task.path, "duplicate_of": first})
            state.status, state.reason = "duplicate", f"same bytes as {first}"
            self.pending.append(("file", state))
            return FileOutcome(task.path, "duplicate", reason=state.reason)
        self.seen_sha.setdefault(done.sha256, task.path)
        records = [self._take_record(r, task) for r in done.result.records]
        self.pending.append(("file", state))
        outcomes = {outcome for _, outcome in records}
        foremost = next((o for o in _FOREMOST if o in outcomes), "empty")  # no article in it
        return FileOutcome(task.path, foremost, records)

    def _take_record(self, record: Record, task: Task) -> tuple[str, str]:
        """(the id the record is saved under, its outcome)."""
        new_hash = content_hash(record)
        existing = self.seen_ids.get(record.id) or self.archive.existing(record.id)
        if existing is None:
            outcome = "indexed"
        elif existing[0] == new_hash:
            outcome = "unchanged" if self._same_file(record) else "duplicate"
        elif existing[1] in ("html", "warc") and record.type == "json":
            outcome = "duplicate"  # a capture of the page beats a third-party export
        elif not self._may_update(record):
            # not the same article: its own record, under its own id
            return self._take_record(claims.own_record(record), task)
        else:
            outcome = "updated"
            # None when the record was first seen earlier in this run, not yet saved.
            record.added = self.archive.added_time(record.id) or record.added
        self.summary.add(outcome)
        if outcome == "duplicate":
            self.summary.duplicates.append(
                {"path": task.path, "member": record.origin.member, "duplicate_of": record.id}
            )
        if outcome in ("indexed", "updated"):
            self.seen_ids[record.id] = (new_hash, record.type)
            self.pending.append(("record", record, task.path))
            self.pending_records += 1
        return record.id, outcome

    def _may_update(self, record: Record) -> bool:
        """Whether this capture may replace the text of the record whose address it claims."""
        try:
            current = self.archive.get(record.id)
        except NotFoundError:  # first seen earlier in this run: not saved yet
            return True
        return claims.may_update(current, record)

    def _same_file(self, record: Record) -> bool:
        return self.archive.origin_path(record.id) == record.origin.path

    def due(self) -> bool:
        return self.pending_records >= self.batch_size or (
            self.pending and time.monotonic() - self.last_commit > COMMIT_EVERY_SECONDS
        )

    def flush(self, wait: bool = False) -> None:
        """Save the batch's records now; index them in the background (or now, with ``wait``).

        Indexing in a thread lets extraction go on meanwhile, so neither waits for
        the other; the records are safe in the store (pending) before it starts.
        """
        if self.pending:
            save_batch(self.archive, self.pending)
            self.pending.clear()
            self.pending_records = 0
            self.seen_ids.clear()  # saved: the store knows them now (memory stays bounded)
        if wait:
            self._join()
            self._index_pending()
        elif self._indexer is None or not self._indexer.is_alive():
            self._join()  # re-raises what a finished thread ran into
            self._indexer = threading.Thread(target=self._index, name="indexer", daemon=True)
            self._indexer.start()
        # else: the running thread takes this batch too (it indexes until nothing is pending)
        self.last_commit = time.monotonic()

    def _index(self) -> None:
        try:
            self._index_pending()
        except BaseException as error:  # noqa: BLE001 - re-raised by _join in the main thread
            self._error = error

    def _index_pending(self) -> None:
        try:
            index_sync.index_pending(self.archive, submit=self.submit)
        except BrokenProcessPool:  # a worker crashed under a parallel build: build here
            index_sync.index_pending(self.archive)

    def settle(self) -> None:
        """Wait for the background indexing (before its pool is replaced); errors stay for later."""
        if self._indexer is not None:
            self._indexer.join()

    def _join(self) -> None:
        if self._indexer is not None:
            self._indexer.join()
            self._indexer = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error


def save_batch(archive: Archive, items: list[tuple]) -> None:
    """Save records ("record", record, name) and file states ("file", state) in one transaction."""
    with archive.batch() as batch:
        for item in items:
            if item[0] == "record":
                batch.save(item[1], item[2])
            else:
                batch.file_state(item[1])
