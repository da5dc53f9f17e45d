"""Indexing runs: incremental, duplicates, updates, rejections, interruptions."""

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from archive import index_sync
from archive.store import open_archive
from indexer.run import run_index
from tests.support import (
    PARAGRAPH,
    app_settings,
    build_archive,
    html_page,
    jsonl,
    sigint_as_at_a_terminal,
    warc_bytes,
    write,
)


def page(n: int, extra: str = "") -> str:
    return html_page(
        f"Harbour report number {n}",
        f"Report {n} on the harbour. {extra}\n\n{PARAGRAPH}",
        date=f"2023-0{1 + n % 9}-1{n % 10}T08:00:00+00:00",
        url=f"https://news.example/report-{n}",
    )


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "saved"
    for n in range(5):
        write(folder / f"report-{n}.html", page(n))
    return folder


def test_first_run_indexes_and_second_run_skips_everything(tmp_path, folder):
    archive, first = build_archive(tmp_path / "arc", folder)
    assert first.counts["indexed"] == 5 and first.exit_code == 0
    again = run_index(archive, [str(folder)], workers=1)
    assert again.counts["unchanged"] == 5
    assert again.counts["indexed"] == again.counts["updated"] == 0
    assert archive.count() == archive.index.count() == 5


def test_originals_are_kept_byte_for_byte(tmp_path, folder):
    archive, _ = build_archive(tmp_path / "arc", folder)
    for record in archive.iter_records():
        original = archive.read_original(record.origin.sha256)
        with open(record.origin.path, "rb") as handle:
            assert original == handle.read()
        mode = archive.original_path(record.origin.sha256).stat().st_mode
        assert mode & 0o222 == 0  # read-only for everyone (root's access() would say writable)


def test_same_bytes_twice_is_one_record_reported_as_duplicate(tmp_path, folder):
    copy = write(tmp_path / "elsewhere" / "copy.html", (folder / "report-1.html").read_bytes())
    archive, summary = build_archive(tmp_path / "arc", folder, copy)
    assert archive.count() == 5
    assert summary.counts["duplicate"] == 1
    assert summary.duplicates[0]["path"] == str(copy.resolve())


def test_touched_file_with_same_bytes_is_unchanged(tmp_path, folder):
    archive, _ = build_archive(tmp_path / "arc", folder)
    os.utime(folder / "report-2.html", (time.time() + 5, time.time() + 5))
    again = run_index(archive, [str(folder)], workers=1)
    assert again.counts["unchanged"] == 5 and not again.duplicates


def test_new_version_of_an_article_updates_its_record(tmp_path, folder):
    archive, _ = build_archive(tmp_path / "arc", folder)
    before = {r.id: r for r in archive.iter_records()}
    newer = write(
        tmp_path / "later" / "report-3-updated.html", page(3, "Correction: the crane count was 12.")
    )
    summary = run_index(archive, [str(newer)], workers=1)
    assert summary.counts["updated"] == 1
    assert archive.count() == 5
    (changed,) = [r for r in archive.iter_records() if "Correction" in r.body]
    assert changed.id in before and changed.added == before[changed.id].added
    assert len(archive.versions(changed.id)) == 2
    from archive.search import SearchRequest, search

    assert search(archive, SearchRequest(q="crane")).total == 1


def test_bad_files_are_rejected_with_a_reason_and_the_batch_goes_on(tmp_path, folder):
    write(folder / "empty.html", "")
    write(folder / "broken.warc.gz", b"\x1f\x8b not really gzip")
    write(folder / "notes.pdf", b"%PDF-1.4")  # truncated: rejected, not skipped
    write(folder / "notes.docx", b"PK not an article format")
    write(folder / "export.jsonl", jsonl([{"title": "No text here"}]))
    archive, summary = build_archive(tmp_path / "arc", folder, tmp_path / "missing-folder")
    reasons = {os.path.basename(r["path"]): r["reason"] for r in summary.rejected}
    assert "empty" in reasons["empty.html"]
    assert "WARC" in reasons["broken.warc.gz"]
    assert "none of its 1 JSON objects is an article" in reasons["export.jsonl"]
    assert "no such file" in reasons["missing-folder"]
    assert "not a readable PDF" in reasons["notes.pdf"]
    assert summary.skipped[0]["reason"].startswith("not an article format")
    assert summary.counts["indexed"] == 5
    assert summary.exit_code == 1


def test_warc_articles_become_records_captured_at_the_crawl_date(tmp_path):
    data = warc_bytes(
        [
            ("https://news.example/w1", html_page("Crawled one", "Alpha text here.")),
            ("https://news.example/w2", html_page("Crawled two", "Beta text here.")),
        ]
    )
    warc = write(tmp_path / "crawl.warc.gz", data)
    archive, summary = build_archive(tmp_path / "arc", warc)
    assert summary.counts["indexed"] == 2
    records = sorted(archive.iter_records(), key=lambda r: r.title)
    assert [r.title for r in records] == ["Crawled one", "Crawled two"]
    assert all(r.type == "warc" and r.origin.member for r in records)
    assert {r.date for r in records} == {None}  # the crawl is when it was captured...
    assert records[0].captured.year == 2024  # ...never when it was published


def test_export_never_replaces_a_capture_of_the_same_page(tmp_path, folder):
    export = write(
        tmp_path / "export.jsonl",
        jsonl(
            [
                {
                    "title": "Other title",
                    "body": "Exported text",
                    "url": "https://news.example/report-0",
                }
            ]
        ),
    )
    archive, summary = build_archive(tmp_path / "arc", folder, export)
    assert summary.counts["duplicate"] == 1
    assert all(r.type == "html" for r in archive.iter_records())


def test_user_tags_are_added(tmp_path, folder):
    archive, _ = build_archive(tmp_path / "arc", folder, user_tags=("harbours", "my project"))
    assert all({"harbours", "my project"} <= set(r.tags) for r in archive.iter_records())


def test_second_concurrent_run_gets_a_clear_message(tmp_path, folder):
    from archive.errors import ArchiveLockedError

    holder = open_archive(tmp_path / "arc")
    holder.lock()
    try:
        with pytest.raises(ArchiveLockedError, match="Another indexing run"):
            run_index(open_archive(tmp_path / "arc"), [str(folder)], workers=1)
    finally:
        holder.unlock()


def _spawn(archive_dir, folder, slow: bool = False):
    # slow: each file takes 100 ms more, so the run cannot finish before the signal, even when
    # the test's own process waits seconds for a core (at 20 ms it did now and then, at load 20+)
    env = dict(os.environ, ARCHIVE_BATCH_SIZE="10", ARCHIVE_TEST_SLOW_FILE="0.1" if slow else "0")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cli",
            "--archive",
            str(archive_dir),
            "index",
            str(folder),
            "--workers",
            "1",
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        preexec_fn=sigint_as_at_a_terminal,  # the signal test sends Ctrl-C
    )


def _records_in_db(archive_dir) -> int:
    try:
        with contextlib.closing(sqlite3.connect(archive_dir / "archive.db", timeout=10)) as db:
            return db.execute("SELECT count(*) FROM records").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_run_then_rerun_loses_and_duplicates_nothing(tmp_path, sig):
    folder = tmp_path / "many"
    total = 150
    for n in range(total):
        write(folder / f"report-{n:03d}.html", page(n))
    archive_dir = tmp_path / "arc"
    process = _spawn(archive_dir, folder, slow=True)
    deadline = time.monotonic() + 60
    while _records_in_db(archive_dir) < 20 and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    process.send_signal(sig)
    out, err = process.communicate(timeout=60)
    assert process.returncode != 0, "the run finished before it could be interrupted"
    assert "Traceback" not in err
    done = _records_in_db(archive_dir)
    assert 0 < done < total
    if sig == signal.SIGINT:  # issue 22.15: "381 read" was printed for 96 done
        import re

        counts = re.search(r"(\d+) files found, (\d+) read", out)
        assert counts and int(counts[1]) == total and int(counts[2]) == done, out

    rerun = _spawn(archive_dir, folder)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    archive = open_archive(archive_dir)
    assert archive.count() == total
    assert archive.index.count() == total
    assert index_sync.pending_count(archive) == 0
    assert len(set(archive.index.ids())) == total


# ------------------------------------------------------------------ issue 22: hostile captures
def _story(n: int) -> str:
    """An article of its own words (a few hundred words, generated)."""
    import random

    rng = random.Random(n)
    words = [f"{rng.choice('bcdfgklmnprstv')}{rng.choice('aeiou')}{k}" for k in range(300)]
    rng.shuffle(words)
    return "\n\n".join(" ".join(words[i : i + 60]) + "." for i in range(0, 300, 60))


def test_a_page_claiming_another_sites_address_does_not_take_over_its_record(tmp_path):
    """Issue 22.1: a canonical naming another site's article replaced that article's text."""
    genuine = write(
        tmp_path / "saved" / "story.html",
        html_page("Quay repairs finished", _story(1), url="https://harbour.example/news/quay"),
    )
    archive, _ = build_archive(tmp_path / "arc", genuine)
    (original,) = archive.iter_records()
    claims = [
        "https://www.harbour.example/news/quay/",
        "https://harbour.example/news/quay#top",
        "https://harbour.example/news/quay?utm_source=feed",
    ]
    for n, claim in enumerate(claims):
        write(
            tmp_path / "elsewhere" / f"spam-{n}.html",
            html_page(f"Miracle offer {n}", _story(100 + n), site="Spam", url=claim),
        )
    summary = run_index(archive, [str(tmp_path / "elsewhere")], workers=1).to_dict()
    assert (summary["indexed"], summary["updated"]) == (3, 0), summary
    kept = archive.get(original.id)
    assert (kept.title, kept.body) == (original.title, original.body)
    assert kept.source == original.source
    from archive.search import SearchRequest, search

    first_words = " ".join(original.body.split()[:3])
    hits = search(archive, SearchRequest(q=first_words)).hits
    assert [h.record.id for h in hits] == [original.id]
    assert archive.count() == 4
    spam = next(r for r in archive.iter_records() if r.title == "Miracle offer 0")
    assert spam.claimed_url == claims[0] and spam.url is None
    from app import create_app

    archive.close()
    app = create_app(app_settings(tmp_path / "arc"))
    page = app.test_client().get(f"/articles/{spam.id}").get_data(as_text=True)
    app.extensions["news_archive"].close()
    assert 'id="claimed-url"' in page and "claims the address of another article" in page


QUAY = "https://harbour.example/news/quay"


def _genuine(tmp_path, text: str):
    """An archive holding one article saved from ``QUAY``."""
    page = html_page("Quay repairs finished", text, url=QUAY)
    return build_archive(tmp_path / "arc", write(tmp_path / "saved" / "story.html", page))[0]


def test_an_edited_copy_of_the_same_article_still_updates_it(tmp_path):
    text = _story(2)
    archive = _genuine(tmp_path, text)
    edited = text.replace(".", ", the council said on Tuesday.", 1) + "\n\nA paragraph added."
    write(
        tmp_path / "later" / "story-again.html",
        html_page("Quay repairs finished", edited, url="https://www.harbour.example/news/quay/"),
    )
    summary = run_index(archive, [str(tmp_path / "later")], workers=1).to_dict()
    assert (summary["indexed"], summary["updated"]) == (0, 1), summary
    assert archive.count() == 1


def test_a_warc_capture_from_another_host_claiming_the_address_gets_its_own_record(tmp_path):
    text = _story(3)
    archive = _genuine(tmp_path, text)
    copied = html_page("Quay repairs finished", text, url=QUAY)
    pages = [("https://mirror.example/q", copied)]
    crawl = write(tmp_path / "crawl" / "c.warc.gz", warc_bytes(pages))
    summary = run_index(archive, [str(crawl)], workers=1).to_dict()
    assert (summary["indexed"], summary["updated"]) == (1, 0), summary
    assert archive.count() == 2


def test_a_deleted_original_is_restored_when_the_same_file_is_indexed_again(tmp_path, folder):
    """Issue 22.10: the file was "unchanged" (skipped) and the original stayed missing."""
    archive, _ = build_archive(tmp_path / "arc", folder)
    record = next(archive.iter_records())
    path = archive.original_path(record.origin.sha256)
    data = path.read_bytes()
    path.unlink()
    summary = run_index(archive, [str(folder)], workers=1).to_dict()
    assert summary["rejected"] == 0, summary
    assert path.is_file() and path.read_bytes() == data
    from archive.check import check_archive

    assert check_archive(archive).problems == []
