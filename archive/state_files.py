"""What only ``archive.db`` holds, kept as plain files too, so ``archive rebuild`` restores it.

Records can be extracted again from the originals; saved searches, users, the
editors' corrections and notes, the trash and the audit log cannot. Each table
listed in ``EXPORTED`` (users, API tokens, saved searches, corrections) is written
whole to ``exported/TABLE.json`` in the archive folder after every change
(temporary file, fsync, rename: a crash leaves the previous copy or the new one,
never half a file); so is each of ``SELECTED``, part of another table (the trash:
which records are in it, since when, by whom). The audit log, append-only, gets one
JSON line per entry in ``exported/audit.jsonl`` (appended and synced; a line cut
short by a crash is skipped when restoring). The copies are readable by the owner
only: users hold password hashes.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path

from archive.atomic import write_atomically

#: Where the copies live, inside the archive folder.
FOLDER = "exported"
#: The tables kept whole as plain files, in the order they are restored (users before what
#: names them); a table missing from an archive's database is skipped.
EXPORTED = ("users", "tokens", "saved_searches", "corrections")
#: Copies of part of another table: name -> the query that reads it. ``archive rebuild``
#: lays them over the records once they are read again (``archive.trash.put_back``).
SELECTED = {
    "trash": "SELECT id, trashed, trashed_by FROM records WHERE trashed IS NOT NULL ORDER BY id"
}
#: The append-only tables, kept as JSON lines.
APPENDED = ("audit",)
#: Owner-only: the copies hold what archive.db holds (password hashes, session keys).
MODE = 0o600


def export_path(archive_dir: Path, table: str) -> Path:
    """The plain copy of ``table`` (JSON lines for an append-only one)."""
    suffix = "jsonl" if table in APPENDED else "json"
    return Path(archive_dir) / FOLDER / f"{table}.{suffix}"


def _query(table: str) -> str:
    return SELECTED.get(table) or f"SELECT * FROM {table} ORDER BY rowid"  # noqa: S608 - ours


def select_rows(conn: sqlite3.Connection, table: str) -> list[dict]:
    """The rows of ``table`` (or of a ``SELECTED`` copy) as they are in ``conn``."""
    cursor = conn.execute(_query(table))
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


#: One thread of a process writes a copy at a time (they share its temporary name).
_WRITING = threading.Lock()


def export_table(conn: sqlite3.Connection, archive_dir: Path, table: str) -> Path:
    """Write every row of ``table`` to its plain file (call after each committed change)."""
    with _WRITING:  # read and written together: the last writer has the latest rows
        rows = select_rows(conn, table)
        data = json.dumps({"table": table, "rows": rows}, ensure_ascii=False, indent=1)
        return write_atomically(export_path(archive_dir, table), data.encode("utf-8"), MODE)


def changed(archive, *tables: str) -> None:
    """After a committed change to ``tables`` of ``archive``: rewrite their plain copies."""
    for table in tables:
        export_table(archive.db, archive.path, table)


def export_appended(conn: sqlite3.Connection, archive_dir: Path, table: str) -> Path:
    """Write an append-only table whole to its JSON lines copy (``rebuild``, once)."""
    cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")  # noqa: S608 - our names
    columns = [c[0] for c in cursor.description]
    lines = [json.dumps(dict(zip(columns, r, strict=True)), ensure_ascii=False) for r in cursor]
    data = "".join(f"{line}\n" for line in lines).encode("utf-8")
    return write_atomically(export_path(archive_dir, table), data, MODE)


def append_row(archive_dir: Path, table: str, row: dict) -> None:
    """Append one entry of an append-only table to its JSON lines copy (synced)."""
    path = export_path(archive_dir, table)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, MODE)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def read_appended(archive_dir: Path, table: str) -> list[dict]:
    """The entries kept for an append-only table; a line cut short by a crash is skipped."""
    path = export_path(archive_dir, table)
    rows = []
    try:
        lines = path.read_bytes().splitlines()
    except FileNotFoundError:
        return []
    for line in lines:
        try:
            row = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(row, dict):
            rows.append(row)
    return rows


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
    for table in (*EXPORTED, *APPENDED):
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not columns:
            continue
        rows = read_export(archive_dir, table) if table in EXPORTED else []
        rows = rows or (read_appended(archive_dir, table) if table in APPENDED else [])
        for row in rows:
            names = [k for k in row if k in columns]
            conn.execute(
                f"INSERT OR REPLACE INTO {table} ({', '.join(names)})"  # noqa: S608 - our names
                f" VALUES ({', '.join('?' * len(names))})",
                [row[k] for k in names],
            )
        restored[table] = len(rows)
    return restored
