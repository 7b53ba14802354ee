"""The stages in order: decode bytes, find and reverse damage, cleanups. (Stub: being written.)"""

from __future__ import annotations

from dataclasses import dataclass

from encfix.options import Options
from encfix.report import Decode, Decoding, Finding, Plan, Repair

__all__ = ["Detection", "decode_bytes", "detect", "repair_bytes", "repair_text"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Detection:
    """What ``detect`` found: the byte decoding (for bytes) and the damage in the text."""

    decoding: Decoding | None
    findings: tuple[Finding, ...]
    confidence: float


def decode_bytes(data: bytes, options: Options | None = None) -> Decoding:
    text = data.decode("utf-8")
    return Decoding(text=text, encoding="utf-8", confidence=1.0, step=Decode(encoding="utf-8"))


def repair_text(text: str, options: Options | None = None) -> Repair:
    return Repair(input=text, text=text, output=text, plan=Plan())


def repair_bytes(data: bytes, options: Options | None = None) -> Repair:
    decoding = decode_bytes(data, options)
    return Repair(input=data, text=decoding.text, output=decoding.text, plan=Plan((decoding.step,)), decoding=decoding)


def detect(data: bytes | str, options: Options | None = None) -> Detection:
    repair = repair_text(data) if isinstance(data, str) else repair_bytes(data, options)
    return Detection(decoding=repair.decoding, findings=repair.findings, confidence=repair.confidence)
