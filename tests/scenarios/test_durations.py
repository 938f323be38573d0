"""Durations in scenario documents and the agent's environment."""

from __future__ import annotations

import pytest

from haymaker.scenarios.durations import parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45m", 2700),
        ("8h", 28800),
        ("20s", 20),
        ("1h30m", 5400),
        ("90", 90),
        ("2.5s", 2.5),
        ("1d", 86400),
        ("250ms", 0.25),
        (30, 30),
        (1.5, 1.5),
    ],
)
def test_durations_are_seconds(text: str | float, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "5 minutes", "-3s", "m5", "1h-30m", True])
def test_not_a_duration_is_refused_with_the_value_named(text: object) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)  # type: ignore[arg-type]


def test_zero_is_refused_unless_allowed() -> None:
    with pytest.raises(ValueError, match="greater than zero"):
        parse_duration("0s")
    assert parse_duration("0s", allow_zero=True) == 0
