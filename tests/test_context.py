"""The choice model for characters lost bytes stood for (encfix.cleanups.context)."""

from __future__ import annotations

from encfix.cleanups.context import DocumentContext, choice_cost, document_context, han_runs_outside_words


def cost(line: str, index: int, document: DocumentContext | None = None) -> float:
    return choice_cost(line, index, document)


def test_a_word_with_the_characters_before_counts() -> None:
    # 上升 is a word; 上 + 她 are two common characters. The characters before the hole
    # are read with it, or the word would get no credit.
    assert cost("方比分交替上升，第三節", 6) < cost("方比分交替上她，第三節", 6)


def test_the_hmm_knows_what_follows_a_verb() -> None:
    assert cost("單位產品合格率提高了三個百分點", 9) < cost("單位產品合格率提高人三個百分點", 9)


def test_pairs_the_page_repeats_are_likelier() -> None:
    line = "這裏的江豚等珍稀動物"
    plain = cost(line, 4) - cost(line.replace("豚", "青"), 4)
    page = document_context("長江江豚是國家一級保護動物,江豚保護區")
    assert page.script == "traditional"
    cached = cost(line, 4, page) - cost(line.replace("豚", "青"), 4, page)
    assert cached < plain


def test_a_traditional_page_has_no_simplified_only_characters() -> None:
    page = document_context("協調發展,網絡安全和信息化工作關係到國家安全")
    assert page.script == "traditional"
    assert cost("對入河排污口協調機制", 7, page) < cost("對入河排污口協调機制", 7, page)
    simplified = document_context("协调发展,网络安全和信息化工作关系到国家安全")
    assert simplified.script == "simplified"
    assert cost("对入河排污口协调机制", 7, simplified) < cost("对入河排污口协調机制", 7, simplified)


def test_a_paragraph_does_not_end_on_a_comma() -> None:
    from encfix.cleanups.context import text_cost

    assert text_cost("完成自助繳費和報告打印。</p>") < text_cost("完成自助繳費和報告打印，</p>")


def test_real_chinese_is_mostly_words_and_korean_read_as_gbk_is_not() -> None:
    outside, total = han_runs_outside_words("今天早上，市气象台发布了暴雨黄色预警。")
    assert outside <= total // 4
    korean_as_gbk = "실례지만, 지하철역이 어디에 있는지 아세요?".encode("cp949").decode("gbk")
    assert han_runs_outside_words(korean_as_gbk) == (18, 18)


def test_traditional_text_is_read_through_simplified_words() -> None:
    outside, total = han_runs_outside_words("產品名稱 規格 數量 單價")
    assert (outside, total) == (0, 10)


def test_packed_word_costs_are_the_word_list_exactly() -> None:
    from encfix.cleanups.context import _pack_by_last_char, _WordCosts

    words = {"网络": 9.25, "安全": 8.5, "网络安全": 11.125, "覆盖": 10.0 / 3}
    packed = _WordCosts(_pack_by_last_char(words))
    assert all(packed.get(word) == cost for word, cost in words.items())
    assert packed.get("网安") is None and packed.get("") is None and packed.get("全全", 1.0) == 1.0
    assert "安全" in packed and "全安" not in packed
