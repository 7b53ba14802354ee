"""One options value for the whole pipeline, passed down instead of keyword soup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["LostPolicy", "Options"]

LostPolicy = Literal["keep", "mark", "drop"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """What the pipeline may do.

    >>> Options().max_layers
    3
    """

    #: Force the byte encoding instead of detecting it (``--from``).
    from_encoding: str | None = None
    #: Longest chain of wrong decodings the search tries to undo.
    max_layers: int = 3
    #: A repair is applied only when its confidence reaches this.
    min_confidence: float = 0.5
    #: What to do with characters that are provably lost (issue: lossy damage).
    lost: LostPolicy = "mark"
    #: Named cleanups to run after the encoding repair, from ``encfix.cleanups.CLEANUPS``:
    #: "gbk-runs" and "pinyin" act only on their own document-level evidence and are on by
    #: default; "to-simplified" is asked for.
    cleanups: tuple[str, ...] = ("gbk-runs", "pinyin")
