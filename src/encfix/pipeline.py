"""The stages in order: decode bytes, find and reverse damage, cleanups; one Repair out.

Each stage is a function over values that returns its steps and findings; the report
is built as the data moves forward. The library never prints.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from encfix.decoding import decode_bytes
from encfix.options import Options
from encfix.plausibility import forget_lines, has_suspicious
from encfix.prescan import forget as forget_prescan
from encfix.prescan import may_hold
from encfix.report import Candidate, Decoding, Finding, LostSpan, Plan, Recode, Repair, Step
from encfix.segments import Verdict, find_mojibake
from encfix.spans import EditMap

__all__ = ["Detection", "Stage", "StageResult", "decode_bytes", "detect", "repair_bytes", "repair_text"]

#: Rounds of the chain search: a repaired span is searched again, so the result is a
#: fixed point (repairing the output changes nothing).
ROUNDS = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class StageResult:
    """What one stage did to the text: the new text, its steps and what it saw."""

    text: str
    steps: tuple[Step, ...] = ()
    findings: tuple[Finding, ...] = ()
    alternatives: tuple[Candidate, ...] = ()
    lost: tuple[LostSpan, ...] = ()
    confidence: float = 1.0
    #: The screens found no sign of damage in ``text`` (so later stages need not look).
    no_signs: bool = False
    #: Where the steps wrote, when the stage kept track (else it is worked out).
    edits: EditMap | None = None


#: A stage takes the text and the options and says what it did.
Stage = Callable[[str, Options], StageResult]


@dataclass(frozen=True, slots=True, kw_only=True)
class Detection:
    """What ``detect`` found: the byte decoding (for bytes) and the damage in the text."""

    decoding: Decoding | None
    findings: tuple[Finding, ...]
    confidence: float
    #: Spans of the repaired text that stand for lost bytes.
    lost: tuple[LostSpan, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "decoding": self.decoding.to_json() if self.decoding else None,
            "findings": [finding.to_json() for finding in self.findings],
            "lost": [span.to_json() for span in self.lost],
            "confidence": round(self.confidence, 4),
        }


def _evidence(verdict: Verdict) -> str:
    text = f"cost {verdict.as_is.total:.1f} as is, {verdict.best.total:.1f} repaired"
    if verdict.runner_up is not None:
        chain = ", then ".join(layer.describe() for layer in verdict.runner_up.layers) or "as is"
        text += f"; runner-up {chain} at {verdict.runner_up.total:.1f}"
    return text


def _finding(verdict: Verdict, kind: str) -> Finding:
    return Finding(
        kind="mojibake" if kind == "mojibake" else "declined",
        start=verdict.start,
        end=verdict.end,
        layers=verdict.best.layers,
        confidence=verdict.confidence,
        evidence=_evidence(verdict),
    )


def reverse_chains(text: str, options: Options) -> StageResult:
    """Find the spans damaged by chains of wrong decodings and undo them."""
    if text.isascii() or not has_suspicious(text):
        return StageResult(text=text, no_signs=True)
    steps: list[Step] = []
    findings: list[Finding] = []
    alternatives: list[Candidate] = []
    confidence = 1.0
    edits = EditMap()  # a later round's spans, back on this stage's input
    no_signs = False
    for round_number in range(ROUNDS):
        if round_number and (text.isascii() or not has_suspicious(text)):
            # The repaired text shows no sign of damage: said in the result, so that the
            # stages after this one need not screen the very same text again.
            no_signs = True
            break
        accepted, declined = find_mojibake(text, options, screened=True)
        if round_number == 0:
            findings.extend(_finding(verdict, "declined") for verdict in declined)
        if not accepted:
            break
        found = [_finding(verdict, "mojibake") for verdict in accepted]
        findings.extend(reversed(edits.findings_to_first(found)))
        # Right to left, so that each step's span is still where it was found.
        for verdict in reversed(accepted):
            step = Recode(start=verdict.start, end=verdict.end, layers=verdict.best.layers)
            changed = step.apply(text)
            edits.record(text, changed, step)
            text = changed
            steps.append(step)
            confidence = min(confidence, verdict.confidence)
            if verdict.runner_up is not None and verdict.runner_up.layers:
                runner = verdict.runner_up
                alternatives.append(Candidate(layers=runner.layers, text=runner.text[:200], cost=runner.total))
    return StageResult(
        text=text,
        steps=tuple(steps),
        findings=tuple(findings),
        alternatives=tuple(alternatives),
        confidence=confidence,
        no_signs=no_signs,
        edits=edits,
    )


def run_cleanups(text: str, options: Options) -> StageResult:
    """The named cleanups the options ask for (pinyin annotations, GBK runs, ...)."""
    from encfix.cleanups import run_cleanups as run

    result = run(text, options.cleanups)
    return StageResult(text=result.text, steps=result.steps, findings=result.findings)


#: Marks of lossy damage that need no other sign: U+FFFD, and the known fill patterns.
_LOSSY_MARKS = ("\ufffd", "锟斤", "占쏙", "嚙踝", "鐃緒", "烫烫", "屯屯", "ï¿½")


def lossy_marks_gate() -> str:
    """The marks themselves, for RE2 (``encfix.prescan``)."""
    return "|".join(_LOSSY_MARKS)


def _has_lossy_marks(text: str) -> bool:
    return may_hold("lossy-marks", text) and any(mark in text for mark in _LOSSY_MARKS)


#: A '?' next to a character that is not ASCII: a hole, if anything is damaged around it.
_QUESTION_HOLE = re.compile(r"\?(?<=[^\x00-\x7f]\?)|\?(?=[^\x00-\x7f])")
#: '?' holes at least this dense (one in so many characters) are a sign of damage on
#: their own: UTF-8 read as Big5 and saved with '?' leaves real, if rare, Han between
#: them, which the screens take for text ("?亥?????臬翰????豢?").
HOLE_SPACING = 10


@lru_cache(maxsize=2)
def _has_hole_marks(text: str) -> bool:
    """A lossy decoder's mark, or '?' holes dense enough to be a sign on their own.

    Asked before each stage of the same unchanged text (a clean megabyte: three scans of
    nine patterns); a string keeps its hash, so the cache costs one pass the first time.
    """
    if _has_lossy_marks(text):
        return True
    return "?" in text and len(_QUESTION_HOLE.findall(text)) * HOLE_SPACING > len(text)


def _may_hold_holes(text: str) -> bool:
    """Whether the lossy stage has anything to look at: hole marks, or a sign of damage."""
    return _has_hole_marks(text) or has_suspicious(text)


def recover_lossy(text: str, options: Options, marked: tuple[LostSpan, ...] = ()) -> StageResult:
    """Holes left by lossy decoders: recover what the bytes pin down, mark what is lost.

    A '?' is a hole only inside damage, so a text with no sign of damage and no mark of
    a lossy decoder has nothing for this stage (clean text with question marks included).
    ``marked`` are the lost spans the first pass reported, not to be reported twice.
    """
    if not _may_hold_holes(text):
        return StageResult(text=text, no_signs=True)
    from encfix.lossy import recover_lossy as recover

    return recover(text, options, marked=tuple((span.start, span.end) for span in marked))


def recover_lossy_stretches(text: str, options: Options) -> StageResult:
    """Holes inside UTF-8 mojibake, before the chain search can misread them (see ``encfix.lossy``)."""
    if not _may_hold_holes(text):
        return StageResult(text=text, no_signs=True)
    from encfix.lossy import recover_lossy_stretches as recover

    return recover(text, options)


def _stages(options: Options) -> list[Stage]:
    """The text stages in order.

    First the lossy stretches: holes ('?', U+FFFD) inside UTF-8 mojibake that the lossy
    stage decodes around, which the chain search would misread; then lossless chains;
    then the cleanups, whose GBK-run repair reads the damage of scraped Chinese pages
    with a model of that decoder (the '?' and private-use characters with nothing
    decoded around them must reach it as they are); then the general lossy recovery,
    for the holes that remain.
    """
    return [recover_lossy_stretches, reverse_chains, run_cleanups, recover_lossy]


def _carry(lost: list[LostSpan], edits: EditMap) -> list[LostSpan]:
    """Lost spans moved to where they are after ``edits``; a span an edit rewrote is dropped.

    The first lossy pass reports its lost spans in its own output; the stages after it
    change other spans of the text, and the report's spans are in the final output.
    """
    moved = []
    for span in lost:
        found = edits.to_last(span.start, span.end)
        if found is not None:
            moved.append(replace(span, start=found[0], end=found[1]))
    return moved


def _decoding_findings(data: bytes, decoding: Decoding) -> list[Finding]:
    """What the byte decoding saw: an HTML page whose declared charset is not its own."""
    from encfix.html import check_declared_charset

    finding = check_declared_charset(data, decoding.encoding) if not decoding.segments else None
    return [finding] if finding is not None else []


def _run(source: str | bytes, text: str, decoding: Decoding | None, options: Options) -> Repair:
    forget_lines()  # the judge's per-line cache is for one repair only
    forget_prescan()  # so is what the prescan saw (a benchmark repeats a text)
    _has_hole_marks.cache_clear()
    lossy = sys.modules.get("encfix.lossy")  # imported by the first repair that needs it
    if lossy is not None:
        lossy.forget_holes()  # so are the lossy stage's readings (a benchmark repeats a text)
    steps: list[Step] = [decoding.step] if decoding is not None and decoding.step is not None else []
    findings: list[Finding] = (
        _decoding_findings(source, decoding) if isinstance(source, bytes) and decoding is not None else []
    )
    alternatives: list[Candidate] = []
    lost: list[LostSpan] = []
    confidence = 1.0
    current = text
    edits = EditMap()  # findings are reported on ``text``, wherever a stage saw them
    no_signs = False  # the screens found nothing in ``current``
    stage_options = options
    for stage in _stages(options):
        if stage is not run_cleanups and no_signs and not _has_hole_marks(current):
            continue  # the screens already ran on this very text: no damage can hide in it
        if stage is recover_lossy:
            result = recover_lossy(current, stage_options, tuple(lost))  # not the first pass's marks again
        else:
            result = stage(current, stage_options)
        if stage in (recover_lossy_stretches, reverse_chains) and result.steps:
            # The GBK-run model is for GBK pages decoded right but for lossy blocks; a text
            # that needed chains or UTF-8 around holes undone was damaged otherwise, and its
            # holes are the lossy stage's (the model's search there costs seconds and fits nothing).
            stage_options = replace(options, cleanups=tuple(name for name in options.cleanups if name != "gbk-runs"))
        findings.extend(edits.findings_to_first(result.findings))
        if result.steps:
            done = EditMap()
            done.record_steps(current, result.text, result.steps, result.edits)
            lost = _carry(lost, done)
            edits.extend(done)
        no_signs = result.no_signs or (no_signs and result.text is current)
        current = result.text
        steps.extend(result.steps)
        alternatives.extend(result.alternatives)
        lost.extend(result.lost)
        confidence = min(confidence, result.confidence)
    return Repair(
        input=source,
        text=text,
        output=current,
        plan=Plan(tuple(steps)),
        confidence=confidence,
        findings=tuple(findings),
        alternatives=tuple(alternatives),
        lost=tuple(lost),
        decoding=decoding,
    )


def repair_text(text: str, options: Options | None = None) -> Repair:
    """Repair a text; clean text comes back identical, with an empty plan.

    >>> repair_text("Ð¡Ð¿Ð°Ñ\\x81Ð¸Ð±Ð¾").output
    'Спасибо'
    >>> repair_text("plain text").plan
    Plan(steps=())
    """
    return _run(text, text, None, options or Options())


def repair_bytes(data: bytes, options: Options | None = None) -> Repair:
    """Decode bytes (detecting the encoding) and repair the text.

    Raises ``InputError`` for binary data or bytes that are no text in any supported
    encoding.

    >>> repair_bytes("cafÃ©".encode("utf-8")).output
    'café'
    """
    options = options or Options()
    decoding = decode_bytes(data, options)
    return _run(data, decoding.text, decoding, options)


def detect(data: bytes | str, options: Options | None = None) -> Detection:
    """What happened to the input: byte encoding (for bytes) and the damage found.

    >>> [finding.layers[0].describe() for finding in detect("cafÃ©").findings]
    ['utf-8 read as cp1252']
    """
    repair = repair_text(data, options) if isinstance(data, str) else repair_bytes(data, options)
    return Detection(decoding=repair.decoding, findings=repair.findings, confidence=repair.confidence, lost=repair.lost)
