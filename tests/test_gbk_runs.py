"""GBK runs damaged by a lossy DBCS decoder: straddled keys, out-of-step runs, carriers."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from encfix.cleanups import gbk_runs
from encfix.cleanups.gbk_runs import find_damaged_runs, has_decoder_damage, lossy_decode, repair_gbk_runs
from encfix.report import Plan


def annotate(text: str, keys: dict[str, str]) -> bytes:
    """Byte-level annotation on GBK, blind to character boundaries (PHP str_replace)."""
    data = text.encode("gbk")
    for key, reading in keys.items():
        data = data.replace(key.encode("gbk"), key.encode("gbk") + b"(" + reading.encode("gbk") + b")")
    return data


def damage(data: bytes, cuts: tuple[int, ...] = ()) -> str:
    """Blockwise lossy decoding, then full-width folding."""
    bounds = [0, *cuts, len(data)]
    decoded = "".join(lossy_decode(data[a:b]) for a, b in itertools.pairwise(bounds))
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in decoded)


def test_lossy_decoder_behaves_like_the_note() -> None:
    # 新擔當</p> with the key 聯 (C2 93) matched across 新|擔, as in the sample.
    data = bytes.fromhex("d0c2 93fa ae94 3c2f703e".replace(" ", ""))
    annotated = data.replace(bytes.fromhex("c293"), bytes.fromhex("c293") + "(lián)".encode("gbk"))
    assert lossy_decode(annotated) == "新?lián)\ue2fd?/p>"
    assert lossy_decode(b"\xa1") == "?"  # a lone lead byte at the end of a block
    assert lossy_decode(b"\x80") == "?"


def test_straddled_key_restored() -> None:
    result = repair_gbk_runs("在強化網絡安全保障中展現新?lián)\ue2fd?/p>\n")
    assert result.text == "在強化網絡安全保障中展現新擔當</p>\n"
    (finding,) = result.findings
    assert finding.kind == "lossy" and finding.name == "straddled key"
    assert "0x94 lost: '當' chosen by context" in finding.evidence
    assert "'<' swallowed" in finding.evidence


def test_out_of_step_run_restored() -> None:
    text = "他強調,“在信息時代,網絡安全同許多其他方面的安全都有著密切關系?!?/p>\n"
    result = repair_gbk_runs(text)
    assert result.text == text.replace("關系?!?/p>", "關系。”</p>")
    assert result.findings[0].name == "out-of-step GBK run"


def test_steps_replay() -> None:
    text = "展現新?lián)\ue2fd?/p>\n他說,“都有著密切關系?!?/p>\n"
    result = repair_gbk_runs(text)
    assert len(result.steps) == 2
    assert Plan(result.steps).apply(text) == result.text


def test_block_boundary_on_a_key_lead_byte_is_pinned_by_the_table() -> None:
    original = "海關部門也推出了提前申報等便利措施,進一步壓縮了貨物通關時間,出口企業更加方便。"
    keys = {"出": "chū", "關": "guān", "進": "jìn"}
    data = annotate(original, keys)
    damaged = damage(data, (data.index("出".encode("gbk")) + 1,))
    assert "推??chū)了" in damaged
    result = repair_gbk_runs(damaged)
    assert "推出(chū)了" in result.text
    assert "pinned" in result.findings[0].evidence


def test_block_boundary_on_the_lead_byte_of_a_key_missing_from_the_table() -> None:
    # 平 is a key, but its only annotation is the damaged one, so the page's table lacks
    # it: both of its bytes are lost and only the reading "píng" is left; context chooses
    # among the characters read so (平, 評, 瓶 ...) and says it did.
    original = "<p>今年以來,經濟運行總體平穩,網絡數據顯示,增長勢頭良好。</p>\n<p>網絡數據表明,網上消費增長很多。</p>\n"
    keys = {"平": "píng", "網": "wǎng", "數": "shù", "據": "jù", "長": "zhǎng"}
    data = annotate(original, keys)
    damaged = damage(data, (data.index("平".encode("gbk")) + 1,))
    assert "總體??píng)穩" in damaged and "平(píng)" not in damaged
    result = repair_gbk_runs(damaged)
    assert "總體平(píng)穩" in result.text
    (finding,) = result.findings
    assert finding.kind == "lossy" and "0xC6 0xBD lost: '平' chosen by context" in finding.evidence


def test_a_straddled_key_may_be_outside_the_table_beside_one_of_the_same_reading() -> None:
    # The table has 意(yi); 以(yi) (D2 D4) is a key too, matched across 我|上's bytes after
    # an out-of-step read: with only table keys tried, 以 could not be the straddled key.
    keys = {"意": "yi", "以": "yi", "網": "wang", "數": "shu", "據": "ju"}
    found = gbk_runs._straddled_keys(0xD2, "yi", {"意": "yi"})
    assert (0xE2, "意") == found[0] and (0xD4, "以") in found
    assert gbk_runs._straddled_keys(0xD2, "yi", keys)[:2] == [(0xD4, "以"), (0xE2, "意")]


def test_a_run_right_after_an_annotation_is_found() -> None:
    # 館 is 9D 5E: a block boundary after its lead byte leaves '?^', glued to the
    # annotation of 物 on its left and followed by 館's own; no Chinese character
    # touches the '?', yet it is a damaged run, and it was left unreported.
    original = "<p>由市文化館主辦的民間藝術展覽日前在市博物館開幕,展出剪紙、刺繡等作品三百餘件。</p>\n"
    keys = {"物": "wu", "館": "guan", "網": "wang", "數": "shu", "據": "ju"}
    data = annotate(original + "<p>網絡數據顯示,網上消費增長很快。</p>\n", keys)
    damaged = damage(data, (data.index("開".encode("gbk")) - len(b"(guan)") - 1,))
    assert "博物(wu)?^(guan)開" in damaged
    assert any(start <= damaged.index("?^") < end for start, _, end in find_damaged_runs(damaged))
    result = repair_gbk_runs(damaged)
    assert "博物(wu)館(guan)開幕" in result.text
    assert [finding.kind for finding in result.findings] == ["lossy"]


def test_block_boundary_before_a_0x80_trail_byte() -> None:
    # 個 is 82 80. A block ending after 82 leaves '?', and the next block reads 80
    # alone, which no decoder takes for a lead byte: a second '?', in step after it.
    original = "<p>他們把產品賣到了四十多個國家和地區,今年出口額同比增長兩成。</p>\n"
    keys = {"出": "chū", "網": "wǎng", "數": "shù", "據": "jù", "家": "jiā"}
    data = annotate(original + "<p>網絡數據顯示,網上消費增長很快。</p>\n", keys)
    damaged = damage(data, (data.index("個".encode("gbk")) + 1,))
    assert "四十多??國家(jiā)" in damaged
    result = repair_gbk_runs(damaged)
    assert "四十多個國家(jiā)" in result.text
    assert "0x82 lost: '個'" in result.findings[0].evidence


def test_text_without_straddles_or_boundaries_is_left_alone() -> None:
    page = "<p>我們將切實增強安全發展意識,牢固樹立正確的網絡安全觀。</p>\n"
    damaged = damage(annotate(page, {"網": "wǎng", "發": "fā"}))
    result = repair_gbk_runs(damaged)
    assert result.text == damaged
    assert result.steps == ()


@pytest.mark.parametrize(
    "text",
    [
        "你好吗?我很好。",
        "他问:你明天来吗?我说:来!会议在三楼(302室)举行。",
        "What? Really?",
        "國家質量認證中心(CQC)A級認證",
        "",
    ],
)
def test_clean_text_unchanged(text: str) -> None:
    result = repair_gbk_runs(text)
    assert result.text == text
    assert result.steps == ()


def test_legitimate_question_mark_in_a_damaged_document_stays() -> None:
    text = "他问:你明天来吗?我说:来!\n展現新?lián)\ue2fd?/p>\n"
    result = repair_gbk_runs(text)
    assert result.text.startswith("他问:你明天来吗?我说:来!\n")


def test_undecidable_run_is_left_and_reported() -> None:
    # One lost lead byte before a lone trail: dozens of characters fit and nothing decides.
    text = "\ue2fd?/p>\n"
    result = repair_gbk_runs(text)
    assert result.text == text
    assert [finding.kind for finding in result.findings] == ["declined"]


def test_document_evidence() -> None:
    assert has_decoder_damage("新?lián)\ue2fd?/p>")
    assert has_decoder_damage("海關部?T也推出")
    assert not has_decoder_damage("你好吗?我很好")
    assert not has_decoder_damage("What? (CQC)")


def test_runs_end_at_the_next_tag_or_line() -> None:
    assert find_damaged_runs("展現新?lián)\ue2fd?/p>\n下一行") == [(0, 3, 14)]


def test_idempotent() -> None:
    once = repair_gbk_runs("展現新?lián)\ue2fd?/p>\n").text
    assert repair_gbk_runs(once).text == once


@pytest.mark.parametrize("in_table", [True, False])
def test_block_boundary_inside_an_annotation_letter(in_table: bool) -> None:
    # 務(wù): ù is A8 B4; a block ends after A8, the next block reads B4 with the ")".
    original = "<p>全年目標任務的完成打下了堅實基礎,網絡和數據工作有序推進。</p>\n"
    keys = {"務": "wù", "網": "wǎng", "數": "shù", "據": "jù"}
    data = annotate(original, keys)
    cut = data.index("(wù)".encode("gbk")) + 3
    damaged = damage(data, (cut,))
    assert "務(w??的" in damaged
    if not in_table:  # the only annotation of the key is the damaged one
        damaged = damaged.replace("網(wǎng)", "網").replace("數(shù)", "數").replace("據(jù)", "據")
    result = repair_gbk_runs(damaged)
    assert "任務(wù)的完成" in result.text
    assert result.findings[0].kind == "lossy"


def test_out_of_step_run_after_a_number_is_not_read_as_a_question() -> None:
    # 二 is B6 FE: a block ends after B6, the next reads FE with the "?" of the
    # unmapped pair: "十??z氏". A literal "?" inside the number must not compete.
    original = "<p>預計周末雨水逐漸減弱,氣溫回升到二十二攝氏度左右。</p>\n"
    keys = {"十": "shi", "雨": "yu", "溫": "wen", "度": "du"}
    data = annotate(original, keys)
    second = data.index("二".encode("gbk"), data.index(b"(shi)"))
    damaged = damage(data, (second + 1,))
    assert "十(shi)??z氏" in damaged
    result = repair_gbk_runs(damaged)
    assert "二十(shi)二攝氏度" in result.text


def test_a_cut_tone_letter_alone_is_evidence_of_the_decoder() -> None:
    # 供(gōng): ō is A8 AD; the next block reads AD 6E as 璶. Nothing else on the page.
    assert has_decoder_damage("爲保障冬季供(g?璶g)暖,熱力公司提前檢修")
    assert not has_decoder_damage("他問:這個詞叫什麼(what?)")
    result = repair_gbk_runs("爲保障冬季供(g?璶g)暖,熱力公司提前對城區供熱管網進行了檢修維護。\n")
    assert result.text.startswith("爲保障冬季供(gōng)暖,")


def test_a_real_question_mark_inside_a_damaged_run_does_not_block_it() -> None:
    # 行。 is D0 D0 A1 A3: the key 小 (D0 A1) matches across them; the run starts at the
    # question mark of 嗎?, which is a question mark and stays one.
    original = "<p>中小學生問:你明天來嗎?我說:來!會議在三樓(302室)舉行。</p>\n"
    damaged = damage(annotate(original, {"小": "xiǎo"}))
    assert "舉行?xiǎo)?/p>" in damaged
    result = repair_gbk_runs(damaged)
    assert result.text == original.replace("中小", "中小(xiǎo)")


def test_dense_question_marks_are_left_to_the_lossy_stage() -> None:
    # UTF-8 read as Big5 and re-saved with '?': marks everywhere, not a mirror page's few
    # damaged spots. The run search would grow with every '?' (a minute on this sentence).
    original = "我们学校的图书馆下个月开始装修，大约需要三个星期。"
    damaged = original.encode().decode("big5", "replace").replace("\ufffd", "?")
    assert damaged.count("?") * gbk_runs.LOCAL_DAMAGE_SPACING > len(damaged)
    assert repair_gbk_runs(damaged).text == damaged


def test_a_straddled_key_outside_the_table_is_chosen_by_context() -> None:
    # Out of step, '?yi)' after the lead byte D2 is a key read 'yi' whose second byte
    # went into the '?' with the '('. 意 is in the table: its bytes are pinned. A key
    # outside it is one of several characters read 'yi' that begin with D2 (以, 一, 也
    # ...): a choice by context, which must win by a margin like a lost byte, not a pin.
    state = gbk_runs._State(pending=0xD2, last=0xD2, stream=(0xD2,))
    token = gbk_runs._Token("straddle", 0, 4, annotation="(yi)", reading="yi")
    by_key = {}
    for advanced in gbk_runs._advance_straddle(state, token, {"意": "yi"}):
        if "".join(advanced.chars).endswith("(yi)"):  # read in step: the key, then its annotation
            by_key[advanced.chars[-5]] = advanced.lost[-1]
    assert by_key["意"].pinned
    assert not by_key["以"].pinned
    assert {"以", "一", "也"} <= set(by_key["以"].candidates) and "意" not in by_key["以"].candidates


def test_a_lone_character_is_not_chosen_over_one_that_forms_a_word() -> None:
    # 能?數據: the word model makes 的 cheapest (frequent anywhere), but 耗 makes 能耗
    # and 的 makes no word: the context speaks for 耗, so 的 is not sure.
    line = "設備的運行狀態和能耗數據"
    where = line.index("耗")
    assert gbk_runs._has_word_rival([(10.0, "的"), (12.0, "耗"), (14.0, "入")], line, where)
    # Too far behind to speak against it.
    assert not gbk_runs._has_word_rival([(10.0, "的"), (10.0 + gbk_runs._WORD_RIVAL_RANGE + 1, "耗")], line, where)
    # The winner forms a word itself, or the rival is punctuation: nothing to say.
    assert not gbk_runs._has_word_rival([(10.0, "耗"), (11.0, "的")], line, where)
    assert not gbk_runs._has_word_rival([(10.0, "的"), (11.0, "，")], line, where)


def test_a_question_mark_between_a_full_stop_and_chinese_is_a_lost_lead_byte() -> None:
    # 今 is BD F1: a block ends after BD, the next reads F1 C4 as 衲 ... out of step. A
    # '?' after 。 asks nothing: the page was not even seen as damaged.
    original = (
        "<p>收割機在田間來回穿梭。今年當地推廣了水稻新品種和測土配方施肥技術。</p>\n"
        "<p>網絡數據表明,網上消費增長很多。</p>\n"
    )
    data = annotate(original, {"網": "wǎng", "數": "shù", "據": "jù"})
    damaged = damage(data, (data.index("今".encode("gbk")) + 1,))
    assert "穿梭。?衲" in damaged
    assert has_decoder_damage(damaged)
    assert "穿梭。今年當地推廣了水稻" in repair_gbk_runs(damaged).text


def test_a_lost_lead_byte_before_an_ascii_trail_byte_and_its_annotation_is_reported() -> None:
    # 過 is 9D 5E: a block ends after 9D, and 5E is '^', read in step, before the
    # annotation (guò). Left as it was, it was not reported either.
    original = (
        "<p>李大爺說,過去一下雨樓道就漏水,現在小區變得幹淨整潔,大家心裏都很高興。</p>\n"
        "<p>網絡數據表明,網上消費增長很多,過去的數據。</p>\n"
    )
    data = annotate(original, {"過": "guò", "網": "wǎng", "數": "shù", "據": "jù"})
    damaged = damage(data, (data.index("過".encode("gbk")) + 1,))
    assert "說,?^(guò)去" in damaged
    spot = damaged.index("?^")
    result = repair_gbk_runs(damaged)
    assert any(finding.start <= spot < finding.end for finding in result.findings)


def test_a_key_outside_the_table_stays_a_rival_in_a_folded_document() -> None:
    # 之 and 智 are both annotated "zhi"; every annotation of 智 is damaged, so the page's
    # table knows 之 only. A block boundary after 智's lead byte leaves "??zhi)": the key
    # is 之 (in the table) or another character read "zhi" (智, 只 ...), and context
    # cannot tell 之能 from 智能 surely. The ASCII commas make the page folded, where
    # each ',' in a run is read both as ',' and as a folded '，'; that twin of the
    # winner, the same text once folded, used to take the runner-up's place, so 之 won
    # unopposed and the repair read 之能機器人.
    original = "<p>這家工廠引進了智能機器人,總之,生產效率提高了不少,工人之間的配合也更好了。</p>\n"
    data = annotate(original, {"之": "zhi", "智": "zhi", "間": "jian"})
    damaged = damage(data, (data.index("智".encode("gbk")) + 1,))
    assert "引進了??zhi)能" in damaged
    result = repair_gbk_runs(damaged)
    assert "之(zhi)能" not in result.text
    assert "引進了??zhi)能" in result.text
    assert [finding.kind for finding in result.findings] == ["declined"]


def test_a_long_window_ends_at_a_comma_before_later_damage() -> None:
    # A paragraph is one line: after the first repaired spot the window runs on for
    # _MAX_WINDOW characters. Here a second block boundary, inside 圖 after 今後, just
    # past that length, leaves '?D' (圖 is 88 44): the window used to end in front of
    # it, so that its '?' had no byte before it, and neither window had a consistent
    # reading. The window now ends after the last comma (read in step) before it.
    original = (
        "<p>圖書館今年新添置了兩萬冊圖書,其中兒童讀物佔了三成。館長說,每到週末,閱覽室裏坐滿了來看書的孩子和家長,"
        "有的一家人一坐就是一個下午。爲了方便讀者,圖書館還延長了開放時間,並在社區設立了十個借書點,讀者可以就近借還圖書。"
        "今後,圖書館將繼續舉辦讀書會和講座,讓更多的市民愛上閱讀,把書香帶進千家萬戶。</p>\n"
    )
    keys = {"書": "shū", "讀": "dú", "館": "guǎn"}
    data = annotate(original, keys)
    cuts = (data.index("今".encode("gbk")) + 1, data.index("今後,圖".encode("gbk")) + 6)
    damaged = damage(data, cuts)
    assert "。今後,?D書(shū)館" in damaged
    (_, _, end), (second, _, _) = find_damaged_runs(damaged)
    assert damaged[end - 1] == "," and second == end
    result = repair_gbk_runs(damaged)
    annotated = "".join(f"{char}({keys[char]})" if char in keys else char for char in original)
    assert result.text == annotated
    assert [finding.kind for finding in result.findings] == ["lossy", "lossy"]


# Characters every damage sign is made of, and the ones a clean page puts around a '?'.
_SIGN_ALPHABET = "??((()))lián/p>@T~物也你吗。，\ue2fd\ue000 \n\"'»éЖaz"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_SIGN_ALPHABET, max_size=14))
@example("新?lián)")
@example("新?/p>")
@example("?T也")
@example("供(g?璶g)")
@example("物(li)?，")
@example("。?也")
@example("\ue2fd")
def test_the_quick_scan_sees_every_sign(text: str) -> None:
    # The scan that lets a clean page skip the sign search must never skip a sign (the
    # examples are signs of each kind: a key, a tag, a trail byte, a cut tone letter,
    # an annotated character before a '?', a lead byte after a mark, a carrier).
    if gbk_runs._has_damage_signs(text):
        assert gbk_runs._MAYBE_DAMAGED.search(text) is not None, text


@pytest.mark.parametrize("text", ["新?lián)", "新?/p>", "?T也", "供(g?璶g)", "物(li)?，", "。?也", "\ue2fd"])
def test_each_kind_of_sign_is_seen(text: str) -> None:
    assert has_decoder_damage(text)


def test_a_clean_page_question_marks_skip_the_sign_search() -> None:
    assert gbk_runs._MAYBE_DAMAGED.search('Как дела? "Why?" (See?) ¿Qué? Fine?\n好吗？') is None
