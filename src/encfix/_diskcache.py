"""A disk cache for tables derived from large data files (jieba's word list and HMM).

Parsing jieba's 350,000-line word list and unpickling its part-of-speech tables takes
2-3 s, paid by every process that meets a damaged mirror page; the derived tables load
from a marshal file in a tenth of that. The cache is keyed by the source file's path,
size and modification time (so a new jieba rebuilds it) and by ``VERSION`` (bump it
when the derivation changes). Every failure (no home folder, read-only disk, a file
written by another Python, a corrupt file) falls back to building the table: the cache
can only make encfix faster, never wrong or broken. A read marks a file used; when a
new file is written, files nobody has read for 30 days (another venv's, an old jieba's)
are deleted.

The folder is ``$ENCFIX_CACHE_DIR``, else ``$XDG_CACHE_HOME/encfix``, else
``~/.cache/encfix``; ``ENCFIX_CACHE_DIR=""`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import tempfile
import time
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
            value = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
        else:
            _mark_used(path)
            return value
    value = build()
    if path is not None:
        _write(path, value)
        _prune(path.parent)
    return value


#: A cache file not read for this long is deleted when another one is written: each
#: venv, jieba version and Python has its own files (10 MB for jieba's tables), and a
#: user who upgrades or drops a venv would otherwise keep its files for ever.
STALE_SECONDS = 30 * 24 * 3600
_CACHE_FILE = re.compile(r"[A-Za-z0-9._-]+-[0-9a-f]{16}\.marshal|\.tmp-.*\.marshal")


def _mark_used(path: Path) -> None:
    """Its modification time says when a cache file was last read (access times are often off)."""
    try:
        os.utime(path)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    """Delete the cache files (and leftover temporary files) nobody has read for ``STALE_SECONDS``."""
    cutoff = time.time() - STALE_SECONDS
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if _CACHE_FILE.fullmatch(entry.name) and entry.is_file() and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
        except OSError:
            pass


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
