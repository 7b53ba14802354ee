"""The disk cache of derived tables: it may only make encfix faster, never wrong."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from encfix import _diskcache
from encfix.cleanups import context


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "source.txt"
    path.write_text("one 1\ntwo 2\n", encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("ENCFIX_CACHE_DIR", str(cache))
    return cache


class Builder:
    def __init__(self, source: Path) -> None:
        self.source = source
        self.calls = 0

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        return {word: int(count) for word, count in (line.split() for line in self.source.read_text().splitlines())}


def test_second_call_reads_the_cache_instead_of_building(source: Path, folder: Path) -> None:
    build = Builder(source)
    first = _diskcache.cached("table", source, build)
    second = _diskcache.cached("table", source, build)
    assert first == second == {"one": 1, "two": 2}
    assert build.calls == 1
    assert len(list(folder.glob("table-*.marshal"))) == 1
    assert not list(folder.glob(".tmp-*")), "no temporary file is left behind"


def test_a_changed_source_is_rebuilt(source: Path, folder: Path) -> None:
    build = Builder(source)
    _diskcache.cached("table", source, build)
    source.write_text("one 1\ntwo 2\nthree 3\n", encoding="utf-8")
    assert _diskcache.cached("table", source, build) == {"one": 1, "two": 2, "three": 3}
    assert build.calls == 2


def test_a_corrupt_cache_file_is_ignored(source: Path, folder: Path) -> None:
    build = Builder(source)
    _diskcache.cached("table", source, build)
    for path in folder.glob("table-*.marshal"):
        path.write_bytes(b"\xff\x00 not marshal")
    assert _diskcache.cached("table", source, build) == {"one": 1, "two": 2}
    assert build.calls == 2


def test_an_unusable_cache_folder_only_costs_time(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("ENCFIX_CACHE_DIR", str(blocker / "cache"))
    build = Builder(source)
    assert _diskcache.cached("table", source, build) == {"one": 1, "two": 2}
    assert _diskcache.cached("table", source, build) == {"one": 1, "two": 2}
    assert build.calls == 2


def test_an_empty_setting_turns_the_cache_off(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENCFIX_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    build = Builder(source)
    _diskcache.cached("table", source, build)
    _diskcache.cached("table", source, build)
    assert build.calls == 2
    assert _diskcache.cache_dir() is None
    assert sorted(os.listdir(tmp_path)) == ["source.txt"]


def test_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ENCFIX_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _diskcache.cache_dir() == tmp_path / "encfix"


def test_jieba_tables_from_the_cache_equal_the_tables_built(folder: Path) -> None:
    source = context._jieba_file("dict.txt")
    built = context._read_packed_jieba_lexicon(source)
    _diskcache.cached("jieba-words", source, lambda: built)
    assert _diskcache.cached("jieba-words", source, pytest.fail) == built
    hmm_folder = context._jieba_file("posseg/prob_emit.p").parent
    tables = context._read_jieba_hmm(hmm_folder)
    _diskcache.cached("jieba-hmm", hmm_folder / "prob_emit.p", lambda: tables)
    assert _diskcache.cached("jieba-hmm", hmm_folder / "prob_emit.p", pytest.fail) == tables


def test_files_nobody_read_for_a_month_are_deleted_when_another_is_written(source: Path, folder: Path) -> None:
    build = Builder(source)
    _diskcache.cached("table", source, build)
    (used,) = folder.glob("table-*.marshal")
    month_ago = used.stat().st_mtime - _diskcache.STALE_SECONDS - 60
    stale = folder / "jieba-lexicon-0123456789abcdef.marshal"  # an old venv's, or an old format's
    stale.write_bytes(b"old")
    leftover = folder / ".tmp-crashed.marshal"
    leftover.write_bytes(b"half")
    mine = folder / "notes.txt"  # not a cache file: never touched
    mine.write_text("keep")
    for path in (used, stale, leftover, mine):
        os.utime(path, (month_ago, month_ago))
    assert _diskcache.cached("table", source, build) == {"one": 1, "two": 2}  # a read marks it used
    assert build.calls == 1
    source.write_text("one 1\n", encoding="utf-8")
    _diskcache.cached("table", source, build)  # a new file is written: the stale ones go
    assert build.calls == 2
    assert used.exists()
    assert not stale.exists()
    assert not leftover.exists()
    assert mine.exists()
