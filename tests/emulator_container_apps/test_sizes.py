"""Container Apps sizing rules (pure)."""

from __future__ import annotations

import pytest

from haymaker.emulator.container_apps.sizes import (
    DEDICATED_PROFILE_SIZES,
    consumption_error_message,
    fits_profile,
    is_consumption_size,
    parse_memory_gi,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("4Gi", 4.0), ("0.5Gi", 0.5), ("512Mi", 0.5), ("2", 2.0), (3, 3.0), ("1.0Gi", 1.0)],
)
def test_memory_quantities_parse_to_gibibytes(text: object, expected: float) -> None:
    assert parse_memory_gi(text) == expected


@pytest.mark.parametrize("text", ["lots", "4GB", "", None, True, "-1Gi"])
def test_things_that_are_not_memory_quantities_parse_to_none(text: object) -> None:
    assert parse_memory_gi(text) is None


@pytest.mark.parametrize(("cpu", "memory"), [(0.25, 0.5), (0.5, 1.0), (2.0, 4.0), (4.0, 8.0)])
def test_consumption_accepts_two_gibibytes_per_vcpu_up_to_four_vcpu(cpu: float, memory: float) -> None:
    assert is_consumption_size(cpu, memory)


@pytest.mark.parametrize(("cpu", "memory"), [(2.0, 64.0), (1.0, 1.0), (4.25, 8.5), (0.3, 0.6)])
def test_consumption_refuses_other_combinations(cpu: float, memory: float) -> None:
    assert not is_consumption_size(cpu, memory)


def test_consumption_message_lists_the_allowed_combinations_as_azure_does() -> None:
    message = consumption_error_message(2, 64)
    assert message.startswith(
        "The total requested CPU and memory resources for this application (CPU: 2, memory: 64)"
    )
    assert "[cpu: 0.25, memory: 0.5Gi]; [cpu: 0.5, memory: 1.0Gi]" in message
    assert message.endswith("[cpu: 4.0, memory: 8.0Gi]")


def test_two_vcpu_and_64_gibibytes_need_a_dedicated_node_of_64_gibibytes_or_more() -> None:
    fitting = sorted(name for name, size in DEDICATED_PROFILE_SIZES.items() if fits_profile(size, 2, 64))
    assert fitting == ["D16", "D32", "E16", "E32", "E8"]
