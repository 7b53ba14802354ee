"""Every sample in samples/ repairs to its .expected.txt, and the expected text is a fixed point."""

from __future__ import annotations

from pathlib import Path

import pytest

from encfix import repair_bytes, repair_text, replay

SAMPLES = Path(__file__).parent.parent / "samples"
PAIRS = sorted(
    (path.with_name(path.name.replace(".expected.txt", ".txt")), path) for path in SAMPLES.glob("*.expected.txt")
)


def test_there_are_samples() -> None:
    assert len(PAIRS) >= 5


@pytest.mark.parametrize(("damaged", "expected"), PAIRS, ids=[damaged.stem for damaged, _ in PAIRS])
def test_sample_repairs_to_what_it_should_become(damaged: Path, expected: Path) -> None:
    data = damaged.read_bytes()
    repair = repair_bytes(data)
    assert repair.output == expected.read_text(encoding="utf-8")
    assert replay(data, repair.plan) == repair.output
    assert repair_text(repair.output).output == repair.output
