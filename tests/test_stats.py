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
