"""What only ``archive.db`` holds, kept as plain files too, so ``archive rebuild`` restores it.

Records can be extracted again from the originals; saved searches cannot. Each
table listed in ``EXPORTED`` (saved searches; users, corrections and the audit
log where an archive has them) is written whole to ``exported/TABLE.json`` in
the archive folder after every change (temporary file, fsync, rename: a crash
leaves the previous copy or the new one, never half a file).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from archive.atomic import write_atomically

#: Where the copies live, inside the archive folder.
FOLDER = "exported"
#: The tables kept as plain files (a table missing from an archive's database is skipped).
EXPORTED = ("saved_searches",)


def export_path(archive_dir: Path, table: str) -> Path:
    return Path(archive_dir) / FOLDER / f"{table}.json"


def export_table(conn: sqlite3.Connection, archive_dir: Path, table: str) -> Path:
    """Write every row of ``table`` to its plain file (call after each committed change)."""
    cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")  # noqa: S608 - our names
    columns = [c[0] for c in cursor.description]
    rows = [dict(zip(columns, row, strict=True)) for row in cursor]
    data = json.dumps({"table": table, "rows": rows}, ensure_ascii=False, indent=1)
    return write_atomically(export_path(archive_dir, table), data.encode("utf-8"))


def read_export(archive_dir: Path, table: str) -> list[dict]:
    """The rows kept for ``table`` ([] when there is no copy); ValueError if it is unreadable."""
    path = export_path(archive_dir, table)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path} cannot be read: {error}") from None
    rows = data.get("rows") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError(f"{path} is not a copy of the {table} table")
    return rows


def restore_tables(conn: sqlite3.Connection, archive_dir: Path) -> dict[str, int]:
    """Insert every kept row into a new database's tables; table -> rows restored."""
    restored = {}
    for table in EXPORTED:
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        rows = read_export(archive_dir, table) if columns else []
        for row in rows:
            names = [k for k in row if k in columns]
            conn.execute(
                f"INSERT OR REPLACE INTO {table} ({', '.join(names)})"  # noqa: S608 - our names
                f" VALUES ({', '.join('?' * len(names))})",
                [row[k] for k in names],
            )
        restored[table] = len(rows)
    return restored
