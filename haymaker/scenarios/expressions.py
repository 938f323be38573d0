"""A tiny, safe integer expression language for templates: literals and names joined by + and -.

`{1000+n}` or `{n - 1}` in a scenario step. Deliberately not `eval`: the grammar is
    expr := [sign] term (sign term)*     sign := "+" | "-"     term := digits | name
and names resolve to integers supplied by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*)|([+-]))")


class ExpressionError(ValueError):
    """The text is not a valid integer expression, or names an unknown integer."""


def _terms(expr: str) -> list[tuple[int, str | int]]:
    """(sign, term) pairs; a term is an int literal or a name."""
    pos = 0
    text = expr.rstrip()
    terms: list[tuple[int, str | int]] = []
    sign = 1
    expect_term = True
    saw_sign = False
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ExpressionError(f"invalid expression {expr!r}: unexpected {text[pos:].strip()!r}")
        number, name, op = match.groups()
        pos = match.end()
        if op is not None:
            if not expect_term:
                sign, expect_term, saw_sign = (1 if op == "+" else -1), True, True
            elif not terms and not saw_sign:
                sign, saw_sign = (1 if op == "+" else -1), True
            else:
                raise ExpressionError(f"invalid expression {expr!r}: two operators in a row")
            continue
        if not expect_term:
            raise ExpressionError(f"invalid expression {expr!r}: missing + or - between terms")
        terms.append((sign, int(number) if number is not None else str(name)))
        sign, expect_term, saw_sign = 1, False, False
    if not terms or expect_term:
        raise ExpressionError(f"invalid expression {expr!r}: it must end with a number or a name")
    return terms


def expression_names(expr: str) -> set[str]:
    """The names an expression uses (raises ExpressionError when it is not an expression)."""
    return {term for _, term in _terms(expr) if isinstance(term, str)}


def evaluate(expr: str, values: Mapping[str, int]) -> int:
    """The integer value of `expr` with names taken from `values`."""
    total = 0
    for sign, term in _terms(expr):
        if isinstance(term, str):
            if term not in values:
                raise ExpressionError(f"unknown integer {term!r} in expression {expr!r}")
            value = values[term]
            if isinstance(value, bool) or not isinstance(value, int):
                raise ExpressionError(f"{term!r} is not an integer in expression {expr!r}")
            total += sign * value
        else:
            total += sign * term
    return total
