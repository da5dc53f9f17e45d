"""The archive store: records, originals, the write batch."""

import pytest

from archive.errors import NotAnArchiveError, NotFoundError
from archive.settings import resolve_archive_dir
from archive.store import open_archive
from tests.support import lighthouse_archive


@pytest.fixture
def archive(tmp_path):
    return lighthouse_archive(tmp_path)


def test_unknown_record_is_a_clear_error(archive):
    with pytest.raises(NotFoundError, match="No article with id 'nope'"):
        archive.get("nope")


def test_readers_do_not_create_an_archive_where_there_is_none(tmp_path):
    with pytest.raises(NotAnArchiveError, match="not an archive"):
        open_archive(tmp_path / "nothing", must_exist=True)
    assert not (tmp_path / "nothing").exists()


