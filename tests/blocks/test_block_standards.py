"""Prefect's own standard test suite for every HayMaker block type."""

from __future__ import annotations

import pytest
from prefect.blocks.core import Block
from prefect.testing.standard_test_suites import BlockStandardTestSuite

from blocks import BLOCK_TYPES


@pytest.mark.parametrize("block_type", BLOCK_TYPES, ids=lambda b: b.get_block_type_slug())
class TestHayMakerBlocks(BlockStandardTestSuite):
    @pytest.fixture
    def block(self, block_type: type[Block]) -> type[Block]:
        return block_type


def test_the_blocks_module_offers_exactly_the_four_haymaker_block_types() -> None:
    import inspect

    import blocks

    found = {cls.get_block_type_slug() for _, cls in inspect.getmembers(blocks) if Block.is_block_class(cls)}
    assert found == {"haymaker-target", "haymaker-event-bus", "haymaker-report-store", "haymaker-settings"}
