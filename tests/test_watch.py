"""indexer.watch: files that settle in a watched folder are indexed once, complete; restarts
catch up without reading anything twice. Real folders, a real archive, real file events."""

from __future__ import annotations

import contextlib
import logging
import threading
import time

import pytest

from archive import audit
from archive.search import SearchRequest, search
from archive.store import open_archive
from indexer.watch import Watcher, log_outcome
from tests.support import html_page, wait_for, write

BODY = "The ferry to Port Elin ran again on Tuesday after the storm.\n\n" + (
    "Passengers waited at the quay while the crew checked the ramp and the engines. " * 4
)


@contextlib.contextmanager
def watching(archive, folder, **options):
    """A watcher running in a thread; yields (watcher, outcomes seen)."""
    outcomes = []

    def seen(outcome):
        outcomes.append(outcome)
        log_outcome(outcome)

    watcher = Watcher(archive, [folder], on_file=seen, **options)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    try:
        yield watcher, outcomes
    finally:
        watcher.stop.set()
        thread.join(30)


def found(archive, query: str) -> list[str]:
    return [hit.record.id for hit in search(archive, SearchRequest(q=query)).hits]


@pytest.mark.parametrize("polling", [False, True], ids=["events", "polling"])
def test_a_file_written_slowly_in_chunks_is_indexed_once_and_complete(tmp_path, polling):
    archive = open_archive(tmp_path / "archive")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    page = html_page("Ferry runs again", BODY + "\n\nThe last line says Zanzibarquay.").encode()
    with watching(archive, inbox, polling=polling) as (watcher, outcomes):
        time.sleep(1)  # the catch-up of the empty folder is done
        target = inbox / "ferry.html"
        chunks = [page[i : i + len(page) // 5 + 1] for i in range(0, len(page), len(page) // 5 + 1)]
        with open(target, "wb") as handle:
            for chunk in chunks:  # a slow download: a pause shorter than the settle time
                handle.write(chunk)
                handle.flush()
                time.sleep(0.6)
        written = time.monotonic()
        assert wait_for(lambda: found(archive, "Zanzibarquay"))
        assert time.monotonic() - written < 5  # searchable within 5 s of the last byte
        time.sleep(2.5)  # time for any second (wrong) look at the file
    assert [(o.path, o.outcome) for o in outcomes] == [(str(target), "indexed")]
    [record] = list(archive.iter_records())
    assert record.body.rstrip().endswith("Zanzibarquay.")
    assert archive.read_original(record.origin.sha256) == page


def test_a_restart_catches_up_and_reads_nothing_twice(tmp_path, caplog):
    archive = open_archive(tmp_path / "archive")
    inbox = tmp_path / "inbox"
    write(inbox / "old.html", html_page("Harbour fees rise", BODY))
    write(inbox / "notes.odt", b"not an article format")
    caplog.set_level(logging.INFO, logger="archive.watch")
    with watching(archive, inbox) as (_, first):
        assert wait_for(lambda: len(first) == 1)  # the catch-up at start
    write(inbox / "sub" / "new.html", html_page("Quay repairs finish", BODY))  # while stopped
    with watching(archive, inbox) as (_, second):
        assert wait_for(lambda: len(second) == 1)
        time.sleep(1)
    assert [o.outcome for o in first + second] == ["indexed", "indexed"]
    assert second[0].path == str(inbox / "sub" / "new.html")  # old.html was not read again
    assert archive.count() == 2
    logged = [r.getMessage() for r in caplog.records]
    assert any(line.startswith("indexed") and "new.html" in line for line in logged)


def test_indexed_updated_duplicate_and_rejected_files_are_in_the_audit_log(tmp_path):
    archive = open_archive(tmp_path / "archive")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with watching(archive, inbox) as (_, outcomes):
        time.sleep(1)
        write(inbox / "a.html", html_page("Harbour fees rise", BODY))
        assert wait_for(lambda: len(outcomes) == 1)
        write(inbox / "a.html", html_page("Harbour fees rise", BODY + "\n\nA new paragraph."))
        assert wait_for(lambda: len(outcomes) == 2)
        write(inbox / "copy.html", (inbox / "a.html").read_bytes())
        assert wait_for(lambda: len(outcomes) == 3)
        write(inbox / "broken.json", b"{this is not JSON")
        assert wait_for(lambda: len(outcomes) == 4)
    assert [o.outcome for o in outcomes] == ["indexed", "updated", "duplicate", "rejected"]
    assert archive.count() == 1
    [record] = archive.iter_records()
    logged = [e for e in reversed(audit.entries(archive)) if e.action == "watch"]
    assert {e.user for e in logged} == {f"watch:{inbox.resolve()}"}
    assert [e.detail.split(": ", 1)[1].split()[0] for e in logged] == [
        "indexed",
        "updated",
        "duplicate",
        "rejected",
    ]
    assert logged[0].detail.endswith(f"a.html: indexed {record.id}")
    assert "copy.html: duplicate (same bytes as" in logged[2].detail
    assert "broken.json: rejected (" in logged[3].detail


def test_watching_a_missing_folder_says_so(tmp_path):
    archive = open_archive(tmp_path / "archive")
    with pytest.raises(NotADirectoryError, match="is not a folder"):
        Watcher(archive, [tmp_path / "nowhere"])
