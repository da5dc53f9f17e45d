"""Originals: stored under their hash, never rewritten; a file is copied only if it still has it."""

from __future__ import annotations

import hashlib

import pytest

from archive.originals import ChangedError, Originals
from archive.sidecars import Sidecar
from tests.support import write


def test_a_file_is_copied_in_chunks_under_its_hash(tmp_path):
    source = write(tmp_path / "in" / "big.jsonl", b"x" * (3 * 2**20 + 5))
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    originals = Originals(tmp_path / "originals")
    sidecar = Sidecar.describe(sha, str(source), "json", 3 * 2**20 + 5, 0, (), [])
    path = originals.write_file(sha, source, sidecar)
    assert path.read_bytes() == source.read_bytes() and originals.sidecar(sha).name == "big.jsonl"


def test_a_file_that_changed_since_it_was_hashed_is_not_kept(tmp_path):
    source = write(tmp_path / "in" / "export.jsonl", b"first bytes\n")
    sha = hashlib.sha256(b"other bytes\n").hexdigest()
    originals = Originals(tmp_path / "originals")
    sidecar = Sidecar.describe(sha, str(source), "json", 12, 0, (), [])
    with pytest.raises(ChangedError, match="changed while it was read"):
        originals.write_file(sha, source, sidecar)
    assert not originals.any_stored() and originals.sidecar(sha) is None
    assert not [p for p in (tmp_path / "originals").rglob("*") if p.is_file()]
