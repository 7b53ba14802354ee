"""What a repair is, as data: steps, plans, findings and the result.

A *step* is one operation that can apply itself, say in one sentence what it does, and
round-trip through JSON. A *plan* is a validated tuple of steps; replaying it on the
input always gives the output. *Findings* are what was seen (evidence), kept apart from
the plan (what to do), so a plan can be replayed on other text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Literal, TypeAlias

from encfix import encodings
from encfix.errors import PlanError

__all__ = [
    "Candidate",
    "Cleanup",
    "Decode",
    "DecodeSegments",
    "Decoding",
    "Finding",
    "Layer",
    "LostSpan",
    "Plan",
    "Recode",
    "Repair",
    "Replace",
    "Segment",
    "Step",
    "register_cleanup",
    "replay",
    "step_from_json",
]

Json: TypeAlias = dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Layer:
    """One wrong turn: bytes in ``encoding`` were decoded as ``wrong``.

    >>> Layer(encoding="utf-8", wrong="cp1252").describe()
    'utf-8 read as cp1252'
    """

    encoding: str
    wrong: str

    def describe(self) -> str:
        return f"{self.encoding} read as {self.wrong}"

    def to_json(self) -> Json:
        return {"encoding": self.encoding, "wrong": self.wrong}


def undo_layers(text: str, layers: tuple[Layer, ...]) -> str:
    """Undo a chain (outermost last): encode with each wrong encoding, decode with the right one.

    >>> undo_layers("cafÃ©", (Layer(encoding="utf-8", wrong="cp1252"),))
    'café'
    """
    for layer in reversed(layers):
        text = encodings.decode(encodings.encode(text, layer.wrong), layer.encoding)
    return text


# --------------------------------------------------------------------------- steps


@dataclass(frozen=True, slots=True, kw_only=True)
class Decode:
    """bytes -> str: decode the whole input with one encoding (BOM removed if present)."""

    kind: ClassVar[str] = "decode"
    takes: ClassVar[type] = bytes
    encoding: str
    bom: int = 0

    def apply(self, data: bytes) -> str:
        return encodings.decode(data[self.bom :], self.encoding)

    def describe(self) -> str:
        bom = " after a byte-order mark" if self.bom else ""
        return f"decode the bytes as {self.encoding}{bom}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """A byte range of a mixed-encoding input and the encoding that fits it."""

    start: int
    end: int
    encoding: str
    confidence: float = 1.0
    #: "replace" for the bytes of a character cut at an end of the input (one U+FFFD)
    errors: str = "strict"

    def decode(self, data: bytes) -> str:
        return encodings.decode(data[self.start : self.end], self.encoding, self.errors)

    def to_json(self) -> Json:
        record: Json = {"start": self.start, "end": self.end, "encoding": self.encoding, "confidence": self.confidence}
        if self.errors != "strict":
            record["errors"] = self.errors
        return record


@dataclass(frozen=True, slots=True, kw_only=True)
class DecodeSegments:
    """bytes -> str: decode each byte segment with its own encoding and join them."""

    kind: ClassVar[str] = "decode-segments"
    takes: ClassVar[type] = bytes
    segments: tuple[Segment, ...]

    def apply(self, data: bytes) -> str:
        return "".join(segment.decode(data) for segment in self.segments)

    def describe(self) -> str:
        names = sorted({s.encoding for s in self.segments})
        return f"decode {len(self.segments)} byte segments separately ({', '.join(names)})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Recode:
    """str -> str: undo a chain of wrong decodings on ``text[start:end]``."""

    kind: ClassVar[str] = "recode"
    takes: ClassVar[type] = str
    start: int
    end: int
    layers: tuple[Layer, ...]

    def apply(self, text: str) -> str:
        return text[: self.start] + undo_layers(text[self.start : self.end], self.layers) + text[self.end :]

    def describe(self) -> str:
        chain = ", then ".join(layer.describe() for layer in self.layers)
        return f"characters {self.start}-{self.end}: undo {chain}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Replace:
    """str -> str: replace ``text[start:end]`` (which must equal ``old``) with ``new``.

    The step for decisions that cannot be recomputed from a rule alone, such as a lost
    byte chosen by context; ``reason`` says why.
    """

    kind: ClassVar[str] = "replace"
    takes: ClassVar[type] = str
    start: int
    end: int
    old: str
    new: str
    reason: str

    def apply(self, text: str) -> str:
        if text[self.start : self.end] != self.old:
            raise PlanError(
                f"replace step expected {self.old!r} at {self.start}, found {text[self.start : self.end]!r}"
            )
        return text[: self.start] + self.new + text[self.end :]

    def describe(self) -> str:
        return f"characters {self.start}-{self.end}: {self.old!r} -> {self.new!r} ({self.reason})"


CleanupFunction = Callable[[str, Mapping[str, Any]], str]
_CLEANUPS: dict[str, CleanupFunction] = {}


def register_cleanup(name: str) -> Callable[[CleanupFunction], CleanupFunction]:
    """Register a named cleanup so that ``Cleanup`` steps can replay it."""

    def decorator(function: CleanupFunction) -> CleanupFunction:
        _CLEANUPS[name] = function
        return function

    return decorator


@dataclass(frozen=True, slots=True, kw_only=True)
class Cleanup:
    """str -> str: a named cleanup with the parameters it decided on (JSON values)."""

    kind: ClassVar[str] = "cleanup"
    takes: ClassVar[type] = str
    name: str
    params: tuple[tuple[str, Any], ...] = ()
    summary: str = ""

    def apply(self, text: str) -> str:
        try:
            function = _CLEANUPS[self.name]
        except KeyError:
            raise PlanError(f"unknown cleanup: {self.name!r}") from None
        return function(text, dict(self.params))

    def describe(self) -> str:
        return f"cleanup {self.name}" + (f": {self.summary}" if self.summary else "")


Step: TypeAlias = Decode | DecodeSegments | Recode | Replace | Cleanup
_STEP_TYPES: dict[str, type] = {t.kind: t for t in (Decode, DecodeSegments, Recode, Replace, Cleanup)}


def _field_to_json(value: Any) -> Any:
    if isinstance(value, Layer | Segment):
        return value.to_json()
    if isinstance(value, tuple):
        return [_field_to_json(item) for item in value]
    return value


def step_to_json(step: Step) -> Json:
    """A step as a JSON object with a ``kind`` tag."""
    result: Json = {"kind": step.kind}
    for item in fields(step):
        result[item.name] = _field_to_json(getattr(step, item.name))
    return result


def step_from_json(data: Mapping[str, Any]) -> Step:
    """The step a JSON object describes (the inverse of ``step_to_json``)."""
    data = dict(data)
    kind = data.pop("kind", None)
    if kind not in _STEP_TYPES:
        raise PlanError(f"unknown step kind: {kind!r}")
    if "layers" in data:
        data["layers"] = tuple(Layer(**layer) for layer in data["layers"])
    if "segments" in data:
        data["segments"] = tuple(Segment(**segment) for segment in data["segments"])
    if "params" in data:
        data["params"] = tuple((key, _freeze(value)) for key, value in data["params"])
    step: Step = _STEP_TYPES[kind](**data)
    return step


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(item) for item in value)
    return value


@dataclass(frozen=True, slots=True)
class Plan:
    """A validated tuple of steps: at most one bytes->str step, and only first.

    >>> Plan((Recode(start=0, end=5, layers=(Layer(encoding="utf-8", wrong="cp1252"),)),)).apply("cafÃ©")
    'café'
    """

    steps: tuple[Step, ...] = ()

    def __post_init__(self) -> None:
        for index, step in enumerate(self.steps):
            if step.takes is bytes and index != 0:
                raise PlanError(f"step {index} ({step.kind}) decodes bytes but is not the first step")
            for layer in getattr(step, "layers", ()):
                for name in (layer.encoding, layer.wrong):
                    encodings.by_name(name)

    @property
    def takes(self) -> type:
        return self.steps[0].takes if self.steps else str

    def apply(self, data: str | bytes) -> str:
        if self.takes is bytes and not isinstance(data, bytes):
            raise PlanError("this plan starts by decoding bytes; give it bytes")
        value: Any = data
        for step in self.steps:
            value = step.apply(value)
        if isinstance(value, bytes):
            raise PlanError("a plan on bytes needs a decode step")
        return str(value)

    def __len__(self) -> int:
        return len(self.steps)

    def __bool__(self) -> bool:
        return bool(self.steps)

    def __add__(self, other: Plan) -> Plan:
        return Plan(self.steps + other.steps)

    def describe(self) -> list[str]:
        return [step.describe() for step in self.steps]

    def to_json(self) -> list[Json]:
        return [step_to_json(step) for step in self.steps]

    @classmethod
    def from_json(cls, data: list[Mapping[str, Any]] | str) -> Plan:
        items: list[Mapping[str, Any]] = json.loads(data) if isinstance(data, str) else data
        return cls(tuple(step_from_json(item) for item in items))


def replay(data: str | bytes, plan: Plan) -> str:
    """Apply a plan to an input: ``replay(repair.input, repair.plan) == repair.output``."""
    return plan.apply(data)


# --------------------------------------------------------------------------- findings

FindingKind = Literal[
    "mojibake",  # a chain of wrong decodings, reversible
    "lossy",  # bytes were lost on the way
    "unrecoverable",  # a known lossy pattern (锟斤拷, 烫烫烫 ...) that cannot be undone
    "mixed-encoding",  # byte segments in different encodings
    "cleanup",  # a named cleanup found something (pinyin annotations ...)
    "declined",  # damage suspected, but no repair was sure enough: left as it was
    "notice",  # something the user should know (machine-converted Traditional ...)
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """What was seen in a span of the input text, and how sure we are."""

    kind: FindingKind
    start: int
    end: int
    layers: tuple[Layer, ...] = ()
    confidence: float = 1.0
    evidence: str = ""
    name: str = ""  # a damage class name (e.g. "锟拷码") or cleanup name

    def to_json(self) -> Json:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "layers": [layer.to_json() for layer in self.layers],
            "confidence": round(self.confidence, 4),
            "evidence": self.evidence,
            "name": self.name,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class LostSpan:
    """Characters of the output that stand for lost bytes (they could not be recovered)."""

    start: int
    end: int
    lost_bytes: int
    reason: str

    def to_json(self) -> Json:
        return {"start": self.start, "end": self.end, "lost_bytes": self.lost_bytes, "reason": self.reason}


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """One hypothesis that was judged: a chain and what it would have produced."""

    layers: tuple[Layer, ...]
    text: str
    cost: float

    def to_json(self) -> Json:
        return {"layers": [layer.to_json() for layer in self.layers], "text": self.text, "cost": round(self.cost, 3)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Decoding:
    """How bytes became text: the encoding (or segments), and how sure we are."""

    text: str
    encoding: str
    confidence: float
    bom: bool = False
    segments: tuple[Segment, ...] = ()
    alternatives: tuple[tuple[str, float], ...] = ()
    step: Step | None = None

    def to_json(self) -> Json:
        return {
            "encoding": self.encoding,
            "confidence": round(self.confidence, 4),
            "bom": self.bom,
            "segments": [segment.to_json() for segment in self.segments],
            "alternatives": [{"encoding": name, "confidence": round(c, 4)} for name, c in self.alternatives],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Repair:
    """The result of repairing one input. "Nothing to do" is a Repair with an empty plan."""

    input: str | bytes
    text: str  # the input as text (decoded, if it was bytes), before any repair
    output: str
    plan: Plan
    confidence: float = 1.0
    findings: tuple[Finding, ...] = ()
    alternatives: tuple[Candidate, ...] = ()
    lost: tuple[LostSpan, ...] = ()
    decoding: Decoding | None = None

    @property
    def changed(self) -> bool:
        """Whether the repair changes the text (decoding bytes alone is not a change)."""
        return self.output != self.text

    def explain(self) -> list[str]:
        """One sentence a step, then one a finding."""
        lines = [step.describe() for step in self.plan.steps]
        for finding in self.findings:
            chain = ", then ".join(layer.describe() for layer in finding.layers)
            lines.append(
                f"{finding.kind} at {finding.start}-{finding.end}"
                + (f" ({finding.name})" if finding.name else "")
                + (f": {chain}" if chain else "")
                + f", confidence {finding.confidence:.2f}"
                + (f"; {finding.evidence}" if finding.evidence else "")
            )
        return lines

    def to_json(self) -> Json:
        return {
            "changed": self.changed,
            "confidence": round(self.confidence, 4),
            "decoding": self.decoding.to_json() if self.decoding else None,
            "plan": self.plan.to_json(),
            "findings": [finding.to_json() for finding in self.findings],
            "lost": [span.to_json() for span in self.lost],
            "alternatives": [candidate.to_json() for candidate in self.alternatives],
        }
