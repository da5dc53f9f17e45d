"""``archive check``: finds lost or altered originals and an index that disagrees; repairs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from archive.check import check_archive
from cli import main
from tests.support import PARAGRAPH, build_archive, html_page, write


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
