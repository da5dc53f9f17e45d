"""``archive check``: verify that nothing was lost or corrupted, and repair the index.

Checks every original against its SHA-256, that every record's original is
there, that the search index's files are whole (``Backend.verify``: each segment
against the checksum kept at commit, or read through), that it holds exactly
the records (count and ids), that nothing is left pending, and that the stories
(copies and versions) agree with the records. ``repair`` indexes what the index
lacks, removes what it holds that the archive does not and recomputes the
stories; originals are never touched.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from archive import database, index_sync, originals, stories, trash
from archive.errors import ArchiveError
from archive.store import DB_NAME, Archive

#: Problems listed one by one before they are summarised.
LISTED = 20
#: Where ``check --repair`` moves files found in ``originals/`` that no row records.
QUARANTINE = "quarantine/originals"


@dataclass
class CheckReport:
    archive: str
    engine: str
    records: int = 0
    originals: int = 0
    indexed: int = 0
    trashed: int = 0  # records in the trash: kept with their originals, not in the index
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    #: Problems that repair fixed (the rest remain).
    fixed: int = 0
    #: Why ``archive.db`` cannot be trusted (then nothing else is checked): run ``rebuild``.
    damaged: str | None = None

    @property
    def ok(self) -> bool:
        return not self.damaged and len(self.problems) == self.fixed

    def verdict(self) -> str:
        if self.damaged:
            return f"DAMAGED: {self.damaged}"
        trash = f", {self.trashed} in the trash" if self.trashed else ""
        where = (
            f"{self.archive} ({self.records} records{trash}, {self.originals} originals,"
            f" {self.engine})"
        )
        if not self.problems:
            return f"OK: {where}: every original matches its SHA-256 and the index agrees."
        if self.ok:
            return f"REPAIRED: {where}: {len(self.problems)} problem(s) found and fixed."
        return f"PROBLEMS: {where}: {len(self.problems) - self.fixed} problem(s) found."

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "verdict": self.verdict(),
            "archive": self.archive,
            "engine": self.engine,
            "records": self.records,
            "originals": self.originals,
            "indexed": self.indexed,
            "trashed": self.trashed,
            "problems": self.problems,
            "repaired": self.repaired,
            "damaged": self.damaged,
        }


def _listed(report: CheckReport, items: list[str], summary: str) -> None:
    report.problems += items[:LISTED]
    if len(items) > LISTED:
        report.problems.append(f"... and {len(items) - LISTED} more {summary}")


def database_damage(archive: Archive) -> str | None:
    """What makes ``archive.db`` untrustworthy, or None: lost, empty, truncated, malformed,
    or without a single record while originals exist (``--repair`` must not bless that)."""
    what = archive.database_damage()
    if what:
        return what
    try:
        what = database.thorough_damage(archive.db, archive.path / DB_NAME)
        held = archive.db.execute("SELECT count(*) FROM records").fetchone()[0]  # trash too
        if what is None and held == 0 and archive.originals.any_stored():
            what = "empty (no records, while originals/ holds originals)"
    except sqlite3.DatabaseError as error:
        if not database.is_damage(error):
            raise
        what = str(error)
    return what


def check_archive(archive: Archive, repair: bool = False) -> CheckReport:
    """Check the archive (``repair``: fix the index); a damaged database stops the check."""
    report = CheckReport(str(archive.path), archive.index.name)
    damage = database_damage(archive)
    if damage:
        report.damaged = str(database.damaged(archive.path / DB_NAME, damage))
        return report
    db = archive.db
    report.records = archive.count()
    report.trashed = trash.count(archive)
    stored = db.execute("SELECT sha256 FROM originals ORDER BY sha256").fetchall()
    report.originals = len(stored)
    bad = []
    for (sha,) in stored:
        path = archive.original_path(sha)
        if not path.is_file():
            bad.append(f"original {sha} is missing ({path})")
        elif originals.file_sha256(path) != sha:
            bad.append(f"original {sha} does not match its SHA-256: it was modified ({path})")
    _listed(report, bad, "originals")
    orphans = [
        f"record {rid} has no original ({sha})"
        for rid, sha in db.execute(
            "SELECT id, sha256 FROM records WHERE sha256 NOT IN (SELECT sha256 FROM originals)"
        )
    ]
    _listed(report, orphans, "records without an original")
    _check_strays(archive, report, repair)
    _check_index(archive, report, repair)
    _check_stories(archive, report, repair)
    return report


def _check_strays(archive: Archive, report: CheckReport, repair: bool) -> None:
    """Files in ``originals/`` that no row records (bytes written by a run that was killed or
    whose record did not change). ``repair`` moves them to ``quarantine/originals/``: without
    a row nothing says which file they were saved as, so they cannot be indexed faithfully,
    and originals are never deleted.
    """
    strays = _stray_originals(archive)
    if not strays:
        return
    before = len(report.problems)
    _listed(report, [f"stray original {p.name}: no record of it ({p})" for p in strays], "strays")
    if not repair:
        return
    archive.lock()
    try:
        moved = originals.quarantine(_stray_originals(archive), archive.path / QUARANTINE)
    finally:
        archive.unlock()
    report.repaired.append(f"moved {moved} stray original(s) to {archive.path / QUARANTINE}")
    report.fixed += len(report.problems) - before


def _stray_originals(archive: Archive) -> list[Path]:
    known = {sha for (sha,) in archive.db.execute("SELECT sha256 FROM originals")}
    if not archive.originals_dir.is_dir():
        return []
    return sorted(
        path
        for path in archive.originals_dir.glob("*/*")
        if path.is_file()
        and not path.name.startswith(
            "."
        )  # a write in progress (or a leftover the next run removes)
        and (path.name not in known or path.parent.name != path.name[:2])
    )


def _check_stories(archive: Archive, report: CheckReport, repair: bool) -> None:
    """Copies and versions (archive/stories.py) agree with the records; repair files them anew."""
    try:
        found = stories.verify(archive.db, archive.iter_records())
    except sqlite3.OperationalError:  # read-only, written before stories: no tables to read
        report.problems.append(
            "the archive has no stories yet: `archive check --repair` (with write access)"
            " files them"
        )
        return
    _listed(report, found, "story problems")
    if repair and found:
        archive.lock()
        try:
            with archive.transaction() as conn:
                done = stories.rebuild(conn, archive.iter_records())
            if index_sync.index_state(archive) == "pending":  # records whose story changed
                index_sync.index_pending(archive)
        finally:
            archive.unlock()
        report.repaired.append(f"recomputed the stories of {done} record(s)")
        report.fixed += min(len(found), LISTED + 1)


def _check_index(archive: Archive, report: CheckReport, repair: bool) -> None:
    damage = archive.index.verify()
    state = "damaged" if damage else index_sync.index_state(archive)
    if state in ("missing", "outdated", "damaged"):
        before = len(report.problems)
        report.problems.append(f"the search index is {state}")
        _listed(report, damage, "damaged parts of the index")
        if repair:
            archive.lock()
            try:
                index_sync.reindex(archive)
            finally:
                archive.unlock()
            report.repaired.append(f"rebuilt the search index from {report.records} records")
            report.fixed += len(report.problems) - before
        return
    try:
        indexed = set(archive.index.ids())
    except ArchiveError as error:
        report.problems.append(f"the search index cannot be read: {error}")
        return
    report.indexed = len(indexed)
    records = {r for (r,) in archive.db.execute("SELECT id FROM records WHERE trashed IS NULL")}
    pending = index_sync.pending_count(archive)
    missing = sorted(records - indexed)
    extra = sorted(indexed - records)
    found = []
    if missing:
        found.append(f"{len(missing)} record(s) missing from the index, e.g. {missing[0]}")
    if extra:
        found.append(
            f"{len(extra)} index document(s) without a record (or in the trash), e.g. {extra[0]}"
        )
    if pending:
        found.append(f"{pending} record(s) pending (not yet indexed)")
    report.problems += found
    if repair and found:
        archive.lock()
        try:
            if missing:
                with archive.transaction() as conn:
                    conn.executemany(
                        "UPDATE records SET pending = 1 WHERE id = ?", [(m,) for m in missing]
                    )
            archive.index.delete(extra)
            done = index_sync.index_pending(archive)
        finally:
            archive.unlock()
        report.repaired.append(f"indexed {done} record(s), removed {len(extra)} stray document(s)")
        report.fixed += len(found)
