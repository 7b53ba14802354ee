"""diff.py and its rich rendering: character-level changes inside long lines (a CJK
paragraph is one line), unified diff for pipes, control characters never raw."""

from __future__ import annotations

import io
import re

from rich.console import Console

from encfix.cli.render import DELETED, INSERTED, diff_inline, diff_side_by_side
from encfix.diff import (
    Fragment,
    character_fragments,
    diff_texts,
    elide,
    escape_controls,
    split_lines,
    unified_diff,
)

# One paragraph of Chinese news, and the same paragraph with two words damaged as
# UTF-8 read as GBK (你好 -> 浣犲ソ, 我们 -> 鎴戜滑).
CLEAN = (
    "据新华社报道，今天上午，你好世界论坛在北京开幕。来自四十多个国家和地区的代表出席了开幕式，"
    "我们看到会议讨论了数字经济、绿色发展和全球治理等议题，与会者表示将加强合作。"
)
DAMAGED = CLEAN.replace("你好", "浣犲ソ").replace("我们", "鎴戜滑")
OLD = f"标题\n{DAMAGED}\n结尾\n"
NEW = f"标题\n{CLEAN}\n结尾\n"


def _render(renderables: object, *, color: bool, width: int = 200) -> str:
    console = Console(file=io.StringIO(), force_terminal=color, color_system="standard" if color else None, width=width)
    with console.capture() as capture:
        for renderable in renderables if isinstance(renderables, list) else [renderables]:
            console.print(renderable)
    return capture.get()


def test_split_lines_splits_on_newline_only() -> None:
    # U+0085 and U+2028 appear inside mojibake and must not start new lines
    assert split_lines("a\r\nb\x85c\u2028d\n\ne") == ["a", "b\x85c\u2028d", "", "e"]
    assert split_lines("") == []


def test_escape_controls() -> None:
    assert escape_controls("a\x1b[31mred\x07") == "a\\x1b[31mred\\x07"
    assert escape_controls("â€\x9d") == "â€\\x9d"  # C1 control, common in cp1252 mojibake
    assert escape_controls("abc\u202edef") == "abc\\u202edef"  # a bidi override can hide text
    assert escape_controls("tab\there 你好 👍🏽 zwj\u200d") == "tab\there 你好 👍🏽 zwj\u200d"


def test_cjk_paragraph_changes_are_found_character_by_character() -> None:
    diff = diff_texts(OLD, NEW)
    [hunk] = diff.hunks
    [changed] = [line for line in hunk.lines if line.tag == "change"]
    assert changed.old_number == changed.new_number == 2
    changes = [(f.old, f.new) for f in changed.fragments if f.tag != "equal"]
    assert changes == [("浣犲ソ", "你好"), ("鎴戜滑", "我们")]
    # the equal runs rebuild both sides exactly
    assert "".join(f.old for f in changed.fragments) == DAMAGED
    assert "".join(f.new for f in changed.fragments) == CLEAN


def test_small_equal_runs_between_changes_are_folded_in() -> None:
    fragments = character_fragments("Ã©tÃ©", "été")
    assert fragments == (Fragment("replace", "Ã©tÃ©", "été"),)


def test_elide_keeps_context_around_changes() -> None:
    changed = diff_texts(OLD, NEW).hunks[0].lines[1]
    short = elide(changed.fragments, keep=4)
    assert [(f.tag, f.old, f.new) for f in short] == [
        ("equal", "…天上午，", "…天上午，"),
        ("replace", "浣犲ソ", "你好"),
        ("equal", "世界论坛…开幕式，", "世界论坛…开幕式，"),
        ("replace", "鎴戜滑", "我们"),
        ("equal", "看到会议…", "看到会议…"),
    ]


def test_unified_diff_is_the_plain_format() -> None:
    text = unified_diff(diff_texts(OLD, NEW), "news.txt", "news.txt")
    assert text == (
        f"--- news.txt\t(original)\n+++ news.txt\t(repaired)\n@@ -1,3 +1,3 @@\n 标题\n-{DAMAGED}\n+{CLEAN}\n 结尾\n"
    )


def test_unified_diff_escapes_controls_and_marks_missing_newline() -> None:
    text = unified_diff(diff_texts("\x1b[2Jcafé\r\nÃ©", "\x1b[2Jcafé\r\né"), "a", "a")
    assert "\x1b" not in text and "\r" not in text
    assert text.endswith("-Ã©\n\\ No newline at end of file\n+é\n\\ No newline at end of file\n")
    assert " \\x1b[2Jcafé\n" in text


def test_equal_texts_have_no_diff() -> None:
    assert not diff_texts("a\nb\n", "a\nb\n")
    assert unified_diff(diff_texts("a", "a"), "x", "x") == ""


def test_inline_rendering_without_colour_marks_changed_characters() -> None:
    rendered = _render(diff_inline(diff_texts(OLD, NEW), "news.txt", color=False), color=False)
    lines = rendered.splitlines()
    assert lines[2] == "@@ -1,3 +1,3 @@"
    assert lines[3] == " 标题"
    changed = "".join(line for line in lines[4:] if not line.startswith(" 结尾")).replace("\n", "")
    assert "今天上午，[-浣犲ソ-]{+你好+}世界论坛" in changed
    assert "开幕式，[-鎴戜滑-]{+我们+}看到" in changed
    assert "\x1b" not in rendered


def test_inline_rendering_with_colour_highlights_exactly_the_changed_characters() -> None:
    lines = diff_inline(diff_texts(OLD, NEW), "news.txt", color=True)
    minus = next(line for line in lines if line.plain.startswith("-据"))
    plus = next(line for line in lines if line.plain.startswith("+据"))
    highlighted_old = [minus.plain[span.start : span.end] for span in minus.spans if span.style == DELETED]
    highlighted_new = [plus.plain[span.start : span.end] for span in plus.spans if span.style == INSERTED]
    assert highlighted_old == ["浣犲ソ", "鎴戜滑"]
    assert highlighted_new == ["你好", "我们"]
    rendered = _render(lines, color=True)
    assert "\x1b[" in rendered  # real colour codes on a terminal ...
    assert "浣犲ソ" in rendered and "你好" in rendered


def test_inline_rendering_never_sends_file_controls_raw() -> None:
    old, new = "x\x1b]0;pwned\x07 cafÃ©\n", "x\x1b]0;pwned\x07 café\n"
    rendered = _render(diff_inline(diff_texts(old, new), "a\x1bb", color=True), color=True)
    assert "\\x1b]0;pwned\\x07" in rendered
    assert "a\\x1bb" in rendered
    assert "\x07" not in rendered and "\x1b]0" not in rendered


def test_side_by_side_shows_both_versions_with_line_numbers() -> None:
    rendered = _render(diff_side_by_side(diff_texts(OLD, NEW), "news.txt"), color=False, width=120)
    left, right = [], []
    for line in rendered.splitlines():
        cells = [cell for cell in re.split(r"\s{3,}", line.strip()) if cell]
        text_cells = [cell for cell in cells if not cell.isdigit()]
        if len(text_cells) == 2 and any("\u4e00" <= char <= "\u9fff" for char in line):
            left.append(text_cells[0])
            right.append(text_cells[1])
    # the paragraph wraps inside its column: damaged on the left, repaired on the right
    assert "".join(left) == f"标题{DAMAGED}结尾"
    assert "".join(right) == f"标题{CLEAN}结尾"
    assert re.search(r"^\s+2\s+据新华社.*\s2\s+据新华社", rendered, re.MULTILINE)
