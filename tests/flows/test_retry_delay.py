"""The retries' base delay: a Python caller's parameter, else HAYMAKER_RETRY_DELAY_SECONDS."""

from __future__ import annotations

import pytest

from haymaker.simulation.parameters import retry_delay


def test_a_given_delay_wins() -> None:
    assert retry_delay(0.0, {"HAYMAKER_RETRY_DELAY_SECONDS": "5"}) == 0.0


def test_the_environment_sets_the_delay_of_runs_started_without_it() -> None:
    assert retry_delay(None, {"HAYMAKER_RETRY_DELAY_SECONDS": "0"}) == 0.0


def test_without_either_the_delay_is_one_second() -> None:
    assert retry_delay(None, {}) == 1.0


@pytest.mark.parametrize("raw", ["soon", "-1"])
def test_a_bad_environment_value_is_one_line_naming_the_variable(raw: str) -> None:
    with pytest.raises(ValueError, match="HAYMAKER_RETRY_DELAY_SECONDS must be"):
        retry_delay(None, {"HAYMAKER_RETRY_DELAY_SECONDS": raw})
