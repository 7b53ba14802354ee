"""Machine-converted Traditional back to Simplified, and the converter's signature."""

from __future__ import annotations

import pytest

from encfix.cleanups.simplified import convert_to_simplified, find_machine_traditional, simplify
from encfix.report import Plan

MACHINE = "我們將深入學習網絡強國的重要思想,扎實推進網信事業,規范網絡安全工作,同許多方面都有著密切關系。" * 2


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("都有著密切關系", "都有着密切关系"),
        ("沿著正確方向前進", "沿着正确方向前进"),
        ("隨著經濟發展", "随着经济发展"),
        ("著名學者的著作", "著名学者的著作"),
        ("成效顯著", "成效显著"),
        ("網絡安全", "网络安全"),
    ],
)
def test_simplify(traditional: str, simplified: str) -> None:
    assert simplify(traditional) == simplified


def test_signature_of_a_naive_converter() -> None:
    finding = find_machine_traditional(MACHINE)
    assert finding is not None and finding.kind == "notice"
    assert "關系" in finding.evidence and "規范" in finding.evidence


def test_real_traditional_and_simplified_have_no_signature() -> None:
    real = MACHINE.replace("關系", "關係").replace("規范", "規範").replace("扎實", "紮實")
    assert find_machine_traditional(real) is None
    assert find_machine_traditional("我们将深入学习网络强国的重要思想,关系密切。" * 3) is None


def test_conversion_replays_and_reports() -> None:
    result = convert_to_simplified(MACHINE)
    assert result.text.startswith("我们将深入学习网络强国的重要思想,扎实推进网信事业,规范网络安全工作")
    assert "有着密切关系" in result.text
    assert Plan(result.steps).apply(MACHINE) == result.text
    assert {finding.name for finding in result.findings} == {"machine-converted Traditional", "to-simplified"}


def test_simplified_text_unchanged() -> None:
    text = "我们将深入学习网络强国的重要思想(以下简称《条例》)。"
    result = convert_to_simplified(text)
    assert result.text == text and result.steps == ()


def test_simplified_and_traditional_paragraphs_have_no_signature() -> None:
    # 由于, 于是, 建筑 are Simplified words; beside a real Traditional paragraph (a
    # bilingual page) they are not a converter's leftovers.
    simplified = "由于天气原因，于是我们改期了。这座建筑很美。" * 3
    traditional = "這家老字號的茶行已經傳到第三代，店裡的擺設幾乎和五十年前一模一樣。" * 3
    assert find_machine_traditional(f"{simplified}\n{traditional}\n") is None
    # On one line, the same words are leftovers of a converter.
    assert find_machine_traditional(f"{simplified}{traditional}\n" * 2) is not None
