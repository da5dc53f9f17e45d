"""archive/trash.py: out of search and the index, restored, emptied with unused originals only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from archive import trash
from archive.check import check_archive
from archive.errors import ArchiveError
from archive.search import SearchRequest, search
from indexer.run import run_index
from tests.support import PARAGRAPH, build_archive, html_page, jsonl, write


@pytest.fixture
def three(tmp_path):
    """One HTML article (its own original) and two articles of one JSONL file (one original)."""
    files = tmp_path / "files"
    write(
        files / "a.html",
        html_page(
            "Lone walrus", f"A walrus story.\n\n{PARAGRAPH}", url="https://harbour.example/a"
        ),
    )
    write(
        files / "two.jsonl",
        jsonl(
            [
                {
                    "title": "Walrus one",
                    "text": f"walrus {PARAGRAPH}",
                    "url": "https://x.example/1",
                },
                {
                    "title": "Walrus two",
                    "text": f"walrus {PARAGRAPH}",
                    "url": "https://x.example/2",
                },
            ]
        ),
    )
    archive, summary = build_archive(tmp_path / "archive", files)
    assert not summary.rejected
    by_title = {r.title: r for r in archive.iter_records()}
    yield archive, by_title, files
    archive.close()


def _found(archive):
    every = SearchRequest(q="walrus", collapse=False)  # the walruses share a paragraph
    return {h.record.title for h in search(archive, every).hits}


def test_a_trashed_article_is_hidden_kept_and_restored(three):
    archive, by_title, files = three
    lone = by_title["Lone walrus"]
    assert trash.move(archive, [lone.id[:8]], "eddie") == [lone.id]
    from archive.index_sync import index_pending

    index_pending(archive)
    assert _found(archive) == {"Walrus one", "Walrus two"}
    assert archive.get(lone.id).title == "Lone walrus"  # the record is kept
    assert archive.original_path(lone.origin.sha256).is_file()
    report = check_archive(archive)
    assert report.ok and report.trashed == 1 and report.records == 2, report.problems
    run_index(archive, [str(files)], workers=1)  # another run over the files: still in the trash
    assert archive.trashed(lone.id) and _found(archive) == {"Walrus one", "Walrus two"}
    assert trash.restore(archive, [lone.id], "eddie") == [lone.id]
    index_pending(archive)
    assert _found(archive) == {"Lone walrus", "Walrus one", "Walrus two"}
    assert check_archive(archive).ok


def test_emptying_removes_only_originals_no_other_record_uses(three):
    archive, by_title, _files = three
    lone, one = by_title["Lone walrus"], by_title["Walrus one"]
    trash.move(archive, [lone.id, one.id], "eddie")
    assert trash.empty(archive, "eddie", older_than=timedelta(days=30)).records == []
    result = trash.empty(archive, "eddie")
    assert {t.id for t in result.records} == {lone.id, one.id}
    assert [sha for sha, _ in result.originals] == [lone.origin.sha256]
    assert result.kept_originals == 1  # the JSONL file: "Walrus two" still uses it
    assert not archive.original_path(lone.origin.sha256).exists()
    assert archive.original_path(one.origin.sha256).is_file()
    assert trash.listing(archive) == []
    report = check_archive(archive)
    assert report.ok and report.records == 1, report.problems
    assert _found(archive) == {"Walrus two"}


def test_ages_are_checked():
    assert trash.parse_age("30d") == timedelta(days=30)
    with pytest.raises(ArchiveError, match="30d"):
        trash.parse_age("a month")
