"""batch.py: the folder walk, one file's outcome, the pool, and the exit code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from encfix.batch import (
    ExitCode,
    FileOutcome,
    Job,
    Runner,
    Selection,
    Settings,
    Summary,
    WriteMode,
    collect,
    process,
)
from encfix.report import Finding, Layer, LostSpan


def _tree(root: Path, names: list[str], content: bytes = b"clean text\n") -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _relative(jobs: list[Job], root: Path) -> list[str]:
    return [os.path.relpath(job.source, root) for job in jobs]


# --------------------------------------------------------------------------- the walk


def test_walk_is_sorted_recursive_and_skips_tool_folders(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        [
            "b.txt",
            "a.txt",
            "sub/c.txt",
            "sub/deeper/d.txt",
            ".git/config",
            "node_modules/x/index.js",
            "sub/__pycache__/m.pyc",
            ".hg/store",
        ],
    )
    jobs = collect([str(tmp_path)], Selection())
    assert _relative(jobs, tmp_path) == ["a.txt", "b.txt", "sub/c.txt", "sub/deeper/d.txt"]
    assert all(job.size == len(b"clean text\n") for job in jobs)


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.txt", "a.html", "news/b.txt", "drafts/c.txt", "news/drafts/d.txt"])
    only_text = collect([str(tmp_path)], Selection(include=("*.txt",)))
    assert _relative(only_text, tmp_path) == ["a.txt", "drafts/c.txt", "news/b.txt", "news/drafts/d.txt"]
    no_drafts = collect([str(tmp_path)], Selection(exclude=("drafts",)))
    assert _relative(no_drafts, tmp_path) == ["a.html", "a.txt", "news/b.txt"]
    top_drafts_only = collect([str(tmp_path)], Selection(exclude=("drafts/*",)))
    assert "drafts/c.txt" not in _relative(top_drafts_only, tmp_path)
    assert "news/drafts/d.txt" in _relative(top_drafts_only, tmp_path)


def test_files_named_explicitly_ignore_the_globs(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.html"])
    jobs = collect([str(tmp_path / "a.html")], Selection(include=("*.txt",)))
    assert _relative(jobs, tmp_path) == ["a.html"]


def test_walk_leaves_out_temp_files_backups_and_the_output_folder(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.txt", "a.txt.bak", ".a.txt.x1y2.encfix-tmp", "out/a.txt"])
    selection = Selection(skip_endings=(".bak",), avoid=frozenset({os.path.realpath(tmp_path / "out")}))
    assert _relative(collect([str(tmp_path)], selection), tmp_path) == ["a.txt"]


def test_symlinks_never_lead_out_of_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _tree(outside, ["secret.txt", "dir/x.txt"])
    root = tmp_path / "root"
    _tree(root, ["real.txt"])
    (root / "to-secret").symlink_to(outside / "secret.txt")
    (root / "to-dir").symlink_to(outside / "dir")
    (root / "to-real").symlink_to(root / "real.txt")
    (root / "loop").symlink_to(root)
    jobs = {os.path.relpath(job.source, root): job for job in collect([str(root)], Selection())}
    assert set(jobs) == {"real.txt", "to-real", "to-secret", "to-dir"}
    assert jobs["to-secret"].skip == "symbolic link out of the tree"
    assert jobs["to-dir"].skip == "symbolic link out of the tree"
    assert jobs["to-real"].skip == ""  # copied by -o ...
    in_place = {os.path.relpath(j.source, root): j for j in collect([str(root)], Selection(), in_place=True)}
    assert in_place["to-real"].skip.startswith("symbolic link")  # ... but not rewritten in place


def test_output_mirrors_one_folder_and_nests_several(tmp_path: Path) -> None:
    _tree(tmp_path / "crawl", ["a.txt", "sub/b.txt"])
    _tree(tmp_path / "more", ["c.txt"])
    out = tmp_path / "out"
    one = collect([str(tmp_path / "crawl")], Selection(), output=str(out))
    assert [job.target for job in one] == [str(out / "a.txt"), str(out / "sub/b.txt")]
    several = collect([str(tmp_path / "crawl"), str(tmp_path / "more")], Selection(), output=str(out))
    assert [job.target for job in several] == [
        str(out / "crawl/a.txt"),
        str(out / "crawl/sub/b.txt"),
        str(out / "more/c.txt"),
    ]


def test_missing_paths_and_folders_become_problems_not_exceptions(tmp_path: Path) -> None:
    jobs = collect([str(tmp_path / "missing.txt")], Selection())
    assert jobs[0].problem == "no such file or directory"
    outcome = process(jobs[0], Settings())
    assert (outcome.status, outcome.reason) == ("failed", "no such file or directory")


def test_a_file_that_vanishes_after_the_walk_fails_alone(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.txt", "b.txt"])
    jobs = collect([str(tmp_path)], Selection())
    (tmp_path / "a.txt").unlink()
    outcomes = [process(job, Settings()) for job in jobs]
    assert [(o.status, o.reason) for o in outcomes] == [
        ("failed", "no such file or directory"),
        ("unchanged", ""),
    ]


def test_non_utf8_file_names_are_walked_and_shown_escaped(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_bytes(b"clean\n")
    [job] = collect([str(tmp_path)], Selection())
    outcome = process(job, Settings())
    assert outcome.status == "unchanged"
    assert outcome.path.endswith("caf\\xe9.txt")
    assert outcome.path.isprintable()


# --------------------------------------------------------------------------- one file


def test_binary_files_are_skipped_in_folders_and_fail_as_the_only_input(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    job = Job(source=str(path), size=264)
    assert process(job, Settings(mode=WriteMode.NOTHING)).status == "skipped"
    alone = process(job, Settings(mode=WriteMode.STDOUT))
    assert (alone.status, alone.reason) == ("failed", "binary file, not text")
    nul = tmp_path / "data.bin"
    nul.write_bytes(b"\x00\x01\x02\x00\x00\x07" * 100)
    assert process(Job(source=str(nul)), Settings()).status == "skipped"


def test_clean_file_is_unchanged_and_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Grüße, 你好, Привет\r\n".encode())
    before = path.stat()
    outcome = process(Job(source=str(path), target=str(path)), Settings(mode=WriteMode.IN_PLACE))
    assert outcome.status == "unchanged" and outcome.written is None
    assert path.stat().st_ino == before.st_ino and path.stat().st_mtime_ns == before.st_mtime_ns


def test_stdout_mode_hands_back_the_encoded_bytes() -> None:
    job = Job(source="-", data="naïve\n".encode())
    outcome = process(job, Settings(mode=WriteMode.STDOUT, to_encoding="utf-16-le"))
    assert outcome.output == "naïve\n".encode("utf-16-le")
    assert outcome.path == "-"


def test_unencodable_output_fails_with_the_character(tmp_path: Path) -> None:
    job = Job(source="-", data="你好\n".encode())
    outcome = process(job, Settings(mode=WriteMode.STDOUT, to_encoding="latin-1"))
    assert outcome.status == "failed"
    assert "U+4F60" in outcome.reason


def test_damaged_file_is_repaired_in_place(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("The cafÃ© is open.\n".encode())
    outcome = process(Job(source=str(path), target=str(path)), Settings(mode=WriteMode.IN_PLACE))
    assert outcome.status == "repaired"
    assert path.read_bytes() == "The café is open.\n".encode()
    assert [layer.describe() for f in outcome.findings for layer in f.layers] == ["utf-8 read as cp1252"]


# --------------------------------------------------------------------------- the pool


def test_pool_streams_outcomes_in_input_order(tmp_path: Path) -> None:
    names = [f"f{i:03}.txt" for i in range(40)]
    for index, name in enumerate(names):
        (tmp_path / name).write_bytes(f"line {index}\n".encode() * (index + 1))
    jobs = collect([str(tmp_path)], Selection())
    with Runner(jobs, Settings(), workers=2) as runner:
        assert runner.uses_pool
        outcomes = list(runner.outcomes())
    assert [os.path.basename(o.path) for o in outcomes] == names
    assert [o.size for o in outcomes] == [job.size for job in jobs]
    assert {o.status for o in outcomes} == {"unchanged"}


def test_one_file_does_not_start_a_pool(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.txt"])
    runner = Runner(collect([str(tmp_path)], Selection()), Settings(), workers=8)
    assert not runner.uses_pool


# --------------------------------------------------------------------------- the summary


def _outcome(status: str, **extra: object) -> FileOutcome:
    return FileOutcome(path="x", status=status, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("statuses", "check", "code"),
    [
        ([], False, ExitCode.OK),
        (["unchanged", "repaired", "skipped"], False, ExitCode.OK),
        (["unchanged", "would-repair"], True, ExitCode.DAMAGE_FOUND),
        (["unchanged", "unchanged"], True, ExitCode.OK),
        (["repaired", "failed"], False, ExitCode.FAILED),
        (["would-repair", "failed"], True, ExitCode.FAILED),
    ],
)
def test_exit_code_is_decided_by_the_summary(statuses: list[str], check: bool, code: ExitCode) -> None:
    summary = Summary(check=check)
    summary.extend(_outcome(status) for status in statuses)
    assert summary.exit_code is code
    assert summary.scanned == len(statuses)


def test_unrecovered_damage_is_exit_3_and_findings_are_counted() -> None:
    layer = Layer(encoding="utf-8", wrong="gbk")
    summary = Summary()
    summary.add(_outcome("repaired", findings=(Finding(kind="mojibake", start=0, end=3, layers=(layer,)),)))
    summary.add(
        _outcome(
            "repaired",
            lost=(LostSpan(start=1, end=2, lost_bytes=1, reason="swallowed"),),
            is_unrecovered=True,
            findings=(Finding(kind="unrecoverable", start=0, end=6, name="锟拷码"),),
        )
    )
    assert summary.exit_code is ExitCode.FAILED
    record = summary.to_json(seconds=1.5)
    assert record["unrecovered"] == 1 and record["exit_code"] == 3
    assert record["top_findings"] == [
        {"finding": "utf-8 read as gbk", "count": 1},
        {"finding": "unrecoverable (锟拷码)", "count": 1},
    ]


def test_a_bug_costs_one_file_not_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import encfix.pipeline

    _tree(tmp_path, ["a.txt"])

    def broken(data: bytes, options: object = None) -> object:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(encfix.pipeline, "repair_bytes", broken)
    outcome = process(Job(source=str(tmp_path / "a.txt")), Settings())
    assert (outcome.status, outcome.reason) == ("failed", "internal error: ZeroDivisionError: oops")
