"""``archive check``: finds lost or altered originals and an index that disagrees; repairs it."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from archive.check import check_archive
from cli import main
from tests.support import PARAGRAPH, app_settings, build_archive, html_page, write


@pytest.fixture
def archive(tmp_path):
    for n in range(3):
        write(
            tmp_path / "in" / f"p{n}.html",
            html_page(
                f"Tide table {n}", f"High water {n}.\n\n{PARAGRAPH}", url=f"https://t.example/{n}"
            ),
        )
    archive, _ = build_archive(tmp_path / "arc", tmp_path / "in")
    return archive


def cli_check(archive, *args):
    return CliRunner().invoke(main, ["--archive", str(archive.path), "check", *args])


def test_a_whole_archive_is_ok(archive):
    result = cli_check(archive)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ") and "3 records" in result.output


def test_a_deleted_original_is_found(archive):
    record = next(archive.iter_records())
    path = archive.original_path(record.origin.sha256)
    path.unlink()
    result = cli_check(archive)
    assert result.exit_code == 1
    assert result.output.startswith("PROBLEMS: ")
    assert f"original {record.origin.sha256} is missing" in result.output


def test_an_altered_original_is_found(archive):
    record = next(archive.iter_records())
    path = archive.original_path(record.origin.sha256)
    os.chmod(path, 0o644)
    path.write_bytes(path.read_bytes() + b" ")
    report = check_archive(archive)
    assert not report.ok
    assert any("does not match its SHA-256" in p for p in report.problems)


def test_a_deleted_index_is_found_and_repaired(archive):
    archive.index.close()
    shutil.rmtree(archive.path / "index")
    result = cli_check(archive)
    assert result.exit_code == 1 and "the search index is missing" in result.output
    repaired = cli_check(archive, "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert repaired.output.startswith("REPAIRED: ")
    assert cli_check(archive).output.startswith("OK: ")


def test_a_truncated_index_is_found_and_repaired(archive):
    record = next(archive.iter_records())
    archive.index.delete([record.id])  # an index that lost a document
    report = check_archive(archive)
    assert not report.ok
    assert any("1 record(s) missing from the index" in p for p in report.problems)
    assert check_archive(archive, repair=True).ok
    assert check_archive(archive).problems == []
    assert record.id in set(archive.index.ids())


def test_check_json(archive):
    result = cli_check(archive, "--json")
    assert '"ok": true' in result.output


def test_the_house_rules_of_imports():
    """The store imports no engine; only the Whoosh backend imports Whoosh; arrows point inward."""
    code = (
        "import sys, archive.store, archive.search, archive.saved, archive.check, web.helpers\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('whoosh', 'numpy', 'indexer', 'app', 'cli')]\n"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _segment_files(archive) -> list:
    return sorted((archive.path / "index").glob("*.seg"))


def _cli(archive, *args):
    return CliRunner().invoke(main, ["--archive", str(archive.path), *args])


def _one_line_or_success(result) -> None:
    """A command on a damaged index: success, or one line saying what to do; no traceback."""
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code:
        assert "archive check --repair" in result.output, result.output


# Whoosh leaves a damaged segment's file open when reading it fails; the handle closes when
# it is collected. Collect it within this test, so its ResourceWarning is not reported (as an
# unraisable exception) in whichever test runs next.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("where", [0.25, 0.5, 0.75, 0.95])
def test_flipped_bytes_in_a_segment_are_found_and_repaired(archive, where):
    """Issue 22.6: bytes flipped inside a segment went unnoticed (check said OK)."""
    try:
        _flip_check_and_repair(archive, where)
    finally:
        gc.collect()


def _flip_check_and_repair(archive, where):
    archive.index.close()
    (segment,) = _segment_files(archive)
    data = bytearray(segment.read_bytes())
    at = int(len(data) * where)
    data[at : at + 8] = bytes(b ^ 0xFF for b in data[at : at + 8])
    segment.write_bytes(bytes(data))
    result = cli_check(archive)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the search index is damaged" in result.output
    assert f"segment file {segment.name} is corrupt" in result.output
    for words in ("tide", "high water", "table 1", "tide -table", "nothing"):
        _one_line_or_success(_cli(archive, "search", words))
    repaired = cli_check(archive, "--repair")
    assert repaired.exit_code == 0 and repaired.output.startswith("REPAIRED: "), repaired.output
    assert cli_check(archive).output.startswith("OK: ")
    found = _cli(archive, "search", "tide", "--json")
    assert found.exit_code == 0 and '"total": 3' in found.output, found.output


def test_a_deleted_segment_file_is_found_and_repaired(archive, tmp_path):
    """Issue 22.7: a deleted segment made check, search and index end in a traceback."""
    archive.index.close()
    (segment,) = _segment_files(archive)
    segment.unlink()
    result = cli_check(archive)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "the search index is damaged" in result.output and "is missing" in result.output
    searched = _cli(archive, "search", "tide")
    assert searched.exit_code == 1 and "archive check --repair" in searched.output
    assert len(searched.output.strip().splitlines()) == 1, searched.output
    write(tmp_path / "more" / "new.html", html_page("Tide news", PARAGRAPH, url="https://t.ex/n"))
    indexed = _cli(archive, "index", str(tmp_path / "more"), "--quiet")
    assert "Traceback" not in indexed.output and not isinstance(indexed.exception, KeyError)
    assert indexed.exit_code == 1 and "archive check --repair" in indexed.output, indexed.output
    repaired = cli_check(archive, "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert cli_check(archive).output.startswith("OK: ")
    assert '"total": 3' in _cli(archive, "search", "tide", "--json").output


def test_an_index_of_an_older_release_is_read_through(archive):
    """Without checksums (an index written before they were kept) every segment is read."""
    archive.index.close()
    (archive.path / "index" / "segments.sha256").unlink()
    assert check_archive(archive).problems == []
    (segment,) = _segment_files(archive)
    segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 2])
    problems = check_archive(archive).problems
    assert "the search index is damaged" in problems
    assert any("cannot be read" in p for p in problems), problems


def test_stray_originals_are_listed_and_quarantined(archive, tmp_path):
    """Issue 22.9: bytes written into originals/ with no row (here: a page edited after
    </html>, whose record did not change) were ignored by check."""
    page = tmp_path / "in" / "p0.html"
    page.write_text(page.read_text() + "\n<!-- saved again -->\n")
    stat = page.stat()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    before = set(archive.originals_dir.rglob("*"))
    _archive, summary = build_archive(archive.path, page)
    rows = {sha for (sha,) in archive.db.execute("SELECT sha256 FROM originals")}
    strays = sorted(p for p in set(archive.originals_dir.rglob("*")) - before if p.is_file())
    strays = [p for p in strays if p.name not in rows and "sidecars" not in p.parts]
    assert len(strays) == 1 and summary.to_dict()["unchanged"] == 1, summary.to_dict()
    junk = archive.originals_dir / "zz" / "not-an-original"
    junk.parent.mkdir(exist_ok=True)
    junk.write_bytes(b"left by hand")
    strays.append(junk)
    result = cli_check(archive)
    assert result.exit_code == 1, result.output
    for stray in strays:
        assert f"stray original {stray.name}: no record of it" in result.output
    repaired = cli_check(archive, "--repair")
    assert repaired.exit_code == 0 and "moved" in repaired.output, repaired.output
    quarantine = archive.path / "quarantine" / "originals"
    assert sorted(p.name for p in quarantine.iterdir()) == sorted(p.name for p in strays)
    assert not any(p.exists() for p in strays)
    assert cli_check(archive).output.startswith("OK: ")


def test_the_web_app_on_a_damaged_index_says_what_to_run(archive):
    from app import create_app

    archive.index.close()
    (segment,) = _segment_files(archive)
    segment.unlink()
    app = create_app(app_settings(archive.path))
    try:
        response = app.test_client().get("/search?q=tide")
        html = response.get_data(as_text=True)
        assert response.status_code == 503 and "archive check --repair" in html
        api = app.test_client().get("/api/search?q=tide")
        assert api.status_code == 503
        assert "archive check --repair" in api.get_json()["error"]["message"]
    finally:
        app.extensions["news_archive"].close()
