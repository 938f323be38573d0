"""Cutting appends into blocks: pure logic."""

from __future__ import annotations

import pytest

from haymaker.store.blob_paths import split_blocks


def test_data_within_the_limit_is_one_block() -> None:
    assert split_blocks(b"a\nb\n", 10) == [b"a\nb\n"]


def test_blocks_are_cut_after_the_last_newline_in_reach() -> None:
    assert split_blocks(b"aaa\nbbb\nccc\n", 9) == [b"aaa\nbbb\n", b"ccc\n"]


def test_a_line_longer_than_the_limit_is_cut_at_the_limit() -> None:
    assert split_blocks(b"abcdefgh\n", 4) == [b"abcd", b"efgh", b"\n"]


def test_the_pieces_join_back_to_the_data() -> None:
    data = b"".join(f"line {n} {'x' * (n % 17)}\n".encode() for n in range(200))
    pieces = split_blocks(data, 64)
    assert b"".join(pieces) == data
    assert all(0 < len(p) <= 64 for p in pieces)


def test_empty_data_is_no_block() -> None:
    assert split_blocks(b"", 8) == []


def test_a_limit_must_be_positive() -> None:
    with pytest.raises(ValueError):
        split_blocks(b"x", 0)
