"""Files written whole or not at all."""

from __future__ import annotations

import os
import stat

import pytest

from archive import atomic
from archive.atomic import sync_files, write_atomically


def test_a_file_is_replaced_whole_and_given_its_mode(tmp_path):
    target = tmp_path / "deep" / "file.json"
    write_atomically(target, b"old")
    write_atomically(target, b"new", 0o444)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert [p.name for p in target.parent.iterdir()] == ["file.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "file.json"
    write_atomically(target, b"old")
    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


def test_an_unsynced_write_is_whole_and_sync_files_makes_a_batch_durable_at_once(
    tmp_path, monkeypatch
):
    calls = []
    monkeypatch.setattr(
        atomic, "_syncfs", lambda: lambda fd: calls.append(os.readlink(f"/proc/self/fd/{fd}")) or 0
    )
    paths = [
        write_atomically(tmp_path / "ab" / f"f{i}", b"x" * i, 0o444, sync=False)
        for i in range(atomic.SYNCFS_MIN_FILES)
    ]
    assert [p.read_bytes() for p in paths[:3]] == [b"", b"x", b"xx"]
    sync_files(paths)
    assert calls == [str(tmp_path / "ab")]  # one sync of the file system, for them all


@pytest.mark.parametrize("syncfs", [None, "a few files"])
def test_without_syncfs_or_for_a_few_files_each_file_and_its_folder_is_synced(
    tmp_path, monkeypatch, syncfs
):
    synced = []
    fsync = os.fsync
    if syncfs is None:
        monkeypatch.setattr(atomic, "_syncfs", lambda: None)
    monkeypatch.setattr(
        os, "fsync", lambda fd: synced.append(os.readlink(f"/proc/self/fd/{fd}")) or fsync(fd)
    )
    paths = [write_atomically(tmp_path / d / "f", b"x", sync=False) for d in ("a", "b")]
    sync_files(paths)
    assert synced == [str(paths[0]), str(paths[1]), str(tmp_path / "a"), str(tmp_path / "b")]


def test_chunks_are_written_whole_or_not_at_all(tmp_path):
    target = tmp_path / "file.bin"
    write_atomically(target, iter([b"one ", b"two"]))
    assert target.read_bytes() == b"one two"

    def failing():
        yield b"half"
        raise ValueError("the source changed")

    with pytest.raises(ValueError):
        write_atomically(target, failing())
    assert target.read_bytes() == b"one two"
    assert [p.name for p in tmp_path.iterdir()] == ["file.bin"]
