"""The value every cleanup returns: the new text, the steps that replay it, what was seen."""

from __future__ import annotations

from dataclasses import dataclass

from encfix.report import Finding, Step

__all__ = ["CleanupResult"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanupResult:
    """What one cleanup did to a text.

    ``steps`` replay exactly: applying them in order to the input gives ``text``.
    "Nothing to do" is a result with no steps and the input text unchanged.

    >>> CleanupResult(text="abc").changed_by(("abc"))
    False
    """

    text: str
    steps: tuple[Step, ...] = ()
    findings: tuple[Finding, ...] = ()

    def changed_by(self, original: str) -> bool:
        """Whether this result differs from ``original``."""
        return self.text != original
