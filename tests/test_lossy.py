"""The lossy stage: holes recovered or marked, unrecoverable damage named, clean text untouched."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from encfix.lossy import recover_lossy
from encfix.options import Options
from encfix.report import Plan

MARK = Options()
R = "\ufffd"


def replays(text: str, options: Options = MARK) -> str:
    result = recover_lossy(text, options)
    assert Plan(result.steps).apply(text) == result.text
    return result.text


def covered(result_text: str, lost: tuple) -> bool:
    """Every U+FFFD of the output lies inside a reported lost span."""
    spans = [(span.start, span.end) for span in lost]
    return all(any(a <= i < b for a, b in spans) for i, char in enumerate(result_text) if char == R)


# --------------------------------------------------------------------------- unrecoverable


@pytest.mark.parametrize(
    ("damaged", "name", "marked"),
    [
        ("這是锟斤拷錯誤", "锟拷码", "這是" + R * 2 + "錯誤"),
        ("x锟斤拷锟斤拷y", "锟拷码", "x" + R * 4 + "y"),
        ("占쏙옙", "锟拷码", R * 2),
        ("嚙踝蕭", "锟拷码", R * 2),
        ("鐃緒申", "锟拷码", R * 2),
        ("abc ï¿½ def", "锟拷码", f"abc {R} def"),
        ("内存烫烫烫烫烫", "烫烫烫", "内存" + R * 5),
        ("屯屯屯屯", "屯屯屯", R * 4),
    ],
)
def test_unrecoverable_is_named_and_marked(damaged: str, name: str, marked: str) -> None:
    result = recover_lossy(damaged, MARK)
    assert result.text == marked
    assert [f.name for f in result.findings if f.kind == "unrecoverable"] == [name]
    assert covered(result.text, result.lost)
    assert replays(damaged) == marked


def test_named_damage_wins_over_a_hole_stretch_around_it() -> None:
    result = recover_lossy(f"鎴戜滑锟斤拷鏄{R}鏈嬪弸", MARK)
    assert "锟拷码" in [f.name for f in result.findings]
    assert "锟" not in result.text and R * 2 in result.text


def test_lost_policy_keep_and_drop() -> None:
    keep = recover_lossy("這是锟斤拷錯誤", Options(lost="keep"))
    assert keep.text == "這是锟斤拷錯誤"
    assert [(s.start, s.end) for s in keep.lost] == [(2, 5)]
    drop = recover_lossy("這是锟斤拷錯誤", Options(lost="drop"))
    assert drop.text == "這是錯誤"
    assert [(s.start, s.end, s.lost_bytes) for s in drop.lost] == [(2, 2, 2)]


def test_replacement_runs_are_reported_not_changed_when_marking() -> None:
    result = recover_lossy(f"Price: 5{R}{R} only", MARK)
    assert result.text == f"Price: 5{R}{R} only"
    assert [f.name for f in result.findings] == ["符号码"]
    assert [(s.start, s.end) for s in result.lost] == [(8, 10)]
    assert recover_lossy(f"Price: 5{R}{R} only", Options(lost="drop")).text == "Price: 5 only"


# --------------------------------------------------------------------------- holes


def damage(text: str, wrong: str, question: bool = False) -> str:
    damaged = text.encode("utf-8").decode(wrong, "replace")
    return damaged.replace(R, "?") if question else damaged


@pytest.mark.parametrize("question", [False, True])
def test_utf8_read_as_gbk_keeps_every_surviving_character(question: bool) -> None:
    damaged = damage("今天早上，市气象台发布了暴雨黄色预警", "gbk", question)
    result = recover_lossy(damaged, MARK)
    assert result.text == "今天早上，市气象台发布了暴雨黄色预" + R
    assert [f.name for f in result.findings] == ["问句码" if question else "符号码"]
    assert covered(result.text, result.lost)
    assert replays(damaged) == result.text


@pytest.mark.parametrize("hole", ["?", R])
def test_cp1252_right_quote_is_chosen_by_context(hole: str) -> None:
    # 0x9D is undefined in cp1252: of E2 80 {81,8D,8F,90,9D} only "”" reads as writing.
    result = recover_lossy(f"He said â€œyesâ€{hole} today", MARK)
    assert result.text == "He said “yes” today"
    assert result.lost == ()
    assert any("chosen by context" in f.evidence for f in result.findings)


def test_island_left_by_the_chain_reversal() -> None:
    # What repair_text leaves of "我们是朋友" read as GBK with errors="replace".
    result = recover_lossy(f"我们鏄{R}朋友", MARK)
    assert result.text == f"我们{R}朋友"
    assert [(s.start, s.end, s.lost_bytes) for s in result.lost] == [(2, 3, 1)]


def test_real_question_mark_after_a_hole_stays() -> None:
    assert recover_lossy(damage("我们是朋友吗?", "gbk"), MARK).text == f"我们{R}朋友{R}?"


@pytest.mark.parametrize(
    ("original", "wrong"),
    [("こんにちは、元気ですか。", "shift_jis"), ("繁體中文測試", "big5"), ("Спасибо, как дела?", "cp1252")],
)
def test_other_wrong_decoders(original: str, wrong: str) -> None:
    damaged = damage(original, wrong, question=True)
    result = recover_lossy(damaged, MARK)
    assert len(result.text) == len(original)
    assert all(new in (old, R) for old, new in zip(original, result.text, strict=True))
    assert sum(new == old for old, new in zip(original, result.text, strict=True)) >= len(original) // 2
    assert covered(result.text, result.lost)


@pytest.mark.parametrize(
    ("damaged", "recovered"),
    [
        # PHP mbstring, old Java and .NET: a bad lead byte is written '?' and eats the next byte.
        ("<li>鏃ユ湰瑾炪仹銇?/li>", f"<li>日本語で{R}</li>"),  # the eaten '<' is pinned by "/li>"
        ("<p>鎴戜滑鏄?湅鍙?/p>", f"<p>我们{R}{R}{R}</p>"),  # 是 and 朋 share an eaten pair
    ],
)
def test_decoder_that_eats_the_next_byte(damaged: str, recovered: str) -> None:
    result = recover_lossy(damaged, MARK)
    assert result.text == recovered
    assert covered(result.text, result.lost)
    assert replays(damaged) == recovered


@pytest.mark.parametrize("cut", [1, 2])
def test_character_cut_at_the_end(cut: int) -> None:
    damaged = "今天早上天气很好".encode()[:-cut].decode("gbk", "replace")
    result = recover_lossy(damaged, MARK)
    assert result.text == f"今天早上天气很{R}"
    assert [(s.start, s.end) for s in result.lost] == [(7, 8)]
    if cut == 2:  # nothing was replaced: only the cut says what is missing
        assert [f.name for f in result.findings] == ["truncated"]


def test_low_confidence_leaves_the_span_and_reports_it() -> None:
    damaged = damage("繁體中文測試", "big5", question=True)
    result = recover_lossy(damaged, Options(min_confidence=0.99))
    assert result.text == damaged
    assert result.steps == ()
    assert any(f.kind == "lossy" and f.evidence.startswith("left as it was") for f in result.findings)


def test_lost_keep_leaves_the_hole_characters() -> None:
    result = recover_lossy(f"我们鏄{R}朋友", Options(lost="keep"))
    assert result.text == f"我们{R}朋友"
    drop = recover_lossy(f"我们鏄{R}朋友", Options(lost="drop"))
    assert drop.text == "我们朋友"


# --------------------------------------------------------------------------- clean text


@pytest.mark.parametrize(
    "clean",
    [
        "烫伤要及时处理，不要涂牙膏。",
        "锟是一个很少用的字。",
        "他说：烫烫的汤。",
        "What? 你好",
        "你好?",
        "价格是?元",
        "café",
        "Ça va? Oui.",
        "Привет? Да.",
        "こんにちは？",
        "plain ASCII? yes!",
        "",
        # One letter that is a UTF-8 lead byte in cp1252, at the end: no evidence of a cut.
        "AØ",
        "AÝØ",
        "Bornholm Ø",
    ],
)
def test_clean_text_is_untouched(clean: str) -> None:
    result = recover_lossy(clean, MARK)
    assert result.text == clean
    assert result.steps == ()
    assert result.lost == ()


# --------------------------------------------------------------------------- properties

_SCRIPTS = {
    "gbk": "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也你说年",
    "shift_jis": "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよ日本語",
    "big5": "的一是在不了有和人這中大為上個國我以要他時來用們生到作地於出就分對成會可也你說年",
    "cp949": "한국어를배운지이년되었는데아직도존댓말을쓰것렵다",
    "cp1252": "éèàçüöäßñ€“”—abcdefghij klmnop",
}
#: With this many characters of the original surviving whole (non-ASCII ones: the evidence
#: that the bytes are UTF-8), the stage must act; below it, declining is allowed.
ENOUGH_EVIDENCE = 5


def _decode_replace(data: bytes, wrong: str) -> tuple[str, set[int]]:
    """CPython's lossy decoding, and which byte offsets became U+FFFD (one a byte)."""
    text = data.decode(wrong, "replace")
    lost: set[int] = set()
    position = 0
    for char in text:
        if char == R:
            lost.add(position)
            position += 1
        else:
            position += len(char.encode(wrong))
    assert position == len(data)
    return text, lost


def _decode_eating(data: bytes, wrong: str) -> tuple[str, set[int]]:
    """A DBCS decoder that writes '?' for a bad lead byte and eats the byte after it (PHP mbstring)."""
    out: list[str] = []
    lost: set[int] = set()
    index = 0
    while index < len(data):
        if data[index] < 0x80:
            out.append(chr(data[index]))
            index += 1
            continue
        try:
            out.append(data[index : index + 2].decode(wrong))
        except UnicodeDecodeError:
            out.append("?")
            lost.update((index, index + 1))
        index += 2
    return "".join(out), {offset for offset in lost if offset < len(data)}


def _survivors(original: str, lost_bytes: set[int]) -> list[bool]:
    """Per character of the original: whether none of its UTF-8 bytes was lost."""
    flags = []
    offset = 0
    for char in original:
        size = len(char.encode("utf-8"))
        flags.append(not any(i in lost_bytes for i in range(offset, offset + size)))
        offset += size
    return flags


@st.composite
def _lossy_damage(draw: st.DrawFn) -> tuple[str, str, list[bool]]:
    """Random text in one script, UTF-8 read by that region's decoder with errors="replace".

    Then maybe saved again in a legacy code page (U+FFFD became '?'), maybe cut inside a
    multi-byte character first. Returns the original, the damaged text and, per
    character of the original, whether it survived whole.
    """
    wrong = draw(st.sampled_from(sorted(_SCRIPTS)))
    original = draw(st.text(alphabet=_SCRIPTS[wrong] + " ,.", min_size=1, max_size=24))
    mode = draw(st.sampled_from(("replace", "question", "truncated")))
    data = original.encode("utf-8")
    cut_off: set[int] = set()
    leads = [index for index, byte in enumerate(data) if byte >= 0xC0]
    if mode == "truncated" and leads:
        lead = draw(st.sampled_from(leads))
        size = len(data[lead:].decode("utf-8")[0].encode("utf-8"))
        cut = lead + draw(st.integers(1, size - 1))
        original = data[: lead + size].decode("utf-8")
        cut_off = set(range(cut, lead + size))
        data = data[:cut]
    damaged, lost = _decode_replace(data, wrong)
    if mode == "question":
        damaged = damaged.replace(R, "?")
    return original, damaged, _survivors(original, lost | cut_off)


def _chosen(result) -> int:
    return sum(int(count) for f in result.findings for count in re.findall(r"(\d+) character\(s\) chosen", f.evidence))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(_lossy_damage())
def test_survivors_come_back_and_nothing_is_claimed_that_was_not(case: tuple[str, str, list[bool]]) -> None:
    original, damaged, survived = case
    result = recover_lossy(damaged, MARK)
    assert Plan(result.steps).apply(damaged) == result.text
    assert covered(result.text, result.lost)
    again = recover_lossy(result.text, MARK)
    assert (again.text, again.steps) == (result.text, ())  # idempotent: the output is not mojibake
    if all(survived):
        assert damaged != original or result.text == original
        return  # nothing lost: undoing the rest is the chain reversal's business
    invented = [char for char in result.text if char != R and char not in original and char not in damaged]
    assert len(invented) <= _chosen(result)
    evidence = sum(1 for char, whole in zip(original, survived, strict=True) if whole and ord(char) >= 0x80)
    if evidence < ENOUGH_EVIDENCE:
        return  # too little survived to tell the decoder: declining, or marking a piece, is allowed
    assert result.text != damaged, "enough survived to act on, and the stage declined"
    # Every surviving character is back in place; each lost one is exactly one U+FFFD, or
    # a character that a finding says was chosen by context; the lost spans claim exactly
    # the U+FFFD written.
    assert len(result.text) == len(original)
    guessed = 0
    for old, new, whole in zip(original, result.text, survived, strict=True):
        if whole:
            assert new == old
        elif new != R:
            guessed += 1
    assert guessed <= _chosen(result)
    assert sum(span.end - span.start for span in result.lost) == result.text.count(R)


@settings(max_examples=80, deadline=None, derandomize=True)
@given(
    st.sampled_from(("gbk", "shift_jis", "big5", "cp949")).flatmap(
        lambda wrong: st.tuples(st.just(wrong), st.text(alphabet=_SCRIPTS[wrong] + " ,.", min_size=1, max_size=24))
    )
)
def test_an_eating_decoder_is_repaired_without_inventing(case: tuple[str, str]) -> None:
    # PHP mbstring, old Java and .NET lose two bytes a '?': where the count of lost
    # characters is ambiguous it may be off, but no character may appear that is in
    # neither the original nor the damaged text, unless a finding says it was chosen.
    wrong, body = case
    original = f"<p>{body}</p>"
    damaged, lost = _decode_eating(original.encode("utf-8"), wrong)
    result = recover_lossy(damaged, MARK)
    assert Plan(result.steps).apply(damaged) == result.text
    assert covered(result.text, result.lost)
    invented = [char for char in result.text if char != R and char not in original and char not in damaged]
    assert len(invented) <= _chosen(result)
    if not lost:
        assert result.text == damaged  # no hole, no cut: the chain reversal's business


def test_truncated_utf8_read_as_cp1252_is_not_rerouted_through_thai() -> None:
    from encfix import repair_text

    damaged = "Привет мир".encode()[:-1].decode("cp1252", "replace")
    assert repair_text(damaged).output.startswith("Привет ми")


def test_a_lossy_line_before_marked_damage_is_repaired_once_and_for_all() -> None:
    from encfix import repair_text

    lossy_line = "我们是朋友。".encode().decode("gbk", "replace")
    text = f"Привет, как дела?\n{lossy_line}\n锟斤拷 end\n"
    once = repair_text(text).output
    assert repair_text(once).output == once


# --------------------------------------------------------------------------- through repair_text


@pytest.mark.parametrize(
    ("original", "wrong", "question"),
    [
        # The chain search used to undo the pieces between holes one by one and leave
        # islands ("铺垫莠�"), or read the holes into Thai (Big5) or kana (cp949, GBK).
        ("我觉得这本小说的结尾写得有点仓促，前面铺垫了那么多，最后却一笔带过。", "shift_jis", False),
        ("气象庁によると、今週末は広い範囲で雨が降り、気温も平年より低くなる見込みです。", "gbk", False),
        ("מחירי הדירות בעיר המשיכו לעלות גם ברבעון האחרון.", "cp1252", False),
        ("这座桥建成以后，两岸居民来往方便了很多。", "big5", True),
        ("어제 친구와 함께 본 영화는 생각보다 훨씬 재미있었다.", "cp949", True),
        ("Власти региона объявили о строительстве нового моста через реку.", "cp1252", True),
        ("ただし、価格は前のモデルより一万円ほど高く設定されています。", "gbk", True),
    ],
)
def test_lossy_mojibake_comes_back_through_repair_text(original: str, wrong: str, question: bool) -> None:
    from encfix import repair_text, replay

    damaged, lost = _decode_replace(original.encode("utf-8"), wrong)
    assert lost, "the case must have holes"
    if question:
        damaged = damaged.replace(R, "?")
    repair = repair_text(damaged)
    assert replay(damaged, repair.plan) == repair.output
    assert len(repair.output) == len(original)
    chosen = 0
    for old, new, whole in zip(original, repair.output, _survivors(original, lost), strict=True):
        if whole:
            assert new == old
        elif new != R:
            chosen += 1
            assert new == old  # a character chosen by context must be the right one
    assert chosen <= _chosen(repair)
    assert covered(repair.output, repair.lost)
    assert all(repair.output[span.start : span.end] == R * (span.end - span.start) for span in repair.lost)
    assert repair_text(repair.output).output == repair.output


def test_lost_spans_are_moved_by_the_repairs_after_the_first_pass() -> None:
    from encfix import repair_text

    lossy_line = "我们是朋友，也是邻居。".encode().decode("gbk", "replace")
    text = f"Le cafÃ© de l'Ã©tÃ© est ouvert.\n{lossy_line}\n"
    repair = repair_text(text)
    assert repair.output.startswith("Le café de l'été est ouvert.\n我们")
    assert repair.lost
    assert covered(repair.output, repair.lost)
    assert all(repair.output[span.start : span.end] == R * (span.end - span.start) for span in repair.lost)


@pytest.mark.parametrize(
    "clean",
    [
        "你好?今天怎么样?还好吗?",
        "真的?不会吧?他明天来?",
        "本当?うそ?明日?",
        "정말?진짜?내일?",
        "Что?Где?Когда?",
    ],
)
def test_dense_question_marks_in_clean_text_are_left_alone(clean: str) -> None:
    from encfix import repair_text

    repair = repair_text(clean)
    assert repair.output == clean
    assert not repair.plan.steps


#: Clean quotations whose last word ends in a letter that is a UTF-8 lead byte in cp1252
#: or cp1251, followed by a '?' or closing punctuation (continuation bytes there).
QUOTATIONS = [
    # "íš?" is E1 9A and a lost third byte (an Ogham letter); "ó?›" F3, a lost byte, 9B
    # and a cut (nothing assigned): the lossy stage read them as lost characters.
    "„Víš?“",
    "„Jak se máš?“",
    "„Co děláš?“",
    "„Ako sa máš?“",
    "„Čo robíš?“",
    "‹minha avó?›",
    "„která?…“",  # "á?…": a Myanmar digit with a lost byte
    # A UTF-8 sequence cut by the end of the text: "é›" is E9 9B, a Han character short of a byte.
    "‹Café›",
    "„A minha avó…”",
    "›technique école unanimité‹",
    "dopo ›minuti partire cornetti è‹",
    # Whole sequences the chain search undid: "ß‹" is the NKo letter U+07CB, "é…‹" 酋,
    # "и…‹" 腋 (cp1251), "к…›" the Yi syllable U+A15B.
    "Sie sagte ›ja‹ und er ›Tschüß‹.",
    "Er sagte: ›Das ist Café…‹",
    "›шины и…‹",
    "‹щоб сьомій Міністерство Як…›",
    "lago pediatrico è…”",
]


@pytest.mark.parametrize("clean", QUOTATIONS)
def test_a_quotation_that_ends_in_a_lead_byte_letter_is_left_alone(clean: str) -> None:
    from encfix import repair_text

    repair = repair_text(clean)
    assert repair.output == clean
    assert not repair.plan.steps
    assert recover_lossy(clean, MARK).text == clean


def _damaged_quotations() -> list[object]:
    """Each quotation read as UTF-8 in cp1252, cp1250 and cp1251, where every byte is defined."""
    cases: list[object] = []
    for clean in QUOTATIONS:
        for wrong in ("cp1252", "cp1250", "cp1251"):
            try:
                damaged = clean.encode("utf-8").decode(wrong)
            except UnicodeDecodeError:
                continue
            cases.append(pytest.param(damaged, clean, id=f"{wrong}-{clean}"))
    return cases


@pytest.mark.parametrize(("damaged", "clean"), _damaged_quotations())
def test_a_damaged_quotation_comes_back_whole(damaged: str, clean: str) -> None:
    # "„Jak se mĂˇĹˇ?“" (cp1250) was repaired, and its repair read again as lossy damage.
    from encfix import repair_text

    assert repair_text(damaged).output == clean


@pytest.mark.parametrize(
    "original",
    ["„Dočkej času, víš?“", "Jak se máš? Dočkal ses?", "Ďábel a čert, víš?"],
)
def test_a_question_with_real_holes_keeps_its_letters_and_marks_its_losses(original: str) -> None:
    # č is C4 8D and ď C4 8F: 0x8D and 0x8F are undefined in cp1252 and saved as '?'.
    from encfix import repair_text

    damaged = damage(original, "cp1252", question=True)
    assert damaged.count("?") > original.count("?")
    repair = repair_text(damaged)
    assert len(repair.output) == len(original)
    assert all(new in (old, R) for old, new in zip(original, repair.output, strict=True))
    assert repair.output.endswith(original[-5:])  # "víš?“", "ses?": the real question mark stays
    assert covered(repair.output, repair.lost)


@settings(max_examples=80, deadline=None, derandomize=True)
@given(_lossy_damage())
def test_survivors_come_back_through_repair_text(case: tuple[str, str, list[bool]]) -> None:
    # What users run: the chain search, the cleanups and both lossy passes must not
    # undo what the stage alone restores, nor invent what it would not.
    from encfix import repair_text, replay

    original, damaged, survived = case
    if "?" not in damaged and R not in damaged:
        # No hole: lossless damage or a bare cut, the chain search's business first
        # (tested elsewhere; it still reads a few junk letters such as "ÃŸÃ" as KOI8-R).
        return
    alone = recover_lossy(damaged, MARK)
    if alone.text == damaged:
        return  # the stage declines: see the xfail below for what the chain search may do then
    repair = repair_text(damaged)
    assert replay(damaged, repair.plan) == repair.output
    assert covered(repair.output, repair.lost)
    assert repair_text(repair.output).output == repair.output
    invented = [char for char in repair.output if char != R and char not in original and char not in damaged]
    assert len(invented) <= _chosen(repair)
    evidence = sum(1 for char, whole in zip(original, survived, strict=True) if whole and ord(char) >= 0x80)
    if evidence >= ENOUGH_EVIDENCE:
        assert repair.output == alone.text


@pytest.mark.xfail(
    strict=True,
    reason="known bug: the stage writes 'ñß�' for 'Ã±ÃŸâ€�' and, read again, takes 'ß�' for a "
    "2-byte character with a lost continuation ('ñ�'); the judge prefers it because no language writes 'ñß'",
)
def test_a_latin_letter_before_a_mark_the_stage_wrote_is_not_eaten_later() -> None:
    from encfix import repair_text

    once = repair_text("Ã±ÃŸâ€\ufffd").output
    assert repair_text(once).output == once


def test_lossy_damage_is_not_read_as_another_chain() -> None:
    # "â€?" is UTF-8 "”" or "“" with its last byte lost: a lossless chain reading the
    # span ("тВмтА?", cp866 read as cp1252 twice) invents letters no one wrote.
    from encfix import repair_text

    repair = repair_text("â‚¬â€?")
    assert repair.output in ("â‚¬â€?", "€\ufffd")
    assert [finding.kind for finding in repair.findings if finding.start >= 3] == ["lossy"]


def test_a_hole_needs_damage_on_its_own_line() -> None:
    # "áš?" is also E1 9A and a lost byte of UTF-8 read as cp1252; the damaged line
    # before it is no evidence for it.
    from encfix import repair_text

    text = "Menu: cafÃ© crÃ¨me\nJak se máš?\nAhoj!\nJak se máš?"
    assert repair_text(text).output == "Menu: café crème\nJak se máš?\nAhoj!\nJak se máš?"


@pytest.mark.parametrize("offset", [0, 100, 122, 125, 126, 127, 128, 129, 250, 254, 255, 256, 700])
def test_a_hole_stretch_reads_the_same_wherever_it_sits_in_a_long_page(offset: int) -> None:
    """The stage spells a long page a piece at a time, where holes are: the pieces' seams change nothing."""
    damaged = "鎴戜滑鏄\ufffd鏈嬪弸"  # UTF-8 "我们是朋友" read as GBK, one byte lost
    alone = recover_lossy(damaged, MARK).text
    assert alone == "我们" + R + "朋友"
    page = "x" * offset + damaged + " " + "y" * 300
    assert recover_lossy(page, MARK).text == "x" * offset + alone + " " + "y" * 300


def _brute_force_fillings(members: list, allow_incomplete: bool) -> int:
    """Fillings of a hole group counted the slow way: every combination of allowed bytes, parsed."""
    from itertools import product

    from encfix.lossy import START, _run

    holes = [token.allowed for token in members if token.hole]
    count = 0
    for filling in product(*holes):
        lost = iter(filling)
        state = START
        for token in members:
            if token.hole:
                state = _run(state, next(lost))
            state = _run(state, token.data)
            if state is None:
                break
        count += state is not None and (state == START or allow_incomplete)
    return count


@settings(max_examples=40, deadline=None, derandomize=True)
@given(_lossy_damage(), st.booleans())
def test_hole_fillings_are_counted_as_the_walk_lists_them(case: tuple[str, str, list[bool]], eating: bool) -> None:
    # ``_count_fillings`` lets ``_fillings`` give up without listing thousands of fillings;
    # it must count exactly what the walk lists (and the brute force finds).
    from encfix import lossy

    _original, damaged, _survived = case
    for wrong in lossy.WRONG:
        tokens = lossy._tokenize(lossy._spell(damaged, 0, len(damaged), wrong.name), None, wrong, eating)
        segments, _parsed = lossy._segments(tokens, at_text_end=True)
        for first, last in segments:
            segment = tokens[first:last]
            for group in lossy._groups(segment):
                members = segment[group.first : group.last]
                if sum(token.hole for token in members) > lossy.MAX_SEARCHED_HOLES:
                    continue  # marked by structure, never searched
                for allow_incomplete in (False, True):
                    counted = lossy._count_fillings(members, allow_incomplete)
                    listed = lossy._fillings(segment, group, allow_incomplete)
                    if listed is not None:
                        assert len(listed) == counted
                    else:  # too many fillings, or too many ways to fill one hole
                        assert counted > lossy.MAX_FILLINGS or any(
                            len(token.allowed) > lossy.MAX_FILLINGS for token in members if token.hole
                        )
                    if math.prod(len(token.allowed) for token in members if token.hole) <= 4_000:
                        assert counted == _brute_force_fillings(members, allow_incomplete)


def test_a_long_line_full_of_holes_is_parsed_without_redoing_each_transition(monkeypatch: pytest.MonkeyPatch) -> None:
    # One line of Chinese with a '?' every other character: every hole's window (REACH
    # either side) is parsed again under each decoder model, and worked out one set of
    # states at a time that took 5 s for 2 KB. The transitions repeat: each is worked
    # out once (before, 1.2 million times here; now about 150).
    import encfix.lossy as lossy

    text = "".join(c if i % 2 else "?" for i, c in enumerate("我们今天在北京召开了一个关于经济发展的重要会议，" * 40))
    calls = 0
    advance = lossy._advance

    def counted(states: frozenset, token: object) -> set:
        nonlocal calls
        calls += 1
        return advance(states, token)

    monkeypatch.setattr(lossy, "_advance", counted)
    monkeypatch.setattr(lossy, "_ADVANCED", {}, raising=False)
    lossy.forget_holes()
    recover_lossy(text, MARK)
    assert calls < 2_000, calls


_SPAN = st.tuples(st.integers(0, 40), st.integers(0, 40)).map(sorted).map(tuple)


@given(st.lists(_SPAN, max_size=12), _SPAN)
def test_spans_answer_overlap_and_containment_as_a_pass_over_them_would(
    spans: list[tuple[int, int]], query: tuple[int, int]
) -> None:
    from encfix.lossy import _Spans

    start, end = query
    found = _Spans(spans)
    assert found.overlaps(start, end) == any(start < right and left < end for left, right in spans)
    assert found.contains(start, end) == any(left <= start and end <= right for left, right in spans)
