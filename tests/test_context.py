"""The choice model for characters lost bytes stood for (encfix.cleanups.context)."""

from __future__ import annotations

from encfix.cleanups.context import DocumentContext, choice_cost, document_context


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
