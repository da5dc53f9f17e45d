"""A run's limits come from the settings (ARCHIVE_MAX_* and the others) and bound the run."""

import json
import os
import subprocess
import sys

from click.testing import CliRunner

from archive.settings import Settings, load_settings
from archive.store import open_archive
from cli import main
from indexer import reextract, run
from indexer.limits import RunLimits
from tests.support import PARAGRAPH, build_archive, html_page, write


def _index(tmp_path, folder, env, *extra):
    """`archive index` with these environment variables; returns (result, JSON summary)."""
    result = CliRunner().invoke(
        main,
        ["--archive", str(tmp_path / "arc"), "index", str(folder), "--json", "--quiet", *extra],
        env=env,
        catch_exceptions=False,
    )
    return result, json.loads(result.output.strip().splitlines()[-1])


def _pages(folder, count, words=""):
    for n in range(count):
        body = f"Report {n} from the harbour.\n\n{PARAGRAPH}\n\n{words}"
        write(folder / f"page-{n:02d}.html", html_page(f"Report {n}", body))


def test_the_limits_are_the_settings_values():
    settings = load_settings(
        environ={"ARCHIVE_MAX_FILE_BYTES": "1000", "ARCHIVE_MAX_BODY_CHARS": "50"},
        instance_dir="/nonexistent",
    )
    limits = RunLimits.from_settings(settings)
    assert (limits.max_file_bytes, limits.max_body_chars) == (1000, 50)
    assert RunLimits.from_settings(Settings()) == RunLimits()


def test_a_file_over_max_file_bytes_is_rejected_naming_the_limit(tmp_path):
    """Ten small files and one big one, in two worker processes: the limit reaches them."""
    folder = tmp_path / "saved"
    _pages(folder, 10)
    big = write(folder / "big.html", html_page("Big report", PARAGRAPH * 40))
    limit = big.stat().st_size - 1
    assert all(p.stat().st_size <= limit for p in folder.glob("page-*"))
    env = {"ARCHIVE_MAX_FILE_BYTES": str(limit)}
    result, summary = _index(tmp_path, folder, env, "--workers", "2")
    assert result.exit_code == 1
    assert summary["indexed"] == 10
    (rejected,) = summary["rejected_files"]
    assert rejected["path"].endswith("big.html")
    reason = f"larger than the limit of {limit:,} bytes (ARCHIVE_MAX_FILE_BYTES)"
    assert rejected["reason"] == reason


def test_max_body_chars_caps_the_stored_body_and_reextract_applies_it(tmp_path):
    folder = tmp_path / "saved"
    _pages(folder, 1)
    result, summary = _index(tmp_path, folder, {"ARCHIVE_MAX_BODY_CHARS": "120"})
    assert summary["indexed"] == 1, result.output
    archive, _ = build_archive(tmp_path / "arc")
    (record,) = archive.iter_records()
    assert len(record.body) == 120
    assert archive.read_original(record.origin.sha256) == (folder / "page-00.html").read_bytes()

    summary = reextract.reextract(archive, limits=RunLimits(max_body_chars=40))
    assert summary.counts["updated"] == 1
    (record,) = archive.iter_records()
    assert len(record.body) == 40


def test_max_extract_bytes_reads_only_the_head_of_a_text_file(tmp_path):
    folder = tmp_path / "saved"
    head = "The harbour council met on Monday to settle the budget.\n\n"
    write(folder / "long.txt", head + "Zanzibarian " * 2000)
    archive, summary = build_archive(
        tmp_path / "arc", folder, limits=RunLimits(max_extract_bytes=len(head) + 11)
    )
    assert summary.counts["indexed"] == 1, summary.rejected
    (record,) = archive.iter_records()
    assert record.body.split()[-1] == "Zanzibarian"
    assert record.body.count("Zanzibarian") == 1
    assert record.origin.size == (folder / "long.txt").stat().st_size


def test_max_worker_crashes_stops_the_run_at_the_limit(tmp_path):
    folder = tmp_path / "saved"
    _pages(folder, 12)
    result = subprocess.run(
        [sys.executable, "-m", "cli", "--archive", str(tmp_path / "arc"), "index", str(folder)]
        + ["--quiet", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, ARCHIVE_TEST_CRASH_FILE="page-", ARCHIVE_MAX_WORKER_CRASHES="2"),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert "extraction processes crashed 2 times" in result.stderr
    assert "ARCHIVE_MAX_WORKER_CRASHES" in result.stderr


def test_batch_size_commits_as_often_as_the_setting_says(tmp_path):
    folder = tmp_path / "saved"
    _pages(folder, 20)

    def commits(batch_size):
        archive = open_archive(tmp_path / f"arc-{batch_size}")
        real, count = archive.batch, []
        archive.batch = lambda *a, **k: count.append(1) or real(*a, **k)
        summary = run.run_index(
            archive, [str(folder)], workers=1, limits=RunLimits(batch_size=batch_size)
        )
        assert summary.counts["indexed"] == 20
        return len(count)

    assert commits(3) > commits(5000) >= 1
