"""The encodings encfix supports: names, families, and the C-level codecs behind them.

Single-byte code pages are used in their *sloppy* form, the way browsers and Windows
apply them: a byte the code page leaves undefined (0x81 in cp1252, say) decodes to the
Latin-1 character with the same number instead of failing. UTF-8 read as cp1252 on the
web keeps those bytes as U+0081..., so undoing the damage needs the same mapping back.
The sloppy tables are built once and applied by the C charmap codec; nothing is
registered globally.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from encfix.errors import UnknownEncodingError

__all__ = [
    "ALL",
    "Encoding",
    "by_name",
    "canonical_name",
    "decode",
    "encode",
    "spelling",
]

Family = Literal["unicode", "cjk", "single-byte"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Encoding:
    """One supported encoding.

    ``commonness`` is a prior: how often real text is stored in it (0 rare .. 3 very
    common). ``script`` is the writing system its upper half is mostly for.
    """

    name: str
    family: Family
    script: str
    commonness: int
    #: A superset codec that decodes everything this one does (cp932 for shift_jis).
    superset: str | None = None


def _e(name: str, family: Family, script: str, commonness: int, superset: str | None = None) -> Encoding:
    return Encoding(name=name, family=family, script=script, commonness=commonness, superset=superset)


ALL: tuple[Encoding, ...] = (
    _e("utf-8", "unicode", "any", 3),
    _e("utf-16-le", "unicode", "any", 1),
    _e("utf-16-be", "unicode", "any", 1),
    _e("utf-32-le", "unicode", "any", 0),
    _e("utf-32-be", "unicode", "any", 0),
    # CJK
    _e("gb18030", "cjk", "han", 2),
    _e("gbk", "cjk", "han", 3, "gb18030"),
    _e("gb2312", "cjk", "han", 1, "gbk"),
    _e("big5", "cjk", "han", 2, "cp950"),
    _e("cp950", "cjk", "han", 2),
    _e("big5hkscs", "cjk", "han", 1),
    _e("shift_jis", "cjk", "japanese", 3, "cp932"),
    _e("cp932", "cjk", "japanese", 2),
    _e("euc_jp", "cjk", "japanese", 2),
    _e("euc_kr", "cjk", "korean", 3, "cp949"),
    _e("cp949", "cjk", "korean", 2),
    # Windows code pages
    _e("cp1250", "single-byte", "latin", 2),
    _e("cp1251", "single-byte", "cyrillic", 3),
    _e("cp1252", "single-byte", "latin", 3),
    _e("cp1253", "single-byte", "greek", 2),
    _e("cp1254", "single-byte", "latin", 2),
    _e("cp1255", "single-byte", "hebrew", 2),
    _e("cp1256", "single-byte", "arabic", 2),
    _e("cp1257", "single-byte", "latin", 1),
    _e("cp1258", "single-byte", "latin", 1),
    _e("cp874", "single-byte", "thai", 1),
    _e("tis-620", "single-byte", "thai", 2),
    # ISO 8859
    _e("iso8859-1", "single-byte", "latin", 3),
    _e("iso8859-2", "single-byte", "latin", 2),
    _e("iso8859-3", "single-byte", "latin", 0),
    _e("iso8859-4", "single-byte", "latin", 0),
    _e("iso8859-5", "single-byte", "cyrillic", 1),
    _e("iso8859-6", "single-byte", "arabic", 1),
    _e("iso8859-7", "single-byte", "greek", 2),
    _e("iso8859-8", "single-byte", "hebrew", 1),
    _e("iso8859-9", "single-byte", "latin", 1),
    _e("iso8859-10", "single-byte", "latin", 0),
    _e("iso8859-13", "single-byte", "latin", 1),
    _e("iso8859-15", "single-byte", "latin", 1),
    _e("iso8859-16", "single-byte", "latin", 0),
    # Others still met in the wild
    _e("koi8-r", "single-byte", "cyrillic", 2),
    _e("koi8-u", "single-byte", "cyrillic", 1),
    _e("mac-roman", "single-byte", "latin", 1),
    _e("mac-cyrillic", "single-byte", "cyrillic", 0),
    _e("cp437", "single-byte", "latin", 1),
    _e("cp850", "single-byte", "latin", 1),
    _e("cp852", "single-byte", "latin", 0),
    _e("cp866", "single-byte", "cyrillic", 1),
)

_BY_NAME = {encoding.name: encoding for encoding in ALL}


def canonical_name(name: str) -> str:
    """The canonical name of an encoding, as encfix reports it.

    >>> canonical_name("Latin-1"), canonical_name("GB2312"), canonical_name("windows-1252")
    ('iso8859-1', 'gb2312', 'cp1252')
    """
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise UnknownEncodingError(f"unknown encoding: {name!r}") from None


def by_name(name: str) -> Encoding:
    """The supported encoding with this name (any alias Python knows)."""
    encoding = _BY_NAME.get(name)  # the engine asks by canonical name, thousands of times a file
    if encoding is not None:
        return encoding
    canonical = canonical_name(name)
    try:
        return _BY_NAME[canonical]
    except KeyError:
        raise UnknownEncodingError(f"encoding not supported by encfix: {name!r}") from None


@cache
def _sloppy_tables(name: str) -> tuple[str, object, dict[int, str]]:
    """The 256-character decoding table of a sloppy single-byte codec and its encoding map.

    Encoding also takes the C1 controls U+0080-U+009F to the byte of the same number:
    text that went through a Latin-1 decoder in one place and a cp1252 one in another
    holds both "‘" and U+0091 for the byte 0x91.
    """
    chars: list[str] = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode(name))
        except UnicodeDecodeError:
            chars.append("")
    used = set(chars)
    # An undefined byte becomes the Latin-1 character of the same value, unless that
    # character is already spelled by another byte (then it stays undefined: U+FFFE is
    # "undefined" to the charmap codec).
    table = "".join(char or (chr(byte) if chr(byte) not in used else "\ufffe") for byte, char in enumerate(chars))
    # C1 controls the table does not spell stand for the character their byte has.
    c1 = {byte: table[byte] for byte in range(0x80, 0xA0) if chr(byte) not in table and table[byte] != "\ufffe"}
    return table, codecs.charmap_build(table), c1


_C1_CONTROL = re.compile("[\x80-\x9f]")


def encode(text: str, name: str) -> bytes:
    """Encode with a supported encoding; single-byte code pages are sloppy.

    Raises ``UnicodeEncodeError`` when the text has a character the encoding lacks.

    >>> encode("\\u0081", "cp1252")
    b'\\x81'
    """
    if _BY_NAME[name].family == "single-byte":
        _, encoding_map, c1 = _sloppy_tables(name)
        try:
            return codecs.charmap_encode(text, "strict", encoding_map)[0]  # type: ignore[arg-type]
        except UnicodeEncodeError:
            # Most texts that fail hold no C1 control at all, and the others a few: they
            # are replaced where the regex finds them. ``str.translate`` with the table
            # looked up every character (a failed dict lookup each, in C but slow), a
            # tenth of a damaged page's repair, where chains are tried on the whole text.
            if not c1 or _C1_CONTROL.search(text) is None:
                raise
            spelled = _C1_CONTROL.sub(lambda match: c1.get(ord(match.group()), match.group()), text)
            return codecs.charmap_encode(spelled, "strict", encoding_map)[0]  # type: ignore[arg-type]
    return text.encode(name)


def single_byte_table(name: str) -> str | None:
    """The 256 characters a single-byte code page decodes its bytes to ("\ufffe" where
    a byte is undefined), as ``decode`` reads them; None for other encodings.

    >>> single_byte_table("cp1252")[0xE9], single_byte_table("gbk")
    ('é', None)
    """
    return _sloppy_tables(name)[0] if _BY_NAME[name].family == "single-byte" else None


def decode(data: bytes, name: str, errors: str = "strict") -> str:
    """Decode with a supported encoding; single-byte code pages are sloppy.

    >>> decode(b"caf\\xc3\\xa9", "cp1252")
    'cafÃ©'
    """
    if _BY_NAME[name].family == "single-byte":
        return codecs.charmap_decode(data, errors, _sloppy_tables(name)[0])[0]
    return data.decode(name, errors)


class _Spelling(dict[str, "bytes | None"]):
    """How an encoding spells each character (None where it cannot), filled as met."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def __missing__(self, char: str) -> bytes | None:
        try:
            data: bytes | None = encode(char, self.name)
        except UnicodeEncodeError:
            data = None
        self[char] = data
        return data


_SPELLINGS: dict[str, _Spelling] = {}


def spelling(name: str) -> dict[str, bytes | None]:
    """Character -> its bytes in ``name`` (None where it has none), one table per encoding.

    The engine spells the same few hundred characters of a text in each wrong encoding
    again and again (chain search, UTF-8 runs, lossy holes): one lookup each. Only for
    stateless encodings, where a text's bytes are its characters' bytes joined.

    >>> spelling("cp1252")["é"], spelling("cp1252")["Ж"]
    (b'\\xe9', None)
    """
    return _SPELLINGS.get(name) or _SPELLINGS.setdefault(name, _Spelling(name))
