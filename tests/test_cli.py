"""The command line, in process with CliRunner: every flag and every exit code.

Exit codes: 0 ok, 1 --check found damage, 2 usage error, 3 a file failed.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import encfix
from encfix import files
from encfix.cli.commands import cli

DAMAGED = "The cafÃ© is open.\n"
REPAIRED = "The café is open.\n"
CJK_DAMAGED = "浣犲ソ，世界！今天的新闻很重要。\n"
CJK_REPAIRED = "你好，世界！今天的新闻很重要。\n"
CLEAN = "Grüße aus Köln. 你好，世界。Привет, мир.\n"


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def write(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def records(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture
def crawl(tmp_path: Path) -> Path:
    """A small folder: two damaged files, two clean ones, tool folders and a binary."""
    root = tmp_path / "crawl"
    write(root / "a.txt", DAMAGED)
    write(root / "news" / "b.txt", CJK_DAMAGED)
    write(root / "news" / "c.txt", CLEAN)
    write(root / "d.html", CLEAN)
    write(root / ".git" / "e.txt", DAMAGED)
    write(root / "node_modules" / "f.txt", DAMAGED)
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return root


def hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): digest(p) for p in sorted(root.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- basics


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"encfix, version {encfix.__version__}"


def test_every_command_and_option_has_help() -> None:
    for command in ("repair", "detect"):
        result = run(command, "--help")
        assert result.exit_code == 0
        for param in cli.commands[command].params:
            if param.param_type_name == "option":
                assert param.help, f"{command} {param.name} has no help"  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- one file


def test_repair_one_file_to_stdout(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DAMAGED)
    result = run("repair", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == REPAIRED.encode()
    assert result.stderr == ""
    assert path.read_text(encoding="utf-8") == DAMAGED  # a filter never writes


def test_repair_cjk_from_stdin() -> None:
    result = run("repair", "-", input=CJK_DAMAGED.encode())
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == CJK_REPAIRED.encode()


def test_clean_text_comes_back_byte_identical(tmp_path: Path) -> None:
    path = write(tmp_path / "clean.txt", CLEAN.replace("\n", "\r\n") * 3)
    result = run("repair", str(path))
    assert result.exit_code == 0
    assert result.stdout_bytes == path.read_bytes()


def test_output_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DAMAGED)
    result = run("repair", str(path), "-o", str(tmp_path / "fixed.txt"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert (tmp_path / "fixed.txt").read_text(encoding="utf-8") == REPAIRED
    assert path.read_text(encoding="utf-8") == DAMAGED


def test_output_equal_to_input_is_safe(tmp_path: Path) -> None:
    # ftfy once emptied a file whose output path equalled its input
    path = write(tmp_path / "a.txt", DAMAGED)
    result = run("repair", str(path), "-o", str(path))
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == REPAIRED


def test_line_endings_are_preserved(tmp_path: Path) -> None:
    text = "Line one: cafÃ©\r\nLine two: naÃ¯ve\r\nLast line, no newline: Ã©tÃ©"
    path = write(tmp_path / "crlf.txt", text)
    result = run("repair", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == "Line one: café\r\nLine two: naïve\r\nLast line, no newline: été".encode()


@pytest.mark.parametrize(
    ("policy", "expected_bom"),
    [("keep", True), ("remove", False), ("add", True)],
)
def test_bom_policy(tmp_path: Path, policy: str, expected_bom: bool) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + DAMAGED.encode())
    result = run("repair", "--bom", policy, str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == (b"\xef\xbb\xbf" if expected_bom else b"") + REPAIRED.encode()


def test_bom_add_on_a_file_without_one(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", CLEAN)
    assert run("repair", "--bom", "add", str(path)).stdout_bytes == b"\xef\xbb\xbf" + CLEAN.encode()
    assert run("repair", str(path)).stdout_bytes == CLEAN.encode()


def test_to_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DAMAGED)
    result = run("repair", "--to", "latin-1", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == REPAIRED.encode("latin-1")


def test_to_encoding_that_cannot_hold_the_text_fails_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", CJK_REPAIRED)
    result = run("repair", "--to", "cp1252", str(path))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"encfix: {path}: cannot encode U+4F60")
    assert len(result.stderr.splitlines()) == 1


def test_from_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "ru.txt", "Привет, мир. Это обычный текст.\n", encoding="cp1251")
    result = run("repair", "--from", "cp1251", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Привет, мир. Это обычный текст.\n"


def test_explain_goes_to_stderr(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DAMAGED)
    result = run("repair", "--explain", str(path))
    assert result.exit_code == 0
    assert result.stdout == REPAIRED
    assert "utf-8 read as cp1252" in result.stderr
    assert all(line.startswith(f"{path}: ") for line in result.stderr.splitlines())


def test_lost_and_min_confidence_reach_the_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[encfix.Options] = []
    real = encfix.pipeline.repair_bytes

    def spy(data: bytes, options: encfix.Options | None = None) -> encfix.Repair:
        assert options is not None
        seen.append(options)
        return real(data, options)

    monkeypatch.setattr(encfix.pipeline, "repair_bytes", spy)
    path = write(tmp_path / "a.txt", CLEAN)
    assert run("repair", "--lost", "drop", "--min-confidence", "0.9", str(path)).exit_code == 0
    assert (seen[0].lost, seen[0].min_confidence) == ("drop", 0.9)
    assert run("repair", "--lost", "forget", str(path)).exit_code == 2


# --------------------------------------------------------------------------- folders


def test_folder_without_a_destination_is_refused(crawl: Path) -> None:
    before = hashes(crawl)
    result = run("repair", str(crawl))
    assert result.exit_code == 2
    assert "-o DIR" in result.stderr and "--in-place" in result.stderr
    assert hashes(crawl) == before


def test_several_files_without_a_destination_are_refused(crawl: Path) -> None:
    result = run("repair", str(crawl / "a.txt"), str(crawl / "d.html"))
    assert result.exit_code == 2


def test_in_place_with_backup(crawl: Path) -> None:
    os.chmod(crawl / "a.txt", 0o640)
    clean_before = digest(crawl / "news" / "c.txt")
    result = run("repair", "-i", "--backup", ".orig", str(crawl))
    assert result.exit_code == 0, result.stderr
    assert (crawl / "a.txt").read_text(encoding="utf-8") == REPAIRED
    assert (crawl / "news" / "b.txt").read_text(encoding="utf-8") == CJK_REPAIRED
    assert (crawl / "a.txt.orig").read_text(encoding="utf-8") == DAMAGED
    assert stat.S_IMODE((crawl / "a.txt").stat().st_mode) == 0o640
    assert digest(crawl / "news" / "c.txt") == clean_before
    assert not (crawl / "news" / "c.txt.orig").exists()  # unchanged files are not touched
    assert (crawl / ".git" / "e.txt").read_text(encoding="utf-8") == DAMAGED
    assert (crawl / "node_modules" / "f.txt").read_text(encoding="utf-8") == DAMAGED
    # a second run changes nothing and does not back up the backups
    again = run("repair", "-i", "--backup", ".orig", str(crawl))
    assert again.exit_code == 0
    assert not (crawl / "a.txt.orig.orig").exists()
    assert "2 repaired" not in again.stderr and "unchanged" in again.stderr


def test_in_place_keep_mtime(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DAMAGED)
    os.utime(path, (1_500_000_000, 1_500_000_000))
    assert run("repair", "-i", "--keep-mtime", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8") == REPAIRED
    assert path.stat().st_mtime == 1_500_000_000
    write(path, DAMAGED)
    os.utime(path, (1_500_000_000, 1_500_000_000))
    assert run("repair", "-i", str(path)).exit_code == 0
    assert path.stat().st_mtime != 1_500_000_000


def test_in_place_rewrites_clean_files_only_when_asked_for_other_bytes(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", CLEAN)
    inode = path.stat().st_ino
    assert run("repair", "-i", str(path)).exit_code == 0
    assert path.stat().st_ino == inode
    assert run("repair", "-i", "--to", "utf-16-le", str(path)).exit_code == 0
    assert path.read_bytes() == CLEAN.encode("utf-16-le")


def test_output_folder_mirrors_the_tree(crawl: Path, tmp_path: Path) -> None:
    before = hashes(crawl)
    out = tmp_path / "out"
    result = run("repair", str(crawl), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert hashes(crawl) == before
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "a.txt",
        "d.html",
        "news/b.txt",
        "news/c.txt",
    ]
    assert (out / "news" / "b.txt").read_text(encoding="utf-8") == CJK_REPAIRED
    assert (out / "news" / "c.txt").read_bytes() == (crawl / "news" / "c.txt").read_bytes()


def test_output_folder_inside_the_input_is_not_walked(crawl: Path) -> None:
    assert run("repair", str(crawl), "-o", str(crawl / "fixed")).exit_code == 0
    second = run("repair", str(crawl), "-o", str(crawl / "fixed"), "--json")
    assert not any("fixed" in record.get("path", "") for record in records(second))


def test_include_exclude(crawl: Path) -> None:
    result = run("repair", "--check", "--json", "--include", "*.txt", "--exclude", "news", str(crawl))
    paths = [r["path"] for r in records(result) if r["type"] == "file"]
    assert paths == [str(crawl / "a.txt")]


# --------------------------------------------------------------------------- check, diff, json


def test_check_exit_codes_and_writes_nothing(crawl: Path, tmp_path: Path) -> None:
    before = hashes(crawl)
    result = run("repair", "--check", str(crawl))
    assert result.exit_code == 1
    assert hashes(crawl) == before
    assert "2 would-repair" in result.stderr
    clean = write(tmp_path / "clean" / "c.txt", CLEAN).parent
    assert run("repair", "--check", str(clean)).exit_code == 0


def test_diff_is_unified_in_a_pipe(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Title\n" + DAMAGED)
    result = run("repair", "--diff", str(path))
    assert result.exit_code == 0
    assert result.stdout == (
        f"--- {path}\t(original)\n+++ {path}\t(repaired)\n@@ -1,2 +1,2 @@\n Title\n-{DAMAGED}+{REPAIRED}"
    )
    assert path.read_text(encoding="utf-8") == "Title\n" + DAMAGED


def test_diff_with_check_exits_1(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DAMAGED)
    result = run("repair", "--diff", "--check", str(path))
    assert result.exit_code == 1
    assert f"+{REPAIRED}" in result.stdout


def test_diff_inline_marks_characters_of_a_cjk_paragraph(tmp_path: Path) -> None:
    paragraph = CJK_DAMAGED.strip() + "据新华社报道，今天上午，论坛在北京开幕，与会者表示将加强合作。\n"
    path = write(tmp_path / "news.txt", paragraph)
    result = run("repair", "--diff", "--diff-style", "inline", str(path))
    assert result.exit_code == 0, result.stderr
    assert "~[-浣犲ソ-]{+你好+}，世界！今天的新闻很重要。据新华社报道" in result.stdout.replace("\n", "")
    assert "\x1b[" not in result.stdout  # no colour codes into a pipe


def test_diff_side_by_side(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DAMAGED)
    result = run("repair", "--diff", "--diff-style", "side-by-side", str(path))
    assert result.exit_code == 0
    assert "original" in result.stdout and "repaired" in result.stdout
    assert "cafÃ©" in result.stdout and "café" in result.stdout


def test_diff_never_prints_control_characters_raw(tmp_path: Path) -> None:
    path = write(tmp_path / "evil.txt", "\x1b]0;title\x07\x1b[2J " + DAMAGED)
    for style in ("unified", "inline", "side-by-side"):
        result = run("repair", "--diff", "--diff-style", style, str(path))
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, style
        assert "\\x1b[2J" in result.stdout


def test_json_records_and_summary(crawl: Path) -> None:
    result = run("repair", "--json", str(crawl))
    assert result.exit_code == 0, result.stderr
    lines = records(result)
    files_ = {Path(r["path"]).name: r for r in lines if r["type"] == "file"}
    assert set(files_) == {"a.txt", "d.html", "logo.png", "b.txt", "c.txt"}
    a = files_["a.txt"]
    assert a["status"] == "would-repair"
    assert a["encoding"] == "utf-8" and a["bom"] is False
    assert a["findings"][0]["layers"] == [{"encoding": "utf-8", "wrong": "cp1252"}]
    assert a["plan"] and 0 < a["confidence"] <= 1
    assert a["lost"] == [] and a["written"] is None
    assert files_["logo.png"]["status"] == "skipped"
    assert files_["c.txt"]["status"] == "unchanged"
    summary = lines[-1]
    assert summary["type"] == "summary"
    assert (summary["scanned"], summary["would_repair"], summary["unchanged"], summary["skipped"]) == (5, 2, 2, 1)
    assert summary["exit_code"] == 0


def test_report_file_with_in_place(crawl: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.ndjson"
    result = run("repair", "-i", "--report", str(report), str(crawl))
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    repaired = [r for r in lines if r["type"] == "file" and r["status"] == "repaired"]
    assert sorted(Path(r["written"]).name for r in repaired) == ["a.txt", "b.txt"]
    assert lines[-1]["type"] == "summary" and lines[-1]["repaired"] == 2


def test_report_beside_stdout_output(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DAMAGED)
    result = run("repair", "--report", str(tmp_path / "r.ndjson"), str(path))
    assert result.stdout == REPAIRED
    assert json.loads((tmp_path / "r.ndjson").read_text(encoding="utf-8").splitlines()[0])["status"] == "repaired"


def test_jobs_with_a_pool_keep_the_order(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for index in range(24):
        write(root / f"{index:02}.txt", DAMAGED if index % 3 == 0 else CLEAN)
    result = run("repair", "--json", "--jobs", "2", str(root))
    assert result.exit_code == 0, result.stderr
    lines = [r for r in records(result) if r["type"] == "file"]
    assert [Path(r["path"]).name for r in lines] == [f"{i:02}.txt" for i in range(24)]
    assert [r["status"] for r in lines] == ["would-repair" if i % 3 == 0 else "unchanged" for i in range(24)]


def test_summary_is_plain_text_when_stderr_is_not_a_terminal(crawl: Path) -> None:
    result = run("repair", "--check", str(crawl))
    lines = result.stderr.splitlines()
    assert any(line.startswith("encfix: 5 files: 2 would-repair, 2 unchanged, 1 skipped (") for line in lines)
    assert "━" not in result.stderr and "\x1b" not in result.stderr  # no progress bar, no table
    assert run("repair", "--check", "-q", str(crawl)).stderr == ""


def test_verbose_lists_every_file(crawl: Path) -> None:
    result = run("repair", "--check", "-v", str(crawl))
    assert f"{crawl / 'a.txt'}: would-repair [utf-8 read as cp1252]" in result.stderr
    assert f"{crawl / 'news' / 'c.txt'}: unchanged" in result.stderr


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "args",
    [
        ["-i", "-o", "x", "a"],
        ["--backup", ".bak", "a"],
        ["-i", "-"],
        ["--check", "-i", "a"],
        ["--diff", "-o", "x", "a"],
        ["--json", "--diff", "a"],
        ["-", "a"],
        ["--from", "no-such-encoding", "a"],
        ["--to", "no-such-encoding", "a"],
        ["--to", "base64", "a"],
        ["--jobs", "0", "a"],
        [],
    ],
)
def test_usage_errors_exit_2_without_traceback(args: list[str]) -> None:
    result = run("repair", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Error:" in result.stderr


def test_missing_file_fails_but_the_batch_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", DAMAGED)
    result = run("repair", "--check", str(tmp_path / "missing.txt"), str(good))
    assert result.exit_code == 3
    assert f"encfix: {tmp_path / 'missing.txt'}: no such file or directory" in result.stderr.splitlines()
    assert "1 would-repair" in result.stderr
    assert "Traceback" not in result.output


def test_one_missing_file(tmp_path: Path) -> None:
    result = run("repair", str(tmp_path / "missing.txt"))
    assert result.exit_code == 3
    assert result.stderr == f"encfix: {tmp_path / 'missing.txt'}: no such file or directory\n"


def test_binary_file_alone_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = run("repair", str(path))
    assert result.exit_code == 3
    assert result.stderr == f"encfix: {path}: binary file, not text\n"
    assert result.stdout_bytes == b""


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = write(tmp_path / "secret.txt", DAMAGED)
    other = write(tmp_path / "other.txt", DAMAGED)
    secret.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the kernel's answer explicit
        real_open = open

        def guarded(path: Any, *args: Any, **kwargs: Any) -> Any:
            if Path(path) == secret:
                raise PermissionError(errno.EACCES, "Permission denied")
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(files, "open", guarded, raising=False)
    result = run("repair", "-i", str(tmp_path))
    assert result.exit_code == 3
    assert f"encfix: {secret}: permission denied" in result.stderr.splitlines()
    assert other.read_text(encoding="utf-8") == REPAIRED


def test_disk_full_leaves_files_old_and_no_temp_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "full"
    for name in ("a.txt", "b.txt"):
        write(root / name, DAMAGED)

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run("repair", "-i", str(root))
    assert result.exit_code == 3
    assert result.stderr.splitlines()[:2] == [
        f"encfix: {root / 'a.txt'}: no space left on device",
        f"encfix: {root / 'b.txt'}: no space left on device",
    ]
    assert [p.read_text(encoding="utf-8") for p in sorted(root.iterdir())] == [DAMAGED, DAMAGED]


def test_non_utf8_file_names(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    write(tmp_path / name, DAMAGED)
    result = run("repair", "-i", "-v", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "caf\\xe9.txt: repaired" in result.stderr
    assert (tmp_path / name).read_text(encoding="utf-8") == REPAIRED
    lines = records(run("repair", "--json", str(tmp_path)))
    assert lines[0]["path"].endswith("caf\\xe9.txt")


def test_report_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", CLEAN)
    result = run("repair", "--report", str(tmp_path / "no" / "such" / "r.ndjson"), str(path))
    assert result.exit_code == 2
    assert "cannot write the report" in result.stderr


# --------------------------------------------------------------------------- detect


def test_detect_table(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DAMAGED)
    result = run("detect", str(path))
    assert result.exit_code == 0, result.stderr
    assert f"{path}  utf-8 (confidence 1.00)" in result.stdout
    assert "mojibake" in result.stdout and "utf-8 read as cp1252" in result.stdout


def test_detect_clean(tmp_path: Path) -> None:
    result = run("detect", str(write(tmp_path / "a.txt", CLEAN)))
    assert result.exit_code == 0
    assert "no damage found" in result.stdout


def test_detect_json(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", CJK_DAMAGED)
    result = run("detect", "--json", str(path), "-", input=DAMAGED.encode())
    assert result.exit_code == 0, result.stderr
    first, second = records(result)
    assert first["path"] == str(path) and second["path"] == "-"
    assert first["decoding"]["encoding"] == "utf-8"
    assert first["findings"][0]["kind"] == "mojibake"
    assert first["findings"][0]["layers"] == [{"encoding": "utf-8", "wrong": "gbk"}]
    assert (first["findings"][0]["start"], first["findings"][0]["end"]) == (0, 3)
    assert {"segments", "lost", "damage_classes", "confidence"} <= set(first) | set(first["decoding"])


def test_detect_errors(tmp_path: Path) -> None:
    png = tmp_path / "logo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = run("detect", str(tmp_path), str(png), str(tmp_path / "missing"))
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"encfix: {tmp_path}: is a directory",
        f"encfix: {png}: binary file, not text",
        f"encfix: {tmp_path / 'missing'}: no such file or directory",
    ]
    assert run("detect", "--from", "klingon", str(png)).exit_code == 2


def test_stdin_to_an_output_file(tmp_path: Path) -> None:
    result = run("repair", "-", "-o", str(tmp_path / "out.txt"), input=DAMAGED.encode())
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == REPAIRED
    assert run("repair", "-", "-o", str(tmp_path), input=b"x").exit_code == 2  # a folder


def test_several_files_into_an_output_folder(tmp_path: Path) -> None:
    a = write(tmp_path / "in" / "a.txt", DAMAGED)
    b = write(tmp_path / "in" / "b.txt", CLEAN)
    out = tmp_path / "out"
    result = run("repair", "--keep-mtime", str(a), str(b), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert (out / "a.txt").read_text(encoding="utf-8") == REPAIRED
    assert (out / "b.txt").read_bytes() == b.read_bytes()
    assert (out / "a.txt").stat().st_mtime_ns == a.stat().st_mtime_ns
    taken = write(tmp_path / "taken.txt", CLEAN)
    assert run("repair", str(a), str(b), "-o", str(taken)).exit_code == 2


def test_check_on_stdin() -> None:
    assert run("repair", "--check", "-", input=DAMAGED.encode()).exit_code == 1
    clean = run("repair", "--check", "-", input=CLEAN.encode())
    assert clean.exit_code == 0 and clean.stdout == ""


def test_report_inside_the_walked_folder_is_not_an_input(crawl: Path) -> None:
    report = crawl / "report.ndjson"
    report.write_text('{"stale": "cafÃ©"}\n', encoding="utf-8")
    result = run("repair", "-i", "--report", str(report), str(crawl))
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert str(report) not in [r.get("path") for r in lines]
