"""What the CLI publishes stays byte for byte what the goldens hold (``tests/golden.py``).

A change that is meant to alter outputs regenerates them with
``python -m tests.golden --update`` and shows the diff in its commit.
"""

from __future__ import annotations

import difflib

import pytest

from tests import golden


def _diff(name: str, got: bytes, want: bytes) -> str:
    lines = difflib.unified_diff(
        want.decode("utf-8", "replace").splitlines(), got.decode("utf-8", "replace").splitlines(), lineterm="", n=1
    )
    return f"{name}:\n" + "\n".join(list(lines)[:40])


def test_seed_outputs_are_the_golden_ones():
    got, want = golden.seed_outputs(), golden.seed_golden()
    bad = golden.differences(got, want)
    assert not bad, "\n".join(_diff(n, got.get(n, b""), want.get(n, b"")) for n in bad[:5])


@pytest.mark.shared
def test_transcript_outputs_are_the_golden_ones():
    if not golden.PAGES.is_dir():
        pytest.skip(f"{golden.PAGES} is absent")
    assert golden.differences(golden.digests(golden.shared_outputs()), golden.shared_golden()) == []


def test_the_golden_check_sees_a_changed_byte():
    """The comparison itself can fail: one changed byte in one file is named."""
    want = golden.seed_golden()
    name = next(n for n in want if n.endswith(".md"))
    got = dict(want) | {name: want[name] + b" "}
    assert golden.differences(got, want) == [name]
