"""What an archive holds, in numbers: records, originals, sources, languages, dates, the engine.

Articles in the trash are counted apart (``trashed``), never among the records,
sources, types, languages or dates.
"""

from __future__ import annotations

from archive import index_sync, trash
from archive.errors import EngineUnavailableError
from archive.store import Archive

#: The records that count: those not in the trash.
LIVE = "(SELECT * FROM records WHERE trashed IS NULL)"


def archive_stats(archive: Archive) -> dict:
    """The summary ``archive stats`` prints (and ``--json`` gives as it is)."""
    db = archive.db
    by_type = dict(
        db.execute(f"SELECT json_extract(data, '$.type'), count(*) FROM {LIVE} GROUP BY 1")
    )
    by_lang = dict(
        db.execute(
            f"SELECT coalesce(json_extract(data, '$.lang'), '?'), count(*) FROM {LIVE}"
            " GROUP BY 1 ORDER BY 2 DESC LIMIT 10"
        )
    )
    first, last = db.execute(f"SELECT min(date), max(date) FROM {LIVE}").fetchone()
    folder = archive.originals_dir
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0
    return {
        "archive": str(archive.path),
        "records": archive.count(),
        "trashed": trash.count(archive),
        "pending_index": index_sync.pending_count(archive),
        "originals": db.execute("SELECT count(*) FROM originals").fetchone()[0],
        "originals_mb": round(size / 1e6, 2),
        "sources": db.execute(
            f"SELECT count(DISTINCT json_extract(data, '$.source')) FROM {LIVE}"
        ).fetchone()[0],
        "by_type": by_type,
        "by_language": by_lang,
        "undated": db.execute(f"SELECT count(*) FROM {LIVE} WHERE date IS NULL").fetchone()[0],
        "first_date": first,
        "last_date": last,
        "files_seen": db.execute("SELECT count(*) FROM files").fetchone()[0],
        "files_rejected": db.execute(
            "SELECT count(*) FROM files WHERE status = 'rejected'"
        ).fetchone()[0],
        **engine_stats(archive),
    }


def engine_stats(archive: Archive) -> dict:
    """The engine's health and the index state; "unavailable" (and why) when it is down."""
    try:
        return {"engine": archive.index.health(), "index": index_sync.index_state(archive)}
    except EngineUnavailableError as exc:
        return {
            "engine": {"engine": archive.index.name, "status": "unavailable", "error": str(exc)},
            "index": "unavailable",
        }
