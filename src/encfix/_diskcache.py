"""A disk cache for tables derived from large data files (jieba's word list and HMM).

Parsing jieba's 350,000-line word list and unpickling its part-of-speech tables takes
2-3 s, paid by every process that meets a damaged mirror page; the derived tables load
from a marshal file in a tenth of that. The cache is keyed by the source file's path,
size and modification time (so a new jieba rebuilds it) and by ``VERSION`` (bump it
when the derivation changes). Every failure (no home folder, read-only disk, a file
written by another Python, a corrupt file) falls back to building the table: the cache
can only make encfix faster, never wrong or broken.

The folder is ``$ENCFIX_CACHE_DIR``, else ``$XDG_CACHE_HOME/encfix``, else
``~/.cache/encfix``; ``ENCFIX_CACHE_DIR=""`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Bump when a derivation changes, so old cache files are not read.
VERSION = 1


def cache_dir() -> Path | None:
    """Where cache files go, or None when the cache is turned off."""
    configured = os.environ.get("ENCFIX_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "encfix"


def cached(name: str, source: Path, build: Callable[[], Any]) -> Any:
    """``build()``, or the value it returned before for the same ``source`` file.

    The value must be marshal-able (dicts, tuples, strings, numbers).
    """
    path = _path(name, source)
    if path is not None:
        try:
            # loads() on the whole file: load() on a file object reads piece by piece, 3x slower.
            return marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
    value = build()
    if path is not None:
        _write(path, value)
    return value


def _path(name: str, source: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        stat = source.stat()
    except OSError:
        return None
    key = f"{VERSION}|{marshal.version}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return folder / f"{name}-{hashlib.sha1(key.encode()).hexdigest()[:16]}.marshal"


def _write(path: Path, value: Any) -> None:
    """Write atomically (a reader never sees half a file); give up quietly on any error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".marshal")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(marshal.dumps(value))
        os.replace(temp, path)
    except (OSError, ValueError):
        try:
            os.unlink(temp)
        except OSError:
            pass
