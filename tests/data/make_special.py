"""Write ``corpus/special.txt``: clean lines that look suspicious but must never change.

Some lines cannot be typed reliably in an editor (decomposed accents, CRLF endings,
zero-width joiners), so the file is generated from this list of escapes. Run it again
after editing: ``python tests/data/make_special.py``. Every line is correct clean text;
each one exists because a mojibake fixer could be tempted to "repair" it.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

NFD = unicodedata.normalize

LINES: list[str] = [
    # Emoji: skin tones, ZWJ sequences, flags, variation selectors, keycaps.
    "Great job 👍🏽! See you at the party 🎉🎂",
    "Family photo: \U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 at the beach 🏖️",
    "Flags of the finalists: 🇫🇷 🇯🇵 🇧🇷 🇰🇷 🇺🇦",
    "I ❤️ this song \U0001f3f3\ufe0f\u200d\U0001f308 1\ufe0f\u20e3",
    "太好了😂😂 明天见👋",
    # Mathematics and typography.
    "∑ xᵢ² ≤ ∞ and ∫₀¹ f(x) dx ≠ 0, with an error of ±0.5 %",
    "½ + ¼ = ¾, and 2³ = 8; the area is 12 m² (about 129 ft²).",
    "If a ≥ b and b ≥ c then a ≥ c; √2 ≈ 1.414; π r² — the area of a circle.",
    "Temperature: −5 °C at night, 30°C by noon.",
    # Box drawing and block elements (terminal output, DOS-era tables).
    "┌─────────┬────────┐",
    "│ Name    │ Score  │",
    "├─────────┼────────┤",
    "└─────────┴────────┘",
    "Progress: ████████░░ 80 %",
    # Capitalised Latin that resembles UTF-8-read-as-cp1252.
    "SÃO PAULO — ESTADO DE SÃO PAULO",
    "CAFÉ DE FLORE, PARIS",
    "A MINHA IRMÃ É MÉDICA E O MEU IRMÃO É ENGENHEIRO.",
    "NÃO ESTACIONE EM FRENTE À GARAGEM",
    "ÎN ROMÂNIA, TOAMNA ESTE FOARTE FRUMOASĂ.",
    "CÔTE D'IVOIRE ET ÎLE-DE-FRANCE",
    "Ångström, Øresund, Ærø and Åbenrå",
    "Đorđević and Šćepanović played for Crvena zvezda.",
    "Þórður fór til Reykjavíkur; Eyjafjallajökull gaus árið 2010.",
    "Őrség, Győr, Szombathely",
    "naïve résumé, coöperate, Noël, Zoë",
    "Smörgåsbord, Æsir, Œuvre, straße, GROẞE",
    "L’Haÿ-les-Roses : le ÿ et le Ÿ sont rares mais valides.",
    # Chinese that a GBK-mojibake detector might flag.
    "他做事总是斤斤计较，大家都不太喜欢和他合作。",
    "传说中的宝剑名叫锟铻，这个锟字现在很少有人认识。",
    "鑫淼焱垚是一个很少见的名字。",
    # Latin-1 symbols and currency.
    "It costs £5, or about €6; © 2024 Example Ltd. All rights reserved.",
    "« Bonjour », dit-elle. ¿Qué? ¡Hola! § 12 Abs. 3 BGB.",
    "Prices: € 10, $ 12, ¥ 1500, £ 9, ₹ 800, ₽ 900, ₩ 13000, ₺ 300, ₫ 250000",
    "More prices: ₪ 40, ฿ 350, ₴ 400, ₿ 0.0002",
    "Dimensions: 20 × 30 cm, 5 µm, 3 ÷ 4, ¬p ∨ q, 90° angle.",
    # CJK punctuation, full-width forms, mixed scripts.
    "【通知】本周六（6月1日）停电，请大家提前做好准备！",
    "「こんにちは」と彼女は言った。『本当に？』",
    "ＡＢＣ１２３、全角の英数字も使われます。",
    "我用Python写了一个小script，部署在Linux服务器上，每天凌晨3点运行。",
    "iPhone 15 Pro的售价是7999元，比去年贵了500元。",
    "新しいMacBook AirはM3チップを搭載しています。",
    "삼성전자는 오늘 Galaxy S24를 공개했다.",
    # URLs, paths and code.
    "https://example.com/search?q=caf%C3%A9&lang=fr#results",
    "https://zh.wikipedia.org/wiki/北京 and https://ja.wikipedia.org/wiki/東京",
    r"C:\Users\Zoë\Documents\résumé.docx",
    "if (x <= 10 && y != 0) { return a[i] ^ b; }",
    'print(f"{name!r:>10} costs {price:.2f} €")',
    "SELECT * FROM users WHERE name LIKE '%José%' AND city = 'Málaga';",
    "42\tJosé García\tMálaga\t2024-05-17 12:30:45",
    # Halfwidth katakana: receipts and old systems still print it.
    "ﾚｼｰﾄ: ｺｰﾋｰ 1点 ¥380、ｻﾝﾄﾞｲｯﾁ 1点 ¥450",
    "ｶﾞｽ料金のお知らせ（ﾊﾝｶｸｶﾀｶﾅで表示されます）",
    # Korean with Hanja, Vietnamese, other scripts.
    "大韓民國 憲法 第1條: 대한민국은 민주공화국이다.",
    "그는 韓國語와 中國語를 모두 잘한다.",
    "Tiếng Việt có sáu thanh điệu: ngang, huyền, sắc, hỏi, ngã, nặng.",
    "Ἀθῆναι, πόλις ἀρχαία · Αθήνα σήμερα",
    "مُحَمَّد يَكْتُبُ رِسَالَةً",
    "שָׁלוֹם עֲלֵיכֶם",
    "Բարև ձեզ, ինչպե՞ս եք։",
    "გამარჯობა, როგორ ხარ?",
    "Русский, ελληνικά and English in one line.",
    # Smart quotes, dashes, ellipsis, non-breaking and thin spaces.
    "“Well,” she said — smiling — “it’s not what I’d call ‘finished’…”",
    "The 1990–2000 decade – in short – was „interesting“.",
    "Prix : 12\u00a0€ ; délai\u202f: 3\u00a0jours.",
    "Ligatures like ﬁ and ﬂ appear in PDFs.",
    # Decomposed (NFD) text, as macOS file names and some editors produce it.
    NFD("NFD", "Café crème à la française"),
    NFD("NFD", "Ñandú, pingüino, acción"),
    NFD("NFD", "Tiếng Việt không dấu và có dấu"),
    NFD("NFD", "한국어 파일 이름"),
    NFD("NFD", "がぎぐげご パピプペポ"),
    NFD("NFD", "Straße über Äpfel, Öl und Übermut"),
    # CRLF line endings inside a line of this file (kept by the loader).
    "Windows line ending here\r",
    "Ligne Windows avec accents : été, hiver\r",
    "中文的Windows换行\r",
]


def main() -> None:
    path = Path(__file__).parent / "corpus" / "special.txt"
    with path.open("w", encoding="utf-8", newline="") as handle:
        for line in LINES:
            handle.write(line + "\n")


if __name__ == "__main__":
    main()
