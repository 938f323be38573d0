"""The OData `$filter` subset Microsoft Graph supports on applications and service principals.

Grammar (recursive descent over tokens, so hostile input cannot escape a literal):
    expr    := and ('or' and)*
    and     := unary ('and' unary)*
    unary   := 'not' unary | '(' expr ')' | call | compare
    call    := ('startswith' | 'endswith') '(' path ',' literal ')'
    compare := path ('eq' | 'ne') literal
             | path 'in' '(' literal (',' literal)* ')'
             | path '/any(' var ':' lambda-body ')'
String comparisons are case-insensitive, as directory queries are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Predicate = Callable[[dict[str, Any]], bool]


class FilterError(ValueError):
    """A filter Graph would refuse: `code` is Graph's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class _Token:
    kind: str  # "name", "string", "number", "punct"
    text: str
    pos: int


_KEYWORDS = {"and", "or", "not", "eq", "ne", "in", "true", "false", "null"}
_PUNCT = "(),:"


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in _PUNCT:
            tokens.append(_Token("punct", ch, i))
            i += 1
        elif ch == "'":
            start = i
            i += 1
            chars: list[str] = []
            while True:
                if i >= len(text):
                    raise _syntax(text, start, "unterminated string literal")
                if text[i] == "'":
                    # OData escapes a quote inside a literal by doubling it.
                    if i + 1 < len(text) and text[i + 1] == "'":
                        chars.append("'")
                        i += 2
                        continue
                    i += 1
                    break
                chars.append(text[i])
                i += 1
            tokens.append(_Token("string", "".join(chars), start))
        elif ch.isalnum() or ch in "_-.":
            start = i
            while i < len(text) and (text[i].isalnum() or text[i] in "_-./"):
                i += 1
            word = text[start:i]
            kind = "number" if word.replace(".", "", 1).lstrip("-").isdigit() else "name"
            tokens.append(_Token(kind, word, start))
        else:
            raise _syntax(text, i, f"unexpected character {ch!r}")
    return tokens


def _syntax(text: str, pos: int, why: str) -> FilterError:
    return FilterError(
        "BadRequest", f"Invalid filter clause: Syntax error at position {pos} in '{text}' ({why})."
    )


class _Parser:
    def __init__(self, text: str, allowed: frozenset[str], resource: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0
        self.allowed = {a.lower(): a for a in allowed}
        self.resource = resource

    # -- token helpers ---------------------------------------------------------------------
    def _peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _peek_word(self) -> str | None:
        tok = self._peek()
        return tok.text.lower() if tok is not None and tok.kind == "name" else None

    def _take(self) -> _Token:
        tok = self._peek()
        if tok is None:
            raise _syntax(self.text, len(self.text), "unexpected end of clause")
        self.i += 1
        return tok

    def _expect(self, text: str) -> None:
        tok = self._take()
        if tok.text.lower() != text:
            raise _syntax(self.text, tok.pos, f"expected {text!r}, found {tok.text!r}")

    # -- grammar ---------------------------------------------------------------------------
    def parse(self) -> Predicate:
        if not self.tokens:
            raise _syntax(self.text, 0, "empty clause")
        pred = self._or()
        tok = self._peek()
        if tok is not None:
            raise _syntax(self.text, tok.pos, f"unexpected {tok.text!r}")
        return pred

    def _or(self) -> Predicate:
        parts = [self._and()]
        while self._peek_word() == "or":
            self._take()
            parts.append(self._and())
        if len(parts) == 1:
            return parts[0]
        return lambda doc: any(p(doc) for p in parts)

    def _and(self) -> Predicate:
        parts = [self._unary()]
        while self._peek_word() == "and":
            self._take()
            parts.append(self._unary())
        if len(parts) == 1:
            return parts[0]
        return lambda doc: all(p(doc) for p in parts)

    def _unary(self) -> Predicate:
        tok = self._peek()
        if tok is None:
            raise _syntax(self.text, len(self.text), "unexpected end of clause")
        if tok.kind == "punct" and tok.text == "(":
            self._take()
            inner = self._or()
            self._expect(")")
            return inner
        word = self._peek_word()
        if word == "not":
            self._take()
            inner_not = self._unary()
            return lambda doc: not inner_not(doc)
        if word in ("startswith", "endswith"):
            return self._string_call()
        return self._compare()

    def _string_call(self) -> Predicate:
        func = self._take().text.lower()
        self._expect("(")
        prop = self._property()
        self._expect(",")
        literal = self._literal()
        self._expect(")")
        if not isinstance(literal, str):
            raise FilterError("BadRequest", f"Invalid filter clause: {func} needs a string literal.")
        return lambda doc: _string_test(func, doc.get(prop), literal)

    def _compare(self) -> Predicate:
        tok = self._take()
        if tok.kind != "name" or tok.text.lower() in _KEYWORDS:
            raise _syntax(self.text, tok.pos, f"expected a property, found {tok.text!r}")
        if "/" in tok.text:
            return self._lambda(tok)
        prop = self._resolve(tok.text)
        op = self._take()
        word = op.text.lower()
        if word in ("eq", "ne"):
            literal = self._literal()
            if word == "eq":
                return lambda doc: _equals(doc.get(prop), literal)
            return lambda doc: not _equals(doc.get(prop), literal)
        if word == "in":
            values = self._literal_list()
            return lambda doc: any(_equals(doc.get(prop), v) for v in values)
        raise FilterError(
            "Request_UnsupportedQuery",
            f"Unsupported query: operator '{op.text}' is not supported in this filter clause.",
        )

    def _lambda(self, tok: _Token) -> Predicate:
        path, _, operator = tok.text.partition("/")
        if operator.lower() not in ("any", "all"):
            raise FilterError("Request_UnsupportedQuery", f"Unsupported query: '{tok.text}'.")
        prop = self._resolve(path)
        self._expect("(")
        var = self._take()
        if var.kind != "name":
            raise _syntax(self.text, var.pos, "expected a lambda variable")
        self._expect(":")
        body = self._lambda_body(var.text)
        self._expect(")")
        quantifier = any if operator.lower() == "any" else all

        def test(doc: dict[str, Any]) -> bool:
            items = doc.get(prop) or []
            if not isinstance(items, list):
                return False
            return quantifier(body(item) for item in items)

        return test

    def _lambda_body(self, var: str) -> Callable[[Any], bool]:
        word = self._peek_word()
        if word in ("startswith", "endswith"):
            func = self._take().text.lower()
            self._expect("(")
            self._expect_var(var)
            self._expect(",")
            literal = self._literal()
            self._expect(")")
            return lambda item: _string_test(func, item, literal)
        self._expect_var(var)
        op = self._take().text.lower()
        if op == "in":
            values = self._literal_list()
            return lambda item: any(_equals(item, v) for v in values)
        if op not in ("eq", "ne"):
            raise FilterError("Request_UnsupportedQuery", f"Unsupported query: operator '{op}' in a lambda.")
        literal = self._literal()
        if op == "eq":
            return lambda item: _equals(item, literal)
        return lambda item: not _equals(item, literal)

    def _expect_var(self, var: str) -> None:
        tok = self._take()
        if tok.text != var:
            raise _syntax(self.text, tok.pos, f"expected lambda variable {var!r}")

    def _property(self) -> str:
        tok = self._take()
        if tok.kind != "name":
            raise _syntax(self.text, tok.pos, f"expected a property, found {tok.text!r}")
        return self._resolve(tok.text)

    def _resolve(self, name: str) -> str:
        prop = self.allowed.get(name.lower())
        if prop is None:
            raise FilterError(
                "Request_UnsupportedQuery",
                f"Unsupported or invalid query filter clause specified for property '{name}' "
                f"of resource '{self.resource}'.",
            )
        return prop

    def _literal(self) -> Any:
        tok = self._take()
        if tok.kind == "string":
            return tok.text
        if tok.kind == "number":
            return float(tok.text) if "." in tok.text else int(tok.text)
        word = tok.text.lower()
        if tok.kind == "name" and word in ("true", "false"):
            return word == "true"
        if tok.kind == "name" and word == "null":
            return None
        raise _syntax(self.text, tok.pos, f"expected a literal, found {tok.text!r}")

    def _literal_list(self) -> list[Any]:
        self._expect("(")
        values = [self._literal()]
        while (tok := self._peek()) is not None and tok.text == ",":
            self._take()
            values.append(self._literal())
        self._expect(")")
        return values


def _equals(value: Any, literal: Any) -> bool:
    if isinstance(value, str) and isinstance(literal, str):
        return value.casefold() == literal.casefold()
    return bool(value == literal)


def _string_test(func: str, value: Any, literal: str) -> bool:
    if not isinstance(value, str):
        return False
    if func == "startswith":
        return value.casefold().startswith(literal.casefold())
    return value.casefold().endswith(literal.casefold())


def compile_filter(text: str, allowed: Iterable[str], resource: str) -> Predicate:
    """Compile a `$filter` clause over the given filterable properties, or raise FilterError."""
    return _Parser(text, frozenset(allowed), resource).parse()
