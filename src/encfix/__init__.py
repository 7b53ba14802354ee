"""encfix: detect and repair text-encoding damage (mojibake) in every script.

>>> from encfix import repair_text
>>> repair_text("The cafÃ© is open").output
'The café is open'
"""

from __future__ import annotations

from encfix.errors import EncfixError, InputError, PlanError, UnknownEncodingError
from encfix.options import Options
from encfix.pipeline import Detection, decode_bytes, detect, repair_bytes, repair_text
from encfix.report import (
    Candidate,
    Cleanup,
    Decode,
    DecodeSegments,
    Decoding,
    Finding,
    Layer,
    LostSpan,
    Plan,
    Recode,
    Repair,
    Replace,
    Segment,
    replay,
)

__all__ = [
    "Candidate",
    "Cleanup",
    "Decode",
    "DecodeSegments",
    "Decoding",
    "Detection",
    "EncfixError",
    "Finding",
    "InputError",
    "Layer",
    "LostSpan",
    "Options",
    "Plan",
    "PlanError",
    "Recode",
    "Repair",
    "Replace",
    "Segment",
    "UnknownEncodingError",
    "decode_bytes",
    "detect",
    "repair_bytes",
    "repair_text",
    "replay",
]
__version__ = "0.1.0.dev0"
