"""Findings are reported on the text the user gave, whichever stage saw them."""

from __future__ import annotations

from hypothesis import given, note
from hypothesis import strategies as st

from encfix import repair_bytes, repair_text
from encfix.report import Finding, Replace
from encfix.spans import EditMap


def test_a_span_after_an_edit_moves_back_by_the_edit_length() -> None:
    before = "one 锟斤拷 two ... three"
    step = Replace(start=4, end=7, old="锟斤拷", new="\ufffd\ufffd", reason="test")
    after = step.apply(before)
    edits = EditMap()
    edits.record(before, after, step)
    start = after.index("three")
    assert edits.to_first(start, start + 5) == (before.index("three"), before.index("three") + 5)
    # A span that touches the rewritten region covers all of its original.
    assert edits.to_first(4, 5) == (4, 7)


def test_a_cleanup_without_offsets_is_matched_line_by_line() -> None:
    before = "網(wǎng)站\n第二行\n數(shù)字(shù)經濟\n最後一行 here"
    after = "網站\n第二行\n數字經濟\n最後一行 here"
    edits = EditMap()
    edits.record(before, after)
    start = after.index("here")
    assert edits.to_first(start, start + 4) == (before.index("here"), before.index("here") + 4)
    start = after.index("第二行")
    assert edits.to_first(start, start + 3) == (before.index("第二行"), before.index("第二行") + 3)


words = st.text(alphabet="abcxyz |你好", min_size=0, max_size=6)


@given(st.lists(words, min_size=1, max_size=12), st.data())
def test_untouched_text_maps_back_exactly(lines: list[str], data: st.DataObject) -> None:
    # Rewrite some lines (as the cleanups do: inside lines) and find an untouched line.
    marker = "MARK"
    index = data.draw(st.integers(0, len(lines)))
    before_lines = [*lines[:index], marker, *lines[index:]]
    after_lines = [
        line if line == marker or not data.draw(st.booleans()) else data.draw(words) for line in before_lines
    ]
    before, after = "\n".join(before_lines), "\n".join(after_lines)
    note(f"{before!r} -> {after!r}")
    edits = EditMap()
    edits.record(before, after)
    start = after.index(marker)
    expected = before.index(marker)
    assert edits.to_first(start, start + len(marker)) == (expected, expected + len(marker))


def test_findings_of_every_stage_point_into_the_decoded_text() -> None:
    data = (
        "Hello 世界 UTF-8 line\n".encode()
        + "第二行是GBK编码的中文文本内容\n".encode("gbk")
        + "鎴戜滑鏄?鏈嬪弸 and 這是锟斤拷錯誤\n".encode()
    )
    repair = repair_bytes(data)
    assert repair.output.endswith("我们\ufffd朋友 and 這是\ufffd\ufffd錯誤\n")
    by_kind = {finding.kind: finding for finding in repair.findings}
    lossy, named = by_kind["lossy"], by_kind["unrecoverable"]
    # The first lossy pass shortened the line before 锟斤拷 was seen by the last pass.
    assert repair.text[named.start : named.end] == "锟斤拷"
    assert repair.text[lossy.start : lossy.end].startswith("鎴戜滑鏄?")


def test_a_second_round_of_chains_reports_on_the_input() -> None:
    text = "Menu: cafÃ© crÃ¨me\n" + "Ð¡Ð¿Ð°Ñ\x81Ð¸Ð±Ð¾ and more cafÃ©"
    repair = repair_text(text)
    for finding in repair.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        if finding.kind == "mojibake":
            assert not repair.text[finding.start : finding.end].isascii()


def test_spans_move_forward_and_a_rewritten_one_is_dropped() -> None:
    before = "ab 锟斤拷 cd 这是 ef"
    step = Replace(start=3, end=6, old="锟斤拷", new="\ufffd\ufffd", reason="test")
    edits = EditMap()
    edits.record(before, step.apply(before), step)
    after = step.apply(before)
    start = before.index("这是")
    moved = edits.to_last(start, start + 2)
    assert moved is not None and after[moved[0] : moved[1]] == "这是"
    assert edits.to_last(0, 2) == (0, 2)
    assert edits.to_last(4, 5) is None


@st.composite
def _edited(draw: st.DrawFn) -> tuple[EditMap, int]:
    """An EditMap of a few rounds, each rewriting random spans right to left (as the
    stages do), some rounds out of order; and the final text's length."""
    text = draw(st.text(alphabet="ab你", min_size=0, max_size=30))
    edits = EditMap()
    for _ in range(draw(st.integers(0, 4))):
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
        spans = list(zip(cuts[::2], cuts[1::2], strict=False))
        if draw(st.booleans()):
            spans.reverse()  # left to right: each edit its own run
        for start, end in reversed(spans):
            step = Replace(
                start=start, end=end, old=text[start:end], new=draw(st.text(alphabet="xy", max_size=4)), reason="t"
            )
            after = step.apply(text)
            edits.record(text, after, step)
            text = after
    return edits, len(text)


@given(_edited(), st.data())
def test_findings_map_back_as_each_span_alone_would(edited: tuple[EditMap, int], data: st.DataObject) -> None:
    # findings_to_first maps every span at once, a run of edits at a time; to_first is
    # the edit-by-edit definition.
    edits, length = edited
    spans = data.draw(st.lists(st.tuples(st.integers(0, length), st.integers(0, length)).map(sorted), max_size=8))
    findings = [Finding(kind="notice", start=start, end=end, confidence=1.0, evidence="") for start, end in spans]
    moved = edits.findings_to_first(findings)
    assert [(finding.start, finding.end) for finding in moved] == [edits.to_first(start, end) for start, end in spans]
