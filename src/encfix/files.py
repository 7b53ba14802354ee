"""Files on disk: reading, output encoding and BOM policy, atomic writes, backups.

Every write goes to a temporary file in the target's own folder, is flushed and
fsynced, gets the target's permissions (and, if asked, its modification time), and
then replaces the target with one ``os.replace``. A rename inside one folder is atomic
on POSIX and on Windows, so a reader, a crash or a ``kill -9`` sees either the old
file or the new one, never a mixture. Failures are ``FileError``: one line that names
the file and the reason, never a traceback.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from encfix.errors import EncfixError

__all__ = [
    "TEMP_SUFFIX",
    "BomPolicy",
    "FileError",
    "Snapshot",
    "display_path",
    "encode_output",
    "has_binary_signature",
    "is_temp_file",
    "looks_binary",
    "make_backup",
    "read_file",
    "reason_for",
    "write_atomic",
]

#: The ending of encfix's temporary files; the folder walk never picks them up, so a
#: run killed between writing one and renaming it leaves nothing a re-run would touch.
TEMP_SUFFIX = ".encfix-tmp"

#: What to do with a byte-order mark: keep the input's, always add one, never write one.
BomPolicy = Literal["keep", "add", "remove"]

# Only the Unicode encodings can carry a BOM; the generic "utf-16"/"utf-32" codecs
# always write one (they need it to say which byte order follows), whatever the policy.
_BOM_ENCODINGS = frozenset({"utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"})

# Signatures of common binary formats: files that start like this are never text, so
# they are skipped before the decoder spends time on them.
_BINARY_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04",  # zip, docx, xlsx, jar
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"\x7fELF",
    b"MZ",  # Windows executables
    b"\x00asm",
    b"SQLite format 3\x00",
    b"RIFF",  # wav, avi, webp
    b"OggS",
    b"fLaC",
    b"ID3",  # mp3
    b"\xca\xfe\xba\xbe",  # Java class, Mach-O fat
    b"\xcf\xfa\xed\xfe",  # Mach-O
)

_OS_REASONS = {
    errno.ENOENT: "no such file or directory",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EISDIR: "is a directory",
    errno.ENOTDIR: "a component of the path is not a directory",
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.ENAMETOOLONG: "file name too long",
    errno.ELOOP: "too many levels of symbolic links",
    errno.EIO: "input/output error",
    errno.EFBIG: "file too large",
    errno.EMFILE: "too many open files",
}


class FileError(EncfixError):
    """A file could not be read or written; ``str()`` is one line: path and reason."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = display_path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def reason_for(error: OSError) -> str:
    """A short lower-case reason for an OS error, without the path (callers add it).

    >>> reason_for(PermissionError(13, "Permission denied"))
    'permission denied'
    """
    if error.errno in _OS_REASONS:
        return _OS_REASONS[error.errno]
    return (error.strerror or type(error).__name__).lower()


def display_path(path: str | os.PathLike[str]) -> str:
    r"""A path as it can be shown on a terminal or put in JSON.

    File names are bytes on POSIX; Python hands the ones that are not UTF-8 over with
    lone surrogates, which cannot be printed. They are shown as ``\xNN`` escapes, and
    so are control characters (a file name may contain an escape sequence).

    >>> display_path("caf\udce9.txt"), display_path("a\x1b[31m.txt")
    ('caf\\xe9.txt', 'a\\x1b[31m.txt')
    """
    text = os.fspath(path)
    if text.isprintable():
        return text
    raw = text.encode("utf-8", "surrogateescape")
    shown = raw.decode("utf-8", "backslashreplace")
    return "".join(char if char.isprintable() else _escape_char(char) for char in shown)


def _escape_char(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def is_temp_file(name: str) -> bool:
    """Whether a file name is one of encfix's own temporary files."""
    return name.endswith(TEMP_SUFFIX)


def looks_binary(data: bytes) -> bool:
    """Whether bytes are certainly not text: a known binary signature, or NUL bytes
    with no sign of UTF-16/32 (whose ASCII characters come with NUL bytes).

    >>> looks_binary(b"\\x89PNG\\r\\n\\x1a\\n..."), looks_binary("hi".encode("utf-16-le"))
    (True, False)
    """
    if has_binary_signature(data):
        return True
    head = data[:8192]
    if b"\x00" not in head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    # UTF-16 text has NUL bytes on one parity (UTF-32 on three of four positions);
    # binary data has them scattered. Count the NUL bytes in even and odd positions.
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = max(1, len(head) // 2)
    return not (max(even, odd) >= half * 0.3 and min(even, odd) <= max(even, odd) * 0.1)


def has_binary_signature(data: bytes) -> bool:
    """Whether bytes start like a common binary format (image, archive, executable...)."""
    return data.startswith(_BINARY_MAGIC)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a file looked like when it was read: enough to restore its metadata and to
    notice that it changed or vanished before encfix wrote it back."""

    mode: int
    uid: int
    gid: int
    size: int
    mtime_ns: int
    atime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, result: os.stat_result) -> Snapshot:
        return cls(
            mode=stat.S_IMODE(result.st_mode),
            uid=result.st_uid,
            gid=result.st_gid,
            size=result.st_size,
            mtime_ns=result.st_mtime_ns,
            atime_ns=result.st_atime_ns,
            inode=result.st_ino,
            device=result.st_dev,
        )

    def is_same_file(self, result: os.stat_result) -> bool:
        return (result.st_ino, result.st_dev, result.st_size, result.st_mtime_ns) == (
            self.inode,
            self.device,
            self.size,
            self.mtime_ns,
        )


def read_file(path: str | os.PathLike[str]) -> tuple[bytes, Snapshot]:
    """The bytes of a regular file and its metadata, taken from the same open file."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise FileError(path, "is a directory")
            if not stat.S_ISREG(info.st_mode):
                raise FileError(path, "not a regular file")
            return handle.read(), Snapshot.of(info)
    except FileError:
        raise
    except OSError as error:
        raise FileError(path, reason_for(error)) from None


def encode_output(text: str, encoding: str, *, bom: bool) -> bytes:
    """Encode text for writing, with a byte-order mark if ``bom`` and the encoding has one.

    Raises ``ValueError`` naming the first character the encoding cannot hold.

    >>> encode_output("é", "utf-8", bom=True)
    b'\\xef\\xbb\\xbf\\xc3\\xa9'
    """
    name = codecs.lookup(encoding).name
    if bom and name in _BOM_ENCODINGS and not text.startswith("\ufeff"):
        text = "\ufeff" + text
    try:
        return text.encode(name)
    except UnicodeEncodeError as error:
        char = error.object[error.start]
        raise ValueError(f"cannot encode U+{ord(char):04X} ({char!r}) at character {error.start} in {name}") from None


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    like: Snapshot | None = None,
    times_from: Snapshot | None = None,
    expect: Snapshot | None = None,
) -> None:
    """Replace ``path`` with ``data`` atomically: temp file in the same folder, fsync, rename.

    ``like`` gives the permissions (and owner, where allowed) the new file takes; new
    files otherwise get the usual umask mode. ``times_from`` gives its access and
    modification times (``--keep-mtime``). ``expect`` is the snapshot taken when the
    file was read: if the file vanished or changed since, nothing is written and
    ``FileError`` says so.
    """
    target = Path(path)
    folder = target.parent
    try:
        descriptor, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    except OSError as error:
        reason = f"cannot write in {display_path(folder)}: {reason_for(error)}"
        raise FileError(path, reason) from None
    try:
        _fill(descriptor, data, like, times_from)
        if expect is not None:
            _check_unchanged(target, expect)
        os.replace(temp_name, target)
    except BaseException as error:
        _remove_quietly(temp_name)
        if isinstance(error, OSError):
            raise FileError(path, reason_for(error)) from None
        raise
    _sync_folder(folder)


def _fill(descriptor: int, data: bytes, like: Snapshot | None, times_from: Snapshot | None) -> None:
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
        if hasattr(os, "fchmod"):  # POSIX; Windows files have no mode bits to keep
            os.fchmod(handle.fileno(), like.mode if like else _default_mode())
        if like is not None and hasattr(os, "fchown"):
            try:
                os.fchown(handle.fileno(), like.uid, like.gid)
            except OSError:
                pass  # only root may give a file away; the group may still differ
        if times_from is not None:
            os.utime(handle.fileno(), ns=(times_from.atime_ns, times_from.mtime_ns))


def _check_unchanged(target: Path, expect: Snapshot) -> None:
    try:
        now = os.stat(target)
    except FileNotFoundError:
        raise FileError(target, "vanished during the run (left as it is)") from None
    if not expect.is_same_file(now):
        raise FileError(target, "changed during the run (left as it is)")


_UMASK: int | None = None


def _default_mode() -> int:
    global _UMASK
    if _UMASK is None:
        # There is no way to read the umask without setting it; do it once.
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return 0o666 & ~_UMASK


def _remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the rename durable: fsync the folder entry (POSIX only; best effort)."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def make_backup(path: str | os.PathLike[str], suffix: str, data: bytes, like: Snapshot) -> Path:
    """Keep the original beside the file as ``path + suffix`` before it is replaced.

    A hard link keeps the original inode, metadata and all, at no cost; where links
    are not possible the bytes are written (atomically) with the same mode and times.
    An existing backup is replaced.
    """
    source = Path(path)
    backup = source.with_name(source.name + suffix)
    link_name = source.with_name(f".{backup.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        os.link(source, link_name, follow_symlinks=False)
        os.replace(link_name, backup)
        return backup
    except OSError:
        _remove_quietly(os.fspath(link_name))
    write_atomic(backup, data, like=like, times_from=like)
    return backup
