"""The archive store: records, originals, the write batch."""

import pytest

from archive.errors import NotAnArchiveError, NotFoundError
from archive.store import open_archive, resolve_archive_dir
from tests.support import lighthouse_archive


@pytest.fixture
def archive(tmp_path):
    return lighthouse_archive(tmp_path)


def test_archive_dir_option_then_environment_then_default(monkeypatch, tmp_path):
    monkeypatch.setenv("ARCHIVE_DIR", str(tmp_path / "env"))
    assert resolve_archive_dir(tmp_path / "opt") == tmp_path / "opt"
    assert resolve_archive_dir(None) == tmp_path / "env"
    monkeypatch.delenv("ARCHIVE_DIR")
    assert resolve_archive_dir(None).name == "news-archive"


def test_unknown_record_is_a_clear_error(archive):
    with pytest.raises(NotFoundError, match="No article with id 'nope'"):
        archive.get("nope")


def test_readers_do_not_create_an_archive_where_there_is_none(tmp_path):
    with pytest.raises(NotAnArchiveError, match="not an archive"):
        open_archive(tmp_path / "nothing", must_exist=True)
    assert not (tmp_path / "nothing").exists()


def test_saved_searches(archive):
    archive.save_search("lights", "q=lighthouse")
    assert [(n, p) for n, p, _ in archive.saved_searches()] == [("lights", "q=lighthouse")]
    assert archive.delete_saved_search("lights") is True
    assert archive.saved_searches() == []


def test_stats(archive):
    stats = archive.stats()
    assert stats["records"] == 3 and stats["originals"] == 3
    assert stats["by_type"] == {"html": 3}
    assert stats["first_date"].startswith("2022-05-01")
