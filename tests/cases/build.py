"""Regenerate the JSON case files in this folder from the specs below.

The JSON files are the reviewed data; this script only saves typing and guarantees that
every damaged input really is what the stated chain produces (damage is computed with
``encfix.encodings``, sloppy single-byte code pages included). Edit a spec here, run
``python tests/cases/build.py``, and review the JSON diff.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from encfix import encodings

HERE = Path(__file__).resolve().parent

Chain = list[tuple[str, str]]


def damage(text: str, chain: Chain) -> str:
    """Apply the layers in order (outermost last); every layer must be feasible."""
    for encoding, wrong in chain:
        text = encodings.decode(encodings.encode(text, encoding), wrong)
    return text


def case(label: str, clean: str, chain: Chain, comment: str, **extra: Any) -> dict[str, Any]:
    damaged = damage(clean, chain)
    assert damaged != clean, label
    return {
        "label": label,
        "input": damaged,
        "expected": clean,
        "chain": [list(layer) for layer in chain],
        "comment": comment,
        **extra,
    }


def inline(label: str, clean: str, span: str, chain: Chain, comment: str, **extra: Any) -> dict[str, Any]:
    """A clean text in which only ``span`` went through the wrong decoding."""
    assert clean.count(span) == 1, label
    damaged = clean.replace(span, damage(span, chain))
    assert damaged != clean, label
    return {
        "label": label,
        "input": damaged,
        "expected": clean,
        "chain": [list(layer) for layer in chain],
        "comment": comment,
        **extra,
    }


def negative(label: str, text: str, comment: str, **extra: Any) -> dict[str, Any]:
    return {"label": label, "input": text, "expected": text, "comment": comment, **extra}


U8 = "utf-8"

SINGLE_BYTE = [
    case("cafe-cp1252", "café", [(U8, "cp1252")], "The classic: é as two cp1252 characters."),
    case(
        "apostrophe-cp1252",
        "It’s raining, so we’ll stay home.",
        [(U8, "cp1252")],
        "â€™ is the right single quotation mark U+2019 read as cp1252.",
    ),
    case(
        "privet-latin1-c1",
        "Привет",
        [(U8, "iso8859-1")],
        "Latin-1 keeps bytes 0x80-0x9F as C1 controls: Ð\\x9fÑ\\x80Ð¸Ð²ÐµÑ\\x82.",
    ),
    case(
        "russian-sentence-cp1252",
        "Привет! Как дела?",
        [(U8, "cp1252")],
        "Cyrillic UTF-8 read as cp1252: every letter becomes Ð or Ñ plus one symbol.",
    ),
    case(
        "german-cp1252",
        "Grüße aus München, schöne Straße!",
        [(U8, "cp1252")],
        "ü ß ö: Ã¼ ÃŸ Ã¶.",
    ),
    case("spanish-latin1", "¿Qué tal? ¡Hasta mañana!", [(U8, "iso8859-1")], "Â¿ and Â¡ prefixes."),
    case(
        "polish-cp1250",
        "Zażółć gęślą jaźń.",
        [(U8, "cp1250")],
        "Central European text read with the Central European code page.",
    ),
    case("greek-cp1253", "Καλημέρα σε όλους", [(U8, "cp1253")], "Greek read as Greek code page: Ξ/Ο pairs."),
    case(
        "turkish-cp1254",
        "Yardımınız için çok teşekkür ederim.",
        [(U8, "cp1254")],
        "Turkish code page: ı becomes Ä±, ş becomes ÅŸ.",
    ),
    case("chinese-cp1252", "你好，世界", [(U8, "cp1252")], "CJK UTF-8 (3 bytes) read as cp1252: ä½ å¥½."),
    case("cafe-mac-roman", "café crème", [(U8, "mac-roman")], "Mac Roman shows é as √©."),
    case("cafe-cp437", "café crème", [(U8, "cp437")], "DOS code page 437 shows é as ├⌐."),
    case("emoji-cp1252", "Great job 👍 see you 🎉", [(U8, "cp1252")], "4-byte UTF-8: ðŸ‘ plus a C1 byte."),
    case(
        "cafe-double",
        "Un café, s’il vous plaît.",
        [(U8, "cp1252"), (U8, "cp1252")],
        "Double encoding: ÃƒÂ© for é.",
    ),
    case(
        "japanese-double-latin1",
        "ありがとうございます",
        [(U8, "cp1252"), (U8, "cp1252")],
        "Double-encoded Japanese: the Ã£Â... pattern.",
    ),
    case(
        "cafe-triple",
        "Crème brûlée au café",
        [(U8, "cp1252"), (U8, "cp1252"), (U8, "cp1252")],
        "Three layers of the same mistake.",
    ),
    case(
        "russian-koi8r-from-utf8",
        "Москва — столица России",
        [(U8, "koi8-r")],
        "UTF-8 Cyrillic read as KOI8-R: box-drawing-like characters and Cyrillic mixed.",
    ),
]

CJK = [
    case("nihao-gbk", "你好", [(U8, "gbk")], "UTF-8 read as GBK: the famous 浣犲ソ."),
    case("women-gbk", "我们", [(U8, "gbk")], "鎴戜滑, seen on many Chinese pages."),
    case(
        "chinese-sentence-gbk",
        "今天天气很好",
        [(U8, "gbk")],
        "A sentence whose UTF-8 bytes happen to pair up into valid GBK.",
    ),
    case(
        "screen-cp932",
        "スクリーン",
        [(U8, "cp932")],
        "UTF-8 katakana read as Shift_JIS (cp932): 繧ｹ繧ｯ with halfwidth katakana.",
    ),
    case("ramen-cp932", "ラーメン", [(U8, "cp932")], "繝ｩ繝ｼ繝｡繝ｳ: another katakana word."),
    case("tokyo-tower-cp932", "東京タワー", [(U8, "cp932")], "Kanji and katakana read as cp932."),
    case(
        "chinese-shift-jis",
        "今天天气很好",
        [(U8, "shift_jis")],
        "Chinese UTF-8 read as Shift_JIS: kanji mixed with halfwidth katakana.",
    ),
    case(
        "japanese-gbk",
        "ありがとうございます",
        [(U8, "gbk")],
        "Japanese UTF-8 read as GBK: 銇傘倞..., very common on Chinese Windows.",
    ),
    case("korean-gbk", "서울", [(U8, "gbk")], "Hangul UTF-8 read as GBK."),
    case("russian-gbk", "Привет, мир", [(U8, "gbk")], "Cyrillic UTF-8 read as GBK becomes plausible-looking Han."),
    case(
        "french-gbk",
        "Nous avons passé la soirée à regarder le coucher du soleil.",
        [(U8, "gbk")],
        "é (C3 A9) read as GBK is 茅: Latin text sprinkled with Han.",
    ),
    case(
        "french-cp949",
        "Nous avons passé la soirée à regarder le coucher du soleil.",
        [(U8, "cp949")],
        "é read as the Korean code page is 챕.",
    ),
    case(
        "french-cp932-private-use",
        "Nous avons passé la soirée à regarder le coucher du soleil.",
        [(U8, "cp932")],
        "à is C3 A0; Python's cp932 maps A0 to private-use U+F8F0.",
    ),
    case("chinese-gb18030", "欢迎光临", [(U8, "gb18030")], "GB18030 reads like GBK here."),
]

LEGACY = [
    case("nihao-gbk-as-cp1252", "你好", [("gbk", "cp1252")], "GBK bytes read as cp1252: ÄãºÃ."),
    case(
        "chinese-gbk-as-latin1-sentence",
        "今天的天气非常好，我们去公园散步吧。",
        [("gbk", "iso8859-1")],
        "A GBK page served as Latin-1.",
    ),
    case("privet-cp1251-as-cp1252", "Привет", [("cp1251", "cp1252")], "Ïðèâåò: cp1251 read as cp1252."),
    case(
        "japanese-sjis-as-cp1252",
        "こんにちは",
        [("shift_jis", "cp1252")],
        "Shift_JIS read as cp1252: ‚±‚ñ‚É‚¿‚Í.",
    ),
    case(
        "korean-euckr-as-latin1",
        "안녕하세요",
        [("euc_kr", "iso8859-1")],
        "EUC-KR read as Latin-1: ¾È³çÇÏ¼¼¿ä.",
    ),
    case("hebrew-cp1255-as-cp1252", "שלום לכולם", [("cp1255", "cp1252")], "ùìåí: Hebrew code page as cp1252."),
    case(
        "arabic-cp1256-as-cp1252",
        "شكرا جزيلا على مساعدتك",
        [("cp1256", "cp1252")],
        "Arabic Windows code page as cp1252.",
    ),
    case(
        "thai-tis620-as-latin1",
        "ขอบคุณมากที่ช่วยเหลือ",
        [("tis-620", "iso8859-1")],
        "TIS-620 Thai as Latin-1.",
    ),
    case("privet-cp1251-as-koi8r", "Привет", [("cp1251", "koi8-r")], "оПХБЕР: case flips, cp1251 read as KOI8-R."),
    case("privet-koi8r-as-cp1251", "Привет", [("koi8-r", "cp1251")], "рТЙЧЕФ: KOI8-R read as cp1251."),
    case(
        "russian-cp866-as-cp1251",
        "Привет, как дела?",
        [("cp866", "cp1251")],
        "DOS Cyrillic read as Windows Cyrillic.",
    ),
    case("chinese-big5-as-gbk", "電腦軟體", [("big5", "gbk")], "Traditional Chinese Big5 read as GBK."),
    case("chinese-gbk-as-big5", "欢迎光临", [("gbk", "big5")], "Simplified Chinese GBK read as Big5."),
    case(
        "japanese-sjis-as-gbk",
        "日本語のテキスト",
        [("shift_jis", "gbk")],
        "Shift_JIS read as GBK (common on Chinese Windows).",
    ),
    case(
        "polish-cp1250-as-cp1252",
        "Zażółć gęślą jaźń",
        [("cp1250", "cp1252")],
        "Central European code page read as Western.",
    ),
    case(
        "hungarian-cp1250-as-cp1252",
        "Árvíztűrő tükörfúrógép.",
        [("cp1250", "cp1252")],
        "Árvíztûrõ: every letter is French or Portuguese, but no language writes the pairs tû, rõ.",
    ),
    case(
        "czech-cp1250-as-cp1252",
        "Děkujeme, že jste nám pomohli s přípravou.",
        [("cp1250", "cp1252")],
        "Dìkujeme, pøípravou: two damaged letters in a line of clean ones.",
    ),
    case(
        "polish-cp1250-as-cp1252-sentence",
        "Wczoraj kupiłem świeży chleb w piekarni.",
        [("cp1250", "cp1252")],
        "kupi³em, œwie¿y: Latin-1 signs inside words, and ¿ between letters is never Spanish.",
    ),
    case(
        "turkish-cp1254-as-cp1252",
        "Öğretmenimiz yarın sınavın sonuçlarını açıklayacak.",
        [("cp1254", "cp1252")],
        "yarýn, sýnavýn: ý fits Czech or Icelandic letters, not their pairs.",
    ),
    case(
        "turkish-cp1254-as-cp1252-short",
        "Öğrenciler bahçede top oynuyor.",
        [("cp1254", "cp1252")],
        (
            "One damaged letter (ð for ğ) in a short line: öð and ðr are no Turkish pairs, and the "
            "line's pairs fit no other language."
        ),
    ),
    case(
        "lithuanian-cp1257-as-cp1252",
        "Vilniuje šiandien šilta ir saulėta, todėl einame pasivaikščioti.",
        [("cp1257", "cp1252")],
        "Baltic code page read as Western: ðiandien fits Icelandic letters, not Lithuanian pairs.",
    ),
    case(
        "lithuanian-cp1257-as-cp1252-short",
        "Vilniaus senamiestis įtrauktas į pasaulio paveldo sąrašą.",
        [("cp1257", "cp1252")],
        "Baltic code page read as Western: sàraðà.",
    ),
    case(
        "czech-cp1250-as-latin1",
        "Žluťoučký kůň přeskočil ohradu a běžel k řece.",
        [("cp1250", "iso8859-1")],
        "cp1250 served as Latin-1: C1 controls where cp1250 has Ž, ť, ž.",
    ),
    case(
        "greek-cp1253-as-cp1251",
        "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας και η μεγαλύτερη πόλη της χώρας.",
        [("cp1253", "cp1251")],
        "A Greek file opened on a Russian Windows: any two Windows code pages are a common mix-up.",
    ),
    case(
        "hebrew-cp1255-as-cp1251",
        "הספרייה העירונית פתוחה כל יום עד השעה שמונה בערב, חוץ מיום שישי.",
        [("cp1255", "cp1251")],
        "Hebrew on a Russian Windows: consonant-heavy Cyrillic (дсфшййд).",
    ),
    case(
        "arabic-cp1256-as-cp1251",
        "مرحبا بكم في المكتبة العامة، نحن مفتوحون كل يوم حتى الساعة الثامنة.",
        [("cp1256", "cp1251")],
        "Arabic on a Russian Windows.",
    ),
    case(
        "turkish-cp1254-as-cp1252-dotted-capital-i",
        "İzmir'e giden otobüs saat dokuzda kalkıyor, bileti öğrenciler alıyor.",
        [("cp1254", "cp1252")],
        (
            "Ýzmir: the repaired İ must not look foreign to Turkish (Python lowers it to i plus a "
            "combining dot), or the word-harm rule refuses the line."
        ),
    ),
    case(
        "hungarian-cp1250-as-cp1252-one-word",
        "A könyvtár előtti téren nyári koncertet tartanak a diákok.",
        [("cp1250", "cp1252")],
        (
            "elõtti: lõ and õt are each written somewhere (Vietnamese, Portuguese), but not by the "
            "language of the rest of the line."
        ),
    ),
    case(
        "lithuanian-cp1257-as-latin1-line-evidence",
        "Šiandien parduotuvėje nusipirkau duonos ir pieno už pusę kainos.",
        [("cp1257", "iso8859-1")],
        (
            "Each damaged word alone could be Icelandic or Danish; only the line as a whole is no "
            "language's, so the search must see the line."
        ),
    ),
    case(
        "korean-cp949-as-gbk-question",
        "실례지만, 지하철역이 어디에 있는지 아세요?",
        [("cp949", "gbk")],
        "Korean read as GBK is all common Chinese characters (角肥瘤父), but they form no Chinese words.",
    ),
    case(
        "korean-euckr-as-big5",
        "저녁에 잘 해결되었습니다.",
        [("euc_kr", "big5")],
        "Korean read as Big5: Han that form no words (盪喔縑 澀).",
    ),
]

MIXED = [
    case(
        "chinese-utf8-gbk-cp1252",
        "今天天气很好",
        [(U8, "gbk"), (U8, "cp1252")],
        "Read as GBK, saved as UTF-8, read as cp1252.",
    ),
    case(
        "french-cp1252-then-cp1251",
        "Le café est délicieux.",
        [(U8, "cp1252"), (U8, "cp1251")],
        "Western then Cyrillic mistakes stacked.",
    ),
    case(
        "chinese-gbk-cp1252-then-utf8-cp1252",
        "你好，世界",
        [("gbk", "cp1252"), (U8, "cp1252")],
        "GBK read as cp1252, then that text UTF-8 encoded and read as cp1252 again.",
    ),
    case(
        "russian-utf8-cp1251-then-cp1252",
        "Спасибо большое",
        [(U8, "cp1251"), (U8, "cp1252")],
        "Cyrillic read as cp1251 (Рџ...), then the result read as cp1252.",
    ),
]

DOCUMENT = (
    "Weather: heavy rain is expected this weekend.\n"
    "Le musée présente une exposition sur l'histoire du chemin de fer.\n"
    "The museum will stay open late on Fridays.\n"
)
CSV = "id,name,city\n1,José García,Málaga\n2,Zoë Smith,Zürich\n3,Łukasz Nowak,Kraków\n"

INLINE = [
    inline(
        "italian-sentence-beside-clean-accent",
        "Siamo arrivati a Milano.\nPerché non vieni sabato o lunedì? Così parliamo con calma di tutto.\nA presto!\n",
        "Perché non vieni sabato o lunedì?",
        [("utf-8", "cp1252")],
        "A clean Così on the damaged line: chains that make combining marks of the accents"
        " (tis-620's Cos์, cp1258's h̀) must not win the line.",
    ),
    inline(
        "inline-sentence-cp1252",
        DOCUMENT,
        "Le musée présente une exposition sur l'histoire du chemin de fer.",
        [(U8, "cp1252")],
        "One pasted sentence damaged, the rest of the document clean.",
    ),
    inline(
        "inline-csv-field",
        CSV,
        "Málaga",
        [(U8, "cp1252")],
        "One CSV field went through a bad import; the other accented fields are fine.",
    ),
    inline(
        "inline-title-gbk",
        "北京今日天气\n今天北京晴，最高气温二十八度，适合户外活动。\n",
        "北京今日天气",
        [(U8, "gbk")],
        "Only the title line of a Chinese article is mojibake.",
    ),
    inline(
        "inline-name-in-english",
        "The award went to José García and Zoë Smith for their research.",
        "José García",
        [(U8, "cp1252")],
        "A damaged name inside an otherwise clean English sentence.",
    ),
    inline(
        "swedish-double-utf8-line-between-clean-lines",
        (
            "Vi åt glass på torget i går.\nHon köpte två böcker på måndag och läste dem på tåget hem "
            "från Göteborg.\nDet är bra väder i dag, så vi går ut på ängen.\n"
        ),
        "Hon köpte två böcker på måndag och läste dem på tåget hem från Göteborg.",
        [(U8, "cp1252"), (U8, "cp1252")],
        (
            "The damaged line's letters (Ã ƒ Â) fit no alphabet, but the screens already mark it: "
            "searched as one long region, it invites chains that spell every byte, which then 'repair' "
            "the clean lines too."
        ),
    ),
    inline(
        "spanish-double-utf8-line-after-clean-line",
        "Mañana es sábado.\nLa reunión empezó tarde porque el autobús llegó con retraso y nadie sabía qué hacer.\n",
        "La reunión empezó tarde porque el autobús llegó con retraso y nadie sabía qué hacer.",
        [(U8, "cp1252"), (U8, "cp1252")],
        "The clean line above (Mañana, sábado) must stay as it is.",
    ),
]

NEGATIVE = [
    negative("sao-paulo-caps", "SÃO PAULO — ESTADO DE SÃO PAULO", "Ã followed by ASCII is real Portuguese."),
    negative("nao-caps", "NÃO ESTACIONE EM FRENTE À GARAGEM", "Portuguese capitals: Ã and À."),
    negative("cafe-caps", "CAFÉ DE FLORE", "É alone is not mojibake."),
    negative("angstrom-oresund", "Ångström, Øresund, Đorđević", "Nordic and South Slavic letters."),
    negative("jinjin-jijiao", "他做事总是斤斤计较。", "斤 is part of 锟斤拷 but this is a real idiom."),
    negative(
        "lone-kun", "传说中的宝剑名叫锟铻，这个锟字现在很少有人认识。", "A real 锟, not replacement-character debris."
    ),
    negative(
        "box-drawing",
        "┌─────────┐\n│ Name    │\n└─────────┘",
        "Box drawing is what cp437 mojibake produces; here it is real.",
    ),
    negative("halfwidth-katakana", "ﾚｼｰﾄ: ｺｰﾋｰ 1点 ¥380", "Halfwidth katakana is legit on Japanese receipts."),
    negative(
        "emoji-zwj", "Family: \U0001f468\u200d\U0001f469\u200d\U0001f467 🇫🇷 👍🏽", "ZWJ sequence, flag, skin tone."
    ),
    negative("math", "∑ xᵢ² ≤ ∞, ∫₀¹ f(x) dx ≠ 0, ±0.5, ½", "Mathematical symbols."),
    negative("nfd-cafe", "Cafe\u0301 cre\u0300me", "Decomposed accents (NFD) must stay decomposed."),
    negative(
        "latin1-symbols", "£5, 30°C, © 2024, « guillemets », ¿Qué?", "Latin-1 symbols that appear in mojibake too."
    ),
    negative("smart-quotes", "“Well,” she said — “it’s not ‘finished’…”", "Smart punctuation."),
    negative("korean-hanja", "大韓民國 憲法 第1條: 대한민국은 민주공화국이다.", "Korean with Hanja."),
    negative(
        "russian-plain", "Съешь же ещё этих мягких французских булок", "Plain Russian that an KOI8 detector could flip."
    ),
    negative(
        "chinese-plain", "浣溪沙是一个词牌名。", "Starts with 浣, the first character of 浣犲ソ, but is real Chinese."
    ),
    negative("crlf", "Line one\r\nLigne deux : été\r\n", "CRLF endings survive."),
    negative("vietnamese", "Tiếng Việt có sáu thanh điệu.", "Vietnamese stacked diacritics."),
    negative(
        "estonian",
        "Põhja-Eesti koolides õpivad õpilased eesti ja vene keelt.",
        "Estonian has no letter-pair table: its pairs must not count as unseen.",
    ),
    negative(
        "foreign-name-in-german",
        "Der Komponist Antonín Dvořák wohnte in der Straße am Fluß.",
        "A Czech name in German text, and ß, which the pair tables spell ss.",
    ),
    negative("kazakh", "Мы приехали в Алматы, где қала очень большая.", "Kazakh letters in Russian text."),
    negative("spanish-inverted", "¿Qué tal? ¡Muy bien, gracias!", "¿ and ¡ open sentences, after a space."),
    negative(
        "chinese-names-spaced",
        "张伟 李娜 王芳 刘洋 陈静",
        "Names with spaces: single characters, no dictionary words; its cp949 reading is close behind.",
    ),
    negative(
        "chinese-brands-spaced",
        "微信 支付宝 淘宝 京东",
        "Spaced Han with a close cp949 reading (菓斤 連마괜): the words keep it Chinese.",
    ),
    negative(
        "chinese-poem-spaced",
        "床前明月光 疑是地上霜 举头望明月 低头思故乡",
        "Classical verse with spaces: few modern dictionary words.",
    ),
    negative(
        "chinese-names-classical",
        "王建国 李秀英 张桂兰 刘淑珍 陈玉梅 杨志强 赵丽娟 黄春生 周海燕 吴德明",
        "A longer list of names: most characters outside words, still clean.",
    ),
]

FILES = {
    "utf8-as-single-byte.json": SINGLE_BYTE,
    "utf8-as-cjk.json": CJK,
    "legacy.json": LEGACY,
    "mixed-layers.json": MIXED,
    "inline-span.json": INLINE,
    "negative.json": NEGATIVE,
}


#: Known failures (label -> reason), run as strict xfail: fixing one makes the suite fail
#: until the mark is removed here and the files are rebuilt.
XFAIL: dict[str, str] = {
    "chinese-gbk-as-big5": "four Han characters of GBK read as Big5 (辣茩嫖還) are left alone",
}


def _is_invisible(char: str) -> bool:
    category = unicodedata.category(char)
    return category in ("Cc", "Cf", "Co", "Cn") or (category == "Zs" and char != " ") or "\u0300" <= char <= "\u036f"


def _one_line_chain(match: re.Match[str]) -> str:
    return '"chain": [' + re.sub(r",\s+", ", ", match[1]) + "]"


def _visible_json(cases: list[dict[str, Any]]) -> str:
    """JSON with real characters, except invisible ones (C1 controls, NBSP, combining accents)."""
    text = json.dumps(cases, ensure_ascii=False, indent=2) + "\n"
    # One line per chain: [["utf-8", "cp1252"], ["utf-8", "cp1252"]].
    text = re.sub(r'\[\s+("[^"]+"),\s+("[^"]+")\s+\]', r"[\1, \2]", text)
    text = re.sub(r'"chain": \[\s+(.*?)\s+\]', _one_line_chain, text, flags=re.S)
    return re.sub(
        r"[^\n]",
        lambda m: f"\\u{ord(m[0]):04x}" if _is_invisible(m[0]) and ord(m[0]) < 0x10000 else m[0],
        text,
    )


def render() -> dict[str, str]:
    """The JSON text of each case file, as the specs above make it."""
    labels: set[str] = set()
    texts: dict[str, str] = {}
    for name, cases in FILES.items():
        for item in cases:
            assert item["label"] not in labels, item["label"]
            labels.add(item["label"])
            if item["label"] in XFAIL:
                item["xfail"] = XFAIL[item["label"]]
        text = _visible_json(cases)
        assert json.loads(text) == cases, name
        texts[name] = text
    return texts


def main() -> None:
    for name, text in render().items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"{name}: {len(json.loads(text))} cases")


if __name__ == "__main__":
    main()
