"""Recursive-descent parser for the KQL subset of the emulator's Resource Graph.

Supported (everything else is refused with a KqlError naming the construct):

- tables `Resources` and `ResourceContainers` (table names are case-insensitive, as in Resource
  Graph; a query that starts with an operator reads `Resources`)
- `| where <predicate>`, `| project a, b, c = <expr>`, `| extend c = <expr>`,
  `| order by <expr> [asc|desc] [nulls first|last], ...` (also `sort by`; the default is desc,
  as in KQL), `| take N` / `| limit N`
- expressions: column names (case-sensitive, as in KQL), `col.key`, `col['key']`, `col["key"]`,
  `col[0]`, `['column']`; string literals in single or double quotes with the escapes \\ \\' \\"
  \\n \\r \\t, verbatim @'...' and obfuscated h'...' strings; integers, reals, true/false;
  `==`, `!=`, `=~`, `!~`, `<`, `<=`, `>`, `>=`, `in (...)`, `!in (...)`, `in~ (...)`,
  `!in~ (...)`, `contains`, `startswith`, `endswith` (and their `!` and `_cs` forms), `and`,
  `or`, parentheses; functions `not`, `tostring`, `tolower`, `toupper`, `isempty`,
  `isnotempty`, `isnull`, `isnotnull`.
"""

from __future__ import annotations

from dataclasses import dataclass

from haymaker.emulator.resource_graph.kql.lexer import (
    KqlError,
    KqlErrorKind,
    Token,
    TokenKind,
    tokenize,
    unsupported,
)

TABLES = {"resources": "Resources", "resourcecontainers": "ResourceContainers"}
SUPPORTED_OPERATORS = ("where", "project", "extend", "order", "sort", "take", "limit")
FUNCTIONS = frozenset(
    {"not", "tostring", "tolower", "toupper", "isempty", "isnotempty", "isnull", "isnotnull"}
)
COMPARISONS = frozenset({"==", "!=", "=~", "!~", "<", "<=", ">", ">="})
STRING_OPERATORS = frozenset(
    {
        "contains",
        "!contains",
        "contains_cs",
        "!contains_cs",
        "startswith",
        "!startswith",
        "startswith_cs",
        "!startswith_cs",
        "endswith",
        "!endswith",
        "endswith_cs",
        "!endswith_cs",
    }
)
# KQL string operators this subset leaves out, so that they are named when refused.
OTHER_STRING_OPERATORS = frozenset(
    {
        "has",
        "!has",
        "has_cs",
        "!has_cs",
        "hasprefix",
        "hassuffix",
        "matches",
        "has_any",
        "has_all",
        "between",
        "!between",
        "like",
        "notcontains",
        "notlike",
    }
)
MAX_DEPTH = 64


# -- the syntax tree -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Literal:
    value: str | int | float | bool
    pos: int


@dataclass(frozen=True)
class Column:
    name: str
    pos: int


@dataclass(frozen=True)
class Member:
    """`base.key`, `base['key']` or `base[0]` on a dynamic value."""

    base: Expr
    key: str | int
    pos: int


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Expr, ...]
    pos: int


@dataclass(frozen=True)
class Binary:
    """A comparison (==, =~, <, contains, ...) or a logical `and` / `or`."""

    op: str
    left: Expr
    right: Expr
    pos: int


@dataclass(frozen=True)
class InList:
    value: Expr
    items: tuple[Expr, ...]
    negated: bool
    case_insensitive: bool
    pos: int


Expr = Literal | Column | Member | Call | Binary | InList


@dataclass(frozen=True)
class Where:
    predicate: Expr


@dataclass(frozen=True)
class Assignment:
    """One item of project/extend: `name = expr`, or an expression that names itself."""

    name: str | None
    expr: Expr


@dataclass(frozen=True)
class Project:
    items: tuple[Assignment, ...]


@dataclass(frozen=True)
class Extend:
    items: tuple[Assignment, ...]


@dataclass(frozen=True)
class SortKey:
    expr: Expr
    descending: bool
    nulls_first: bool


@dataclass(frozen=True)
class OrderBy:
    keys: tuple[SortKey, ...]


@dataclass(frozen=True)
class Take:
    count: int


Operator = Where | Project | Extend | OrderBy | Take


@dataclass(frozen=True)
class Query:
    table: str
    operators: tuple[Operator, ...]


def parse_query(text: str) -> Query:
    """Parse a Resource Graph query into a Query, or raise KqlError."""
    return _Parser(tokenize(text)).query()


# -- the parser ----------------------------------------------------------------------------------
class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    # token helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def _next(self) -> Token:
        token = self.tokens[self.i]
        if token.kind != TokenKind.EOF:
            self.i += 1
        return token

    def _peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def _expect_symbol(self, symbol: str, what: str) -> Token:
        if not self.tok.is_symbol(symbol):
            raise self._failure(f"Expected '{symbol}' {what}")
        return self._next()

    def _failure(self, message: str, token: Token | None = None) -> KqlError:
        token = token or self.tok
        found = token.text or token.kind.value
        return KqlError(
            KqlErrorKind.PARSER_FAILURE, f"{message}, found '{found}'", pos=token.pos, token=found
        )

    def _word_at(self) -> tuple[str, int]:
        """An operator name, joining hyphenated ones (project-away, mv-expand) as KQL does."""
        token = self.tok
        if token.kind != TokenKind.IDENT:
            raise self._failure("Expected a query operator after '|'")
        parts = [self._next().text]
        while self._joins_hyphenated_word():
            self._next()
            parts.append(self._next().text)
        return "-".join(parts), token.pos

    def _joins_hyphenated_word(self) -> bool:
        after = self._peek()
        return (
            self.tok.is_symbol("-")
            and not self.tok.spaced
            and after.kind == TokenKind.IDENT
            and not after.spaced
        )

    # grammar
    def query(self) -> Query:
        first = self.tok
        operators: list[Operator] = []
        if first.kind == TokenKind.IDENT and first.text.lower() in TABLES:
            self._next()
            table = TABLES[first.text.lower()]
        elif first.is_word(*SUPPORTED_OPERATORS) and self._peek().kind != TokenKind.EOF:
            # Resource Graph reads Resources when a query starts with an operator.
            table = "Resources"
            operators.append(self._operator())
        elif first.kind == TokenKind.IDENT:
            raise KqlError(
                KqlErrorKind.UNSUPPORTED,
                f"Unsupported KQL: table or operator '{first.text}' (the tables are Resources and "
                "ResourceContainers)",
                pos=first.pos,
                token=first.text,
            )
        else:
            raise self._failure("Expected a table name (Resources or ResourceContainers)")
        while self.tok.is_symbol("|"):
            self._next()
            operators.append(self._operator())
        if self.tok.kind != TokenKind.EOF:
            if self.tok.is_symbol(";"):
                raise unsupported(";", self.tok.pos)
            raise self._failure("Expected '|' or the end of the query")
        return Query(table, tuple(operators))

    def _operator(self) -> Operator:
        name, pos = self._word_at()
        if name not in SUPPORTED_OPERATORS:
            raise unsupported(name, pos)
        if name == "where":
            return Where(self.expression())
        if name == "project":
            return Project(self._assignments())
        if name == "extend":
            return Extend(self._assignments())
        if name in ("order", "sort"):
            if not self.tok.is_word("by"):
                raise self._failure(f"Expected 'by' after '{name}'")
            self._next()
            return OrderBy(self._sort_keys())
        return Take(self._count(name))

    def _assignments(self) -> tuple[Assignment, ...]:
        items = [self._assignment()]
        while self.tok.is_symbol(","):
            self._next()
            items.append(self._assignment())
        return tuple(items)

    def _assignment(self) -> Assignment:
        if self.tok.kind == TokenKind.IDENT and self._peek().is_symbol("="):
            name = self._next().text
            self._next()
            return Assignment(name, self.expression())
        return Assignment(None, self.expression())

    def _sort_keys(self) -> tuple[SortKey, ...]:
        keys = [self._sort_key()]
        while self.tok.is_symbol(","):
            self._next()
            keys.append(self._sort_key())
        return tuple(keys)

    def _sort_key(self) -> SortKey:
        expr = self.expression()
        descending = True
        if self.tok.is_word("asc", "desc"):
            descending = self._next().text == "desc"
        nulls_first = not descending
        if self.tok.is_word("nulls"):
            self._next()
            if not self.tok.is_word("first", "last"):
                raise self._failure("Expected 'first' or 'last' after 'nulls'")
            nulls_first = self._next().text == "first"
        return SortKey(expr, descending, nulls_first)

    def _count(self, name: str) -> int:
        token = self.tok
        if token.kind != TokenKind.INT:
            raise self._failure(f"Expected a row count after '{name}'")
        self._next()
        assert isinstance(token.value, int)
        return token.value

    # expressions, loosest first
    def expression(self) -> Expr:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self._failure(f"Expression nested deeper than {MAX_DEPTH} levels")
        try:
            return self._or()
        finally:
            self.depth -= 1

    def _or(self) -> Expr:
        left = self._and()
        while self.tok.is_word("or"):
            pos = self._next().pos
            left = Binary("or", left, self._and(), pos)
        return left

    def _and(self) -> Expr:
        left = self._comparison()
        while self.tok.is_word("and"):
            pos = self._next().pos
            left = Binary("and", left, self._comparison(), pos)
        return left

    def _comparison(self) -> Expr:
        left = self._postfix()
        token = self.tok
        if token.kind == TokenKind.SYMBOL and token.text in COMPARISONS:
            self._next()
            return Binary(token.text, left, self._postfix(), token.pos)
        word = self._operator_word()
        if word is None:
            return left
        name, pos = word
        if name in ("in", "!in", "in~", "!in~"):
            return self._in_list(left, name, pos)
        if name in STRING_OPERATORS:
            return Binary(name, left, self._postfix(), pos)
        raise unsupported(name, pos)

    def _operator_word(self) -> tuple[str, int] | None:
        """A word operator such as `in`, `!in~`, `contains`, `!startswith_cs`, or None."""
        token = self.tok
        start = self.i
        negated = False
        if token.is_symbol("!") and self._peek().kind == TokenKind.IDENT and not self._peek().spaced:
            negated = True
            self._next()
        word = self.tok
        if word.kind != TokenKind.IDENT:
            self.i = start
            return None
        name = ("!" if negated else "") + word.text
        known = name in STRING_OPERATORS or name in OTHER_STRING_OPERATORS
        if word.text == "in":
            known = True
        if not known:
            self.i = start
            return None
        self._next()
        if self.tok.is_symbol("~") and not self.tok.spaced:
            self._next()
            name += "~"
            if word.text != "in":
                raise unsupported(name, token.pos)
        return name, token.pos

    def _in_list(self, value: Expr, name: str, pos: int) -> Expr:
        self._expect_symbol("(", f"after '{name}'")
        items = [self.expression()]
        while self.tok.is_symbol(","):
            self._next()
            items.append(self.expression())
        self._expect_symbol(")", f"to close the '{name}' list")
        return InList(value, tuple(items), name.startswith("!"), name.endswith("~"), pos)

    def _postfix(self) -> Expr:
        expr = self._primary()
        while True:
            token = self.tok
            if token.is_symbol("."):
                self._next()
                key = self.tok
                if key.kind != TokenKind.IDENT:
                    raise self._failure("Expected a property name after '.'")
                self._next()
                expr = Member(expr, key.text, key.pos)
            elif token.is_symbol("["):
                self._next()
                key = self.tok
                if key.kind not in (TokenKind.STRING, TokenKind.INT):
                    raise self._failure("Expected a quoted key or an index inside '[ ]'")
                self._next()
                self._expect_symbol("]", "to close the index")
                assert isinstance(key.value, (str, int))
                expr = Member(expr, key.value, key.pos)
            elif token.is_symbol("+", "-", "*", "/", "%"):
                raise unsupported(token.text, token.pos)
            else:
                return expr

    def _primary(self) -> Expr:
        token = self.tok
        if token.kind in (TokenKind.STRING, TokenKind.INT, TokenKind.REAL):
            self._next()
            assert token.value is not None
            return Literal(token.value, token.pos)
        if token.is_symbol("("):
            self._next()
            expr = self.expression()
            self._expect_symbol(")", "to close '('")
            return expr
        if token.is_symbol("["):
            # ['column name'] quotes a column name.
            self._next()
            name = self.tok
            if name.kind != TokenKind.STRING:
                raise self._failure("Expected a quoted column name inside '[ ]'")
            self._next()
            self._expect_symbol("]", "to close the column name")
            assert isinstance(name.value, str)
            return Column(name.value, name.pos)
        if token.kind == TokenKind.IDENT:
            self._next()
            if self.tok.is_symbol("("):
                return self._call(token)
            if token.text in ("true", "false"):
                return Literal(token.text == "true", token.pos)
            return Column(token.text, token.pos)
        if token.kind == TokenKind.EOF:
            raise self._failure("Expected an expression")
        if token.kind == TokenKind.SYMBOL and token.text in ("-", "+", "!", "*", "/", "%", "{", "?"):
            raise unsupported(token.text, token.pos)
        raise self._failure("Expected an expression")

    def _call(self, name: Token) -> Expr:
        if name.text not in FUNCTIONS:
            raise unsupported(f"{name.text}()", name.pos)
        self._expect_symbol("(", "after a function name")
        args: list[Expr] = []
        if not self.tok.is_symbol(")"):
            args.append(self.expression())
            while self.tok.is_symbol(","):
                self._next()
                args.append(self.expression())
        self._expect_symbol(")", f"to close '{name.text}('")
        if len(args) != 1:
            raise KqlError(
                KqlErrorKind.SEMANTIC,
                f"Function '{name.text}' expects 1 argument, got {len(args)}",
                pos=name.pos,
                token=name.text,
            )
        return Call(name.text, tuple(args), name.pos)
