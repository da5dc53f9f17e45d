"""archive.stats: what an archive holds, in numbers."""

from __future__ import annotations

from archive.stats import archive_stats
from tests.support import build_archive, html_page, write


def test_stats_count_records_originals_types_and_dates(tmp_path):
    for n in range(3):
        write(
            tmp_path / "in" / f"a{n}.html",
            html_page(
                f"Lighthouse {n}", "Keepers of the light.", date=f"2022-05-0{n + 1}T10:00:00+00:00"
            ),
        )
    archive, _ = build_archive(tmp_path / "arc", tmp_path / "in")
    stats = archive_stats(archive)
    assert stats["records"] == 3 and stats["originals"] == 3
    assert stats["by_type"] == {"html": 3}
    assert stats["first_date"].startswith("2022-05-01")
    assert stats["last_date"].startswith("2022-05-03")
    assert stats["index"] == "current" and stats["engine"]["engine"] == "whoosh"
    archive.close()


def test_articles_in_the_trash_are_counted_apart_and_nowhere_else(tmp_path):
    from archive import trash

    write(
        tmp_path / "in" / "kept.html", html_page("Lighthouse kept", "Keepers.", date="2022-05-02")
    )
    gone = html_page("Lighthouse gone", "Wreckers.", date="2019-01-01", site="Phare Quotidien")
    write(tmp_path / "in" / "gone.html", gone)
    write(tmp_path / "in" / "gone.txt", "Old lighthouse notes\n\nThe keepers left long ago.")
    archive, _ = build_archive(tmp_path / "arc", tmp_path / "in")
    before = archive_stats(archive)
    assert (before["records"], before["trashed"], before["undated"]) == (3, 0, 1)
    ids = [r.id for r in archive.iter_records() if r.title != "Lighthouse kept"]
    trash.move(archive, ids, "eddie")
    stats = archive_stats(archive)
    assert (stats["records"], stats["trashed"]) == (1, 2)
    assert stats["by_type"] == {"html": 1} and stats["undated"] == 0
    assert stats["first_date"] == stats["last_date"] and stats["first_date"].startswith("2022")
    assert stats["sources"] == 1 and sum(stats["by_language"].values()) == 1
    assert stats["originals"] == 3  # the trash keeps them
    archive.close()
