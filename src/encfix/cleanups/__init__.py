"""Named, optional steps after the encoding repair (see DESIGN.md, "Cleanups").

Each cleanup is a function ``str -> CleanupResult``: the new text, the steps that replay
it exactly (``Cleanup`` steps registered by name, or ``Replace`` steps for decisions
made from context), and the findings. ``CLEANUPS`` lists them in the order they must
run; ``DEFAULT_CLEANUPS`` are the ones that are safe to run unasked, because each acts
only when its own document-level evidence holds.
"""

from __future__ import annotations

from collections.abc import Callable

from encfix.cleanups.gbk_runs import repair_gbk_runs
from encfix.cleanups.pinyin import remove_pinyin_annotations
from encfix.cleanups.result import CleanupResult
from encfix.cleanups.simplified import convert_to_simplified, find_machine_traditional
from encfix.report import Finding, Step
from encfix.spans import EditMap

__all__ = [
    "CLEANUPS",
    "DEFAULT_CLEANUPS",
    "CleanupFunction",
    "CleanupResult",
    "convert_to_simplified",
    "find_machine_traditional",
    "remove_pinyin_annotations",
    "repair_gbk_runs",
    "run_cleanups",
]

CleanupFunction = Callable[[str], CleanupResult]

#: Name -> entry function, in the order they must run: byte-level repair of the damaged
#: GBK runs first (it needs the annotations and the private-use characters as they
#: are), then the annotations, then the optional script conversion.
CLEANUPS: dict[str, CleanupFunction] = {
    "gbk-runs": repair_gbk_runs,
    "pinyin": remove_pinyin_annotations,
    "to-simplified": convert_to_simplified,
}

DEFAULT_CLEANUPS: tuple[str, ...] = ("gbk-runs", "pinyin")


def run_cleanups(text: str, names: tuple[str, ...] = DEFAULT_CLEANUPS) -> CleanupResult:
    """Run the named cleanups in their canonical order, chaining steps and findings.

    >>> run_cleanups(
    ...     "網(wǎng)絡安全和信息化條例,推動數(shù)字經濟發(fā)展,"
    ...     "保障數(shù)據(jù)安全,建設網(wǎng)上家園,促進信息化發(fā)展"
    ... ).text
    '網絡安全和信息化條例,推動數字經濟發展,保障數據安全,建設網上家園,促進信息化發展'
    """
    unknown = set(names) - set(CLEANUPS)
    if unknown:
        from encfix.errors import EncfixError

        raise EncfixError(f"unknown cleanup: {', '.join(sorted(unknown))}")
    steps: tuple[Step, ...] = ()
    findings: tuple[Finding, ...] = ()
    edits = EditMap()  # each cleanup's findings, back on the text the cleanups were given
    for name, function in CLEANUPS.items():
        if name in names:
            result = function(text)
            findings += tuple(edits.findings_to_first(result.findings))
            edits.record(text, result.text)
            text, steps = result.text, steps + result.steps
    if "to-simplified" not in names:
        # Say that the option exists when the text looks machine-converted.
        notice = find_machine_traditional(text)
        findings += tuple(edits.findings_to_first([notice])) if notice else ()
    return CleanupResult(text=text, steps=steps, findings=findings)
