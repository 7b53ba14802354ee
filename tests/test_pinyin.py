"""Pinyin annotations: removed on document-level evidence, legitimate text untouched."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from encfix.cleanups.pinyin import find_annotation_table, is_reading_of, remove_pinyin_annotations
from encfix.report import Plan

MIRROR = (
    "網(wǎng)絡安全和信息化條例,推動數(shù)字經濟發(fā)展,保障數(shù)據(jù)安全,建設網(wǎng)上家園,促進信息化發(fā)展。"
)
MIRROR_CLEAN = "網絡安全和信息化條例,推動數字經濟發展,保障數據安全,建設網上家園,促進信息化發展。"
TONELESS = "網(wang)絡安全和信息化條例,推動數(shu)字經濟發(fa)展,保障數(shu)據安全,建設網(wang)上家園,促進發(fa)展。"

CLEAN = [
    "質量認證中心(CQC)發布了《規劃(2022-2025)》(以下簡稱《條例》),請參閱第(3)條。",
    "中文里最常见的问候是你好 (nǐ hǎo),谢谢 (xiè xie) 表示感谢。",
    "多音字:银行(háng)的行(xíng)长(zhǎng)走在长(cháng)长的路上,行(háng)业里人人都知道他。",
    "拼音课:我(wǒ)爱(ài)北(běi)京(jīng)天(tiān)安(ān)门(mén),天(tiān)安(ān)门(mén)上(shàng)太(tài)阳(yáng)升(shēng)。",
    "生字:晴(qíng)、睛(jīng)、清(qīng)、请(qǐng)、情(qíng),注意区分它们的偏旁。",
    "他(tā)说:好。",
    "",
    "plain ASCII (with parentheses) and a question?",
]


def test_readings() -> None:
    assert is_reading_of("wǎng", "網") and is_reading_of("wang", "網") and is_reading_of("wang3", "網")
    assert is_reading_of("diào", "調") and is_reading_of("tiáo", "調")
    assert not is_reading_of("shù", "網") and not is_reading_of("CQC", "心")


def test_mirror_annotations_removed_and_table_reported() -> None:
    result = remove_pinyin_annotations(MIRROR)
    assert result.text == MIRROR_CLEAN
    assert "removed 7 pinyin annotations of 4 characters" in result.findings[0].evidence
    assert Plan(result.steps).apply(MIRROR) == MIRROR_CLEAN


def test_toneless_annotations_removed() -> None:
    result = remove_pinyin_annotations(TONELESS)
    assert "(" not in result.text
    assert result.text.startswith("網絡安全")


def test_full_width_parentheses() -> None:
    text = MIRROR.replace("(", "\uff08").replace(")", "\uff09")
    assert "\uff08" in text
    assert remove_pinyin_annotations(text).text == MIRROR_CLEAN


def test_legitimate_parentheses_around_annotations_survive() -> None:
    text = MIRROR + "質量認證中心(CQC)和《規劃(2022-2025)》。"
    assert remove_pinyin_annotations(text).text == MIRROR_CLEAN + "質量認證中心(CQC)和《規劃(2022-2025)》。"


def test_gloss_with_a_conflicting_reading_inside_a_mirror_page_survives() -> None:
    text = MIRROR + "銀行(háng)和行(xíng)走。"
    assert remove_pinyin_annotations(text).text == MIRROR_CLEAN + "銀行(háng)和行(xíng)走。"


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_unchanged(text: str) -> None:
    result = remove_pinyin_annotations(text)
    assert result.text == text
    assert result.steps == ()


def test_teaching_text_is_reported_not_changed() -> None:
    result = remove_pinyin_annotations(CLEAN[3])
    assert [finding.kind for finding in result.findings] == ["notice"]


def test_too_little_evidence() -> None:
    assert find_annotation_table("網(wǎng)站和數(shù)字") is None  # two keys, once each
    assert find_annotation_table("網(wǎng)站") is None


def test_idempotent() -> None:
    once = remove_pinyin_annotations(MIRROR).text
    assert remove_pinyin_annotations(once).text == once


@settings(max_examples=30, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("網數據發展的是(CQC)2025 ,。你好nǐhǎo"), max_size=60))
def test_text_without_annotation_dictionary_is_untouched(text: str) -> None:
    result = remove_pinyin_annotations(text)
    if result.steps:
        # Whatever was removed must replay and be a real reading of its character.
        assert Plan(result.steps).apply(text) == result.text
        assert find_annotation_table(text) is not None
    else:
        assert result.text == text


def test_readings_of_lists_tone_marked_readings() -> None:
    from encfix.cleanups.pinyin import readings_of

    assert "wài" in readings_of("外")
    assert "háng" in readings_of("行") and "xíng" in readings_of("行")
