"""Render the `{name}` fields of scenario step templates.

Rules (documented for authors in docs/scenarios/SCENARIO_TEMPLATE.md):
- `{name}` is replaced by the value of a variable or of an earlier step (its resource id).
  Names may contain `-` (step ids such as `web-nsg`); a known name always wins.
- Otherwise the template field is an integer expression: literals and integer names joined by
  `+` and `-`, e.g. `{1000+n}` (see haymaker.scenarios.expressions).
- A string that is exactly one template field with an integer value stays an integer in the JSON
  body (`priority: "{1000+n}"` sends `1000`, not `"1000"`); inside longer text it is formatted.
- `{{` and `}}` are literal braces; a `{` with no closing `}` is literal text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from haymaker.scenarios.expressions import ExpressionError, evaluate, expression_names

Value = str | int
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
# A step id or variable name; `n-1` looks like one too, so it is a name only when not arithmetic.
_NAME = re.compile(r"^[a-z_][a-z0-9_]*(?:-[a-z0-9_]+)*$")


class TemplateError(ValueError):
    """A template field names something unknown or is not a valid expression."""


def iter_template_fields(text: str) -> Iterator[str]:
    """The inner text of every template field in `text` (escaped braces excluded)."""
    for match in _PLACEHOLDER.finditer(text):
        if match.group(1) is not None:
            yield match.group(1).strip()


def template_field_names(inner: str, known: set[str]) -> set[str]:
    """Names one template field uses: itself when it is a known name, else its expression's names.

    Raises TemplateError when it is neither a known name nor a valid expression.
    """
    if inner in known:
        return {inner}
    try:
        names = expression_names(inner)
    except ExpressionError as exc:
        if _NAME.match(inner):
            return {inner}
        raise TemplateError(f"unknown variable or invalid expression {{{inner}}}: {exc}") from None
    if not names <= known and _NAME.match(inner):
        return {inner}  # `{hub-vnet}`: an unknown name, not hub minus vnet
    return names


def iter_strings(value: Any) -> Iterator[str]:
    """Every string (keys included) inside a JSON-like value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str):
                yield key
            yield from iter_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from iter_strings(item)


def _resolve(inner: str, values: Mapping[str, Value]) -> Value:
    if inner in values:
        return values[inner]
    ints = {k: v for k, v in values.items() if isinstance(v, int) and not isinstance(v, bool)}
    try:
        names = expression_names(inner)
    except ExpressionError:
        raise TemplateError(f"unknown variable {{{inner}}}") from None
    missing = sorted(names - values.keys())
    if missing and _NAME.match(inner):
        raise TemplateError(f"unknown variable {{{inner}}}")
    if missing:
        raise TemplateError(f"unknown variable {{{missing[0]}}} in {{{inner}}}")
    try:
        return evaluate(inner, ints)
    except ExpressionError as exc:
        raise TemplateError(str(exc)) from None


def render_string(text: str, values: Mapping[str, Value]) -> Value:
    """Render one string; a lone integer template field yields an int (see module rules)."""
    whole = _PLACEHOLDER.fullmatch(text)
    if whole is not None and whole.group(1) is not None:
        return _resolve(whole.group(1).strip(), values)

    def substitute(match: re.Match[str]) -> str:
        if match.group(0) == "{{":
            return "{"
        if match.group(0) == "}}":
            return "}"
        return str(_resolve(match.group(1).strip(), values))

    return _PLACEHOLDER.sub(substitute, text)


def render_text(text: str, values: Mapping[str, Value]) -> str:
    """Render a string and always return text (for ids, paths and names)."""
    return str(render_string(text, values))


def render(value: Any, values: Mapping[str, Value]) -> Any:
    """Render every string in a JSON-like value (dict keys are rendered as text)."""
    if isinstance(value, str):
        return render_string(value, values)
    if isinstance(value, Mapping):
        return {
            render_text(k, values) if isinstance(k, str) else k: render(v, values) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [render(item, values) for item in value]
    return value
