"""Hostile inputs, generated here: each is one rejection naming the file, the rest is indexed.

Every case runs the real ``archive`` command in a subprocess with a timeout (a
hang fails the test instead of blocking the suite); nothing prints a traceback.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive import index_sync
from tests.support import (
    PARAGRAPH,
    app_settings,
    build_archive,
    html_page,
    jsonl,
    serve_nothing,
    sigint_as_at_a_terminal,
    warc_bytes,
    write,
)

GOOD = 3


def _good_files(folder: Path) -> None:
    for n in range(GOOD):
        write(
            folder / f"good-{n}.html",
            html_page(
                f"Good report {n}",
                f"Good report {n} on the port.\n\n{PARAGRAPH}",
                date=f"2023-05-0{n + 1}T08:00:00+00:00",
                url=f"https://news.example/good-{n}",
            ),
        )


def _cli(archive_dir, *args, timeout=90, env=None):
    return subprocess.run(
        [sys.executable, "-m", "cli", "--archive", str(archive_dir), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ, **(env or {})),
        errors="backslashreplace",
    )


def _index(tmp_path, folder, *extra, env=None, timeout=90):
    result = _cli(
        tmp_path / "arc",
        "index",
        str(folder),
        "--quiet",
        "--json",
        *extra,
        env=env,
        timeout=timeout,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    return result, summary


def _rejected_lines(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("  rejected")]


def _bad_json_export(name: str, obj: dict) -> tuple[str, bytes]:
    return name, (json.dumps({"body": "Some exported article text here.", **obj}) + "\n").encode()


HOSTILE = {
    # issue 2: one file used to abort a whole run
    "lone-surrogate.json": b'{"title": "Bad \\ud800 title", "body": "Text of the article \\ud800."}',
    # issue 9: binary content named .html
    "random.html": os.urandom(4096),
    "image.html": b"\x89PNG\r\n\x1a\n" + os.urandom(2000),
    "program.html": b"\x7fELF\x02\x01\x01" + bytes(2000),
    # issue 9: a field of the wrong type (was AttributeError text)
    "odd-types.json": b'{"title": 12, "body": "Some text of an article.", "lang": 5, "tags": {}}',
}

DATED = {
    # issue 1 and 2: out-of-range dates are dropped, never fatal
    "year-one.jsonl": jsonl(
        [{"title": "Year one", "body": "Dated year one.", "date": "0001-01-01T00:00:00Z"}]
    ),
    "year-500.jsonl": jsonl(
        [{"title": "Year 500", "body": "Dated year 500.", "date": "0500-01-01"}]
    ),
    "year-9999.jsonl": jsonl(
        [{"title": "Year 9999", "body": "Dated 9999.", "date": "9999-12-31T23:00:00-05:00"}]
    ),
}


def test_hostile_files_are_rejected_one_line_each_and_the_rest_is_indexed(tmp_path):
    folder = tmp_path / "saved"
    _good_files(folder)
    for name, data in {**HOSTILE, **DATED}.items():
        write(folder / name, data)
    warc = warc_bytes(
        gz=False, pages=[("https://news.example/w", html_page("Old crawl", "Crawled text."))]
    )
    assert b"WARC-Date: 2024-02-03T10:00:00Z" in warc
    write(
        folder / "old.warc",
        warc.replace(b"WARC-Date: 2024-02-03T10:00:00Z", b"WARC-Date: 0001-01-01T00:30:00+01:00"),
    )
    os.mkfifo(folder / "x.html")  # issue 3: a FIFO used to block the run forever
    os.symlink("b.html", folder / "a.html")  # issue 2: a symlink loop
    os.symlink("a.html", folder / "b.html")
    with open(os.fsencode(folder) + b"/caf\xe9.html", "wb") as handle:  # a name not UTF-8
        handle.write(html_page("Cafe", "Text of the cafe article.").encode())
    write(folder / "line\nbreak\x1b[31m.html", html_page("Escapes", "Escape text in a name."))
    locked = folder / "locked"
    write(locked / "inside.html", html_page("Hidden", "Hidden text."))
    locked.chmod(0)
    try:
        result, summary = _index(tmp_path, folder)
    finally:
        locked.chmod(0o755)
    names = {os.path.basename(r["path"]): r["reason"] for r in summary["rejected_files"]}
    for name in (
        "lone-surrogate.json",
        "random.html",
        "image.html",
        "program.html",
        "x.html",
        "a.html",
        "b.html",
        "caf\\xe9.html",
    ):
        assert name in names, (name, names)
    assert "binary" in names["image.html"] and "binary" in names["program.html"]
    assert "regular file" in names["x.html"]
    assert "UTF-8" in names["caf\\xe9.html"]
    if os.geteuid() != 0:  # root lists any folder
        assert "cannot list" in names["locked"]
    for reason in names.values():
        assert "Error(" not in reason and "'" not in reason.split(":")[0], reason
    lines = _rejected_lines(result)
    assert len(lines) == len(summary["rejected_files"])
    assert all("\x1b" not in line for line in result.stdout.splitlines())
    assert summary["rejected"] == len(names)
    # the good files, the dated exports (without their impossible dates) and odd types are in
    assert summary["indexed"] >= GOOD + len(DATED) + 1
    assert result.returncode == 1

    search = _cli(tmp_path / "arc", "search", "--json", "--sort", "newest")
    assert search.returncode == 0, search.stderr
    assert "Traceback" not in search.stderr


def test_huge_attribute_list_is_refused_quickly(tmp_path):
    folder = tmp_path / "saved"
    _good_files(folder)
    attrs = " ".join(f'a{i}="v"' for i in range(200_000))
    write(folder / "attrs.html", f"<html><body><div {attrs}><p>Hello</p></div></body></html>")
    result, summary = _index(tmp_path, folder, timeout=60)
    (rejected,) = summary["rejected_files"]
    assert rejected["path"].endswith("attrs.html") and "attributes" in rejected["reason"]
    assert summary["indexed"] == GOOD


def test_file_over_the_time_budget_is_rejected_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "saved"
    _good_files(folder)
    # 20,000 attributes take seconds in the parser (below the refusal threshold of the
    # pre-check when the budget is this small, the alarm cuts extraction short)
    words = " ".join(f"word{i}" for i in range(400_000))
    write(folder / "slow.txt", words)
    result, summary = _index(
        tmp_path, folder, "--workers", "2", env={"ARCHIVE_FILE_SECONDS": "0.05"}, timeout=60
    )
    reasons = {os.path.basename(r["path"]): r["reason"] for r in summary["rejected_files"]}
    assert "took too long" in reasons.get("slow.txt", ""), reasons


@pytest.mark.parametrize("how, status", [("", "exit status 70"), ("segv", "killed by SIGSEGV")])
def test_a_worker_that_crashes_rejects_its_file_and_the_run_goes_on(tmp_path, how, status):
    folder = tmp_path / "saved"
    for n in range(24):  # more than one task per worker: the pool is used
        write(
            folder / f"page-{n:02d}.html", html_page(f"Report {n}", f"Report {n}.\n\n{PARAGRAPH}")
        )
    write(folder / "crash-me.html", html_page("Crash", f"Crash.\n\n{PARAGRAPH}"))
    crash = "crash-me" + (f":{how}" if how else "")
    result, summary = _index(
        tmp_path, folder, "--workers", "2", env={"ARCHIVE_TEST_CRASH_FILE": crash}, timeout=120
    )
    assert result.returncode == 1
    (rejected,) = summary["rejected_files"]
    assert rejected["path"].endswith("crash-me.html")
    # the forkserver cannot always report a dead worker's status: then the reason has none
    assert rejected["reason"] in (
        f"the extraction process crashed ({status})",
        "the extraction process crashed",
    )
    assert summary["indexed"] == 24
    lines = _rejected_lines(result)
    assert len(lines) == 1 and "crash-me.html" in lines[0] and "crashed" in lines[0]


def test_workers_that_keep_crashing_stop_the_run_with_one_line(tmp_path):
    folder = tmp_path / "saved"
    for n in range(24):
        write(
            folder / f"page-{n:02d}.html", html_page(f"Report {n}", f"Report {n}.\n\n{PARAGRAPH}")
        )
    result = _cli(
        tmp_path / "arc",
        "index",
        str(folder),
        "--quiet",
        "--workers",
        "2",
        env={"ARCHIVE_TEST_CRASH_FILE": "page-"},
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    (line,) = [x for x in lines if x.strip() and not x.startswith("Created a new archive")]
    assert "extraction processes crashed 10 times" in line, result.stderr


def test_huge_text_file_keeps_the_original_whole_and_a_capped_body(tmp_path):
    from archive.store import open_archive
    from indexer.limits import RunLimits

    folder = tmp_path / "saved"
    line = "The harbour council met again to discuss the budget for the winter.\n"
    data = (line * (12 * 2**20 // len(line))).encode()
    write(folder / "huge.txt", data)
    result, summary = _index(tmp_path, folder, timeout=120)
    assert summary["indexed"] == 1, summary
    archive = open_archive(tmp_path / "arc")
    (record,) = archive.iter_records()
    assert len(record.body) <= RunLimits().max_body_chars
    assert record.origin.size == len(data)
    assert archive.read_original(record.origin.sha256) == data


def test_stale_temporary_originals_are_cleaned(tmp_path):
    folder = tmp_path / "saved"
    _good_files(folder)
    _index(tmp_path, folder)
    stale = write(tmp_path / "arc" / "originals" / "ab" / ".abcdef.123.tmp", b"partial")
    _good_files(tmp_path / "more")
    _index(tmp_path, tmp_path / "more")
    assert not stale.exists()


def _descendants(pid: int) -> set[int]:
    found, frontier = set(), [pid]
    while frontier:
        parent = frontier.pop()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == parent and int(entry.name) not in found:
                found.add(int(entry.name))
                frontier.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _slow_run(tmp_path):
    """A real `archive index` of 40 files with 2 workers, each file slowed to 0.5 s."""
    folder = tmp_path / "saved"
    for n in range(40):
        write(folder / f"r{n}.html", html_page(f"Report {n}", f"Report {n}. {PARAGRAPH}"))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cli",
            "--archive",
            str(tmp_path / "arc"),
            "index",
            str(folder),
            "--workers",
            "2",
            "--quiet",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, ARCHIVE_TEST_SLOW_FILE="0.5", ARCHIVE_BATCH_SIZE="5"),
        start_new_session=True,
        preexec_fn=sigint_as_at_a_terminal,  # one test sends Ctrl-C
    )
    children: set[int] = set()
    deadline = time.monotonic() + 30
    while len(children) < 3 and time.monotonic() < deadline:  # forkserver + 2 workers
        children = _descendants(process.pid)
        time.sleep(0.1)
    assert children, "no worker processes started"
    return folder, process, children


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_the_main_process_leaves_no_workers_holding_the_pipe(tmp_path):
    _, process, children = _slow_run(tmp_path)
    process.kill()
    # the pipe closes once every process holding it is gone: read to the end, bounded
    process.communicate(timeout=20)
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in children if _alive(p)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_is_one_line_and_prompt(tmp_path):
    folder, process, _ = _slow_run(tmp_path)
    time.sleep(1)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    out, err = process.communicate(timeout=15)
    assert process.returncode != 0
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    lines = [line for line in err.splitlines() if not line.startswith("Created a new archive")]
    assert len(lines) == 1 and lines[0].startswith("Interrupted"), err
    rerun = _cli(tmp_path / "arc", "index", str(folder), "--quiet", "--json")
    assert rerun.returncode == 0, rerun.stderr
    from archive.store import open_archive

    archive = open_archive(tmp_path / "arc")
    assert archive.count() == archive.index.count() == 40 and index_sync.pending_count(archive) == 0


def test_read_only_archive_reads_and_refuses_writes_with_a_true_message(tmp_path, monkeypatch):
    """chmod -R a-w (simulated: root may write anyway): search works, index says read-only."""
    from archive.errors import ArchiveReadOnlyError
    from archive.search import SearchRequest, search
    from archive.store import Archive, open_archive

    folder = tmp_path / "saved"
    _good_files(folder)
    _index(tmp_path, folder)
    before = sorted(p.name for p in (tmp_path / "arc").iterdir())
    monkeypatch.setattr(Archive, "read_only", lambda self: True)
    archive = open_archive(tmp_path / "arc")
    assert search(archive, SearchRequest(q="port")).total == GOOD
    with pytest.raises(ArchiveReadOnlyError, match="read-only"):
        archive.lock()
    archive.close()
    assert sorted(p.name for p in (tmp_path / "arc").iterdir()) == before  # no -wal, no -shm


def test_serve_on_all_interfaces_without_accounts_refuses_unless_public_read(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import cli

    served = []
    serve_nothing(monkeypatch, served)
    args = ["--archive", str(tmp_path / "a"), "serve", "--host", "0.0.0.0"]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 1 and not served
    assert "users add NAME --role admin" in result.output
    public = CliRunner().invoke(cli.main, [*args, "--public-read"])
    assert public.exit_code == 0 and served[0][0].extensions["settings"].public_read is True
    assert "anyone who reaches the server may search and read" in public.output


def test_serve_takes_a_base_url_and_refuses_one_that_is_no_address(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import cli

    served = []
    serve_nothing(monkeypatch, served)
    args = ["--archive", str(tmp_path / "a"), "serve", "--base-url"]
    ok = CliRunner().invoke(cli.main, [*args, "https://news.example/archive/"])
    assert (
        ok.exit_code == 0
        and served[0][0].extensions["settings"].base_url == "https://news.example/archive"
    )
    bad = CliRunner().invoke(cli.main, [*args, "news.example"])
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert bad.output.strip().splitlines()[-1].startswith("Error: BASE_URL must be")


def test_odd_file_names_download_and_warc_noise_stays_off_stderr(tmp_path):
    from app import create_app
    from archive.store import open_archive

    folder = tmp_path / "saved"
    write(folder / "line\nbreak\r.html", html_page("Odd name", "An article with an odd name."))
    warc = warc_bytes(gz=False, pages=[("https://news.example/w", html_page("W", "Warc text."))])
    head, sep, rest = warc.partition(b"Content-Length: ")
    length, nl, tail = rest.partition(b"\r\n")
    write(folder / "bad-length.warc", head + sep + str(int(length) - 5).encode() + nl + tail)
    result, summary = _index(tmp_path, folder)
    assert "WARNING" not in result.stderr and "Remainder" not in result.stderr, result.stderr
    archive = open_archive(tmp_path / "arc")
    (record,) = [r for r in archive.iter_records() if r.title == "Odd name"]
    client = create_app(app_settings(tmp_path / "arc")).test_client()
    response = client.get(f"/articles/{record.id}/original")
    assert response.status_code == 200
    assert "\n" not in response.headers["Content-Disposition"]


STORED_DATES = [
    "0001-01-01T00:00:00+00:00",
    "0500-01-01T00:00:00+00:00",
    "0001-01-01T00:30:00+01:00",
    "9999-12-31T23:00:00-05:00",
    "9999-12-31T23:59:59+00:00",
]


@pytest.mark.parametrize("stored", STORED_DATES)
def test_no_stored_date_value_breaks_search_api_exports_or_feeds(tmp_path, stored):
    """Whatever date an older extractor stored, every reader of the archive keeps working."""
    from datetime import datetime

    from app import create_app
    from archive import saved
    from archive.search import SearchRequest, search

    folder = tmp_path / "saved"
    _good_files(folder)
    archive, _ = build_archive(tmp_path / "arc", folder)
    record = next(archive.iter_records())
    try:
        record.date = datetime.fromisoformat(stored)
    except (ValueError, OverflowError):
        pytest.skip("not representable")
    try:
        with archive.batch() as batch:
            batch.save(record, record.origin.path)
    except OverflowError:  # not storable (no UTC form): extraction must never produce it
        from archive.records import plausible_date

        assert not plausible_date(record.date)
        return
    try:
        index_sync.index_pending(archive)
    except Exception as error:  # noqa: BLE001 - the index may refuse it; readers must not fail
        print("index refused:", error)
    saved.save(archive, "All", SearchRequest(q="report"))
    for sort in ("relevance", "newest", "oldest", "added"):
        assert search(archive, SearchRequest(q="report", sort=sort)).total >= GOOD - 1
    client = create_app(app_settings(tmp_path / "arc")).test_client()
    for url in (
        "/search?q=report",
        "/api/search?q=report&sort=oldest",
        "/search.csv?q=report",
        "/search.jsonl?q=report",
        "/saved/All/feed.atom",
        f"/articles/{record.id}",
        f"/api/articles/{record.id}",
    ):
        assert client.get(url).status_code == 200, url


def _wait_for_line(process, text: str, seconds: float) -> None:
    import select

    deadline, seen = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stderr], [], [], 0.2)
        if ready:
            line = process.stderr.readline()
            seen += line
            if text in line:
                return
        assert process.poll() is None, seen
    raise AssertionError(f"never printed {text!r}: {seen}")


def test_reindex_killed_after_creating_the_new_index_loses_nothing(tmp_path):
    from archive.store import open_archive

    folder = tmp_path / "saved"
    _good_files(folder)
    archive, _ = build_archive(tmp_path / "arc", folder)
    archive.close()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "--archive", str(tmp_path / "arc"), "reindex"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, ARCHIVE_TEST_PAUSE="reindex-created:60"),
    )
    _wait_for_line(process, "paused at reindex-created", 60)
    process.kill()
    process.communicate(timeout=20)
    check = _cli(tmp_path / "arc", "check")
    assert "Traceback" not in check.stderr
    rerun = _cli(tmp_path / "arc", "index", str(folder), "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    archive = open_archive(tmp_path / "arc")
    assert (
        archive.count() == archive.index.count() == GOOD and index_sync.pending_count(archive) == 0
    )
    assert _cli(tmp_path / "arc", "check").returncode == 0


def test_disk_full_is_one_true_line(tmp_path, monkeypatch):
    import errno
    import sqlite3

    from click.testing import CliRunner

    import cli
    import indexer.intake
    from archive.originals import Originals

    folder = tmp_path / "saved"
    _good_files(folder)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    def db_full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    for owner, target, fake in (
        (Originals, "write", full),
        (indexer.intake, "save_batch", db_full),
    ):
        with monkeypatch.context() as patch:
            patch.setattr(owner, target, fake)
            result = CliRunner().invoke(
                cli.main,
                [
                    "--archive",
                    str(tmp_path / f"arc-{target}"),
                    "index",
                    str(folder),
                    "--workers",
                    "1",
                    "--quiet",
                ],
            )
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
        assert "disk is full" in result.output and "locked" not in result.output, result.output
        assert "Traceback" not in result.output


def test_a_full_disk_is_not_reported_as_a_lock(tmp_path, monkeypatch):
    import shutil
    from collections import namedtuple

    from whoosh.writing import LockError

    folder = tmp_path / "saved"
    _good_files(folder)
    archive, _ = build_archive(tmp_path / "arc", folder)
    index = archive.index
    monkeypatch.setattr(type(index), "_open", lambda self: (_ for _ in ()).throw(LockError()))
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(100, 100, 0))
    with pytest.raises(OSError, match="No space left"):
        index.delete(["x"])


def test_one_bad_field_is_a_warning_in_the_summary_not_a_rejection(tmp_path):
    """Issue 22.13: a bad published_time offset or a JSON url that is no address rejected the
    whole article; now that field is dropped and the summary says so."""
    folder = tmp_path / "in"
    page = html_page("Harbour report", f"Officials met.\n\n{PARAGRAPH}", url="https://h.ex/1")
    page = page.replace(
        "<head>",
        '<head><meta property="article:published_time" content="2023-05-02T08:00:00+99:99">',
        1,
    )
    write(folder / "offset.html", page)
    write(
        folder / "export.jsonl",
        jsonl(
            [
                {"title": "Export one", "url": "http://[::1", "body": f"Export text. {PARAGRAPH}"},
                {"title": "Export two", "lang": "x" * 100_000, "body": f"More text. {PARAGRAPH}"},
            ]
        ),
    )
    result, summary = _index(tmp_path, folder)
    assert (summary["indexed"], summary["rejected"]) == (3, 0), result.stdout
    warnings = [line for line in result.stdout.splitlines() if line.startswith("  warning")]
    assert len(warnings) == 2, result.stdout
    assert "url dropped" in warnings[0] and "lang dropped" in warnings[1]
    assert all(len(line) < 300 for line in warnings)


def test_a_slow_article_in_an_export_is_rejected_alone(tmp_path):
    """Issue 22.12: a container was all or nothing: one slow article (here: 2,000,000
    characters of capitalised words to tag) over the budget rejected the whole export."""
    import random

    rng = random.Random(12)
    huge = " ".join(
        "".join(rng.choice("BCDFGKLMNPRST") + rng.choice("aeiou") for _ in range(3))
        for _ in range(330_000)
    )
    articles = [
        {"title": f"Report {n}", "url": f"https://r.ex/{n}", "body": f"Report {n}. {PARAGRAPH}"}
        for n in range(3)
    ]
    articles.insert(1, {"title": "Slow", "url": "https://r.example/slow", "body": huge})
    write(tmp_path / "in" / "export.jsonl", jsonl(articles))
    result, summary = _index(tmp_path, tmp_path / "in", env={"ARCHIVE_FILE_SECONDS": "1"})
    assert summary["indexed"] == 3, result.stdout
    (rejected,) = summary["rejected_files"]
    assert rejected["member"] == "line 2" and rejected["reason"].startswith("took too long")
