"""Big containers (issue 22.12): a WARC and a JSON Lines export read as streams, a part at a time.

Every file here is generated in the test: thousands of WARC responses, tens of
thousands of JSON lines.
"""

import io
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from archive.store import open_archive
from indexer.containers import ITEMS_PER_PART, Part
from indexer.intake import Intake
from indexer.limits import RunLimits
from indexer.readers.json import MAX_DOCUMENT_BYTES
from indexer.run import run_index
from tests.support import html_page, write


def _big_warc(path, count, slow_at=(), bad_at=()):
    """A WARC of ``count`` HTML responses (and a request before each); at ``slow_at`` an article
    too slow to tag, at ``bad_at`` an empty response."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        for n in range(count):
            url = f"https://harbour.example/{n}"
            body = _slow_words() if n in slow_at else f"Harbour report {n} from the port."
            html = "" if n in bad_at else html_page(f"Report {n}", body)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            request = StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(html.encode()),
                length=len(html.encode()),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-02-03T10:00:00Z"},
            )
            writer.write_record(record)
    return path


def _big_jsonl(path, count, bad_at=()):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for n in range(count):
            if n in bad_at:
                handle.write("{not json\n")
                continue
            item = {"url": f"https://feed.example/{n}", "title": f"Item {n}", "body": f"Item {n}."}
            handle.write(json.dumps(item) + "\n")
    return path


def _slow_words() -> str:
    """Two million characters of capitalised words: far over a 2 s budget to tag."""
    rng = random.Random(12)
    return " ".join(
        "".join(rng.choice("BCDFGKLMNPRST") + rng.choice("aeiou") for _ in range(3))
        for _ in range(330_000)
    )


@pytest.fixture
def parts_seen(monkeypatch):
    """The most records any one result handed to the intake carried."""
    most = [0]
    take = Intake.take

    def counting(self, done):
        most[0] = max(most[0], len(done.result.records))
        return take(self, done)

    monkeypatch.setattr(Intake, "take", counting)
    return most


def test_a_warc_of_thousands_of_responses_is_kept_whole_a_part_at_a_time(tmp_path, parts_seen):
    """Issue 22.12: every response of a big WARC is kept; no result carries more than a part."""
    warc = _big_warc(tmp_path / "in" / "crawl.warc.gz", 3000)
    archive = open_archive(tmp_path / "arc")
    summary = run_index(archive, [str(warc)], workers=1, limits=RunLimits(batch_size=500))
    assert (summary.counts["indexed"], summary.rejected, summary.counts["read"]) == (3000, [], 1)
    assert archive.count() == 3000
    assert parts_seen[0] <= ITEMS_PER_PART
    record = archive.get(next(r.id for r in archive.iter_records() if r.title == "Report 2999"))
    member = archive.read_member(record.origin.sha256, record.origin.member)
    assert b"Harbour report 2999 from" in member.payload  # the offsets of later parts are right
    again = run_index(archive, [str(warc)], workers=1)
    assert again.counts["unchanged"] == 1 and archive.count() == 3000


#: Runs `archive ARGS` in this process and prints its peak RSS (kB) last on stderr.
_PEAK_RSS = """
import resource, sys
from cli import main
try:
    main(sys.argv[1:])
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _index_peak_rss(folder, path) -> int:
    """Peak RSS (kB) of an `archive index` of ``path`` (one process: extraction runs in it)."""
    command = [sys.executable, "-c", _PEAK_RSS, "--archive", str(folder), "index", "--workers=1"]
    env = {**os.environ, "ARCHIVE_BATCH_SIZE": "200"}
    result = subprocess.run(
        [*command, "--quiet", str(path)], capture_output=True, text=True, env=env, timeout=600
    )
    assert "Traceback" not in result.stderr, result.stderr
    return int(result.stderr.split()[-1])


def test_a_jsonl_export_is_read_in_bounded_memory(tmp_path):
    """Issue 22.12: a long JSON Lines export was held whole, several times over (its bytes, its
    text, its lines, its objects: 1.09 GB for 1,000,000 lines).

    60 MB of lines (each with a 40 kB field no record keeps) must not raise the peak RSS of
    a run by more than 80 MB over indexing one line; held whole, they raise it by 200 MB+.
    """
    filler = "x" * 40_000
    export = tmp_path / "in" / "export.jsonl"
    export.parent.mkdir()
    with open(export, "w") as handle:
        for n in range(1500):
            item = {"url": f"https://feed.example/{n}", "body": f"Item {n}.", "raw": filler}
            handle.write(json.dumps(item) + "\n")
    one = write(tmp_path / "one" / "export.jsonl", export.read_text().partition("\n")[0] + "\n")
    baseline = _index_peak_rss(tmp_path / "arc-one", one)
    peak = _index_peak_rss(tmp_path / "arc", export)
    assert open_archive(tmp_path / "arc").count() == 1500
    assert peak - baseline < 80_000, f"{baseline} kB for one line, {peak} kB for 60 MB of lines"


def test_a_bad_or_slow_article_in_a_big_warc_is_rejected_alone(tmp_path):
    warc = _big_warc(tmp_path / "in" / "crawl.warc", 250, slow_at={220}, bad_at={10, 230})
    archive = open_archive(tmp_path / "arc")
    summary = run_index(archive, [str(warc)], workers=1, limits=RunLimits(file_seconds=2))
    assert summary.counts["indexed"] == 247 and archive.count() == 247
    reasons = sorted(r["reason"] for r in summary.rejected)
    assert reasons == [
        "the HTML response is empty or too large",
        "the HTML response is empty or too large",
        "took too long (over 2 s)",
    ]
    assert all(r["member"] and r["path"] == str(warc) for r in summary.rejected)


def test_bad_lines_across_parts_are_rejected_alone(tmp_path):
    export = _big_jsonl(tmp_path / "in" / "export.jsonl", 700, bad_at={0, 399, 699})
    archive = open_archive(tmp_path / "arc")
    summary = run_index(archive, [str(export)], workers=1)
    assert summary.counts["indexed"] == 697
    assert [r["member"] for r in summary.rejected] == ["line 1", "line 400", "line 700"]


def test_an_export_without_articles_is_rejected_whole_whatever_its_length(tmp_path):
    export = write(
        tmp_path / "in" / "titles.jsonl", "".join('{"title": "x"}\n' for _ in range(450))
    )
    archive = open_archive(tmp_path / "arc")
    summary = run_index(archive, [str(export)], workers=1)
    reasons = [r["reason"] for r in summary.rejected if "member" not in r]
    assert len(reasons) == 1 and "none of its 450 JSON objects is an article" in reasons[0]
    assert archive.count() == 0 and not archive.originals.any_stored()


def test_a_run_killed_mid_container_keeps_what_was_saved_and_resumes(tmp_path):
    """A WARC's records are saved part by part; after kill -9 the next run goes on where the
    saved parts end, without reading them again, and nothing is there twice."""
    warc = _big_warc(tmp_path / "in" / "crawl.warc", 600)
    folder = tmp_path / "arc"
    command = [sys.executable, "-m", "cli", "--archive", str(folder), "index", "--workers=1"]
    command.append(str(warc))
    env = {**os.environ, "ARCHIVE_BATCH_SIZE": "200"}
    with subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as run:
        try:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and _saved(folder) < ITEMS_PER_PART:
                time.sleep(0.2)
        finally:
            run.send_signal(signal.SIGKILL)
    saved = _saved(folder)
    assert ITEMS_PER_PART <= saved < 600, saved
    archive = open_archive(folder)
    (state,) = archive.partial_files().values()
    part = Part.from_state(state[3], state[4])
    assert part.kept == saved and part.at.offset > 0
    summary = run_index(archive, [str(warc)], workers=1)
    assert archive.count() == 600
    assert summary.counts["indexed"] == 600 - saved
    assert summary.counts["unchanged"] == 0  # the saved parts are not read again
    assert not archive.partial_files()


def _saved(folder) -> int:
    if not (folder / "archive.db").exists():
        return 0
    import sqlite3

    try:
        with sqlite3.connect(f"file:{folder / 'archive.db'}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM records").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_a_json_document_over_its_limit_is_refused_with_what_to_do(tmp_path):
    big = tmp_path / "in" / "export.json"
    big.parent.mkdir()
    with open(big, "w") as handle:
        handle.write('[{"body": "x"}')
        handle.truncate(MAX_DOCUMENT_BYTES + 10)  # spaces would be valid JSON; this is enough
    archive = open_archive(tmp_path / "arc")
    summary = run_index(archive, [str(big)], workers=1)
    (rejected,) = summary.rejected
    assert "over 32 MB" in rejected["reason"] and "JSON Lines" in rejected["reason"]


def test_a_file_changed_between_parts_is_rejected_and_read_again_next_time(tmp_path):
    from archive.originals import Originals
    from indexer.workers import Job, Task, process_file

    export = _big_jsonl(tmp_path / "in" / "export.jsonl", ITEMS_PER_PART + 5)
    stat = export.stat()
    job = Job(Originals(tmp_path / "originals"))
    first = process_file(Task(str(export), "json", stat.st_size, stat.st_mtime_ns), job)
    assert len(first.result.records) == ITEMS_PER_PART and first.next is not None
    assert job.originals.read(first.sha256) == export.read_bytes()
    with open(export, "a") as handle:
        handle.write(json.dumps({"body": "Added later."}) + "\n")
    second = process_file(first.next, job)
    assert second.error == "the file changed while it was read: index it again"
    assert second.next is None and not second.result.records
