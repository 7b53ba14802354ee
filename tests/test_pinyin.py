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


MORE_MIRROR = "發(fā)展數(shù)字經濟,網(wǎng)絡強國,建設數(shù)字中國,發揮網(wǎng)信作用。"
MORE_MIRROR_CLEAN = "發展數字經濟,網絡強國,建設數字中國,發揮網信作用。"


def test_keys_side_by_side_in_a_mirror_page_are_removed() -> None:
    # Keys that occur once each, side by side in the prose, next to a key (到) that the
    # page annotates elsewhere too: the dictionary's run, not a primer.
    text = MIRROR + MORE_MIRROR + "電池壽命(mìng)達(dá)到(dào)五(wǔ)千(qiān)次(cì)以上,數(shù)據(jù)已經送到(dào)。"
    result = remove_pinyin_annotations(text)
    assert "電池壽命達到五千次以上,數據已經送到。" in result.text
    assert "(" not in result.text


def test_primer_quoted_in_a_mirror_page_survives_whole() -> None:
    # 天安門 is annotated twice in the primer, so counting per character took it for a key.
    primer = (
        "拼音課:我(wǒ)愛(ài)北(běi)京(jīng)天(tiān)安(ān)門(mén),"
        "天(tiān)安(ān)門(mén)上(shàng)太(tài)陽(yáng)升(shēng)。"
    )
    result = remove_pinyin_annotations(MIRROR + MORE_MIRROR + MIRROR + primer)
    assert result.text == MIRROR_CLEAN + MORE_MIRROR_CLEAN + MIRROR_CLEAN + primer


def test_key_restored_after_a_straddled_key_still_counts_as_annotated() -> None:
    # 市衛 is CA D0 | D0 6C and the key 行 is D0 D0: the mirror's 行 took 衛's lead byte, so
    # this 衛 could not be annotated; the byte-level repair gives it back bare.
    text = MIRROR + "市衛生部門和行(xíng)業協會,保衛(wèi)健康,行(xíng)動起來。"
    assert remove_pinyin_annotations(text).text == MIRROR_CLEAN + "市衛生部門和行業協會,保衛健康,行動起來。"


def test_bare_copy_not_explained_by_a_straddled_key_keeps_the_gloss() -> None:
    text = MIRROR + "保衛生命,行(xíng)業協會,保衛(wèi)健康,行(xíng)動起來。"
    assert remove_pinyin_annotations(text).text == MIRROR_CLEAN + "保衛生命,行業協會,保衛(wèi)健康,行動起來。"
