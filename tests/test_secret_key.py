"""archive.secret_key: made once, kept with mode 0600, refused when others can read it."""

from __future__ import annotations

import os
import stat

import pytest

from archive.secret_key import SecretKeyError, load_secret_key


def test_the_key_is_made_once_and_only_its_owner_can_read_it(tmp_path):
    key = load_secret_key(tmp_path / "arc")
    path = tmp_path / "arc" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) == 64 and load_secret_key(tmp_path / "arc") == key
    assert [p.name for p in (tmp_path / "arc").iterdir()] == ["secret_key"]


def test_a_key_others_can_read_is_refused_with_the_fix(tmp_path):
    load_secret_key(tmp_path)
    os.chmod(tmp_path / "secret_key", 0o644)
    with pytest.raises(SecretKeyError, match="chmod 600"):
        load_secret_key(tmp_path)
