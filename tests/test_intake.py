"""The intake: new, unchanged, updated or duplicate, decided per file and per article."""

import shutil

import pytest

from indexer.intake import Intake, RunSummary
from indexer.workers import Job, Task, process_file
from tests.support import PARAGRAPH, build_archive, html_page, write


@pytest.fixture
def archive(tmp_path):
    write(
        tmp_path / "in" / "a.html",
        html_page("Harbour reopens", PARAGRAPH, url="https://e.example/a"),
    )
    archive, _ = build_archive(tmp_path / "arc", tmp_path / "in")
    return archive


def _take(archive, path, kind="html"):
    """What the intake makes of one file, extracted as a worker would."""
    summary = RunSummary()
    intake = Intake(archive, summary)
    stat = path.stat()
    done = process_file(
        Task(str(path), kind, stat.st_size, stat.st_mtime_ns), Job(archive.originals)
    )
    intake.take(done)
    intake.flush(wait=True)
    return summary


def test_the_same_bytes_under_another_name_are_a_duplicate_file(archive, tmp_path):
    copy = tmp_path / "copy.html"
    shutil.copy(tmp_path / "in" / "a.html", copy)
    summary = _take(archive, copy.resolve())
    assert summary.duplicates == [
        {"path": str(copy.resolve()), "duplicate_of": str((tmp_path / "in" / "a.html").resolve())}
    ]
    assert archive.count() == 1


def test_a_changed_article_is_an_update_that_keeps_when_it_was_added(archive, tmp_path):
    before = next(archive.iter_records())
    page = write(
        tmp_path / "in" / "a.html",
        html_page("Harbour reopens at dawn", PARAGRAPH, url="https://e.example/a"),
    )
    summary = _take(archive, page.resolve())
    after = archive.get(before.id)
    assert summary.counts["updated"] == 1 and after.title == "Harbour reopens at dawn"
    assert after.added == before.added and len(archive.versions(before.id)) == 2


def test_an_export_of_a_captured_page_is_a_duplicate(archive, tmp_path):
    import json

    record = next(archive.iter_records())
    export = write(
        tmp_path / "export.json",
        json.dumps({"url": record.url, "title": "Other", "body": PARAGRAPH}),
    )
    summary = _take(archive, export, "json")
    assert summary.counts["duplicate"] == 1 and archive.get(record.id).title == "Harbour reopens"


def test_a_page_claiming_another_articles_address_is_its_own_indexed_record(archive, tmp_path):
    """The file's outcome names the record it became, not the article whose address it claims
    (an upload said "no article text found" and linked the genuine article)."""
    genuine = next(archive.iter_records())
    page = write(
        tmp_path / "elsewhere" / "claim.html",
        html_page(
            "Cycle lane approved",
            "The council approved a cycle lane along the river road after a long debate. " * 8,
            url="https://www.e.example/a#top",
        ),
    )
    stat = page.stat()
    intake = Intake(archive, RunSummary())
    done = process_file(
        Task(str(page), "html", stat.st_size, stat.st_mtime_ns), Job(archive.originals)
    )
    outcome = intake.take(done)
    intake.flush(wait=True)
    assert outcome.outcome == "indexed"
    [(record_id, record_outcome)] = outcome.records
    assert record_outcome == "indexed" and record_id != genuine.id
    assert archive.get(record_id).title == "Cycle lane approved"
    assert archive.get(genuine.id).title == "Harbour reopens"
