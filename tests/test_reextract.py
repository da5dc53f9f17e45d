"""``reextract``: every record re-made from its original, in batches, one failure at a time."""

from __future__ import annotations

import json
import os
import time

import pytest

import indexer.pipeline as pipeline
import indexer.reextract as rx
from archive import index_sync
from archive.search import SearchRequest, search
from indexer.limits import RunLimits
from tests.support import (
    PARAGRAPH,
    build_archive,
    html_page,
    jsonl,
    slow_article,
    warc_bytes,
    write,
)


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "saved"
    for n in range(4):
        write(
            folder / f"p{n}.html",
            html_page(
                f"Lighthouse report {n}",
                f"Keepers of lighthouse {n} spoke of its beacons.\n\n{PARAGRAPH}",
                date=f"2022-05-0{n + 1}T10:00:00+00:00",
                url=f"https://e.example/{n}",
                keywords="beacons",
            ),
        )
    archive, _ = build_archive(tmp_path / "arc", folder, user_tags=("my project",))
    return archive


def new_extractor(monkeypatch, change):
    """The extractor of a newer version: ``change(record)`` alters what it gives."""
    real = rx.records_from_bytes

    def records_from_bytes(data, **kwargs):
        result = real(data, **kwargs)
        for record in result.records:
            change(record)
        return result

    monkeypatch.setattr(rx, "records_from_bytes", records_from_bytes)


def test_updates_records_and_index_and_keeps_what_is_the_users(archive, monkeypatch):
    before = {r.id: r for r in archive.iter_records()}

    def change(record):
        record.title = record.title.replace("report", "bulletin")
        record.tags = [t for t in record.tags if t != "beacons"]  # keywords no longer read

    new_extractor(monkeypatch, change)
    summary = rx.reextract(archive, limits=RunLimits(batch_size=3))  # more than one batch
    assert summary.counts["updated"] == 4 and not summary.rejected
    for record in archive.iter_records():
        assert record.title.startswith("Lighthouse bulletin")
        assert record.added == before[record.id].added
        assert record.tags == ["my project"]  # the user's tag stays, the old keyword goes
        assert record.user_tags == ["my project"]
    assert search(archive, SearchRequest(q="title:bulletin")).total == 4
    assert search(archive, SearchRequest(q="title:report")).total == 0
    assert index_sync.pending_count(archive) == 0


def test_an_unchanged_extractor_changes_nothing(archive):
    summary = rx.reextract(archive)
    assert summary.counts["unchanged"] == 4 and summary.counts["updated"] == 0


def test_a_missing_original_or_a_failing_article_is_a_rejection_not_the_end(archive, monkeypatch):
    records = sorted(archive.iter_records(), key=lambda r: r.id)
    gone = archive.original_path(records[0].origin.sha256)
    os.chmod(gone.parent, 0o755)
    gone.unlink()

    def change(record):
        if record.id == records[1].id:
            raise ValueError("parser broke")
        record.title += " (new)"

    new_extractor(monkeypatch, change)
    summary = rx.reextract(archive)
    reasons = {item["path"]: item["reason"] for item in summary.rejected}
    assert "is missing" in reasons[records[0].origin.path]
    assert "parser broke" in reasons[records[1].origin.path]
    assert summary.counts["updated"] == 2
    assert search(archive, SearchRequest(q='title:"new"')).total == 2


def test_records_saved_before_user_tags_were_kept_apart_keep_all_their_tags(archive):
    record = next(archive.iter_records())
    data = record.to_dict()
    data.pop("user_tags")
    from archive.records import Record

    old = Record.from_dict(data)
    assert old.user_tags is None
    new, reason = rx._reextract_one(archive, old, archive.path / "vocabulary.txt")
    assert not reason and set(record.tags) <= set(new.tags)


def test_an_article_over_the_time_budget_is_rejected_and_the_run_goes_on(archive, monkeypatch):
    """The same per-file budget as ``archive index`` (``file_seconds``, ARCHIVE_FILE_SECONDS)."""

    slow = sorted(archive.iter_records(), key=lambda r: r.id)[0]

    def change(record):
        if record.id == slow.id:
            time.sleep(5)
        record.title += " (new)"

    new_extractor(monkeypatch, change)
    summary = rx.reextract(archive, limits=RunLimits(file_seconds=0.2))
    (rejected,) = summary.rejected
    assert rejected["path"] == slow.origin.path
    assert rejected["reason"] == "took too long (over 0.2 s)"
    assert summary.counts["updated"] == 3


def container_archive(tmp_path, articles: int):
    """An archive of one JSON Lines export of ``articles`` articles, one WARC of three
    pages, and a JSON document of two articles."""
    folder = tmp_path / "containers"
    write(
        folder / "export.jsonl",
        jsonl(
            [
                {
                    "title": f"Tide table {n}",
                    "url": f"https://tides.example/{n}",
                    "body": f"The tide table {n} was printed. {PARAGRAPH}",
                }
                for n in range(articles)
            ]
        ),
    )
    write(
        folder / "crawl.warc.gz",
        warc_bytes(
            [
                (f"https://news.example/w{n}", html_page(f"Crawled {n}", f"Tide {n}. {PARAGRAPH}"))
                for n in range(3)
            ]
        ),
    )
    document = [
        {"title": f"Pier note {n}", "body": f"Pier {n} was painted. {PARAGRAPH}"} for n in range(2)
    ]
    write(folder / "document.json", json.dumps(document))
    archive, summary = build_archive(tmp_path / "arc", folder, user_tags=("tides",))
    assert summary.counts["indexed"] == articles + 5
    return archive


def test_a_container_is_read_once_for_all_its_records(tmp_path, monkeypatch):
    """Each article of a container is extracted once, not the whole container per record."""
    archive = container_archive(tmp_path, 40)
    calls = []
    real = pipeline.build_record

    def build_record(item, *args, **kwargs):
        calls.append(item.member)
        record = real(item, *args, **kwargs)
        record.title = record.title.replace("Tide table", "Tide chart")
        return record

    monkeypatch.setattr(pipeline, "build_record", build_record)
    summary = rx.reextract(archive, limits=RunLimits(batch_size=7))
    assert len(calls) == 45 and len(set(calls)) == 45
    assert summary.counts["updated"] == 40 and summary.counts["unchanged"] == 5
    assert not summary.rejected
    assert search(archive, SearchRequest(q='title:"tide chart"')).total == 40
    for record in archive.iter_records():
        assert record.user_tags == ["tides"] and record.tags[0] == "tides"


def test_a_slow_article_of_a_container_is_rejected_alone(tmp_path, monkeypatch):
    """The time budget is per article in a container, as in an indexing run."""
    archive = container_archive(tmp_path, 6)
    slow_article(monkeypatch, "line 3")
    summary = rx.reextract(archive, limits=RunLimits(file_seconds=0.5))
    (rejected,) = summary.rejected
    assert rejected["member"] == "line 3" and rejected["reason"].startswith("took too long")
    assert summary.counts["unchanged"] == 10


def test_a_missing_container_rejects_each_of_its_records(tmp_path):
    archive = container_archive(tmp_path, 3)
    jsonl_record = next(r for r in archive.iter_records() if r.origin.member == "line 1")
    gone = archive.original_path(jsonl_record.origin.sha256)
    os.chmod(gone.parent, 0o755)
    gone.unlink()
    summary = rx.reextract(archive)
    assert len(summary.rejected) == 3
    assert all("is missing" in item["reason"] for item in summary.rejected)
    assert summary.counts["unchanged"] == 5
