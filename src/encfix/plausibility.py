"""How natural a text looks: the judge between candidate repairs.

The score is a *cost*, in rough bits: the lower, the more the text looks like real
writing. It adds up three kinds of evidence, all measured on our corpus rather than
assumed:

* what each character is and how common it is in its script. The national standards
  already rank CJK characters by commonness (GB2312 level 1 vs level 2, Big5 frequent
  vs less frequent, JIS X 0208 level 1 vs 2, the 2,350 Hangul syllables of KS X 1001 vs
  the rest of the 11,172); private-use, control, unassigned and box-drawing characters
  are rare in text and common in mojibake;
* what stands next to what: a script switch inside a word, an upper-case letter after a
  lower-case one, a small accented letter in a line written in capitals ("LE ź ET"),
  an accented letter glued to a Latin-1 symbol ("Ã©"), runs of accented letters
  ("Ïðèâåò");
* whether the letters of an alphabetic script fit one real language's alphabet
  (Czech text decoded as cp1252 shows "ø", "è", "ù" that no single language uses
  together).

Everything per character is cached, so scoring a span costs one dictionary lookup a
character plus a pass over adjacent pairs.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import string
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import repeat

from encfix.chardata import TOP_HAN, TOP_HANGUL

__all__ = ["CharInfo", "char_info", "cost", "origin_misfit", "suspicious_spans", "writes_lone_foreign_letter"]

# --------------------------------------------------------------------------- CJK tiers


def _decode_block(codec: str, leads: range, trails: range) -> frozenset[str]:
    data = bytearray()
    for lead in leads:
        for trail in trails:
            data += bytes((lead, trail))
    return frozenset(data.decode(codec, "ignore"))


@cache
def _han_tiers() -> tuple[frozenset[str], frozenset[str]]:
    """(common, less common) Han characters, from the national standards' own levels."""
    common = (
        _decode_block("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))  # GB2312 level 1
        | _decode_block("big5", range(0xA4, 0xC7), range(0x40, 0xFF))  # Big5 frequent
        | _decode_block("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF))  # JIS X 0208 level 1
    )
    less = (
        _decode_block("gb2312", range(0xD8, 0xF8), range(0xA1, 0xFF))  # GB2312 level 2
        | _decode_block("big5", range(0xC9, 0xFA), range(0x40, 0xFF))  # Big5 less frequent
        | _decode_block("euc_jp", range(0xD0, 0xF5), range(0xA1, 0xFF))  # JIS X 0208 level 2
    ) - common
    return frozenset(c for c in common if _is_han(c)), frozenset(c for c in less if _is_han(c))


@cache
def _hangul_common() -> frozenset[str]:
    """The 2,350 Hangul syllables of KS X 1001 (what EUC-KR can spell)."""
    return _decode_block("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))


def _is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF
    )


# --------------------------------------------------------------------------- alphabets

# The non-ASCII letters each language writes (lower case). A text whose letters fit no
# single language's alphabet is suspect: that is how cp1250 text read as cp1252 shows.
LATIN_ALPHABETS: dict[str, str] = {
    "en": "",
    "fr": "àâæçéèêëîïôœùûüÿ",
    "de": "äöüß",
    "es": "áéíñóúü",
    "pt": "áâãàçéêíóôõú",
    "it": "àèéìíîòóùú",
    "nl": "éëïóöüèáà",
    "ca": "àçèéíïòóúü",
    "sv": "åäöé",
    "da": "æøåé",
    "fi": "äöåšž",
    "is": "áðéíóúýþæö",
    "pl": "ąćęłńóśźż",
    "cs": "áčďéěíňóřšťúůýž",
    "sk": "áäčďéíĺľňóôŕšťúýž",
    "hu": "áéíóöőúüű",
    "ro": "ăâîșțşţ",
    "hr": "čćđšž",
    "sl": "čšžćđ",
    "tr": "çğıöşüâîû",
    "et": "äõöüšž",
    "lv": "āčēģīķļņšūž",
    "lt": "ąčęėįšųūž",
    "sq": "çë",
    "mt": "ċġħżàèìòù",
    "eo": "ĉĝĥĵŝŭ",
    "cy": "âêîôûŵŷ",
    "az": "çəğıöşü",
    "ga": "áéíóú",
    "vi": "àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",
    # Long vowels with macrons: Māori, and Japanese in Hepburn romaji ("Tōkyō",
    # "Kyūshū"), which the news writes as often as the kanji. Its pair table and
    # pinyin's are their syllables' (``syllable_pairs.json``).
    "mi": "āēīōū",
    # Hanyu Pinyin with its tone marks ("Nǐ hǎo", "Zhōngguó"), in textbooks and names.
    "zh": "àáèéìíòóùúüāēěīńňōūǎǐǒǔǘǚǜǹḿếề",
}
# The most frequent letters of each Cyrillic and Greek language (about two thirds of
# running text); the rest of the alphabet costs a little more, letters outside it a lot.
COMMON_LETTERS: dict[str, str] = {
    "ru": "оеаинтсрвлкмдпу",
    "uk": "оаінитевлркдсум",
    "be": "аоеніыврлктсдмп",
    "bg": "оаеинтрслвкдпм",
    "sr": "аоиенсртјдвклу",
    "mk": "аоеинтрсвклдпј",
    "kk": "аеыныірлдтсқк",
    "el": "αοιετσνηυρπκμλάέίό",
    "ar": "الیمونهربتعدسفكقي",
    "fa": "اینهدرمویتبکسلشز",
    "he": "יוהלאמרבשנתעד",
}
RARE_LETTER_COST = 0.6
CYRILLIC_ALPHABETS: dict[str, str] = {
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "be": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
    "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    "kk": "абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
}
GREEK_ALPHABETS: dict[str, str] = {
    "el": "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",
}


def alphabet_letter(letter: str) -> str:
    """The lower-case letter the alphabets list for ``letter``.

    Python lowers Turkish "İ" to "i" plus a combining dot (it knows no locale), which no
    alphabet holds: "İstanbul" would look foreign in Turkish, and an "Ý" (cp1254 read as
    cp1252) would look better than the "İ" it stands for. The dotted capital belongs to
    the languages that tell dotted from dotless i, so it counts as their "ı".

    >>> alphabet_letter("İ"), alphabet_letter("Ő")
    ('ı', 'ő')
    """
    return "ı" if letter == "İ" else letter.lower()


def _letter_costs(alphabets: dict[str, str]) -> tuple[dict[str, float], ...]:
    """Per language: what each of its letters costs (0 if common, a little if rarer)."""
    return tuple(
        {letter: 0.0 if letter in COMMON_LETTERS.get(language, letter) else RARE_LETTER_COST for letter in alphabet}
        for language, alphabet in alphabets.items()
    )


ARABIC_ALPHABETS: dict[str, str] = {
    "ar": "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي",
    "fa": "ءآأؤئابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی",
}
HEBREW_ALPHABETS: dict[str, str] = {"he": "אבגדהוזחטיךכלםמןנסעףפץצקרשת"}

_ALPHABETS_BY_SCRIPT: dict[str, tuple[dict[str, float], ...]] = {
    "latin": _letter_costs(LATIN_ALPHABETS),
    "cyrillic": _letter_costs(CYRILLIC_ALPHABETS),
    "greek": _letter_costs(GREEK_ALPHABETS),
    "arabic": _letter_costs(ARABIC_ALPHABETS),
    "hebrew": _letter_costs(HEBREW_ALPHABETS),
}
#: What a letter outside every alphabet of its script costs, on top of its base cost.
MISFIT_COST = 2.5
#: What a capital letter beyond ASCII costs on top of its letter: once per word in
#: capitals whose pairs the language writes (the others are refunded, ``_case_cost``).
CAPITAL_COST = 0.3


# --------------------------------------------------------------------------- characters


@dataclass(frozen=True, slots=True)
class CharInfo:
    """What the judge knows of one character."""

    cost: float
    #: Script of a letter ("latin", "cyrillic", "han", ...); "" for anything else.
    script: str
    #: "upper", "lower", or "" for letters without case and for non-letters.
    case: str
    #: A word character (letter, mark, digit): pairs are judged inside words only.
    is_word: bool
    #: A non-ASCII symbol or punctuation mark (not a letter).
    is_symbol: bool


_COMMON_LATIN1_SYMBOLS = frozenset("«»°©®·×€£§¿¡±–—‘’“”…•\u00a0")
_COMMON_CJK_SCRIPTS = frozenset(("han", "kana", "hangul"))


def _script_of_letter(char: str, name: str) -> str:  # noqa: PLR0911 - a table of ranges
    code = ord(char)
    if code < 0x250 or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    if 0x370 <= code <= 0x3FF or 0x1F00 <= code <= 0x1FFF:
        return "greek"
    if 0x400 <= code <= 0x52F:
        return "cyrillic"
    if _is_han(char) or 0x3005 <= code <= 0x3007:
        return "han"
    if 0xFF66 <= code <= 0xFF9F:
        # Half-width katakana is its own script here: runs of it are legitimate (receipts,
        # old systems), but glued to kanji it is UTF-8 read as Shift-JIS ("繧ｹ繧ｯ").
        return "halfwidth-kana"
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF:
        return "kana"
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    return name.split(" ", 1)[0].lower() if name else "other"


def _letter_cost(char: str, script: str) -> float:  # noqa: PLR0911 - a table, read top down
    code = ord(char)
    if script == "han":
        common, less = _han_tiers()
        if char in TOP_HAN:
            return 0.2
        if char in common:
            return 0.6
        if char in less:
            return 3.0
        return 5.0 if 0x4E00 <= code <= 0x9FFF else 7.0
    if script == "hangul":
        if char in TOP_HANGUL:
            return 0.2
        return 0.6 if char in _hangul_common() else 6.0
    if script == "halfwidth-kana":
        return 1.0
    if script == "kana":
        return 0.5
    if script == "latin":
        if code >= 0x250 and not (0x1E00 <= code <= 0x1EFF):
            return 3.0
        return 1.0 if code >= 0x80 else 0.0
    if script in _ALPHABETS_BY_SCRIPT:
        return 0.2  # plus what the letter costs in the best-fitting language
    # Scripts without a letter model cost what a modelled letter costs on average, so
    # that junk in an unmodelled script is never cheaper than real text in a modelled one.
    return 0.5


def _symbol_cost(char: str, category: str) -> float:  # noqa: PLR0911 - a table, read top down
    code = ord(char)
    if char in _COMMON_LATIN1_SYMBOLS:
        return 1.0
    if 0xFF61 <= code <= 0xFF65:
        return 3.0  # half-width 。「」、・: Shift-JIS read where there is none ("｣12")
    if 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF20 or 0xFF3B <= code <= 0xFF40 or 0xFF5B <= code <= 0xFFE6:
        return 0.5  # CJK and full-width punctuation, full-width signs (￡ ￥: what Big5 and Shift-JIS spell)
    if 0xFE30 <= code <= 0xFE4F or code == 0x30FB:
        return 1.0
    if 0x2500 <= code <= 0x259F:
        return 1.5  # box drawing and blocks: cheap in runs, dear next to letters (_pair_cost)
    if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF:
        return 1.0  # emoji and dingbats
    if code <= 0xFF:
        return 3.0  # the rest of Latin-1: ¤ ¦ ¨ ª ¬ ¯ ² ³ ´ µ ¶ ¸ ¹ º ¼ ½ ¾
    if category == "Sk" or 0x2B0 <= code <= 0x2FF:
        return 4.0  # spacing modifiers: ˆ ˜ from cp1252
    if 0x2010 <= code <= 0x203A:
        return 2.0
    return 2.5


@cache
def char_info(char: str) -> CharInfo:  # noqa: PLR0911 - one return per kind of character
    """What a single character costs and what it is.

    >>> char_info("的").cost < char_info("犲").cost
    True
    """
    code = ord(char)
    if code < 0x80:
        if char.isalnum():
            return CharInfo(
                0.0,
                "latin" if char.isalpha() else "",
                "upper" if char.isupper() else "lower" if char.islower() else "",
                True,
                False,
            )
        control = (code < 0x20 and char not in "\t\n\r\x0c") or code == 0x7F
        return CharInfo(8.0 if control else 0.0, "", "", False, False)
    category = unicodedata.category(char)
    major = category[0]
    if major == "L":
        name = unicodedata.name(char, "")
        script = _script_of_letter(char, name)
        case = "upper" if category == "Lu" else "lower" if category == "Ll" else ""
        extra = CAPITAL_COST if case == "upper" else 3.0 if code == 0x640 else 0.0  # Arabic tatweel
        return CharInfo(_letter_cost(char, script) + extra, script, case, True, False)
    if major == "M":
        # The accents NFD text is made of are common; the rest of the combining marks are
        # what a wrong code page makes of a UTF-8 continuation byte (mac-roman's U+0329).
        # Arabic harakat and Hebrew points are rare in everyday (unvocalised) text.
        common_mark = 0x300 <= code <= 0x30C or code in (0x327, 0x328) or (code > 0x36F and not 0x591 <= code <= 0x670)
        return CharInfo(1.0 if common_mark else 3.0, "", "", True, False)
    if major == "N":
        return CharInfo(1.0 if category == "Nd" else 2.0, "", "", True, False)
    if major == "Z":
        return CharInfo(0.5 if code in (0xA0, 0x3000) else 1.5, "", "", False, False)
    if category == "Co":
        return CharInfo(8.0, "", "", False, True)
    if category in ("Cn", "Cs"):
        return CharInfo(10.0, "", "", False, True)
    if category == "Cc":
        return CharInfo(10.0 if 0x80 <= code <= 0x9F else 8.0, "", "", False, True)
    if category == "Cf":
        return CharInfo(1.0 if code in (0x200D, 0xFE0F, 0x200B) else 3.0, "", "", False, True)
    if code == 0xFFFD:
        return CharInfo(4.0, "", "", False, True)
    return CharInfo(_symbol_cost(char, category), "", "", False, True)


#: Private use, unassigned code points, surrogates and the C0 and C1 controls other than
#: the white space ones: one regex, so that counting them is C work.
_IMPOSSIBLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\uf8ff\U000f0000-\U0010ffff]")


def impossible_characters(text: str) -> int:
    """How many characters of ``text`` no correctly decoded writing holds.

    Private-use, unassigned and surrogate code points, and control characters other
    than white space: what a decoder makes of bytes its encoding leaves undefined or
    assigns to vendors (GBK's and Big5's user-defined rows, sloppy code pages' holes).

    >>> impossible_characters("萨忝\ue297菽\x8d"), impossible_characters("圖書館\t")
    (2, 0)
    """
    found = len(_IMPOSSIBLE.findall(text))
    if not text.isascii():
        found += sum(text.count(char) for char in set(text) if _is_unassigned(char))
    return found


@cache
def _is_unassigned(char: str) -> bool:
    return char > "\x7f" and unicodedata.category(char) == "Cn"


# --------------------------------------------------------------------------- pairs

#: Scripts that legitimately meet inside a word.
_COMPATIBLE_SCRIPTS = frozenset({frozenset(("han", "kana")), frozenset(("han", "hangul"))})
SCRIPT_SWITCH_COST = 3.0
CASE_INVERSION_COST = 2.0
ACCENT_RUN_COST = 1.0
LETTER_SYMBOL_COST = 2.0
SYMBOL_RUN_COST = 1.5
DIGIT_GLUE_COST = 1.5
BOX_GLUE_COST = 3.0
WORD_FINAL_COST = 3.0
WORD_GLUE_COST = 1.0
_WORD_GLUE_SYMBOLS = frozenset("¢£¤¥¦§¨ª¬¯±²³´µ¶¸¹º¼½¾×÷†‡‰‹›•‚„ƒˆ˜¦€")
_WORD_FINAL = frozenset("ךםןףץς")


def _is_box(char: str) -> bool:
    return 0x2500 <= ord(char) <= 0x259F


def _is_misplaced_mark(letter: str, mark: str, script: str) -> bool:
    """A combining mark where real text never puts one: mojibake from a code page with marks.

    A script's own marks (Thai, Hebrew, Arabic, Devanagari ...) go on its own letters
    only: "Cos์" is UTF-8 read as tis-620. The generic accents (U+0300-U+036F) go on any
    letter, but in decomposed text they are the accents of precomposed letters: one that
    composes with nothing ("h̀", from cp1258's combining grave) is damage.
    """
    code = ord(mark)
    if 0x300 <= code <= 0x36F:
        return script == "latin" and len(unicodedata.normalize("NFC", letter + mark)) == 2
    if code < 0x370 or 0x1AB0 <= code <= 0x1AFF or 0x1DC0 <= code <= 0x1DFF or 0x20D0 <= code <= 0x20FF:
        return False
    if 0xFE20 <= code <= 0xFE2F or unicodedata.category(mark)[0] != "M":
        return False
    name = unicodedata.name(mark, "")
    return bool(name) and name.split(" ", 1)[0].lower() != script and script not in _COMMON_CJK_SCRIPTS


def _is_stray_mark(left: str, right: str, a: CharInfo, b: CharInfo) -> bool:
    """A combining mark misplaced on a letter (``_is_misplaced_mark``), or on a space or a
    sign, where it accents nothing ("ÖMER ̃AHIN": cp1258 spells Ş as a combining tilde)."""
    if a.script:
        return _is_misplaced_mark(left, right, a.script)
    return not a.is_word and b.is_word and not b.script and unicodedata.category(right)[0] == "M"


def _letter_pair_cost(a: CharInfo, b: CharInfo, left: str, right: str) -> float:
    """Two letters in a row: case inversions and runs of accented letters."""
    if a.script != b.script or a.script in _COMMON_CJK_SCRIPTS:
        return 0.0  # script switches are judged letter to letter, in _script_switches
    total = 0.0
    if a.case == "lower" and b.case == "upper":
        total += CASE_INVERSION_COST
    # Two capitals in a row are judged with their word (``_case_cost``).
    if a.script == "latin" and ord(left) >= 0x80 and ord(right) >= 0x80:
        total += ACCENT_RUN_COST
    return total


#: What a pair of capitals inside a word costs when its language seldom writes the pair.
SHOUT_COST = 1.0
#: Pairs up to this many bits rarer than a language's commonest pair are common there:
#: the pairs of real words sit below it, those of a code page mixing up letters
#: ("пх", "хб", "цн") mostly above (see ``_pair_tables``).
COMMON_PAIR_LEVEL = 6


@cache
def _is_common_pair(pair: str) -> bool:
    """Whether some language of the pair's script with a pair table writes it commonly."""
    letter = pair[1] if pair[0] <= "\x7f" else pair[0]
    script = char_info(letter).script
    if script not in _ALPHABETS_BY_SCRIPT:
        return False
    levels = [table.get(pair) for _, table, _ in _pair_languages(script) if table is not None]
    return any(level is not None and level <= COMMON_PAIR_LEVEL for level in levels)


@cache
def _pair_cost(left: str, right: str) -> float:  # noqa: PLR0911 - one return per kind of pair
    """Cost of two adjacent characters beyond their own costs (script switches aside)."""
    a = char_info(left)
    b = char_info(right)
    if left in _WORD_FINAL and b.script:
        return WORD_FINAL_COST  # Hebrew final forms and Greek final sigma end words
    if left in "ъЪ" and not b.script:
        return WORD_FINAL_COST  # no modern Slavic word ends in ъ; Hebrew ת read as cp1251 does
    if _is_stray_mark(left, right, a, b):
        return SCRIPT_SWITCH_COST  # "Cos์", "h̀", "ÖMER ̃AHIN": a mark where none goes
    if (left == right and a.is_symbol) or (_is_box(left) and _is_box(right)):
        # A run of one symbol (────, ████) is a deliberate pattern; so is a drawing ("├──┼─┤").
        return -0.8 * min(a.cost, b.cost)
    if (_is_box(left) and b.script) or (_is_box(right) and a.script):
        return BOX_GLUE_COST  # "╨Я╤А╨╕": UTF-8 read as cp866/cp437/koi8
    if (a.script == "halfwidth-kana") != (b.script == "halfwidth-kana") and a.is_word and b.is_word:
        return BOX_GLUE_COST  # "ﾂ｣12": half-width katakana glued to digits or other letters
    if a.script and b.script:
        return _letter_pair_cost(a, b, left, right)
    if (a.script and not b.script and b.is_word and right.isdigit() and a.script not in _COMMON_CJK_SCRIPTS) or (
        b.script and not a.script and a.is_word and left.isdigit() and b.script not in _COMMON_CJK_SCRIPTS
    ):
        return DIGIT_GLUE_COST if (ord(left) >= 0x80 or ord(right) >= 0x80) else 0.0
    if a.is_symbol and b.is_symbol:
        return SYMBOL_RUN_COST if ord(left) < 0x3000 and ord(right) < 0x3000 else 0.0
    if (a.is_symbol and b.script == "latin" and ord(right) >= 0x80) or (
        b.is_symbol and a.script == "latin" and ord(left) >= 0x80
    ):
        return LETTER_SYMBOL_COST
    if (left in _WORD_GLUE_SYMBOLS and b.script) or (right in _WORD_GLUE_SYMBOLS and a.script):
        return WORD_GLUE_COST  # "miesi±ca", "szko³y", "m†r": a symbol inside a word
    return 0.0


# Chinese and Japanese put no spaces between Han characters; Korean read as GBK keeps its
# word spaces ("绢力 模备客 窃膊").
_SPACED_HAN = re.compile("[\u4e00-\u9fff] (?=[\u4e00-\u9fff])")
SPACED_HAN_COST = 1.0
# Three vowels in a row are rare in Slavic words ("Ноуаеп" is koi8-r read as cp1251).
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ")
_CYRILLIC_VOWEL_RUN = re.compile("[аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ][аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ]{2,}")
VOWEL_SHARE = 0.3
VOWEL_SAMPLE = 8
# A quotation mark with letters on both sides: "unders”kning" is cp437 read as cp1251.
# Spanish ¡ ¿ open a sentence, after a space: between letters they are cp1250's ż and
# Ą read as cp1252 ("najbli¿szy"). So are the other Latin-1 signs the screens call
# symbols inside a word (©, °, ³ ...: "przyje©d©amy" is cp1250 read as koi8-r read as
# cp1252); the middle dot (Catalan l·l) and the soft hyphen (where a word may break)
# are not one of them. An ellipsis between two letters is where an apostrophe was:
# "museum…s" is Big5's ’ read as EUC-KR.
_QUOTE_IN_WORD = re.compile(r"[“”„«»‹›¡-¬®-¶¸-¿×÷…](?<=[^\W\d_].)(?=[^\W\d_])")
QUOTE_IN_WORD_COST = 2.0
# CJK or full-width punctuation between two Latin letters: "museum＊s", "word〞word" are
# an English ’ or — in a CJK code page decoded as another one.
_CJK_PUNCTUATION = "\u3000-\u303f\u30fb\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_CJK_PUNCTUATION_IN_WORD = re.compile(f"[{_CJK_PUNCTUATION}](?<=[A-Za-z].)(?=[A-Za-z])")
# In a text without a single CJK letter, CJK punctuation standing between two spaced
# Latin words is a Latin dash or quote in one CJK code page decoded as another
# ("Customers 〞 some": GB18030's — read as Big5).
_CJK_PUNCTUATION_BETWEEN_WORDS = re.compile(f"[{_CJK_PUNCTUATION}](?<=[A-Za-z0-9] .)(?= [A-Za-z0-9])")
# A dash glued to the end of a word and followed by a space ("pi— vicina", "o— se"):
# typesetting closes a dash on both sides or on neither. It is what an accented letter
# at the end of a word becomes when DOS (cp437, cp850) text is read as cp1252. Spanish
# dialogue ("—dijo— y") pays it too: a little, where a repair must still win by a margin.
_HALF_GLUED_DASH = re.compile("[—–](?<=[^\\W\\d_].)(?= [^\\W\\d_])")
HALF_GLUED_DASH_COST = 1.5
VOWEL_RUN_COST = 1.5


@cache
def _common_sign_in_word_cost(sign: str) -> float:
    """What a common sign between two letters costs beyond a rare one's price there.

    "¿" opens a Spanish question and "©" stands before a name, which is why they are
    cheap; between two letters ("najbli¿szy", cp1250's ż read as cp1252) neither is
    common, and the sign costs what a rare one does there (its own cost, glued to a
    letter on each side: "s³ychaæ").
    """
    if sign not in _COMMON_LATIN1_SYMBOLS:
        return 0.0
    glue = 0.0 if sign in _WORD_GLUE_SYMBOLS else 2 * WORD_GLUE_COST
    return _symbol_cost("¤", "So") - char_info(sign).cost + glue


_REPEAT = re.compile(r"([^\x00-\x7f])\1{2,}")
LETTER_REPEAT_COST = 1.5


def _letter_repeats(text: str) -> float:
    """A letter three times in a row or more: a run of a symbol (────) read as letters."""
    return sum(
        LETTER_REPEAT_COST * (len(match.group()) - 2)
        for match in _REPEAT.finditer(text)
        if char_info(match.group(1)).script
    )


_WORD = re.compile(r"[^\s]*[^\x00-\x7f][^\s]*")


class _ScriptCodes(dict[int, str | None]):
    """``str.translate`` table: a letter becomes one code character per script, the space
    that joins words stays, anything else goes (symbols between letters are ignored; a
    word may hold one non-ASCII space, which is ignored like a symbol).

    Filled as characters are met, so a text is mapped in C after its first sighting.
    """

    def __init__(self) -> None:
        super().__init__()
        self.scripts: dict[str, str] = {}
        # Two threads meeting two new scripts at once must not give them one code.
        self._lock = threading.Lock()

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value: str | None = " " if char == " " else None
        script = "" if char == " " else char_info(char).script
        if script:
            with self._lock:
                value = self.scripts.setdefault(script, chr(0x100 + len(self.scripts)))
        self[code] = value
        return value


_SCRIPT_CODES = _ScriptCodes()


_LATIN_ONLY = frozenset(("latin",))
#: A run of non-ASCII characters with the character on each side of it (the one after
#: only looked at, so that it can start the next run's stretch).
_NON_ASCII_STRETCH = re.compile(r"([\x00-\x7f]?[^\x00-\x7f]+)(?=([\x00-\x7f]?))")


def _non_ascii_pairs(text: str) -> Counter[tuple[str, str]]:
    """The adjacent pairs of ``text`` with a non-ASCII character, counted, in order of first sight.

    Mostly-ASCII text has few of them: they are counted over the stretches around the
    non-ASCII runs, joined by NUL (pairs with the joint are dropped), not over every
    pair of the text.
    """
    if "\x00" in text:
        return Counter(itertools.pairwise(text))  # NUL is the text's own: count every pair
    # The same stretch recurs all over a text ("lÃ©v", " à "): each distinct one is
    # paired once and its pairs counted as often as it occurs. Stretches are taken in
    # order of first sight, so the pairs are too.
    pairs: Counter[tuple[str, str]] = Counter()
    for stretch, times in Counter(map("".join, _NON_ASCII_STRETCH.findall(text))).items():
        if times == 1:
            pairs.update(itertools.pairwise(stretch))
        else:
            for pair, count in Counter(itertools.pairwise(stretch)).items():
                pairs[pair] += count * times
    return pairs


@cache
def _is_switch(left: str, right: str) -> bool:
    """Whether two different script codes side by side in a word are a script switch."""
    if left == " " or right == " ":
        return False
    names = {code: script for script, code in _SCRIPT_CODES.scripts.items()}
    return frozenset((names[left], names[right])) not in _COMPATIBLE_SCRIPTS


def _script_switches(text: str, scripts: frozenset[str] | None = None) -> float:
    """Script switches between the letters of one word, symbols in between ignored.

    "ס“er" switches from Hebrew to Latin inside a word even though a quote stands
    between the two letters; real text does that only for compatible scripts (kanji
    and kana).

    The words with a non-ASCII character are mapped to one code per letter's script
    (``str.translate``, in C); runs of one script collapse, and each remaining pair of
    neighbours is a script change, or a word boundary. ``scripts``, the scripts of the
    text's characters other than ASCII letters, if known: Latin alone cannot switch.
    """
    if scripts is not None and scripts <= _LATIN_ONLY:
        return 0.0
    codes = " ".join(_WORD.findall(text)).translate(_SCRIPT_CODES)
    # The places where the code changes inside a word, found by the regex engine: a Greek
    # or Russian page is a thousand runs (its words), and a Python loop over them was a
    # third of its cost.
    changes = Counter(_CODE_CHANGE.findall(codes))
    return float(sum(SCRIPT_SWITCH_COST * n for (left, right), n in changes.items() if _is_switch(left, right)))


#: A script code followed by another one, not a word boundary: the runs' neighbours.
_CODE_CHANGE = re.compile(r"([^ ])(?!\1)(?=([^ ]))", re.DOTALL)


# --------------------------------------------------------------------------- text


@cache
def _letter_vector(script: str, letter: str) -> tuple[float, ...]:
    """What a (lower-case) letter costs in each language of its script."""
    return tuple(alphabet.get(letter, MISFIT_COST) for alphabet in _ALPHABETS_BY_SCRIPT[script])


def _misfit(counts: Mapping[str, int], script: str) -> float:
    """The letters' cost under the language whose alphabet fits them best."""
    totals: Iterable[float] = [0.0] * len(_ALPHABETS_BY_SCRIPT[script])
    for char, count in counts.items():
        # Every language's total at once, added in C (same order of additions as a loop).
        vector = _letter_vector(script, alphabet_letter(char))
        totals = list(map(operator.add, totals, map(operator.mul, vector, repeat(count))))
    return min(totals)


# The letters of the scripts with an alphabet model (Latin beyond ASCII, Greek,
# Cyrillic, Hebrew, Arabic): collected by one regex per line, not a count of every char.
# A superset of what ``_modelled_script`` accepts (a test checks it): a line of a longer
# text must be judged on the same letters as a text of one line, ª, µ, º, IPA and the
# extended and presentation blocks included.
_MODELLED_LETTER = re.compile(
    "[\u00aa\u00b5\u00ba\u00c0-\u02af\u0370-\u03ff\u0400-\u052f\u0590-\u05ff\u0600-\u06ff"
    "\u0750-\u077f\u0870-\u08ff\u1c80-\u1c8f\u1d00-\u1dbf\u1e00-\u1fff\u2090-\u209c\u2184"
    "\u2c60-\u2c7f\ua640-\ua69f\ua720-\ua7ff\uab30-\uab6f\ufb00-\ufdff\ufe70-\ufeff"
    "\U0001df00-\U0001df1e\U0001ee00-\U0001eeff]"
)


@cache
def _modelled_script(char: str) -> str:
    """The script of a letter the alphabets model, or "" for any other character."""
    info = char_info(char)
    return info.script if info.script in _ALPHABETS_BY_SCRIPT and info.is_word else ""


def _counts_misfit(counts: Mapping[str, int]) -> float:
    """The misfit of one line's letters (``counts``), each script under its best language."""
    by_script: dict[str, dict[str, int]] = {}
    for char, count in counts.items():
        if char > "\x7f" and (script := _modelled_script(char)):
            by_script.setdefault(script, {})[char] = count
    return sum(_misfit(letters, script) for script, letters in by_script.items())


#: Line misfits already computed during the current repair: the search judges the same
#: lines again and again (the whole text, each line, each span). Emptied by
#: ``forget_lines`` at the start of each repair, so nothing carries over between inputs.
_LINE_MISFITS: dict[str, float] = {}
_LINE_PAIR_MISFITS: dict[str, float] = {}
_LINE_MISFITS_MAX = 20_000
_CACHED_LINE_LENGTH = 4_000


def forget_lines() -> None:
    """Empty the per-repair caches of line misfits (called at the start of each repair)."""
    _LINE_MISFITS.clear()
    _LINE_PAIR_MISFITS.clear()


def _is_name_shaped(word: str) -> bool:
    return word.istitle() and len(word) >= 3 and 3 * len(word.encode("ascii", "ignore")) >= 2 * len(word)


def _without_names(line: str, counts: Counter[str]) -> Counter[str]:
    """A line's letter counts without the letters of its names: a name pays for being in
    another language in its letter pairs (``NAME_LANGUAGE_COST``), once.

    Only a word written as a Latin name is ("Zoë", "Ødegaard", "Şahin"): in capitalised
    form, its letters mostly ASCII. Mojibake is full of capitals and of words made of
    letters beyond ASCII ("ÂžÃ", "Ãªme"), and those letters are the evidence of damage.
    """
    names = [
        (word, count) for (word, is_name), count in _words_and_names(line).items() if is_name and _is_name_shaped(word)
    ]
    if not names:
        return counts
    left = Counter(counts)
    for word, count in names:
        for char in word:
            left[char] -= count
    return +left


def _line_misfit(line: str) -> float:
    misfit = _LINE_MISFITS.get(line)
    if misfit is None:
        letters = _MODELLED_LETTER.findall(line)
        misfit = _counts_misfit(_without_names(line, Counter(letters))) if letters else 0.0
        if len(_LINE_MISFITS) >= _LINE_MISFITS_MAX:
            _LINE_MISFITS.clear()
        if len(line) <= _CACHED_LINE_LENGTH:
            _LINE_MISFITS[line] = misfit
    return misfit


def _alphabet_misfit(text: str, counts: Counter[str] | None = None) -> float:
    """Each line's letters under the language that fits that line best.

    Per line, not per text: a page may hold a French paragraph and a German one, and
    neither language's alphabet should be charged for the other's letters.
    """
    if counts is not None and "\n" not in text:
        return 0.0 + _counts_misfit(_without_names(text, counts))
    total = 0.0
    for line in text.split("\n"):
        total += _line_misfit(line)
    return total


# --------------------------------------------------------------------------- letter pairs

#: A letter pair this many bits rarer than its language's commonest pair is still free:
#: real words reach it (Hungarian "eé", Czech "ďá"); rarer ones are loanwords or damage.
PAIR_FREE_LEVEL = 11
#: What each bit of rarity beyond that costs, and what an unseen pair costs.
PAIR_COST_PER_LEVEL = 0.75
UNSEEN_PAIR_COST = 4.0
#: A pair the language does write, however rarely, costs at most this: "ïv" is rare in
#: French, but naïve is a word, and must not lose to a chain that makes it Latvian naļve.
RARE_PAIR_COST = 2.0
#: The most a pair of its own letters costs in a language with no pair table (Estonian,
#: Belarusian, Kazakh ...): less than an unseen pair, since its pairs are not known.
UNMODELLED_PAIR_COST = 1.0
_WORD_WITH_MODELLED_LETTER = re.compile(r"[^\W\d_]*[^\W\d_\x00-\x7f][^\W\d_]*")


@cache
def _pair_tables() -> dict[str, dict[str, int]]:
    """Per language, the level of each letter pair it writes (see tools/build_letter_pairs.py
    and tools/build_syllable_pairs.py)."""
    import json
    from importlib.resources import files

    tables: dict[str, dict[str, int]] = {}
    # The languages' word lists, and two romanisations' syllables (tools/build_syllable_pairs.py).
    for name in ("letter_pairs.json", "syllable_pairs.json"):
        document = json.loads((files("encfix") / "data" / name).read_text(encoding="utf-8"))
        for language, by_level in document["languages"].items():
            tables[language] = {pair: int(level) for level, pairs in by_level.items() for pair in pairs.split("|")}
    return tables


@cache
def _pair_languages(script: str) -> tuple[tuple[str, dict[str, int] | None, frozenset[str]], ...]:
    """The languages of a script: name, pair table (None without data) and letters."""
    alphabets = {
        "latin": LATIN_ALPHABETS,
        "cyrillic": CYRILLIC_ALPHABETS,
        "greek": GREEK_ALPHABETS,
        "arabic": ARABIC_ALPHABETS,
        "hebrew": HEBREW_ALPHABETS,
    }[script]
    base = "abcdefghijklmnopqrstuvwxyz " if script == "latin" else " "
    tables = _pair_tables()
    return tuple(
        (language, tables.get(language), frozenset(alphabet + base)) for language, alphabet in alphabets.items()
    )


def _level_cost(level: int | None) -> float:
    if level is None:
        return UNSEEN_PAIR_COST
    return min(RARE_PAIR_COST, max(0.0, (level - PAIR_FREE_LEVEL) * PAIR_COST_PER_LEVEL))


#: Pair tables that say nothing of other languages: syllables meet any consonant
#: ("ìc" in pinyin "lìcài"), which no word list of a language without a table would
#: back (Maltese "teìcnica" is cp1258's combining accent read as cp1252).
_UNLENT = frozenset(("zh", "mi"))


@cache
def _pair_vector(pair: str) -> tuple[str, tuple[float, ...]]:
    """The script of a letter pair and what it costs in each language of that script."""
    letter = pair[1] if pair[0] <= "\x7f" else pair[0]
    script = char_info(letter).script
    if script not in _ALPHABETS_BY_SCRIPT or any(char_info(c).script not in ("", script) for c in pair if c > " "):
        return "", ()
    languages = _pair_languages(script)
    lent = [table for language, table, _ in languages if table is not None and language not in _UNLENT]
    modelled = [_level_cost(table.get(pair)) for table in lent]
    # A language without a table pays what the best-fitting language with one pays for a
    # pair of its letters, but at most a little: its own pairs are unknown, not unseen.
    borrowed = min(UNMODELLED_PAIR_COST, min(modelled, default=UNSEEN_PAIR_COST))
    costs = []
    for (_, table, letters), unlisted in zip(languages, _letters_without_pairs(script), strict=True):
        if table is None:
            costs.append(borrowed if pair[0] in letters and pair[1] in letters else UNSEEN_PAIR_COST)
        elif unlisted.intersection(pair) and pair[0] in letters and pair[1] in letters:
            # The alphabet writes the letter, but no word of the word list has it (French
            # ÿ and æ are in names and Latin only: L'Haÿ, Louÿs, ex æquo): its pairs are
            # rare, not unseen. Charged as unseen, "L'HAŸ" cost as much as two damaged pairs.
            costs.append(RARE_PAIR_COST)
        else:
            costs.append(_level_cost(table.get(pair)))
    return script, tuple(costs)


@cache
def _letters_without_pairs(script: str) -> tuple[frozenset[str], ...]:
    """Per language of a script, the letters beyond ASCII of its alphabet that its pair
    table holds no pair of (French ÿ and æ, Italian î, Greek ΐ and ΰ); none for a
    language without a table."""
    found: list[frozenset[str]] = []
    for _, table, letters in _pair_languages(script):
        paired = frozenset("".join(table)) if table is not None else letters
        found.append(frozenset(letter for letter in letters if letter > "\x7f" and letter not in paired))
    return tuple(found)


@lru_cache(maxsize=1 << 16)
def _word_pair_costs(word: str) -> tuple[tuple[str, tuple[float, ...]], ...]:
    """Per script, what a word's letter pairs cost in each language (cached: words repeat).

    A one-letter word has no pairs of its own, only its two word boundaries. In a
    language whose alphabet holds the letter it is a word ("à") or a letter named
    ("le ÿ et le Ÿ"), which word lists rarely hold: its boundaries cost at most
    ``NAMED_LETTER_COST`` each there. Charged as unseen pairs, a named letter cost as much as two damaged
    ones, and a chain that turns it into a symbol looked like a repair. A letter outside
    the language's alphabet ("ŕ" in French) pays in full.
    """
    # Case-folded as the word lists are: "ß" is "ss" and final "ς" is "σ" there.
    folded = word.casefold()
    padded = f" {folded} "
    totals: dict[str, list[float]] = {}
    for index in range(len(padded) - 1):
        pair = padded[index : index + 2]
        script, costs = _pair_vector(pair)
        if script:
            if len(folded) == 1:
                costs = _capped_for_named_letter(script, folded, costs)
            total = totals.get(script)
            # Every language's total at once, added in C (the same additions as a loop).
            totals[script] = list(map(operator.add, total if total is not None else [0.0] * len(costs), costs))
    return tuple((script, tuple(total)) for script, total in totals.items())


#: What each boundary of a one-letter word costs at most in a language that writes the
#: letter: as little as a pair of a language without a table (its pairs are unknown,
#: not unseen).
NAMED_LETTER_COST = UNMODELLED_PAIR_COST


def _capped_for_named_letter(script: str, letter: str, costs: tuple[float, ...]) -> tuple[float, ...]:
    """A one-letter word's boundary costs, capped where the language's alphabet holds the letter."""
    return tuple(
        min(value, NAMED_LETTER_COST) if letter in letters else value
        for value, (_, _, letters) in zip(costs, _pair_languages(script), strict=True)
    )


def _line_pair_misfit(line: str) -> float:
    """The letter-pair misfit of one line, remembered during the current repair (as ``_line_misfit``)."""
    misfit = _LINE_PAIR_MISFITS.get(line)
    if misfit is None:
        misfit = _judge_line_pairs(line)
        if len(_LINE_PAIR_MISFITS) >= _LINE_MISFITS_MAX:
            _LINE_PAIR_MISFITS.clear()
        if len(line) <= _CACHED_LINE_LENGTH:
            _LINE_PAIR_MISFITS[line] = misfit
    return misfit


def _judge_line_pairs(line: str) -> float:
    totals: dict[str, list[float]] = {}
    words = _words_and_names(line)
    for (word, name), count in words.items():
        for script, costs in _word_pair_costs(word):
            if name:
                costs = _as_name(costs)
            # Per language, in C (map), the same additions in the same order as a loop.
            weighted = costs if count == 1 else [value * count for value in costs]
            total = totals.get(script)
            totals[script] = list(map(operator.add, total, weighted)) if total is not None else list(weighted)
    return sum(min(total) for total in totals.values())


#: What a name pays for being in another language than its line: a capitalised word
#: that does not start a sentence ("Zoë Peña", "Ødegaard, Modrić", "Noël Coward") is
#: written as its own language writes it, and costs this rather than the pairs the
#: line's language never writes. A word starting a sentence is judged with the line:
#: "Dìkuji moc za pomoc" is Czech read as cp1252, not a name.
NAME_LANGUAGE_COST = 3.0


#: A word with a letter beyond ASCII that starts the line or a sentence (after spaces,
#: quotes or a parenthesis): capitalised, it is no more a name than any other word.
_SENTENCE_START_WORD = re.compile(r"(?:^|[.!?…])[\s\"'“”„«»‘’(]*([^\W\d_]*[^\W\d_\x00-\x7f][^\W\d_]*)")


def _words_and_names(line: str) -> Counter[tuple[str, bool]]:
    """The words of a line with a letter beyond ASCII, each counted as a name (capitalised,
    not starting a sentence) or not: two C-level scans, the second only where a word is
    capitalised."""
    plain = Counter(_WORD_WITH_MODELLED_LETTER.findall(line))
    words: Counter[tuple[str, bool]] = Counter()
    starting: Counter[str] | None = None
    for word, count in plain.items():
        if word[0].isupper():
            if starting is None:
                starting = Counter(_SENTENCE_START_WORD.findall(line))
            names = max(0, count - starting.get(word, 0))
            if names:
                words[(word, True)] = names
            if count > names:
                words[(word, False)] = count - names
        else:
            words[(word, False)] = count
    return words


@lru_cache(maxsize=1 << 12)
def _as_name(costs: tuple[float, ...]) -> tuple[float, ...]:
    """A capitalised word's pair costs per language: its own, or its best language's plus
    ``NAME_LANGUAGE_COST``, whichever is less."""
    ceiling = min(costs) + NAME_LANGUAGE_COST
    return tuple(cost if cost < ceiling else ceiling for cost in costs)


def letter_pair_misfit(text: str) -> float:
    """How unlike real words the letter pairs of words with accented letters are, per line.

    Each line is judged under the language whose pairs fit it best, as the alphabets
    are. "Árvíztûrõ" has only letters Hungarian, French or Portuguese write, but pairs
    ("tû", "rõ") none of them writes. The ASCII pairs of such a word count too: they say
    which language it is in ("najbliøszy" has a Danish ø, but Polish "jb", "sz", "zy").
    Words of ASCII letters only are not judged: ASCII prose costs nothing.

    >>> letter_pair_misfit("Árvíztűrő tükörfúrógép") < letter_pair_misfit("Árvíztûrõ tükörfúrógép")
    True
    """
    return sum(_line_pair_misfit(line) for line in (text.split("\n") if "\n" in text else (text,)))


def _kana_share_penalty(script_counts: Counter[str]) -> float:
    """Kana scattered among Chinese characters is what UTF-8 read as GBK looks like."""
    kana, han = script_counts.get("kana", 0), script_counts.get("han", 0)
    if kana and han and kana * 8 < han:
        return kana * 3.0
    return 0.0


def lower_bound(text: str) -> float:
    """A cheap bound that ``cost(text)`` never goes below: characters alone, symbol runs discounted.

    >>> lower_bound("Ïðèâåò") <= cost("Ïðèâåò")
    True
    """
    return lower_bound_of_counts(Counter(text))


def judges_letters(characters: Iterable[str]) -> bool:
    """Whether ``cost`` charges a text of these characters for its letters: its alphabet
    misfit and letter pairs, both sums over its lines (``line_alphabet_misfit``,
    ``letter_pair_misfit``). Only a letter beyond ASCII of a script with alphabets
    makes it do so.

    >>> judges_letters("café"), judges_letters("你好"), judges_letters("cafe")
    (True, False, False)
    """
    return any(
        char > "\x7f" and (info := char_info(char)).is_word and info.script in _ALPHABETS_BY_SCRIPT
        for char in characters
    )


def line_alphabet_misfit(line: str) -> float:
    """One line's share of a text's alphabet misfit (see ``judges_letters``)."""
    return _line_misfit(line)


def lower_bound_within(text: str, limit: float) -> float:
    """``lower_bound(text)``, or, as soon as the characters read so far cost more than
    ``limit``, what they cost: still a floor of ``cost``, and all that a caller pruning
    at ``limit`` needs to know.

    The chain search floors a hundred readings of a region for every one it judges;
    a wrong reading's junk passes the limit within its first few characters.

    >>> lower_bound_within("Ïðèâåò", 1.0) > 1.0, lower_bound_within("Ïðèâåò", 100.0) == lower_bound("Ïðèâåò")
    (True, True)
    """
    total = 0.0
    for char in text:
        if char > "\x7f":
            total += _char_floor(char)
            if total > limit + _FLOOR_ROUNDING:
                return total
    return lower_bound(text)


#: Sums of the same floors in another order differ by rounding: a partial sum must pass
#: the limit by more than that before it stands for the whole.
_FLOOR_ROUNDING = 1e-9


def switches_in_words(text: str) -> float:
    """The script switches term of ``cost``: ``lower_bound`` plus it never exceeds ``cost``.

    Its only negative term, the symbol-run discount, is what ``lower_bound`` already
    takes off the symbols. The chain search adds it to its floor: the readings a wrong
    layer gives Latin text are letters cheap one by one that switch script inside every
    word ("Ð–Ð°renciler" read as cp1251 is "–аrenciler"); by their characters alone
    they all looked worth judging in full.

    >>> lower_bound("Црrenciler") + switches_in_words("Црrenciler") <= cost("Црrenciler")
    True
    """
    scripts = frozenset(script for char in set(text) if (script := char_info(char).script))
    return _script_switches(text, scripts)


def lower_bound_of_counts(counts: Mapping[str, int]) -> float:
    """``lower_bound`` of a text whose characters ``counts`` counts, in order of first sight.

    For callers that count a text's characters another way (a single-byte decoding's
    characters are its bytes' characters).
    """
    total = 0.0
    for char, count in counts.items():
        if char > "\x7f":
            total += _char_floor(char) * count
    return total


@cache
def _char_floor(char: str) -> float:
    """A character's share of ``lower_bound``: its cost, a symbol's discounted."""
    info = char_info(char)
    if info.case == "upper" and char > "\x7f":
        return info.cost - CAPITAL_COST  # refunded after another capital (``_case_cost``)
    return info.cost * (0.2 if info.is_symbol else 1.0)


def cost(text: str) -> float:
    """How unnatural a text looks, in rough bits; ASCII prose costs 0.

    >>> cost("Привет") < cost("Ïðèâåò")
    True
    >>> cost("你好") < cost("浣犲ソ")
    True
    """
    counts = Counter(text)
    total = 0.0
    script_counts: Counter[str] = Counter()
    alphabetic = False
    has_small_letter = False
    for char, count in counts.items():
        if ord(char) < 0x80 and (char.isalnum() or char in " \n"):
            continue
        info = char_info(char)
        total += info.cost * count
        has_small_letter = has_small_letter or (info.case == "lower" and info.script == "latin")
        if info.script:
            script_counts[info.script] += count
            alphabetic = alphabetic or (info.script in _ALPHABETS_BY_SCRIPT and info.is_word)
    if alphabetic:
        total += _alphabet_misfit(text, counts) + letter_pair_misfit(text)
    total += _kana_share_penalty(script_counts)
    total += _isolated_cjk(text, sum(script_counts.get(script, 0) for script in _COMMON_CJK_SCRIPTS))
    # Counting the pairs first is C work; each distinct pair is then costed once.
    pairs = _non_ascii_pairs(text)
    total += sum(_pair_cost(left, right) * n for (left, right), n in pairs.items() if left > "\x7f" or right > "\x7f")
    if text and text[0] > "\x7f" and _is_stray_mark("\n", text[0], char_info("\n"), char_info(text[0])):
        total += SCRIPT_SWITCH_COST  # a mark that starts the text is one on a line's start
    if any(map(_is_capital_pair, pairs)):
        words = Counter(_WORD_WITH_MODELLED_LETTER.findall(text))
        total += sum(_case_cost(word) * n for word, n in words.items())
    if has_small_letter:
        total += _small_letters_in_capitals(text)
    total += _script_switches(text, frozenset(script_counts)) + _letter_repeats(text)
    total += SPACED_HAN_COST * len(_SPACED_HAN.findall(text))
    total += VOWEL_RUN_COST * sum(len(run) - 2 for run in _CYRILLIC_VOWEL_RUN.findall(text))
    signs_in_words = _QUOTE_IN_WORD.findall(text)
    total += QUOTE_IN_WORD_COST * (len(signs_in_words) + len(_CJK_PUNCTUATION_IN_WORD.findall(text)))
    total += sum(map(_common_sign_in_word_cost, signs_in_words))
    total += HALF_GLUED_DASH_COST * len(_HALF_GLUED_DASH.findall(text))
    if not _COMMON_CJK_SCRIPTS.intersection(script_counts):
        total += QUOTE_IN_WORD_COST * len(_CJK_PUNCTUATION_BETWEEN_WORDS.findall(text))
    if script_counts.get("cyrillic", 0) >= VOWEL_SAMPLE:
        total += _vowel_shortage(counts, script_counts["cyrillic"])
    return total


@lru_cache(maxsize=1 << 16)
def _is_capital_pair(pair: tuple[str, str]) -> bool:
    """Whether a pair is two capitals, the second beyond ASCII: what ``_case_cost`` judges."""
    left, right = pair
    return right > "\x7f" and right.isupper() and left.isupper()


@lru_cache(maxsize=1 << 14)
def _case_cost(word: str) -> float:
    """What the capitals of a word cost beyond their own letters: each capital beyond
    ASCII that follows another.

    Capitals are what a wrong code page makes of small letters (cp1251 read as koi8-r
    shouts: "ПЯХБЕР", "оПХБЕР"), but also how headlines are written ("ПРАВИТЕЛЬСТВО
    РОССИЙСКОЙ ФЕДЕРАЦИИ"). The letters tell which: in a word all in capitals, a pair the
    language writes commonly in small letters is refunded its capital (the word pays
    for its case once), a pair it seldom writes shouts. A word that mixes cases shouts
    at every pair of capitals. ``_char_floor`` leaves out every capital's cost, so no
    refund takes a text below its floor.
    """
    folded = word.casefold()
    whole = word.isupper() and len(folded) == len(word)  # "ẞ" -> "ss": no pairs to look up
    total = 0.0
    for index in range(1, len(word)):
        if word[index] > "\x7f" and word[index].isupper() and word[index - 1].isupper():
            if not whole:
                total += MIXED_CASE_SHOUT_COST
            elif _is_common_pair(folded[index - 1 : index + 1]):
                total -= CAPITAL_COST
            else:
                total += SHOUT_COST
    return total


#: What each pair of capitals costs in a word that also has small letters ("оПХБЕР").
MIXED_CASE_SHOUT_COST = 0.5


#: What a small letter beyond ASCII costs in a line whose ASCII letters are capitals
#: (``_small_letters_in_capitals``).
SMALL_IN_CAPITALS_COST = 2.0
_ASCII_SMALL = re.compile("[a-z]")
_TWO_ASCII_CAPITALS = re.compile("[A-Z].*[A-Z]")


def _has_own_capital(char: str) -> bool:
    """Whether a small letter has one capital that lowers back to it: not "ß" ("SS"),
    dotless "ı" (I is i's) or "µ" (the micro sign's capital is Greek)."""
    capital = char.upper()
    return len(capital) == 1 and capital != char and capital.lower() == char


@cache
def _small_latin_letter() -> re.Pattern[str]:
    """A small Latin letter beyond ASCII with a capital of its own, not followed by a
    Latin capital (that pair is a case inversion, ``_letter_pair_cost``, charged already)."""
    small: list[str] = []
    capitals: list[str] = []
    for code in itertools.chain(range(0x250), range(0x1E00, 0x1F00)):
        char = chr(code)
        category = unicodedata.category(char)
        if category == "Ll" and code >= 0x80 and _has_own_capital(char):
            small.append(char)
        elif category in ("Lu", "Lt"):
            capitals.append(char)
    return re.compile(
        f"[{_sre_ranges(_code_ranges(map(ord, small)))}](?![{_sre_ranges(_code_ranges(map(ord, capitals)))}])"
    )


def _small_letters_in_capitals(text: str) -> float:
    """Small Latin letters beyond ASCII in lines whose ASCII letters are all capitals:
    "L’HAź-LES-ROSES : LE ź ET LE ź SONT RARES" (cp1252's Ÿ read as cp1250's ź).

    A wrong code page changes the letters beyond ASCII and leaves the ASCII ones as
    they were, so these tell how the line is written. Text in capitals writes its
    accented letters in capitals too, but for those without a capital of their own
    ("GROßE"); a small one is what a code page makes of a capital that another code
    page spells with the same byte as a small letter (Ÿ and ź, Œ and Ś, Š and š ...).
    Letters of other scripts are not judged: the ASCII capitals of "NATO и США" say
    nothing of how the Cyrillic is written.
    """
    small = _small_latin_letter()
    found = 0
    for line in text.split("\n"):
        if _ASCII_SMALL.search(line) is None and _TWO_ASCII_CAPITALS.search(line) is not None:
            found += len(small.findall(line))
    return SMALL_IN_CAPITALS_COST * found


def _vowel_shortage(counts: Counter[str], letters: int) -> float:
    """Cyrillic text with too few vowels: Hebrew or Arabic read as cp1251 ("бсеу дщбет").

    Slavic running text has about 42 % vowels; consonant letters of an abjad mapped on
    the Cyrillic alphabet have far fewer.
    """
    vowels = sum(n for char, n in counts.items() if char in _CYRILLIC_VOWELS)
    return max(0.0, VOWEL_SHARE * letters - vowels)


_KOREAN = frozenset(("euc_kr", "cp949"))
_JAPANESE = frozenset(("shift_jis", "cp932", "euc_jp"))
_CHINESE = frozenset(("gbk", "gb18030", "gb2312", "big5", "cp950", "big5hkscs"))


def origin_misfit(text: str, origin: str) -> float:
    """How unlike its language a text decoded with a CJK encoding looks.

    The CJK code pages overlap: GBK bytes are often valid EUC-KR, where they land on
    Hanja. Korean written all in Hanja, or "Japanese" without a single kana, is what a
    wrong origin produces, not what people write.
    """
    if origin not in _KOREAN and origin not in _JAPANESE and origin not in _CHINESE:
        return 0.0
    by_script: Counter[str] = Counter()
    for char, count in Counter(text).items():  # each distinct character once (CJK text repeats them)
        by_script[char_info(char).script] += count
    return _script_mix_misfit(origin, by_script["han"], by_script["kana"], by_script["hangul"])


def _script_mix_misfit(origin: str, han: int, kana: int, hangul: int) -> float:
    if origin in _KOREAN:
        return 1.0 * max(0, han - hangul)
    if origin in _JAPANESE:
        return 0.5 * han if han >= 4 and not kana else 0.0
    return 1.0 * max(0, hangul + kana - han)


_CJK_LETTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"
_ISOLATED_CJK = re.compile(f"(?<![{_CJK_LETTERS}])[{_CJK_LETTERS}](?![{_CJK_LETTERS}])")
_ASCII_LETTER = re.compile("[A-Za-z]")
ISOLATED_CJK_COST = 1.5


def _isolated_cjk(text: str, cjk: int) -> float:
    """Lone CJK characters in Latin prose: "Comment 軋 va ?", "o羅 se trouve", "端ber dem".

    Chinese, Japanese and Korean write runs of their characters; a text whose few CJK
    characters each stand alone among many Latin letters is a Latin text whose accented
    letters a CJK decoder read, as two bytes of UTF-8 or paired with the next byte.
    """
    if not cjk or len(_ASCII_LETTER.findall(text)) <= 4 * cjk:
        return 0.0
    return ISOLATED_CJK_COST * len(_ISOLATED_CJK.findall(text))


#: The scripts with a letter model: a text of these is alphabetic.
_ALPHABETIC_SCRIPTS = frozenset(_ALPHABETS_BY_SCRIPT)
#: Scripts any alphabetic text borrows single letters from: Latin, and Greek in
#: formulas and units ("π r²", "α-Helix", "5 μm").
_BORROWED_SCRIPTS = frozenset(("latin", "greek"))
#: Characters that may be a letter or digit of a script not borrowed: all but ASCII,
#: the Latin and Greek blocks and general punctuation (found by the regex engine, so
#: that a Latin page has nothing to look at).
_MAYBE_FOREIGN = re.compile("[^\x00-\u024f\u0370-\u03ff\u1e00-\u1fff\u2000-\u206f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


@cache
def _script_family(char: str) -> str:
    """The script of a letter or digit ("" for anything else), the CJK scripts as one (kanji and kana go together).

    A digit of another script is as foreign as its letters: "á?…" is UTF-8 for the
    Myanmar digit five with a lost byte.
    """
    script = char_info(char).script
    if not script and not char.isascii() and unicodedata.category(char) == "Nd":
        # "ARABIC-INDIC DIGIT ONE", "EXTENDED ARABIC-INDIC DIGIT ONE" (Persian) are Arabic.
        script = unicodedata.name(char, "").removeprefix("EXTENDED ").split(" ", 1)[0].split("-", 1)[0].lower()
    return "cjk" if script in _COMMON_CJK_SCRIPTS or script in ("halfwidth-kana", "fullwidth") else script


def writes_lone_foreign_letter(text: str, start: int, end: int, written: str) -> bool:
    """Whether ``written`` in place of ``text[start:end]`` is the text's only letter (or digit)
    of its script, amid the letters of an alphabet that does not borrow from that script.

    Alphabetic texts borrow single letters from Latin and Greek (formulas, units: "π r²",
    "5 μm"), from no other script: a lone Cyrillic, Hebrew or CJK letter among Latin
    ones, or a lone CJK letter among Cyrillic ones, is foreign.

    A word that ends in a letter and closing punctuation spells UTF-8 for some character
    as easily as damage does: "é…‹" is 酋 (E9 85 8B) read as cp1252, "ß‹" the NKo letter
    U+07CB, "и…‹" 腋 read as cp1251. A lone character of such a script, glued to a Latin
    word or amid Cyrillic ones, costs little as a character, but it is a reading of clean
    text more often than a repair: such a repair is weak evidence. (Real damage of that
    shape, "5 å…ƒ" for "5 元", reads so badly as it is that it wins all the same.)

    >>> writes_lone_foreign_letter("Das ist Café…‹", 8, 14, "Caf酋")
    True
    >>> writes_lone_foreign_letter("Der Umfang ist 2Ï€ r.", 16, 18, "π")
    False
    """
    family = ""
    for match in _MAYBE_FOREIGN.finditer(written):
        other = _script_family(match.group())
        if other and other not in _BORROWED_SCRIPTS:
            if family:
                return False  # two of them: no lone letter
            family = other
    if not family:
        return False
    for first, last in ((0, start), (end, len(text))):
        if any(_script_family(match.group()) == family for match in _MAYBE_FOREIGN.finditer(text, first, last)):
            return False
    return _has_alphabetic_letter(written, 0, len(written)) or any(
        _has_alphabetic_letter(text, first, last) for first, last in ((0, start), (end, len(text)))
    )


def _has_alphabetic_letter(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a letter of an alphabet (an ASCII one, found in C, most often)."""
    if _ASCII_LETTER.search(text, start, end) is not None:
        return True
    return any(_script_family(match.group()) in _ALPHABETIC_SCRIPTS for match in _NON_ASCII.finditer(text, start, end))


# --------------------------------------------------------------------------- screening


_RARE_SYMBOLS = "¤¦¨ª¬¯²³´µ¶¸¹º¼½¾‚ƒ„†‡ˆ‰‹›˜™\u02b0-\u02ff\u2100-\u22ff"
_LATIN_ACCENTED = "À-ÖØ-öø-ÿĀ-ſ"
# What follows a UTF-8 lead byte in cp1252/latin-1 mojibake: the continuation bytes
# 0x80-0xBF as those code pages spell them.
_CONTINUATIONS = "\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"


@dataclass(frozen=True, slots=True)
class _ScreenParts:
    """The character classes the screens are made of (contents of ``[...]``)."""

    single: str
    continuation: str
    cp1251_symbols: str
    cyrillic_signs: str
    rare_cjk: str
    kana: str
    cjk: str


@cache
def _screen_parts() -> _ScreenParts:
    """The classes, built from the same tables as the cost, so that the screen and the
    judge agree."""
    common_han, _ = _han_tiers()
    rare_han = (
        _sre_ranges(_ranges_without([(0x4E00, 0x9FFF)], sorted(map(ord, common_han)))) + "\u3400-\u4dbf\uf900-\ufaff"
    )
    rare_hangul = _sre_ranges(_ranges_without([(0xAC00, 0xD7A3)], sorted(map(ord, _hangul_common()))))
    return _ScreenParts(
        single=(
            "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"  # controls
            + _RARE_SYMBOLS
            + "\u2500-\u259f"  # box drawing, blocks
            + "\ue000-\uf8ff"  # private use
            + "\uff61-\uff9f"  # half-width katakana
            + "\ufffd"
            + rare_hangul
        ),
        continuation=_CONTINUATIONS,
        cp1251_symbols="‚„†‡€‰‹›•™¤¦§©¬®°±µ¶·№",
        cyrillic_signs="‚„†‡€‰‹›•™¤¦§©¬®°±µ¶·№ЂЃЉЊЌЋЏђѓљњќћџЈЅѕА-ЯЁΑ-Ωธนъ",
        rare_cjk=rare_han + "\u3200-\u33ff\ufe30-\ufe4f",
        kana="\u3040-\u30ff",
        cjk="\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff61-\uff9f",
    )


@cache
def _screens() -> tuple[re.Pattern[str], ...]:
    """Regexes for what clean text rarely has and mojibake nearly always has.

    Each is a plain character class or a pair of classes, because that is what Python's
    regex engine scans at C speed (an alternation is several times slower). They say
    *where* the signs are (``suspicious_spans``); whether there is any at all is asked
    of ``_quick_screen``, one scan that matches exactly when one of these does.
    """
    parts = _screen_parts()
    single, rare_cjk, kana, cjk = parts.single, parts.rare_cjk, parts.kana, parts.cjk
    # Each pattern starts with its rarer character and looks back for the common one:
    # Python's regex engine skips fast over text that cannot start a match.
    #
    # UTF-8 read as cp1252/latin-1: a lead byte (Â-ß; à-ô needs two continuations, "áš"
    # is Czech) glued to continuation bytes ("Ã©", "â€™"); or read as cp1251: a lead
    # byte В-ф glued to one of the symbols cp1251 has at 0x80-0xBF, or an upper-case
    # lead glued to a Serbian/Macedonian letter there ("Гѓ").
    continuation = f"[{parts.continuation}]"
    # Upper case after a lower-case letter (koi8-r read as cp1251: "оПХБЕР"), long
    # upper-case runs (cp1251 read as koi8-r: "ПЯХБЕР"; acronyms are shorter), UTF-8
    # Thai read as tis-620 ("เธ").
    # Two uncommon CJK characters (or kana, enclosed forms) at most one apart: UTF-8 or
    # Big5 read as GBK and friends seldom hit only the common tier twice in a row.
    return (
        re.compile(f"[{single}]"),
        re.compile(f"[Â-ô](?:(?<=[Â-ß]){continuation}|(?<=[à-ô]){continuation}{{2}})"),
        # One scan for the Cyrillic (and Greek, Thai) signs, each branch checking the
        # character it starts with: UTF-8 read as cp1251 ("Рµ", "Гѓ"), upper case after
        # lower case ("оПХБЕР"), a word ending in ъ (Hebrew read as cp1251: "бйъ").
        re.compile(f"[{parts.cyrillic_signs}Ъ]{_CYRILLIC_BRANCHES.format(symbols=parts.cp1251_symbols)}"),
        # (A class then a repeat: the engine scans for a leading class, not a repeat.)
        re.compile("[А-ЯЁ][А-ЯЁ]{4}"),
        re.compile(f"[{rare_cjk}][^\\s]?[{rare_cjk}{kana}]"),
        # "Ïðèâåò", "ÄãºÃ": legacy bytes read as Latin-1 (Latin-1 letters only: the
        # Central European letters of Latin Extended-A run together in real words).
        re.compile("[À-ÖØ-öø-ÿ][À-ÖØ-öø-ÿ]{2}"),
        # A Latin-1 symbol inside a word: Polish read as cp1252 ("najbli¿szy", "³¹ka").
        re.compile("[¡-¶¸-¿×÷](?<=[A-Za-z].)(?=[A-Za-z])"),
        # CJK glued to Latin words, one scan: one or two CJK characters after a Latin
        # letter ("caf矇", "v채ntas", "d脙漏cid"; "Windows系统" has more), starting a Latin
        # word ("多Te", "체ber", "脙隆rboles"), or a Han word between Latin words
        # ("train 脿 destination"): UTF-8 accents read as GBK, Big5, cp949, Shift-JIS.
        re.compile(_cjk_glue(cjk)),
        # Han, a space, Han: Korean read as GBK keeps its word spaces ("棵秦 辫厘篮").
        re.compile(_SPACED_HAN_SCREEN),
    )


_CYRILLIC_BRANCHES = (
    "(?:(?<=[{symbols}])(?<=[В-ф].)"
    "|(?<=[ЂЃЉЊЌЋЏђѓљњќћџЈЅѕ])(?<=[В-Я].)"
    "|(?<=[А-ЯЁΑ-Ωธน])(?<=[а-яёα-ωเ].)"
    "|(?<=[ъЪ])(?![а-яёА-ЯЁ]))"
)
_SPACED_HAN_SCREEN = " (?<=[\u4e00-\u9fff] )(?=[\u4e00-\u9fff])"


def _cjk_glue(cjk: str) -> str:
    # Every branch starts a CJK run (after a letter, a space or anything but CJK): one
    # test turns away the characters inside a run before any branch is tried, which
    # halves the scan of a Chinese or Japanese text.
    return f"[{cjk}](?<![{cjk}].){_cjk_glue_branches(cjk)}"


def _cjk_glue_branches(cjk: str) -> str:
    """The CJK glue screen after its first character, which starts a CJK run."""
    return (
        f"(?:(?<=[A-Za-z].)(?:(?![{cjk}])|[{cjk}](?![{cjk}]))"
        f"|(?=[{cjk}]?[A-Za-z])"
        f"|(?<=[A-Za-z] .)(?=[{cjk}]? [A-Za-z]))"
    )


@cache
def _quick_screen() -> re.Pattern[str]:
    """One scan that matches where any of the screens would: each screen rewritten to
    start at its rarest character, all behind one class the engine skips to at C speed
    (every scan of a clean megabyte costs as much as the others, whatever it looks for).

    The two CJK screens start at the first character of a CJK run (the spaced Han
    screen at the Han after the space); the characters inside a run, most of a Chinese
    page, fail that test and the two other branches a CJK character can start.
    """
    parts = _screen_parts()
    continuation = f"[{parts.continuation}]"
    latin1_letters = "À-ÖØ-öø-ÿ"
    symbols_in_words = "¡-¶¸-¿×÷"
    starts = (
        f"{parts.single}{parts.continuation}{parts.cyrillic_signs}ЪА-ЯЁ{parts.rare_cjk}{latin1_letters}"
        f"{symbols_in_words}{parts.cjk}"
    )
    single = f"(?<=[{parts.single}])"
    rare_cjk = f"(?<=[{parts.rare_cjk}])[^\\s]?[{parts.rare_cjk}{parts.kana}]"
    # The CJK glue screen, and Han, a space, Han (``_SPACED_HAN_SCREEN`` from its end).
    run_start = f"(?<![{parts.cjk}].)(?:{_cjk_glue_branches(parts.cjk)}|(?<=[\u4e00-\u9fff] [\u4e00-\u9fff]))"
    others = (
        # Screen 1 from the continuation: after a lead Â-ß, or after à-ô and before another.
        f"(?<=[Â-ß]{continuation})",
        f"(?<=[à-ô]{continuation}){continuation}",
        f"(?<=[{parts.cyrillic_signs}Ъ]){_CYRILLIC_BRANCHES.format(symbols=parts.cp1251_symbols)}",
        "(?<=[А-ЯЁ])[А-ЯЁ]{4}",
        f"(?<=[{latin1_letters}])[{latin1_letters}]{{2}}",
        f"(?<=[{symbols_in_words}])(?<=[A-Za-z].)(?=[A-Za-z])",
    )
    # A CJK character is tried against the branches that can start at one, the others
    # against the rest (no other branch starts at a CJK character): a Chinese page's
    # every character met all nine branches, and the one scan took longer there than
    # the separate screens.
    other_branches = "|".join((single, *others, rare_cjk))
    cjk_branches = "|".join((run_start, rare_cjk, single))
    return re.compile(f"[{starts}](?:(?<![{parts.cjk}])(?:{other_branches})|(?<=[{parts.cjk}])(?:{cjk_branches}))")


_LINE_TEXT = re.compile("[^\n]+")


@cache
def _latin_alphabet_sets() -> tuple[frozenset[str], ...]:
    return tuple(frozenset(alphabet) for alphabet in LATIN_ALPHABETS.values())


def _misfit_letters(letters: Counter[str]) -> set[str]:
    """The letters that the best-fitting Latin alphabet lacks (empty when one fits all)."""
    outliers = _outliers(frozenset(map(alphabet_letter, letters)))
    return {letter for letter in letters if alphabet_letter(letter) in outliers}


@cache
def _outliers(lowered: frozenset[str]) -> frozenset[str]:
    """The letters of a set that the alphabet covering most of them lacks (cached: lines repeat)."""
    return min((lowered - alphabet for alphabet in _latin_alphabet_sets()), key=len)


#: Letters outside the best-fitting alphabet must be at least this share of a text's
#: accented letters to count as a sign of damage: a German text may quote one "Café",
#: Czech read as cp1252 has "è", "ø", "ì" everywhere.
MISFIT_SHARE = 0.05


#: A line with a few letters outside its alphabet whose letter pairs cost more than this
#: under the language that fits them best shows damage, though each pair alone is written
#: somewhere: "szülõk", "mûszaki" (Hungarian cp1250 read as cp1252) hold pairs Portuguese
#: or French write, but not with the rest of a Hungarian line. One unwritten pair's
#: worth is still a loanword ("België en Curaçao" in Dutch, "L'Haÿ" in French).
LINE_PAIR_SUSPECT = UNSEEN_PAIR_COST

_ALPHABET_SCREEN_LETTERS = "À-ÖØ-öø-ɏ"
_NOT_LATIN_LETTER_OR_NEWLINE = re.compile(f"[^{_ALPHABET_SCREEN_LETTERS}\n]+")


def alphabet_screen_letters() -> str:
    """Every letter the alphabet screen reads (``encfix.prescan`` takes their census)."""
    return "".join(
        chr(code) for first, last in _codes_of_class(_ALPHABET_SCREEN_LETTERS) for code in range(first, last + 1)
    )


def _alphabet_suspects(text: str, *, first: bool = False) -> list[tuple[int, int]]:
    """Letters no one language writes together: cp1250 read as cp1252 ("babièka").

    One C-level pass reduces the text to its accented Latin letters, line by line; only
    when no alphabet covers them all are the lines holding the outliers looked at one by
    one (a page in French and in German is not a sign of damage; a line in both is). A
    line is judged by its set of letters (cached: lines share them); its letters are
    counted only when some are outliers. With ``first``, the first suspect line only.
    """
    from encfix.prescan import latin_letters

    present = latin_letters(text)  # on a long text, one RE2 pass has taken their census
    if present is not None and not _letters_outside(present):
        return []  # one alphabet holds every letter of the text, so every line's
    letters_by_line = _NOT_LATIN_LETTER_OR_NEWLINE.sub("", text)
    total = len(letters_by_line) - letters_by_line.count("\n")
    if not total:
        return []
    outliers = _letters_outside(frozenset(letters_by_line.replace("\n", "")))
    if not outliers:
        return []
    lines = letters_by_line.split("\n")
    # Only a line whose letters no one alphabet holds is looked at (and found in the text).
    misfits = [
        i
        for i, letters in enumerate(lines)
        if not outliers.isdisjoint(letters) and _letters_outside(frozenset(letters))
    ]
    spans: list[tuple[int, int]] = []
    if misfits:
        starts = [0, *(match.end() for match in _NEWLINE.finditer(text)), len(text) + 1]
        for index in misfits:
            spans.extend(_line_suspects(text, starts[index], starts[index + 1] - 1, lines[index]))
            if first and spans:
                break
    return spans


def _line_suspects(text: str, start: int, end: int, letters: str) -> list[tuple[int, int]]:
    """The signs of one line whose accented Latin ``letters`` no one alphabet holds.

    Outliers that are a real share of the letters are a sign by themselves. A few are
    a sign only if the line's letter pairs agree (``LINE_PAIR_SUSPECT``): "szülõk" has
    one õ among Hungarian letters (it could be a Portuguese name), but the pairs lõ and
    õk are not Hungarian; then every pair of the line is evidence, since the free ones
    say which language the line is in.
    """
    misfits = _letters_outside(frozenset(letters))
    if _is_real_share(letters, len(letters), misfits):
        pattern = re.compile("[" + re.escape("".join(sorted(misfits))) + "]")
        return [m.span() for m in pattern.finditer(text, start, end)]
    if misfits and _line_pair_misfit(text[start:end]) > LINE_PAIR_SUSPECT:
        return [(m.start(), m.start() + 2) for m in _ACCENTED_PAIR.finditer(text, start, end)]
    return []


@lru_cache(maxsize=4096)
def _letters_outside(letters: frozenset[str]) -> frozenset[str]:
    """The letters of a set that the best-fitting Latin alphabet lacks (empty when one fits all)."""
    return frozenset(_misfit_letters(Counter(letters)))


def _is_real_share(letters: str, total: int, misfits: frozenset[str]) -> bool:
    """Whether the outliers among ``letters`` (``total`` of them) are a real share."""
    if not misfits:
        return False
    share = sum(map(letters.count, misfits))  # a few outliers, each counted in C
    return share >= 2 and share >= MISFIT_SHARE * total


# Two letters in a row, at least one of them beyond ASCII: found with one C-level scan
# (overlapping, through the lookahead); each distinct pair is then looked up once.
_ACCENTED_PAIR = re.compile(r"(?=([^\W\d_][^\W\d_\x00-\x7f]|[^\W\d_\x00-\x7f][^\W\d_]))")
# Every letter of the scripts with pair tables (Latin, Greek, Cyrillic, Hebrew, Arabic)
# lies in these blocks; a few symbols do too, which only costs a scan.
_PAIR_SCRIPT_CHAR = re.compile(
    "[\u00aa-\u077f\u0870-\u08ff\u1c80-\u1c8f\u1d00-\u1fff\u2070-\u209f\u2100-\u218f\u2c60-\u2c7f\u2de0-\u2dff"
    "\ua640-\ua69f\ua720-\ua7ff\uab30-\uab6f\ufb00-\ufeff]"
)


@cache
def _is_unwritten(pair: str) -> bool:
    """Whether no language with a pair table writes this letter pair (case-folded)."""
    folded = pair.casefold()
    if len(folded) != 2:
        return False
    script, costs = _pair_vector(folded)
    if not script:
        return False
    modelled = [value for value, (_, table, _) in zip(costs, _pair_languages(script), strict=True) if table is not None]
    return bool(modelled) and all(value >= UNSEEN_PAIR_COST for value in modelled)


def _pair_suspects(text: str) -> list[tuple[int, int]]:
    """Letter pairs no language writes: "araþtýrma" (cp1254 read as cp1252), "veèer" (cp1250).

    Their letters can each fit some alphabet (Icelandic þ ý, Vietnamese è ì), so only the
    pairs show the damage. One scan collects the pairs; only when one is unwritten are
    its places looked up.
    """
    if text.isascii() or _PAIR_SCRIPT_CHAR.search(text) is None:
        return []  # a Chinese page: one scan, where splitting it into words costs five
    # Only words with a letter of a script that has pair tables can hold an unwritten
    # pair (a pair never spans white space): each distinct such word is scanned once,
    # not the Han and kana pairs of a whole CJK text.
    words = [word for word in set(text.split()) if not word.isascii() and _PAIR_SCRIPT_CHAR.search(word)]
    if not words:
        return []
    unwritten = {pair for pair in set(_ACCENTED_PAIR.findall("\n".join(words))) if _is_unwritten(pair)}
    if not unwritten:
        return _short_text_pair_suspects(text) if len(text) <= PAIR_LINES_TEXT else []
    return [(m.start(), m.start() + 2) for m in _ACCENTED_PAIR.finditer(text) if m.group(1) in unwritten]


#: Texts up to this long (a sentence or two) have their lines' pairs judged even when
#: their letters fit one alphabet; longer texts only where letters do not
#: (``_line_suspects``): the pass would double the cost of a clean kilobyte.
PAIR_LINES_TEXT = 300


def _short_text_pair_suspects(text: str) -> list[tuple[int, int]]:
    """Lines of a short text whose pairs no one language writes together.

    "mielõtt elmész" has letters Portuguese writes (õ, é), so no alphabet screen sees
    it, but its pairs (lõ, õt) are not Portuguese and not Hungarian either. A line never
    costs more than the text as one line, so most texts take one pass.
    """
    if _line_pair_misfit(text) <= LINE_PAIR_SUSPECT:
        return []
    spans: list[tuple[int, int]] = []
    for line in _LINE_TEXT.finditer(text):
        if _line_pair_misfit(line.group()) > LINE_PAIR_SUSPECT:
            spans.extend((m.start(), m.start() + 2) for m in _ACCENTED_PAIR.finditer(text, line.start(), line.end()))
    return spans


def suspicious_spans(text: str) -> list[tuple[int, int]]:
    """Where the text shows signs of damage: (start, end) of each suspicious match, sorted.

    >>> suspicious_spans("plain text, naïve café déjà vu is fine")
    []
    >>> suspicious_spans("cafÃ©")
    [(3, 5)]
    """
    signs = [match.span() for screen in _screens() for match in screen.finditer(text)]
    # Where the screens see nothing on a line, its alphabet signs are searched as one.
    spans = signs + _joined_per_line(text, _alphabet_suspects(text), signs)
    # Unwritten pairs are the last resort: where other signs show, they lead the search
    # (a text damaged twice over shows pairs everywhere, and would scatter the regions).
    return sorted(spans or _joined_per_line(text, _pair_suspects(text), []))


#: Line-level signs on a line up to this long are one span (see ``_joined_per_line``).
JOINED_LINE = 400
_NEWLINE = re.compile("\n")
_NON_ASCII_CHAR = re.compile("[^\x00-\x7f]")


def _joined_per_line(text: str, spans: list[tuple[int, int]], signs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The line-level signs of a line as one span over the line's non-ASCII letters.

    Letters no one alphabet holds together, pairs no one language writes together: the
    evidence is the line, not one place in it. "nusprendë ... laikà" is Albanian around
    the ë and Italian around the à; "Dìkuji moc za pomoc" could be Vietnamese until "vás"
    and "milé" at the end of the line. A line where the screens found ``signs`` keeps its
    spans as they are: the screens' signs lead the search there, and one long region
    would only invite chains that spell every byte. So does a line longer than
    ``JOINED_LINE``.
    """
    if not spans:
        return []
    newlines = [m.start() for m in _NEWLINE.finditer(text)]
    by_line: dict[int, list[tuple[int, int]]] = {}
    for span in spans:
        by_line.setdefault(bisect.bisect(newlines, span[0]), []).append(span)
    # A badly damaged page has thousands of signs and alphabet spans: a line is looked up
    # among the signs, not each sign's line, and only an unmarked line's letters are sought.
    sign_starts = sorted(start for start, _ in signs)
    joined: list[tuple[int, int]] = []
    for line, line_spans in by_line.items():
        line_start = newlines[line - 1] + 1 if line else 0
        line_end = newlines[line] if line < len(newlines) else len(text)
        # A sign belongs to the line ``bisect(newlines, start)`` says: one on a line's
        # newline belongs to the next line.
        nearest = bisect.bisect_left(sign_starts, line_start - 1 if line else 0)
        next_line = newlines[line] if line < len(newlines) else len(text) + 1
        marked = nearest < len(sign_starts) and sign_starts[nearest] < next_line
        first = None if marked else _NON_ASCII_CHAR.search(text, line_start, line_end)
        last = _LAST_NON_ASCII_CHAR.search(text, first.start(), line_end) if first else None
        if first is None or last is None or last.start() + 1 - first.start() > JOINED_LINE:
            joined.extend(line_spans)
        else:
            joined.append((min(first.start(), line_spans[0][0]), max(last.start() + 1, line_spans[-1][1])))
    return joined


#: The last character of a stretch that is not ASCII (searched up to the stretch's end).
_LAST_NON_ASCII_CHAR = re.compile("[^\x00-\x7f][\x00-\x7f]*\\Z")


# --------------------------------------------------------------------------- prescan gates
# What ``encfix.prescan`` runs in one RE2 pass before the screens: patterns without
# look-around that match wherever the screens (``screen_gate``) or the unwritten pairs
# (``pair_gate``) could.


def _codes_of_class(body: str) -> list[tuple[int, int]]:
    """The (first, last) code point ranges of a Python class body made of characters,
    ranges and escaped characters."""
    chars: list[tuple[str, bool]] = []  # (character, escaped)
    index = 0
    while index < len(body):
        escaped = body[index] == "\\"
        index += escaped
        chars.append((body[index], escaped))
        index += 1
    ranges: list[tuple[int, int]] = []
    index = 0
    while index < len(chars):
        if index + 2 < len(chars) and chars[index + 1] == ("-", False):
            ranges.append((ord(chars[index][0]), ord(chars[index + 2][0])))
            index += 3
        else:
            ranges.append((ord(chars[index][0]), ord(chars[index][0])))
            index += 1
    return ranges


def _gate_class(*bodies: str, negated: bool = False) -> str:
    """An RE2 class of the characters of Python class bodies (or of all others)."""
    return _re2_ranges([span for body in bodies for span in _codes_of_class(body)], negated=negated)


@cache
def screen_gate() -> str:
    """Every screen of ``_screens``, as RE2 matches it: the look-behinds spelled out as the
    characters before, the look-aheads as the characters after (or the end).

    Exact but for one class: RE2 takes only ASCII white space for a space, so the rare-CJK
    screen's "one character that is not a space" admits more (a wider gate is safe).
    """
    parts = _screen_parts()
    g = _gate_class
    cjk, not_cjk = g(parts.cjk), g(parts.cjk, negated=True)
    latin = g("A-Za-z")
    branches = [
        g(parts.single),
        f"{g('Â-ß')}{g(parts.continuation)}|{g('à-ô')}{g(parts.continuation)}{{2}}",
        f"{g('В-ф')}{g(parts.cp1251_symbols)}",
        f"{g('В-Я')}{g('ЂЃЉЊЌЋЏђѓљњќћџЈЅѕ')}",
        f"{g('а-яёα-ωเ')}{g('А-ЯЁΑ-Ωธน')}",
        f"{g('ъЪ')}(?:{g('А-ЯЁа-яё', negated=True)}|$)",
        f"{g('А-ЯЁ')}{{5}}",
        f"{g(parts.rare_cjk)}[^\\s]?{g(parts.rare_cjk, parts.kana)}",
        f"{g('À-ÖØ-öø-ÿ')}{{3}}",
        f"{latin}{g('¡-¶¸-¿×÷')}{latin}",
        # The CJK glue screen: a CJK run's first character after a Latin letter, then
        # at most one more CJK character; a run of one or two before a Latin letter; a
        # run of one or two between a letter and a space, a space and a letter.
        f"{latin}{cjk}{cjk}?(?:{not_cjk}|$)",
        f"(?:^|{not_cjk}){cjk}{cjk}?{latin}",
        f"{latin} {cjk}{cjk}? {latin}",
        f"{g(chr(0x4E00) + '-' + chr(0x9FFF))} {g(chr(0x4E00) + '-' + chr(0x9FFF))}",
    ]
    return "|".join(f"(?:{branch})" for branch in branches)


@cache
def pair_gate() -> str:
    """Every letter pair ``_pair_suspects`` can find unwritten, as RE2 classes: for each
    letter, the letters of its script (and the letter-like signs of none, "²") that no
    table writes after it.

    A pair is unwritten when no table of its script holds it, case-folded; a letter
    that folds to two ("ß") is in no pair that can be. Letters are grouped by what may
    follow them, so the pattern is a few hundred branches.
    """
    by_script = _pair_letters_by_script()
    scriptless = {ord(char) for char in by_script.get("", ())}
    branches: list[str] = []
    for script in _PAIR_GATE_SCRIPTS:
        tables = [table for _, table, _ in _pair_languages(script) if table is not None]
        letters = by_script.get(script, [])
        if tables and letters:
            branches.extend(_unwritten_pair_branches(tables, letters))
            beyond = {ord(char) for char in letters if char > "\x7f"}
            if scriptless and beyond:  # a sign of no script is in no table
                branches.append(_re2_class(beyond) + _re2_class(scriptless))
                branches.append(_re2_class(scriptless) + _re2_class(beyond))
    return "|".join(branches)


def _pair_letters_by_script() -> dict[str, list[str]]:
    """What ``_ACCENTED_PAIR`` takes for a letter, by the script of its case-folded form
    ("" for signs of none), leaving out what folds to two characters.

    Every letter of the scripts with pair tables lies in ASCII or in the blocks of
    ``_PAIR_SCRIPT_CHAR``; the signs without a script ("²", "ª") are wherever they are.
    """
    plane = "".join(map(chr, range(0x41, 0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
    by_script: dict[str, list[str]] = {}
    for char in _PAIR_LETTER.findall(plane):
        if not char.isalpha() and len(char.casefold()) == 1:
            by_script.setdefault("", []).append(char)
    letters = _PAIR_LETTER.findall("".join(_PAIR_SCRIPT_CHAR.findall(plane)) + string.ascii_letters)
    for char in letters:
        folded = char.casefold()
        if char.isalpha() and len(folded) == 1:
            by_script.setdefault(char_info(folded).script, []).append(char)
    return by_script


def _unwritten_pair_branches(tables: list[dict[str, int]], letters: list[str]) -> list[str]:
    """``[firsts][seconds]`` for every pair of one script's ``letters`` no table writes.

    Letters are grouped by the letters written after them: what is not written after a
    group is the script's letters with those cut out.
    """
    followers: dict[str, set[str]] = {}
    for table in tables:
        for pair in table:
            followers.setdefault(pair[0], set()).add(pair[1])
    by_fold: dict[str, list[int]] = {}
    for char in letters:
        by_fold.setdefault(char.casefold(), []).append(ord(char))
    ascii_letters = [ord(char) for char in letters if char < "\x80"]
    by_written: dict[frozenset[int], list[int]] = {}
    for char in letters:
        written = {code for follower in followers.get(char.casefold(), ()) for code in by_fold.get(follower, ())}
        if char < "\x80":
            written.update(ascii_letters)  # a pair needs one letter beyond ASCII
        by_written.setdefault(frozenset(written), []).append(ord(char))
    every = _code_ranges(ord(char) for char in letters)
    branches = []
    for cut, codes in by_written.items():
        unwritten = _ranges_without(every, sorted(cut))
        if unwritten:
            branches.append(_re2_class(codes) + _re2_ranges(unwritten))
    return branches


def _code_ranges(codes: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted code points as (first, last) runs."""
    ranges: list[tuple[int, int]] = []
    for code in sorted(set(codes)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


def _ranges_without(ranges: list[tuple[int, int]], cut: list[int]) -> list[tuple[int, int]]:
    """``ranges`` with the sorted code points ``cut`` taken out."""
    left: list[tuple[int, int]] = []
    for first, last in ranges:
        start = first
        for code in cut[bisect.bisect_left(cut, first) : bisect.bisect_right(cut, last)]:
            if code > start:
                left.append((start, code - 1))
            start = code + 1
        if start <= last:
            left.append((start, last))
    return left


def _re2_ranges(ranges: list[tuple[int, int]], *, negated: bool = False) -> str:
    """An RE2 class of (first, last) ranges, as hexadecimal escapes."""
    inside = "".join(f"\\x{{{a:x}}}" + (f"-\\x{{{b:x}}}" if b > a else "") for a, b in ranges)
    return f"[^{inside}]" if negated else f"[{inside}]"


def _class_excluding(first: int, last: int, excluded: frozenset[str]) -> str:
    """The contents of a Python regex class of ``first``-``last`` but ``excluded``."""
    return _sre_ranges(_ranges_without([(first, last)], sorted(map(ord, excluded))))


def _sre_ranges(ranges: list[tuple[int, int]]) -> str:
    """The contents of a Python regex class of (first, last) ranges."""
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)


def _re2_class(codes: Iterable[int]) -> str:
    """An RE2 class of code points, as ranges of hexadecimal escapes."""
    return _re2_ranges(_code_ranges(codes))


_PAIR_GATE_SCRIPTS = ("latin", "cyrillic", "greek", "arabic", "hebrew")
_PAIR_LETTER = re.compile(r"[^\W\d_]")


def has_suspicious(text: str) -> bool:
    """Whether any character or pair of the text is suspicious (a few C-level scans; on a
    long text, only those its prescan gates let through)."""
    from encfix.prescan import may_hold

    if may_hold("screens", text) and _quick_screen().search(text) is not None:
        return True
    if _alphabet_suspects(text, first=True):
        return True
    # A short text's lines are judged by their pairs even when none is unwritten.
    return (len(text) <= PAIR_LINES_TEXT or may_hold("pairs", text)) and bool(_pair_suspects(text))
