"""The trash: articles taken out of search, feeds and exports, kept until it is emptied.

Moving an article to the trash marks its record (``records.trashed``) and sends it
to the index as a removal (``index_sync``); the record and its originals stay.
``restore`` puts it back. Only ``empty`` removes anything: the records in the trash
(older than a given age), their versions and corrections, and the originals that no
other record uses; it returns what it removed. What is in the trash is copied to
``exported/trash.json`` after every change (``archive.state_files``): ``archive
rebuild`` reads the records again from the originals, then ``put_back`` marks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from archive import audit, index_sync, state_files, stories
from archive.errors import ArchiveError

if TYPE_CHECKING:
    from archive.store import Archive

_AGE_RE = re.compile(r"^\s*(\d+)\s*([dhw])\s*$")
_UNITS = {"d": "days", "h": "hours", "w": "weeks"}


@dataclass(frozen=True)
class Trashed:
    id: str
    title: str
    at: str
    by: str


@dataclass
class Emptied:
    """What ``empty`` removed."""

    records: list[Trashed] = field(default_factory=list)
    originals: list[tuple[str, str]] = field(default_factory=list)  # (sha256, name)
    kept_originals: int = 0  # still used by another record


def parse_age(text: str) -> timedelta:
    """``30d``, ``12h``, ``2w`` -> a timedelta (ArchiveError for anything else)."""
    match = _AGE_RE.match(text or "")
    if not match:
        raise ArchiveError(f"{text!r} is not an age: write 30d, 12h or 2w.")
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def move(archive: Archive, ids: list[str], user: str, address: str = "") -> list[str]:
    """Move articles to the trash (already there: left as they are); returns those moved."""
    moved = _mark(archive, ids, "trashed IS NULL", (_now(), user))
    for rid in moved:
        audit.record(archive, "moved to trash", user, rid, address)
    return moved


def restore(archive: Archive, ids: list[str], user: str, address: str = "") -> list[str]:
    """Put articles back from the trash; returns those restored."""
    restored = _mark(archive, ids, "trashed IS NOT NULL", (None, None))
    for rid in restored:
        audit.record(archive, "restored from trash", user, rid, address)
    return restored


def _mark(archive: Archive, ids: list[str], where: str, values: tuple) -> list[str]:
    wanted = [archive.resolve_id(i) for i in ids]  # NotFoundError names a wrong id
    with archive.transaction() as conn:
        done = _set_marks(conn, [(*values, rid) for rid in dict.fromkeys(wanted)], where)
    if done:
        state_files.changed(archive, "trash")
    return done


def _set_marks(conn, rows: list[tuple], where: str) -> list[str]:
    """(trashed, trashed_by, id) set where ``where`` holds; the ids changed (re-indexed)."""
    done = []
    with stories.trash_changing(conn, [rid for _, _, rid in rows]):
        for when, who, rid in rows:
            changed = conn.execute(
                "UPDATE records SET trashed = ?, trashed_by = ?, pending = 1,"
                f" version = version + 1 WHERE id = ? AND {where}",
                (when, who, rid),
            ).rowcount
            if changed:
                done.append(rid)
    return done


def put_back(conn, rows: list[dict]) -> int:
    """Mark records as in the trash again from its plain copy (``archive rebuild``, after the
    records are read again); rows naming no record are skipped. Returns how many."""
    marks = [
        (row["trashed"], row.get("trashed_by"), row["id"])
        for row in rows
        if isinstance(row.get("id"), str) and isinstance(row.get("trashed"), str)
    ]
    return len(_set_marks(conn, marks, "trashed IS NULL"))


def listing(archive: Archive, older_than: timedelta | None = None) -> list[Trashed]:
    """The articles in the trash, oldest first (optionally only those older than an age)."""
    cutoff = (datetime.now(UTC) - older_than).isoformat() if older_than else "9999"
    return [
        Trashed(*row)
        for row in archive.db.execute(
            "SELECT id, json_extract(data, '$.title'), trashed, coalesce(trashed_by, '')"
            " FROM records WHERE trashed IS NOT NULL AND trashed <= ? ORDER BY trashed, id",
            (cutoff,),
        )
    ]


def count(archive: Archive) -> int:
    return archive.db.execute("SELECT count(*) FROM records WHERE trashed IS NOT NULL").fetchone()[
        0
    ]


def empty(
    archive: Archive, user: str, older_than: timedelta | None = None, address: str = ""
) -> Emptied:
    """Remove for good the articles in the trash (older than ``older_than``) and the
    originals no other record uses. Call under the writer lock."""
    result = Emptied(records=listing(archive, older_than))
    ids = [t.id for t in result.records]
    if not ids:
        return result
    with archive.transaction() as conn:
        marks = ",".join("?" * len(ids))
        shas = {
            sha
            for (sha,) in conn.execute(
                f"SELECT sha256 FROM versions WHERE record_id IN ({marks})"
                f" UNION SELECT sha256 FROM records WHERE id IN ({marks})",
                [*ids, *ids],
            )
        }
        for rid in ids:
            stories.forget(conn, rid)  # the rest of its story stays
        conn.execute(f"DELETE FROM versions WHERE record_id IN ({marks})", ids)
        conn.execute(f"DELETE FROM corrections WHERE record_id IN ({marks})", ids)
        conn.execute(f"DELETE FROM records WHERE id IN ({marks})", ids)
        for sha in sorted(shas):
            used = conn.execute(
                "SELECT 1 FROM records WHERE sha256 = ? UNION SELECT 1 FROM versions"
                " WHERE sha256 = ? LIMIT 1",
                (sha, sha),
            ).fetchone()
            if used:
                result.kept_originals += 1
                continue
            name = conn.execute("SELECT name FROM originals WHERE sha256 = ?", (sha,)).fetchone()
            conn.execute("DELETE FROM originals WHERE sha256 = ?", (sha,))
            result.originals.append((sha, name[0] if name else ""))
    state_files.changed(archive, "corrections", "trash")
    archive.index.delete(ids)  # already out of the index unless it was never synced
    index_sync.index_pending(archive)  # the rest of their stories, if those changed
    for sha, _name in result.originals:  # after the rows: never a row without its original
        archive.originals.remove(sha)
    audit.record(
        archive,
        "trash emptied",
        user,
        f"{len(ids)} articles, {len(result.originals)} originals removed",
        address,
    )
    return result
