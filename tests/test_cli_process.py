"""The command line as a real process: where signals, pipes and terminals matter.

The kill test is the promise of DESIGN.md rule 3: a batch killed with SIGKILL in the
middle leaves every file exactly old or exactly new (checked by hash), and running the
same command again finishes the job.
"""

from __future__ import annotations

import hashlib
import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from encfix import files

# Clean text in several scripts; `--bom add -i` rewrites every file whatever the
# engine decides about it, so the test measures the writes, not the repairs.
SENTENCES = [
    "The committee met on Tuesday to discuss the new budget for the city's libraries.",
    "Les habitants du quartier ont organisé une fête pour célébrer l'été.",
    "Die Bürger äußerten sich zufrieden über die neue Straßenbahnlinie.",
    "今天上午，市政府召开新闻发布会，介绍了今年的经济发展情况。",
    "東京の天気は明日から崩れる見込みです。",
    "Вчера в Москве прошёл концерт классической музыки.",
    "서울에서 열린 회의에 많은 사람들이 참석했습니다.",
    "Η συνάντηση ολοκληρώθηκε χωρίς προβλήματα.",
]
BOM = b"\xef\xbb\xbf"


def _encfix(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "encfix", *args], **kwargs)  # type: ignore[call-overload]


BATCH = 800


def _make_files(root: Path, count: int) -> dict[Path, tuple[str, str]]:
    """Files of ~2 KB; returns path -> (hash of the old bytes, hash of the new bytes)."""
    expected = {}
    for index in range(count):
        text = "\n".join(SENTENCES[(index + k) % len(SENTENCES)] for k in range(20)) + f"\n{index}\n"
        data = text.encode()
        path = root / f"{index // 100:02}" / f"{index:05}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[path] = (hashlib.sha256(data).hexdigest(), hashlib.sha256(BOM + data).hexdigest())
    return expected


def _states(expected: dict[Path, tuple[str, str]]) -> list[str]:
    states = []
    for path, (old, new) in expected.items():
        now = hashlib.sha256(path.read_bytes()).hexdigest()
        states.append("old" if now == old else "new" if now == new else f"CORRUPT {path}")
    return states


def test_python_dash_m_runs_the_command_line() -> None:
    result = subprocess.run([sys.executable, "-m", "encfix", "--version"], capture_output=True, check=False)
    assert result.returncode == 0
    assert result.stdout.startswith(b"encfix, version ")


def test_sigkill_mid_batch_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    expected = _make_files(tmp_path, BATCH)
    first = next(iter(expected))
    process = _encfix(
        "repair", "-i", "--bom", "add", "--jobs", "2", "-q", str(tmp_path),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not first.read_bytes().startswith(BOM):  # the first chunk is being written
        assert process.poll() is None
        assert time.monotonic() < deadline
        time.sleep(0.002)
    os.killpg(process.pid, signal.SIGKILL)  # the main process and its workers, mid-write
    process.communicate()
    states = _states(expected)
    assert not [state for state in states if state.startswith("CORRUPT")]
    assert states.count("new") >= 1 and states.count("old") >= 1, "the kill came too late to test"
    # the same command again finishes the job; temp files of the killed run are ignored
    rerun = subprocess.run(
        [sys.executable, "-m", "encfix", "repair", "-i", "--bom", "add", "--json", str(tmp_path)],
        capture_output=True,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout.splitlines()[-1])
    assert summary["scanned"] == BATCH and summary["failed"] == 0
    assert set(_states(expected)) == {"new"}


def _default_sigint() -> None:
    # A shell starts background jobs (`.ci/run &`) with SIGINT ignored, and a process
    # rightly keeps ignoring it; the test stands for a terminal, where Ctrl-C is live.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    expected = _make_files(tmp_path, BATCH)
    first = next(iter(expected))
    process = _encfix(
        "repair", "-i", "--bom", "add", "--jobs", "2", str(tmp_path),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, preexec_fn=_default_sigint,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not first.read_bytes().startswith(BOM):
        assert process.poll() is None
        assert time.monotonic() < deadline
        time.sleep(0.002)
    os.killpg(process.pid, signal.SIGINT)  # what the terminal sends to the whole group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"interrupted" in stderr and b"Traceback" not in stderr
    assert not [state for state in _states(expected) if state.startswith("CORRUPT")]
    leftovers = [p for p in tmp_path.rglob("*") if files.is_temp_file(p.name)]
    assert leftovers == []


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    big = ("The café is open. 你好，世界。" * 50 + "\n").encode() * 1000  # ~2 MB, many pipe buffers
    process = _encfix("repair", "-", stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    process.stdin.write(big)
    process.stdin.close()
    assert len(process.stdout.read(100)) == 100  # `| head -c 100`
    process.stdout.close()
    stderr = process.stderr.read()
    process.stderr.close()
    process.wait(timeout=60)
    assert stderr == b""
    assert process.returncode == 0


def test_broken_pipe_in_a_diff_of_many_files(tmp_path: Path) -> None:
    for index in range(50):
        (tmp_path / f"{index:02}.txt").write_bytes(("The cafÃ© is open.\n").encode() * 20)
    result = subprocess.run(
        f"{sys.executable} -m encfix repair --diff -q {tmp_path} | head -c 10",
        shell=True,
        capture_output=True,
        check=False,
    )
    assert result.stdout == b"--- " + str(tmp_path).encode()[:6]
    assert b"Traceback" not in result.stderr and b"Exception" not in result.stderr


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_terminal_gets_a_summary_table(tmp_path: Path) -> None:
    for index in range(20):
        (tmp_path / f"{index:02}.txt").write_text(SENTENCES[index % len(SENTENCES)] + "\n", encoding="utf-8")
    primary, secondary = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    result = subprocess.run(
        [sys.executable, "-m", "encfix", "repair", "--check", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=secondary,
        env=env,
        check=False,
        timeout=60,
    )
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(primary)
    text = output.decode("utf-8", "replace")
    assert result.returncode == 0
    assert "scanned" in text and "20" in text and "unchanged" in text
    assert "\x1b[" in text  # drawn for a terminal
