"""The number and name checks (briefing/checks.py) on the forms a translation or a summary may take: a
Chinese unit in English digits, a spaced percent sign, a Chinese date written with a space, a possessive
name."""

from __future__ import annotations

import pytest

from briefing.checks import number_mismatches, renders_name


@pytest.mark.parametrize(
    ("source", "target", "missing"),
    [
        ("增长12万人", "grew by 120,000 people", []),  # 万 in digits
        ("增长12万人", "grew by 12,000 people", ["12万"]),
        ("增长3亿元", "rose to 300 million yuan", []),  # 亿 in words
        ("增长15%", "grew 15 %", []),  # a space before the sign
        ("增长15%", "grew 5 %", ["15%"]),
        ("7月8日发布", "7月 8日，国务院发布", []),  # a summary's Chinese with a space in the date
        ("7月8日发布", "7月 9日，国务院发布", ["7月8日"]),
    ],
)
def test_number_forms(source, target, missing):
    assert number_mismatches(source, target) == missing


def test_a_possessive_dictionary_form_is_found_without_its_s():
    assert renders_name("Wu's", "Wu said the shop would open.")
    assert renders_name("Wu's", "Wu's shop opened.")
    assert not renders_name("Wu's", "The shop opened.")
