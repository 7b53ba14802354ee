"""Charsets declared inside HTML: evidence for the decoding, and declared-vs-actual mismatches."""

from __future__ import annotations

import pytest

from encfix.html import check_declared_charset, declared_charset, declared_charsets, is_html


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (b'<meta charset="utf-8">', "utf-8"),
        (b"<META CHARSET=GB2312>", "gbk"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=gbk">', "gbk"),
        (b'<meta content="text/html; charset=big5" http-equiv="Content-Type">', "big5hkscs"),
        (b"<meta charset='iso-8859-1'>", "cp1252"),
        (b'<?xml version="1.0" encoding="Shift_JIS"?><html>', "cp932"),
        (b'<meta charset="no-such-thing">', None),
        (b"<p>charset=utf-8 in the text is no declaration</p>", None),
    ],
)
def test_declared_charset(page: bytes, expected: str | None) -> None:
    assert declared_charset(page) == expected


def test_declaration_positions_and_sources() -> None:
    page = b'<html><head><meta charset="gb2312"></head>'
    (declaration,) = declared_charsets(page)
    assert page[declaration.start : declaration.end] == b"gb2312"
    assert declaration.source == "meta charset"


def test_declaration_past_the_prescan_window_is_ignored() -> None:
    assert declared_charset(b" " * 5000 + b'<meta charset="gbk">') is None


def test_mismatch_reported() -> None:
    page = '<html><meta charset="gb2312"><p>网络安全和信息化条例</p></html>'.encode()
    finding = check_declared_charset(page, "utf-8")
    assert finding is not None
    assert finding.kind == "notice" and finding.name == "declared charset mismatch"
    assert "declares gb2312" in finding.evidence and "utf-8" in finding.evidence
    assert "fails" in finding.evidence  # these UTF-8 bytes are not valid GBK


@pytest.mark.parametrize(
    ("page", "actual"),
    [
        ('<meta charset="gb2312"><p>网络</p>'.encode("gbk"), "gbk"),
        ('<meta charset="gb2312"><p>网络</p>'.encode("gb18030"), "gb18030"),
        ('<meta charset="utf-8"><p>网络</p>'.encode(), "utf-8"),
        (b'<meta charset="gbk"><p>ascii only</p>', "utf-8"),
        ("網絡 without any html".encode("big5"), "big5"),
    ],
)
def test_no_mismatch(page: bytes, actual: str) -> None:
    assert check_declared_charset(page, actual) is None


def test_is_html() -> None:
    assert is_html(b"<!doctype html>") and is_html("<HTML><body>")
    assert not is_html(b"a < b and c > d")
