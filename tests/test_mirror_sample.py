"""The rednet sample (../shared/notes/mirror-site-damage.md): repaired exactly, in both modes.

The expected outputs in samples/ were built by hand from the note: the 290 annotations
removed, 新擔當</p> and 密切關系。”</p> restored, everything else byte-identical; the
Simplified one is that text through OpenCC t2s with 有着/沿着.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from encfix.cleanups import context, run_cleanups
from encfix.report import Plan

SAMPLES = Path(__file__).parent.parent / "samples"
DAMAGED = (SAMPLES / "rednet-chenzhou-2022-10-09.txt").read_text(encoding="utf-8")
REPAIRED = (SAMPLES / "rednet-chenzhou-2022-10-09.repaired.txt").read_text(encoding="utf-8")
SIMPLIFIED = (SAMPLES / "rednet-chenzhou-2022-10-09.simplified.txt").read_text(encoding="utf-8")


@pytest.fixture(params=["jieba", "pypinyin"])
def lexicon(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run with each word list: jieba's when installed, and the pypinyin fallback."""
    if request.param == "jieba":
        pytest.importorskip("jieba")
        chosen = context._jieba_lexicon()
    else:
        chosen = context._pypinyin_lexicon()
    monkeypatch.setattr(context, "_lexicon", lambda: chosen)
    context.char_cost.cache_clear()
    yield request.param
    context.char_cost.cache_clear()


def test_expected_output_differs_from_input_only_where_the_note_says() -> None:
    restored = DAMAGED.replace("新?lián)\ue2fd?/p>", "新擔當</p>").replace("密切關系?!?/p>", "密切關系。”</p>")
    stripped, count = re.subn(r"([\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", r"\1", restored)
    assert count == 290
    assert stripped == REPAIRED


def test_sample_repaired_exactly(lexicon: str) -> None:
    result = run_cleanups(DAMAGED)
    assert result.text == REPAIRED
    assert Plan(result.steps).apply(DAMAGED) == REPAIRED


def test_sample_to_simplified(lexicon: str) -> None:
    result = run_cleanups(DAMAGED, ("gbk-runs", "pinyin", "to-simplified"))
    assert result.text == SIMPLIFIED
    assert "有着密切关系。”</p>" in result.text and "沿着正确方向" in result.text
    assert Plan(result.steps).apply(DAMAGED) == SIMPLIFIED


def test_sample_findings_name_each_class() -> None:
    findings = run_cleanups(DAMAGED).findings
    by_name = {finding.name: finding for finding in findings}
    assert by_name["straddled key"].kind == "lossy"
    assert "0x94 lost: '當'" in by_name["straddled key"].evidence
    assert "key 聯(lián)" in by_name["straddled key"].evidence
    assert by_name["out-of-step GBK run"].kind == "lossy"
    assert "removed 290 pinyin annotations of 31 characters" in by_name["pinyin"].evidence
    assert by_name["machine-converted Traditional"].kind == "notice"


def test_repairing_the_repaired_sample_changes_nothing() -> None:
    once = run_cleanups(DAMAGED).text
    again = run_cleanups(once)
    assert again.text == once
    assert again.steps == ()
