"""The archive's secret key (signs session cookies): made once, kept in the archive folder.

The file ``secret_key`` holds 64 random hex characters and is readable by its owner
only (mode 0600). A read-only archive without one gets a key for this process alone
(sessions then end when the server stops).
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from archive.errors import ArchiveError

FILE_NAME = "secret_key"


class SecretKeyError(ArchiveError):
    """The secret key file is unsafe or unreadable."""


def load_secret_key(folder: str | os.PathLike) -> str:
    """The key in ``folder/secret_key``, created (mode 0600) on first use."""
    path = Path(folder) / FILE_NAME
    if path.exists():
        return _read(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        try:
            os.link(temp, path)  # atomic: a second process finds the first one's key
        except FileExistsError:
            pass
        finally:
            temp.unlink()
    except OSError:  # a read-only archive: a key for this process only
        return secrets.token_hex(32)
    return _read(path)


def _read(path: Path) -> str:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise SecretKeyError(
            f"{path} can be read by other users (mode {mode:o}): run `chmod 600 {path}`."
        )
    key = path.read_text(encoding="ascii", errors="replace").strip()
    if len(key) < 32:
        raise SecretKeyError(f"{path} holds no usable key: delete it and start again.")
    return key
