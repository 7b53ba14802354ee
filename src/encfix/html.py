"""A charset declared inside HTML (``<meta charset>``, ``http-equiv``, ``<?xml encoding>``).

What a page says about its own encoding is evidence for the byte decoding, and a page
whose declaration does not match its bytes is a classic root cause of mojibake on news
sites (a GBK page re-served with ``charset=utf-8``, a UTF-8 template that still says
``gb2312``). This module finds the declarations the way browsers do (a prescan of the
first bytes, labels mapped the WHATWG way: ``gb2312`` means GBK, ``iso-8859-1`` means
windows-1252) and says when the declaration and the actual encoding disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from encfix import encodings
from encfix.errors import UnknownEncodingError
from encfix.report import Finding

__all__ = ["Declaration", "check_declared_charset", "declared_charset", "declared_charsets", "is_html"]

#: Browsers look for the declaration in the first 1,024 bytes; be a little lenient.
_PRESCAN = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?\scharset\s*=\s*["']?\s*([A-Za-z0-9._:()-]+)""", re.IGNORECASE)
_HTTP_EQUIV = re.compile(
    rb"""<meta[^>]*?http-equiv\s*=\s*["']?content-type["']?[^>]*?content\s*=\s*["'][^"']*?charset\s*=\s*([A-Za-z0-9._:()-]+)""",
    re.IGNORECASE,
)
_CONTENT_FIRST = re.compile(
    rb"""<meta[^>]*?content\s*=\s*["'][^"']*?charset\s*=\s*([A-Za-z0-9._:()-]+)[^>]*?http-equiv\s*=\s*["']?content-type""",
    re.IGNORECASE,
)
_XML = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:()-]+)["']""", re.IGNORECASE)
_HTML_SIGNS = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<meta\s|<body[\s>]", re.IGNORECASE)

#: WHATWG label -> the encoding browsers actually use (Encoding Standard, "Names and labels").
_WHATWG = {
    "gb2312": "gbk",
    "gb_2312-80": "gbk",
    "chinese": "gbk",
    "x-gbk": "gbk",
    "csgb2312": "gbk",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
}
#: Declared -> actual pairs that are not a mismatch: the actual one is a superset a
#: browser would have used anyway.
_COMPATIBLE = {("gbk", "gb2312"), ("gbk", "gb18030"), ("cp1252", "iso8859-1"), ("cp932", "shift_jis")}


Source = Literal["meta charset", "http-equiv", "xml declaration"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Declaration:
    """One charset declaration: the label as written and what it means."""

    label: str
    encoding: str | None  # canonical encfix name, None if encfix does not know the label
    source: Source
    start: int
    end: int


def _as_bytes(data: bytes | str) -> bytes:
    return data[:_PRESCAN] if isinstance(data, bytes) else data[:_PRESCAN].encode("utf-8", "replace")


def is_html(data: bytes | str) -> bool:
    """Whether the input looks like HTML (a doctype, ``<html>``, ``<head>``, ``<meta>``...).

    >>> is_html(b"<!DOCTYPE html><html>"), is_html("just text")
    (True, False)
    """
    return bool(_HTML_SIGNS.search(_as_bytes(data)))


def _meaning(label: str) -> str | None:
    name = label.strip().lower()
    name = _WHATWG.get(name, name)
    try:
        return encodings.by_name(name).name
    except UnknownEncodingError:
        return None


def declared_charsets(data: bytes | str) -> tuple[Declaration, ...]:
    """Every charset declaration in the prescan window, in order.

    >>> [d.encoding for d in declared_charsets(b'<meta charset="gb2312">')]
    ['gbk']
    >>> declared_charsets(b"<p>no declaration</p>")
    ()
    """
    head = _as_bytes(data)
    found: list[Declaration] = []
    patterns: tuple[tuple[re.Pattern[bytes], Source], ...] = (
        (_XML, "xml declaration"),
        (_META_CHARSET, "meta charset"),
        (_HTTP_EQUIV, "http-equiv"),
        (_CONTENT_FIRST, "http-equiv"),
    )
    for pattern, source in patterns:
        for match in pattern.finditer(head):
            label = match.group(1).decode("ascii", "replace")
            found.append(
                Declaration(
                    label=label, encoding=_meaning(label), source=source, start=match.start(1), end=match.end(1)
                )
            )
    unique = {(d.start, d.end): d for d in found}
    return tuple(sorted(unique.values(), key=lambda declaration: declaration.start))


def declared_charset(data: bytes | str) -> str | None:
    """The encoding the first known declaration names (evidence for the byte decoding).

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=GBK">')
    'gbk'
    """
    for declaration in declared_charsets(data):
        if declaration.encoding:
            return declaration.encoding
    return None


def _agrees(declared: str, actual: str, data: bytes | str) -> bool:
    if declared == actual or (declared, actual) in _COMPATIBLE:
        return True
    # An ASCII-only body is the same in every ASCII-compatible encoding.
    if isinstance(data, bytes) and data.isascii():
        return True
    return False


def check_declared_charset(data: bytes | str, actual: str) -> Finding | None:
    """A notice when the page declares one encoding and is actually in another.

    ``actual`` is the encoding the bytes were decoded with (canonical encfix name).

    >>> page = '<meta charset="gb2312"><p>网络安全</p>'.encode("utf-8")
    >>> check_declared_charset(page, "utf-8").evidence.split(";")[0]
    'the page declares gb2312 (meta charset) but its bytes are utf-8'
    >>> check_declared_charset('<meta charset="gb2312"><p>网络</p>'.encode("gbk"), "gbk") is None
    True
    """
    if not is_html(data):
        return None
    declarations = [d for d in declared_charsets(data) if d.encoding]
    if not declarations:
        return None
    declaration = declarations[0]
    assert declaration.encoding is not None
    if _agrees(declaration.encoding, encodings.canonical_name(actual), data):
        return None
    fails = isinstance(data, bytes) and not _decodes(data, declaration.encoding)
    consequence = (
        "; decoding with the declared charset fails, so a browser or a scraper trusting it shows mojibake"
        if fails
        else "; a browser or a scraper trusting the declaration shows mojibake"
    )
    return Finding(
        kind="notice",
        start=declaration.start,
        end=declaration.end,
        confidence=0.95 if fails else 0.8,
        evidence=f"the page declares {declaration.label} ({declaration.source}) but its bytes are {actual}"
        + consequence,
        name="declared charset mismatch",
    )


def _decodes(data: bytes, name: str) -> bool:
    try:
        encodings.decode(data, name)
    except (UnicodeDecodeError, LookupError):
        return False
    return True
