"""The exceptions encfix raises. Results are values; only real failures are exceptions."""

from __future__ import annotations

__all__ = ["EncfixError", "InputError", "PlanError", "UnknownEncodingError"]


class EncfixError(Exception):
    """Base class of every error encfix raises on purpose."""


class InputError(EncfixError):
    """The input cannot be read as text at all (binary data, unreadable file)."""


class UnknownEncodingError(EncfixError):
    """An encoding name that encfix does not know."""


class PlanError(EncfixError):
    """A plan that cannot exist: steps whose types or names do not chain."""
