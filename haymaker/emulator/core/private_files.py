"""Files only their owner may read: the emulator's signing key, CA key and admin secret."""

from __future__ import annotations

import os
from pathlib import Path


def write_private(path: str | Path, data: str | bytes) -> Path:
    """Write `data` to `path` with mode 0600, also when the file already existed (O_CREAT's
    mode applies only to a new file)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data.encode() if isinstance(data, str) else data)
    os.chmod(path, 0o600)
    return Path(path)
