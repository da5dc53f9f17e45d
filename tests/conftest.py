"""Shared fixtures. Archives opened by tests are closed at the end of the session."""

import pytest

from archive.store import Archive

_opened: list[Archive] = []
_real_init = Archive.__init__


def _tracking_init(self, *args, **kwargs):
    _real_init(self, *args, **kwargs)
    _opened.append(self)


Archive.__init__ = _tracking_init


def pytest_sessionfinish(session, exitstatus):
    for archive in _opened:
        archive.close()


@pytest.fixture
def archive_dir(tmp_path):
    return tmp_path / "archive"
