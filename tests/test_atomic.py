"""Files written whole or not at all."""

from __future__ import annotations

import stat

import pytest

from archive.atomic import write_atomically


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
