"""Write output files atomically: to a temporary file beside the target, then rename."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes | Iterable[str] | Callable[[Callable[[str], object]], None]) -> None:
    """Write ``data`` to ``path`` so that a failure never leaves a half-written file.

    ``data`` may also be an iterable of text pieces, written one after the other, or a function that is given
    the file's ``write`` and writes the text through it (a large text is then never held whole in memory)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the output is an ordinary file
        with os.fdopen(fd, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8", "newline": "\n"})) as fh:
            if isinstance(data, (str, bytes)):
                fh.write(data)
            elif callable(data):
                data(fh.write)
            else:
                for piece in data:
                    fh.write(piece)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
