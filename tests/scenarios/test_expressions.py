"""The tiny integer expression language: + and - over literals and integer names, never eval."""

from __future__ import annotations

import pytest

from haymaker.scenarios.expressions import ExpressionError, evaluate, expression_names


@pytest.mark.parametrize(
    ("expr", "value"),
    [("1000+n", 1003), ("n - 1", 2), ("n", 3), ("-n+10", 7), ("1+2+3-n", 3), (" 7 ", 7)],
)
def test_integer_expressions_evaluate(expr: str, value: int) -> None:
    assert evaluate(expr, {"n": 3}) == value


def test_names_an_expression_uses_are_reported() -> None:
    assert expression_names("1000 + n - offset") == {"n", "offset"}


@pytest.mark.parametrize("expr", ["n*2", "__import__('os')", "n +", "+", "n n", "1 + + 2", "", "n/2", "(n)"])
def test_anything_beyond_plus_and_minus_is_rejected(expr: str) -> None:
    with pytest.raises(ExpressionError):
        evaluate(expr, {"n": 1})


def test_an_unknown_name_is_an_error_naming_it() -> None:
    with pytest.raises(ExpressionError, match="'m'"):
        evaluate("m+1", {"n": 1})


def test_a_non_integer_value_cannot_take_part_in_arithmetic() -> None:
    with pytest.raises(ExpressionError, match="not an integer"):
        evaluate("prefix+1", {"prefix": "hm1234"})  # type: ignore[dict-item]
