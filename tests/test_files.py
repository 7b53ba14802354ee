"""files.py: reading, output encoding, atomic writes, backups, and the errors they give."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from encfix import files
from encfix.files import FileError, Snapshot


def _temp_files(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if files.is_temp_file(name)]


# --------------------------------------------------------------------------- names and bytes


def test_display_path_escapes_undecodable_bytes_and_controls() -> None:
    name = os.fsdecode(b"caf\xe9-\x1b[31m.txt")
    shown = files.display_path(name)
    assert shown == "caf\\xe9-\\x1b[31m.txt"
    assert shown.isprintable()
    assert files.display_path("新闻/今天.txt") == "新闻/今天.txt"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", True),
        (b"%PDF-1.7\n", True),
        (b"\x00\x01\x02\x03\x04\x05\x00\x00\xff\x10", True),
        ("hello, 你好".encode("utf-16-le"), False),
        ("hello".encode("utf-16"), False),
        (b"plain text\n", False),
        (b"", False),
    ],
)
def test_looks_binary(data: bytes, expected: bool) -> None:
    assert files.looks_binary(data) is expected


def test_encode_output_bom_policy() -> None:
    assert files.encode_output("é", "utf-8", bom=False) == b"\xc3\xa9"
    assert files.encode_output("é", "utf-8", bom=True) == b"\xef\xbb\xbf\xc3\xa9"
    # a text that already starts with U+FEFF does not get a second one
    assert files.encode_output("\ufeffé", "utf-8", bom=True) == b"\xef\xbb\xbf\xc3\xa9"
    assert files.encode_output("é", "utf-16-le", bom=True) == b"\xff\xfe\xe9\x00"
    assert files.encode_output("é", "cp1252", bom=True) == b"\xe9"  # no BOM exists there


def test_encode_output_names_the_character_it_cannot_encode() -> None:
    with pytest.raises(ValueError, match=r"U\+4F60.*character 2 in cp1252"):
        files.encode_output("ab你", "cp1252", bom=False)


# --------------------------------------------------------------------------- reading


def test_read_file_returns_bytes_and_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    os.chmod(path, 0o640)
    data, snapshot = files.read_file(path)
    assert data == b"abc"
    assert snapshot.mode == 0o640 and snapshot.size == 3


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: None, "no such file or directory"),
        (lambda p: p.mkdir(), "is a directory"),
    ],
)
def test_read_file_errors_are_one_line(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x"
    make(path)
    with pytest.raises(FileError) as caught:
        files.read_file(path)
    assert str(caught.value) == f"{path}: {reason}"
    assert "\n" not in str(caught.value)


def test_read_file_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the kernel's answer explicit

        def denied(*args: object, **kwargs: object) -> None:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(files, "open", denied, raising=False)
    with pytest.raises(FileError, match=r"secret\.txt: permission denied$"):
        files.read_file(path)


# --------------------------------------------------------------------------- atomic writes


def test_write_atomic_replaces_content_and_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    os.chmod(path, 0o604)
    _, snapshot = files.read_file(path)
    inode = path.stat().st_ino
    files.write_atomic(path, b"new", like=snapshot, expect=snapshot)
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o604
    assert path.stat().st_ino != inode  # a new file was renamed over the old one
    assert _temp_files(tmp_path) == []


def test_write_atomic_new_file_gets_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        files._UMASK = None
        files.write_atomic(tmp_path / "new.txt", b"x")
    finally:
        os.umask(old)
        files._UMASK = None
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_write_atomic_keeps_mtime_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    _, snapshot = files.read_file(path)
    files.write_atomic(path, b"new", like=snapshot, times_from=snapshot)
    assert path.stat().st_mtime_ns == 1_000_000_000_000_000_000
    files.write_atomic(path, b"newer", like=snapshot)
    assert path.stat().st_mtime_ns != 1_000_000_000_000_000_000


def test_write_atomic_disk_full_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(FileError, match=r"a\.txt: no space left on device$"):
        files.write_atomic(path, b"new" * 1000)
    assert path.read_bytes() == b"old"
    assert _temp_files(tmp_path) == []


def test_write_atomic_refuses_a_file_that_vanished_or_changed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    _, snapshot = files.read_file(path)
    path.write_bytes(b"changed by someone else")
    with pytest.raises(FileError, match="changed during the run"):
        files.write_atomic(path, b"new", expect=snapshot)
    assert path.read_bytes() == b"changed by someone else"
    path.unlink()
    with pytest.raises(FileError, match="vanished during the run"):
        files.write_atomic(path, b"new", expect=snapshot)
    assert not path.exists()
    assert _temp_files(tmp_path) == []


def test_write_atomic_in_a_folder_it_cannot_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(**kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", denied)
    with pytest.raises(FileError, match=r"cannot write in .*: permission denied"):
        files.write_atomic(tmp_path / "a.txt", b"x")


def test_write_atomic_interrupted_removes_its_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")

    def interrupted(source: str, target: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert _temp_files(tmp_path) == []


# --------------------------------------------------------------------------- backups


def test_backup_is_the_original_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"original")
    os.chmod(path, 0o600)
    data, snapshot = files.read_file(path)
    backup = files.make_backup(path, ".bak", data, snapshot)
    files.write_atomic(path, b"repaired", like=snapshot, expect=snapshot)
    assert backup == tmp_path / "a.txt.bak"
    assert backup.read_bytes() == b"original"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert backup.stat().st_mtime_ns == snapshot.mtime_ns
    assert path.read_bytes() == b"repaired"


def test_backup_without_hard_links_is_copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"original")
    data, snapshot = files.read_file(path)
    (tmp_path / "a.txt.bak").write_bytes(b"an older backup")

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    backup = files.make_backup(path, ".bak", data, snapshot)
    assert backup.read_bytes() == b"original"
    assert backup.stat().st_mtime_ns == snapshot.mtime_ns
    assert _temp_files(tmp_path) == []


def test_snapshot_notices_a_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"one")
    snapshot = Snapshot.of(path.stat())
    assert snapshot.is_same_file(path.stat())
    path.write_bytes(b"two!")
    assert not snapshot.is_same_file(path.stat())
