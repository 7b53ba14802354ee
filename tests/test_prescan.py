"""The prescan's gates: each must match wherever the check it guards could find anything.

A gate that misses a sign would let a damaged text pass as clean, silently. Each gate
is held to its check on the shapes the check looks for (hypothesis), on every place
the check fires in damaged corpus text, and, for the letter pairs, on pairs drawn from
every script. The repair of long texts is also compared with and without the gates.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from encfix import plausibility, prescan, repair_text
from encfix.cleanups import gbk_runs, pinyin, simplified

ROOT = Path(__file__).resolve().parents[1]


def _load_corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("encfix_bench_corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()


def _gate(name: str) -> re2._Regexp:
    options = re2.Options()
    options.max_mem = 64 << 20
    return re2.compile(prescan.gate_pattern(name), options=options)


GATES = {name: _gate(name) for name in prescan.GATE_NAMES}


def _matches(name: str, text: str) -> bool:
    return GATES[name].search(text) is not None


# Characters the screens are made of: lead and continuation bytes as cp1252 and cp1251
# spell them, Cyrillic and Greek of both cases, Thai, common and rare Han, kana,
# Hangul, Latin letters and symbols, spaces.
_SCREEN_ALPHABET = "ÃÂâ©€™¢ œ’ßàô¿ÏðèåÄãº×÷¡¶µ°РСГВфЂѓЉђАЯЁабвъЪΑΩαωธนเ的是犲锟斤拷鑫淼垚あア한힣ｱ①㈠aZq \n,."


@settings(max_examples=4000, deadline=None)
@given(st.text(alphabet=_SCREEN_ALPHABET, max_size=12))
def test_screen_gate_matches_wherever_a_screen_does(text: str) -> None:
    if plausibility._quick_screen().search(text) is not None:
        assert _matches("screens", text), text


def _damaged_texts() -> list[str]:
    """Corpus paragraphs of every language pushed through a wrong code page or two."""
    data = corpus.load_corpus()
    rng = random.Random(20261130)
    chains = [
        [("utf-8", "cp1252")],
        [("utf-8", "cp1251")],
        [("utf-8", "gbk")],
        [("utf-8", "big5")],
        [("utf-8", "shift_jis")],
        [("utf-8", "euc_kr")],
        [("utf-8", "mac-roman")],
        [("utf-8", "cp437")],
        [("utf-8", "koi8-r")],
        [("utf-8", "tis-620")],
        [("cp1251", "koi8-r")],
        [("koi8-r", "cp1251")],
        [("cp1250", "cp1252")],
        [("cp1254", "cp1252")],
        [("gbk", "cp1252")],
        [("big5", "gbk")],
        [("euc_kr", "cp1252")],
        [("utf-8", "cp1252"), ("utf-8", "cp1252")],
    ]
    texts = []
    for lang in corpus.languages():
        for paragraph in rng.sample(list(data[lang]), min(4, len(data[lang]))):
            for chain in chains:
                damaged = corpus.damage(paragraph, chain)
                if damaged is not None and damaged != paragraph:
                    texts.append(damaged)
    return texts


DAMAGED = _damaged_texts()


def test_screen_gate_matches_at_every_sign_in_damaged_text() -> None:
    # Around each place a screen fires, the few characters its look-arounds read.
    missed = []
    for text in DAMAGED:
        for match in plausibility._quick_screen().finditer(text):
            window = text[max(0, match.start() - 3) : match.end() + 3]
            if plausibility._quick_screen().search(window) is not None and not _matches("screens", window):
                missed.append(window)
    assert len(DAMAGED) > 500
    assert not missed, missed[:20]


def test_pair_gate_matches_every_unwritten_pair() -> None:
    # Pairs drawn from the letters of every script the gate knows, plus other letters
    # and the letter-like signs ("²", "ª") the pair screen also takes.
    letters = [
        chr(code)
        for code in range(0x41, 0x10000)
        if not 0xD800 <= code <= 0xDFFF and plausibility._PAIR_LETTER.match(chr(code))
    ]
    near = [char for char in letters if char < "\u0800" or "\u1d00" <= char < "\u2200" or char >= "\ua640"]
    rng = random.Random(7)
    missed = []
    unwritten = 0
    for _ in range(150_000):
        pair = rng.choice(near) + rng.choice(near if rng.random() < 0.9 else letters)
        if plausibility._ACCENTED_PAIR.match(pair) and plausibility._is_unwritten(pair):
            unwritten += 1
            if not _matches("pairs", pair):
                missed.append(pair)
    assert unwritten > 1_000
    assert not missed, missed[:20]


def test_pair_gate_matches_in_damaged_text_with_unwritten_pairs() -> None:
    def unwritten(text: str) -> bool:
        return any(plausibility._is_unwritten(pair) for pair in plausibility._ACCENTED_PAIR.findall(text))

    with_pairs = [text for text in DAMAGED if unwritten(text)]
    assert len(with_pairs) > 100
    missed = [text for text in with_pairs if not _matches("pairs", text)]
    assert not missed, missed[:5]


def test_pair_gate_passes_clean_text() -> None:
    # The gate is worth its pass only if clean text of every language goes through it.
    data = corpus.load_corpus()
    caught = [lang for lang in corpus.languages() if _matches("pairs", "\n".join(data[lang]))]
    assert not caught


_GBK_ALPHABET = "??((()))lián/p>@T~物也你吗。，\ue2fd\ue000 \n\"'»éЖaz"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_GBK_ALPHABET, max_size=14))
def test_gbk_gate_matches_wherever_its_scan_does(text: str) -> None:
    if gbk_runs._MAYBE_DAMAGED.search(text) is not None:
        assert _matches("gbk-runs", text), text


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="網(（wǎng)）絡ab安 \n", max_size=10))
def test_pinyin_gate_matches_wherever_an_annotation_can_start(text: str) -> None:
    if pinyin._OPENING.search(text, 1) is not None:
        assert _matches("pinyin", text), text


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="由于是關系於網络中\n", max_size=10))
def test_leftover_gate_matches_wherever_a_leftover_counts(text: str) -> None:
    if simplified._leftover_counts(text):
        assert _matches("leftovers", text), text


def test_lossy_marks_gate_is_the_marks() -> None:
    from encfix.pipeline import _LOSSY_MARKS

    assert all(_matches("lossy-marks", f"a{mark}b") for mark in _LOSSY_MARKS)
    assert not _matches("lossy-marks", "锟 烫伤 ï ½ ?")


def test_leftover_gate_passes_a_bilingual_page() -> None:
    assert _matches("leftovers", "由于天气\n網絡由于") and _matches("leftovers", "關系")
    assert not _matches("leftovers", "由于天气，于是改期。\n這家老字號的茶行已經傳到第三代。\n關係 關於 規範")


def _long_texts() -> list[str]:
    data = corpus.load_corpus()
    clean = "\n".join(paragraph for lang in corpus.languages() for paragraph in data[lang][:3])
    damaged_line = corpus.damage(data["fr"][0], [("utf-8", "cp1252")])
    legacy_line = corpus.damage(data["cs"][0], [("cp1250", "cp1252")])
    assert damaged_line and legacy_line
    lines = clean.split("\n")
    return [
        clean,
        "\n".join([*lines[:40], damaged_line, *lines[40:]]),
        "\n".join([*lines[:70], legacy_line, *lines[70:]]),
    ]


def test_long_texts_repair_the_same_with_and_without_gates(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _long_texts()
    assert all(len(text) >= prescan.PRESCAN_MIN for text in texts)
    monkeypatch.setattr(prescan, "_asked", prescan.PRESCAN_AFTER)  # the gates are in use
    assert not prescan.may_hold("pairs", texts[0]) and not prescan.may_hold("gbk-runs", texts[0])
    with_gates = [repair_text(text) for text in texts]
    monkeypatch.setattr(prescan, "_gate_set", lambda: None)  # as without RE2
    without = [repair_text(text) for text in texts]
    for gated, plain in zip(with_gates, without, strict=True):
        assert gated.output == plain.output
        assert gated.findings == plain.findings
    assert with_gates[0].output == texts[0] and with_gates[1].output != texts[1]


def test_gates_wait_until_a_process_has_read_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    # One file in a shell does not pay for building them.
    asked: list[str] = []

    def scan(text: str) -> prescan.Prescan:
        asked.append(text)
        return prescan.Prescan(gates=frozenset(), letters=frozenset())

    monkeypatch.setattr(prescan, "_asked", 0)
    monkeypatch.setattr(prescan, "_prescan", scan)
    text = "plain words " * (prescan.PRESCAN_MIN // 8)
    calls = 0
    while prescan.may_hold("screens", text):
        calls += 1
        assert calls * len(text) <= prescan.PRESCAN_AFTER + len(text)
    assert asked == [text] and calls * len(text) >= prescan.PRESCAN_AFTER
    assert prescan.may_hold("screens", "short text")  # short texts are never prescanned


_UNIT = prescan.PRESCAN_MIN // 64


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aéèçşğıöüőűřžł×÷ß\n中 ", min_size=_UNIT, max_size=_UNIT))
def test_census_is_the_alphabet_screen_letters(unit: str) -> None:
    text = unit * 64  # long enough to be prescanned
    found = prescan._prescan(text)
    assert found is not None
    assert found.letters == frozenset(plausibility._NOT_LATIN_LETTER_OR_NEWLINE.sub("", text).replace("\n", ""))


def test_a_text_one_alphabet_holds_skips_the_alphabet_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Öğrenciler şehirde yürüyüş yaptı, çiçekler açtı.\n" * 100
    monkeypatch.setattr(prescan, "_asked", prescan.PRESCAN_AFTER)
    monkeypatch.setattr(plausibility, "_NOT_LATIN_LETTER_OR_NEWLINE", None)  # not needed
    assert plausibility._alphabet_suspects(text) == []


def test_a_failed_pass_skips_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # RE2 answers "no match" when its automaton runs out of memory; that must read as
    # "cannot be told", not as "no gate matched".
    class Failed:
        def Match(self, data: bytes) -> None:
            return None

    text = "Ã©tÃ© " * prescan.PRESCAN_MIN
    monkeypatch.setattr(prescan, "_asked", prescan.PRESCAN_AFTER)
    prescan.forget()
    assert not prescan.may_hold("lossy-marks", text)  # the real pass: no lossy mark
    prescan.forget()
    monkeypatch.setattr(prescan, "_gate_set", lambda: Failed())
    assert prescan._prescan(text) is None
    assert prescan.may_hold("lossy-marks", text) and prescan.may_hold("screens", text)
    prescan.forget()
