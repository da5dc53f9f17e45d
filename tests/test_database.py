"""archive/database.py: looking at archive.db never takes away the locks of open connections."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from archive import database


def _write_from_another_process(db: Path) -> None:
    """Another process (an ``archive index`` run) writes one row and closes its connection."""
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        " c.execute('INSERT INTO t VALUES (2)'); c.commit(); c.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=60)


def test_a_look_at_the_file_keeps_this_process_a_user_of_the_database(tmp_path):
    """A process closing its connection checkpoints and deletes the write-ahead log only when it
    is the database's last user. A look at archive.db's header (before every web request) must
    not drop this process's locks: the log would be deleted under its open connections, and
    their next read says "database disk image is malformed"."""
    db = tmp_path / "archive.db"
    conn = database.connect(db, read_only=False)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (1,)
    for _ in range(3):
        assert database.file_damage(db) is None
        assert database.thorough_damage(conn, db) is None
    _write_from_another_process(db)
    assert Path(f"{db}-wal").exists()  # this process still counts as a user: the log stays
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (2,)
    conn.close()


def test_the_header_says_what_is_wrong_with_the_file(tmp_path):
    db = tmp_path / "archive.db"
    assert database.file_damage(db) == "missing"
    db.write_bytes(b"")
    assert database.file_damage(db) == "empty (0 bytes)"
    db.unlink()
    db.write_bytes(b"not a database at all, just words")  # a new file: read afresh
    assert database.file_damage(db) == "not an SQLite database"
    db.unlink()
    database.connect(db, read_only=False).close()
    assert database.file_damage(db) is None
