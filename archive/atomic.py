"""Files written whole or not at all: a temporary name, fsync, then rename into place."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def write_atomically(target: Path, data: bytes | Iterable[bytes], mode: int | None = None) -> Path:
    """Write ``data`` to ``target`` so that a reader (or a crash) sees the old file or the new.

    ``data`` is bytes or an iterable of chunks (a large file, copied in bounded memory; an
    exception the iterable raises leaves the target as it was). The bytes go to
    ``.NAME.PID.tmp`` beside the target, are synced, given ``mode``
    (e.g. 0o444) and renamed over it; the temporary is removed on any failure.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            for chunk in [data] if isinstance(data, bytes) else data:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target
