"""Evaluate a parsed KQL query over in-memory rows, with KQL's types and null rules.

Every expression is bound against the schema before any row is read, so an unknown column or a
type mismatch is refused even when the table is empty (as Resource Graph does). Nulls follow KQL:
`null == x` is false, `null != x` is true, `null == null` is null, `where` drops rows whose
predicate is null, and `and`/`or` are three-valued. String operators (=~, in, contains, ...)
read a dynamic value as `tostring()` does, so a missing tag reads as "".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from haymaker.emulator.resource_graph.kql.lexer import KqlError, KqlErrorKind
from haymaker.emulator.resource_graph.kql.parser import (
    Assignment,
    Binary,
    Call,
    Column,
    Expr,
    Extend,
    InList,
    Literal,
    Member,
    OrderBy,
    Project,
    Query,
    Take,
    Where,
)


class KqlType(StrEnum):
    STRING = "string"
    LONG = "long"
    REAL = "real"
    BOOL = "bool"
    DYNAMIC = "dynamic"


Row = dict[str, Any]
Schema = dict[str, KqlType]
Getter = Callable[[Row], Any]

_NUMERIC = (KqlType.LONG, KqlType.REAL)
_TEXTUAL = (KqlType.STRING, KqlType.DYNAMIC)


@dataclass(frozen=True)
class Table:
    """A table's columns (in order) and its rows."""

    schema: Schema
    rows: Sequence[Row]


@dataclass(frozen=True)
class Result:
    schema: Schema
    rows: list[Row]


@dataclass(frozen=True)
class _Bound:
    type: KqlType
    get: Getter


def evaluate(query: Query, tables: Mapping[str, Table]) -> Result:
    """Run a parsed query over `tables` (keyed by canonical table name)."""
    table = tables.get(query.table)
    if table is None:
        raise KqlError(KqlErrorKind.SEMANTIC, f"Table '{query.table}' is not available", token=query.table)
    schema: Schema = dict(table.schema)
    steps: list[Callable[[list[Row]], list[Row]]] = []
    for operator in query.operators:
        step, schema = _bind_operator(operator, schema)
        steps.append(step)
    rows = [dict(row) for row in table.rows]
    for step in steps:
        rows = step(rows)
    return Result(schema, [{name: row.get(name) for name in schema} for row in rows])


# -- operators -----------------------------------------------------------------------------------
def _bind_operator(
    operator: Where | Project | Extend | OrderBy | Take, schema: Schema
) -> tuple[Callable[[list[Row]], list[Row]], Schema]:
    if isinstance(operator, Where):
        predicate = _bind(operator.predicate, schema)
        if predicate.type not in (KqlType.BOOL, KqlType.DYNAMIC):
            raise _semantic(
                f"The 'where' predicate must be a boolean expression, not {predicate.type}",
                operator.predicate,
            )
        return (lambda rows: [r for r in rows if predicate.get(r) is True]), schema
    if isinstance(operator, Project):
        bound = _bind_assignments(operator.items, schema, "project")
        new_schema = {name: b.type for name, b in bound}
        return (lambda rows: [{name: b.get(r) for name, b in bound} for r in rows]), new_schema
    if isinstance(operator, Extend):
        bound = _bind_assignments(operator.items, schema, "extend")
        new_schema = dict(schema)
        for name, b in bound:
            new_schema[name] = b.type

        def extend(rows: list[Row]) -> list[Row]:
            # Each new column sees the row as it was before this extend, as in KQL.
            return [{**r, **{name: b.get(r) for name, b in bound}} for r in rows]

        return extend, new_schema
    if isinstance(operator, OrderBy):
        keys = [(_bind(k.expr, schema), k.descending, k.nulls_first) for k in operator.keys]
        return (lambda rows: _sort(rows, keys)), schema
    count = operator.count
    return (lambda rows: rows[:count]), schema


def _bind_assignments(items: Sequence[Assignment], schema: Schema, operator: str) -> list[tuple[str, _Bound]]:
    bound: list[tuple[str, _Bound]] = []
    seen: set[str] = set()
    unnamed = 0
    for item in items:
        name = item.name or _derived_name(item.expr)
        if name is None:
            unnamed += 1
            name = f"Column{unnamed}"
        if name in seen:
            raise _semantic(f"'{operator}' names the column '{name}' twice", item.expr)
        seen.add(name)
        bound.append((name, _bind(item.expr, schema)))
    return bound


def _derived_name(expr: Expr) -> str | None:
    """The column name KQL gives an unnamed expression: `properties.a.b` -> properties_a_b."""
    if isinstance(expr, Column):
        return expr.name
    if isinstance(expr, Member):
        base = _derived_name(expr.base)
        if base is None:
            return None
        return f"{base}_{re.sub(r'[^A-Za-z0-9_]', '_', str(expr.key))}"
    if isinstance(expr, Call) and expr.args:
        return _derived_name(expr.args[0])
    return None


def _sort(rows: list[Row], keys: list[tuple[_Bound, bool, bool]]) -> list[Row]:
    # Stable sorts from the least significant key to the most significant one.
    for bound, descending, nulls_first in reversed(keys):
        values = [(bound.get(r), r) for r in rows]
        present = [(v, r) for v, r in values if v is not None]
        missing = [r for v, r in values if v is None]
        present.sort(key=lambda pair: _sort_key(pair[0]), reverse=descending)
        ordered = [r for _, r in present]
        rows = missing + ordered if nulls_first else ordered + missing
    return rows


def _sort_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, (int, float)):
        return (0, value)
    if isinstance(value, str):
        return (1, value)
    return (2, json.dumps(value, sort_keys=True))


# -- expressions ---------------------------------------------------------------------------------
def _bind(expr: Expr, schema: Schema) -> _Bound:
    if isinstance(expr, Literal):
        return _bind_literal(expr)
    if isinstance(expr, Column):
        if expr.name not in schema:
            raise _semantic(f"Failed to resolve scalar expression named '{expr.name}'", expr)
        name = expr.name
        return _Bound(schema[name], lambda r: r.get(name))
    if isinstance(expr, Member):
        return _bind_member(expr, schema)
    if isinstance(expr, Call):
        return _bind_call(expr, schema)
    if isinstance(expr, InList):
        return _bind_in(expr, schema)
    if expr.op in ("and", "or"):
        return _bind_logical(expr, schema)
    return _bind_comparison(expr, schema)


def _bind_literal(expr: Literal) -> _Bound:
    value = expr.value
    if isinstance(value, bool):
        kind = KqlType.BOOL
    elif isinstance(value, int):
        kind = KqlType.LONG
    elif isinstance(value, float):
        kind = KqlType.REAL
    else:
        kind = KqlType.STRING
    return _Bound(kind, lambda r: value)


def _bind_member(expr: Member, schema: Schema) -> _Bound:
    base = _bind(expr.base, schema)
    if base.type != KqlType.DYNAMIC:
        raise _semantic(
            f"Cannot read '{expr.key}' from a {base.type} value; only dynamic values have members",
            expr,
        )
    key = expr.key

    def get(r: Row) -> Any:
        value = base.get(r)
        if isinstance(key, str) and isinstance(value, dict):
            return value.get(key)
        if isinstance(key, int) and isinstance(value, list) and -len(value) <= key < len(value):
            return value[key]
        return None

    return _Bound(KqlType.DYNAMIC, get)


def _bind_call(expr: Call, schema: Schema) -> _Bound:
    arg = _bind(expr.args[0], schema)
    name = expr.name
    if name == "not":
        _require(arg, (KqlType.BOOL, KqlType.DYNAMIC), "not()", expr)
        return _Bound(KqlType.BOOL, lambda r: _not(arg.get(r)))
    if name == "tostring":
        return _Bound(KqlType.STRING, lambda r: to_string(arg.get(r)))
    if name == "tolower":
        _require(arg, _TEXTUAL, "tolower()", expr)
        return _Bound(KqlType.STRING, lambda r: to_string(arg.get(r)).lower())
    if name == "toupper":
        _require(arg, _TEXTUAL, "toupper()", expr)
        return _Bound(KqlType.STRING, lambda r: to_string(arg.get(r)).upper())
    if name in ("isempty", "isnotempty"):
        empty = name == "isempty"
        return _Bound(KqlType.BOOL, lambda r: (arg.get(r) in (None, "")) == empty)
    null = name == "isnull"
    return _Bound(KqlType.BOOL, lambda r: (arg.get(r) is None) == null)


def _bind_logical(expr: Binary, schema: Schema) -> _Bound:
    left = _bind(expr.left, schema)
    right = _bind(expr.right, schema)
    for side, node in ((left, expr.left), (right, expr.right)):
        _require(side, (KqlType.BOOL, KqlType.DYNAMIC), f"'{expr.op}'", node)
    if expr.op == "and":
        return _Bound(KqlType.BOOL, lambda r: _and(left.get(r), lambda: right.get(r)))
    return _Bound(KqlType.BOOL, lambda r: _or(left.get(r), lambda: right.get(r)))


def _bind_comparison(expr: Binary, schema: Schema) -> _Bound:
    left = _bind(expr.left, schema)
    right = _bind(expr.right, schema)
    op = expr.op
    if op in ("==", "!="):
        _require_comparable(left, right, op, expr)
        negate = op == "!="
        return _Bound(KqlType.BOOL, lambda r: _equals(left.get(r), right.get(r), negate))
    if op in ("=~", "!~"):
        _require(left, _TEXTUAL, f"'{op}'", expr.left)
        _require(right, _TEXTUAL, f"'{op}'", expr.right)
        negate = op == "!~"
        return _Bound(
            KqlType.BOOL,
            lambda r: (to_string(left.get(r)).lower() == to_string(right.get(r)).lower()) != negate,
        )
    if op in ("<", "<=", ">", ">="):
        numeric = (*_NUMERIC, KqlType.DYNAMIC)
        _require(left, numeric, f"'{op}'", expr.left)
        _require(right, numeric, f"'{op}'", expr.right)
        return _Bound(KqlType.BOOL, lambda r: _order(left.get(r), right.get(r), op))
    return _bind_string_operator(expr, left, right)


def _bind_string_operator(expr: Binary, left: _Bound, right: _Bound) -> _Bound:
    op = expr.op
    _require(left, _TEXTUAL, f"'{op}'", expr.left)
    _require(right, _TEXTUAL, f"'{op}'", expr.right)
    negate = op.startswith("!")
    base = op.lstrip("!")
    case_sensitive = base.endswith("_cs")
    test: Callable[[str, str], bool] = {
        "contains": lambda a, b: b in a,
        "startswith": lambda a, b: a.startswith(b),
        "endswith": lambda a, b: a.endswith(b),
    }[base.removesuffix("_cs")]

    def get(r: Row) -> bool:
        a, b = to_string(left.get(r)), to_string(right.get(r))
        if not case_sensitive:
            a, b = a.lower(), b.lower()
        return test(a, b) != negate

    return _Bound(KqlType.BOOL, get)


def _bind_in(expr: InList, schema: Schema) -> _Bound:
    value = _bind(expr.value, schema)
    items = [_bind(item, schema) for item in expr.items]
    textual = all(item.type == KqlType.STRING for item in items)
    if expr.case_insensitive or textual:
        _require(value, _TEXTUAL, "'in'", expr.value)
        for item, node in zip(items, expr.items, strict=True):
            _require(item, _TEXTUAL, "'in'", node)
        fold = expr.case_insensitive

        def get_text(r: Row) -> bool:
            needle = to_string(value.get(r))
            candidates = [to_string(item.get(r)) for item in items]
            if fold:
                needle, candidates = needle.lower(), [c.lower() for c in candidates]
            return (needle in candidates) != expr.negated

        return _Bound(KqlType.BOOL, get_text)
    for item, node in zip(items, expr.items, strict=True):
        _require_comparable(value, item, "in", Binary("in", expr.value, node, expr.pos))

    def get_value(r: Row) -> bool:
        v = value.get(r)
        found = any(_equals(v, item.get(r), False) is True for item in items)
        return found != expr.negated

    return _Bound(KqlType.BOOL, get_value)


# -- values --------------------------------------------------------------------------------------
def to_string(value: Any) -> str:
    """KQL tostring(): null -> "", dynamic -> compact JSON, booleans lowercase."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, separators=(",", ":"))


def _not(value: Any) -> bool | None:
    return None if not isinstance(value, bool) else not value


def _and(left: Any, right: Callable[[], Any]) -> bool | None:
    if left is False:
        return False
    other = right()
    if other is False:
        return False
    if left is True and other is True:
        return True
    return None


def _or(left: Any, right: Callable[[], Any]) -> bool | None:
    if left is True:
        return True
    other = right()
    if other is True:
        return True
    if left is False and other is False:
        return False
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _equals(a: Any, b: Any, negate: bool) -> bool | None:
    if a is None and b is None:
        return None
    if a is None or b is None:
        return negate
    both_numbers = _is_number(a) and _is_number(b)
    both_containers = isinstance(a, (dict, list)) and isinstance(b, (dict, list))
    # bool is an int in Python but not in KQL: true == 1 is false.
    same = a == b if both_numbers or both_containers or type(a) is type(b) else False
    return same != negate


def _order(a: Any, b: Any, op: str) -> bool | None:
    if not (_is_number(a) and _is_number(b)):
        return None
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    return bool(a >= b)


# -- type checks ---------------------------------------------------------------------------------
def _require(bound: _Bound, allowed: Sequence[KqlType], where: str, node: Expr) -> None:
    if bound.type not in allowed:
        names = " or ".join(t.value for t in allowed)
        raise _semantic(f"{where} expects {names}, got {bound.type}", node)


def _require_comparable(left: _Bound, right: _Bound, op: str, node: Expr) -> None:
    kinds = {left.type, right.type}
    if KqlType.DYNAMIC in kinds or len(kinds) == 1 or kinds <= set(_NUMERIC):
        return
    raise _semantic(f"Cannot compare values of types {left.type} and {right.type} with '{op}'", node)


def _semantic(message: str, node: Expr) -> KqlError:
    token = node.name if isinstance(node, Column) else ""
    return KqlError(KqlErrorKind.SEMANTIC, message, pos=node.pos, token=token)
