"""Tokenizer for the KQL subset the emulator's Resource Graph understands.

A real tokenizer (not regexes over the whole query) so that string literals, whatever they
contain, stay one token: quotes, pipes and keywords inside a literal can never become syntax.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class KqlErrorKind(StrEnum):
    """The detail codes Resource Graph uses for a query it refuses."""

    PARSER_FAILURE = "ParserFailure"
    # What ARG answers for a construct it does not allow; the emulator also uses it for KQL
    # it does not implement.
    UNSUPPORTED = "InvalidQueryLanguage"
    SEMANTIC = "SemanticError"


class KqlError(Exception):
    """A query the emulator refuses, with the offending token and where it is."""

    def __init__(self, kind: KqlErrorKind, message: str, *, pos: int = -1, token: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.pos = pos
        self.token = token


def unsupported(construct: str, pos: int = -1) -> KqlError:
    """The error for KQL the emulator does not implement, naming the construct."""
    return KqlError(KqlErrorKind.UNSUPPORTED, f"Unsupported KQL: '{construct}'", pos=pos, token=construct)


class TokenKind(StrEnum):
    IDENT = "identifier"
    STRING = "string"
    INT = "integer"
    REAL = "real"
    SYMBOL = "symbol"
    EOF = "end of query"


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    pos: int
    # The decoded value of a literal (str for strings, int/float for numbers).
    value: str | int | float | None = None
    # True when whitespace or a comment separates this token from the previous one.
    spaced: bool = True

    def is_symbol(self, *texts: str) -> bool:
        return self.kind == TokenKind.SYMBOL and self.text in texts

    def is_word(self, *words: str) -> bool:
        return self.kind == TokenKind.IDENT and self.text in words


# Longest first: the scanner takes the first that matches.
_SYMBOLS = (
    "==",
    "!=",
    "=~",
    "!~",
    "<=",
    ">=",
    "|",
    "(",
    ")",
    "[",
    "]",
    ",",
    ".",
    "=",
    "<",
    ">",
    "!",
    "~",
    "-",
    "+",
    "*",
    "/",
    "%",
    ";",
    ":",
    "{",
    "}",
    "?",
)
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t"}
MAX_QUERY_LENGTH = 64 * 1024


def tokenize(text: str) -> list[Token]:
    """Split a query into tokens; the list always ends with an EOF token."""
    if len(text) > MAX_QUERY_LENGTH:
        raise KqlError(
            KqlErrorKind.PARSER_FAILURE,
            f"The query is {len(text)} characters long; the emulator accepts at most {MAX_QUERY_LENGTH}",
        )
    return _Scanner(text).run()


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.tokens: list[Token] = []
        self.spaced = True

    def run(self) -> list[Token]:
        text = self.text
        while True:
            self._skip_space_and_comments()
            if self.i >= len(text):
                break
            start = self.i
            ch = text[start]
            if ch in "'\"":
                self._string(start, start, verbatim=False)
            elif ch in "@hH" and self._peek(1) in ("'", '"'):
                self._string(start, start + 1, verbatim=ch == "@")
            elif ch in "hH" and self._peek(1) == "@" and self._peek(2) in ("'", '"'):
                self._string(start, start + 2, verbatim=True)
            elif ch == "`":
                raise unsupported("```" if text.startswith("```", start) else "`", start)
            elif ch.isdigit():
                self._number(start)
            elif ch.isalpha() or ch == "_":
                self._identifier(start)
            else:
                self._symbol(start)
            self.spaced = False
        self.tokens.append(Token(TokenKind.EOF, "", len(text), spaced=True))
        return self.tokens

    def _peek(self, offset: int) -> str:
        j = self.i + offset
        return self.text[j] if j < len(self.text) else ""

    def _emit(self, kind: TokenKind, start: int, value: str | int | float | None = None) -> None:
        self.tokens.append(Token(kind, self.text[start : self.i], start, value, self.spaced))

    def _skip_space_and_comments(self) -> None:
        text = self.text
        while self.i < len(text):
            if text[self.i].isspace():
                self.i += 1
                self.spaced = True
            elif text.startswith("//", self.i):
                end = text.find("\n", self.i)
                self.i = len(text) if end < 0 else end
                self.spaced = True
            else:
                return

    def _string(self, start: int, quote_at: int, *, verbatim: bool) -> None:
        text = self.text
        quote = text[quote_at]
        j = quote_at + 1
        out: list[str] = []
        while True:
            if j >= len(text):
                raise KqlError(
                    KqlErrorKind.PARSER_FAILURE,
                    "Unterminated string literal",
                    pos=start,
                    token=text[start : start + 20],
                )
            ch = text[j]
            if ch in "\r\n":
                raise KqlError(
                    KqlErrorKind.PARSER_FAILURE,
                    "A string literal cannot contain a line break; write \\n instead",
                    pos=j,
                    token=text[start:j],
                )
            if ch == quote:
                if verbatim and text[j + 1 : j + 2] == quote:
                    out.append(quote)
                    j += 2
                    continue
                j += 1
                break
            if ch == "\\" and not verbatim:
                nxt = text[j + 1 : j + 2]
                if nxt not in _ESCAPES:
                    raise KqlError(
                        KqlErrorKind.PARSER_FAILURE,
                        f"Unknown escape sequence '\\{nxt}' in a string literal",
                        pos=j,
                        token="\\" + nxt,
                    )
                out.append(_ESCAPES[nxt])
                j += 2
                continue
            out.append(ch)
            j += 1
        self.i = j
        self._emit(TokenKind.STRING, start, "".join(out))

    def _number(self, start: int) -> None:
        text = self.text
        j = start
        while j < len(text) and text[j].isdigit():
            j += 1
        is_real = False
        if j + 1 < len(text) and text[j] == "." and text[j + 1].isdigit():
            is_real = True
            j += 1
            while j < len(text) and text[j].isdigit():
                j += 1
        if j < len(text) and text[j] in "eE":
            k = j + 1
            if k < len(text) and text[k] in "+-":
                k += 1
            if k < len(text) and text[k].isdigit():
                is_real = True
                j = k
                while j < len(text) and text[j].isdigit():
                    j += 1
        if j < len(text) and (text[j].isalpha() or text[j] == "_"):
            # 1d, 5m, 0x1F: timespans and hex literals are not in the subset.
            k = j
            while k < len(text) and (text[k].isalnum() or text[k] == "_"):
                k += 1
            raise unsupported(text[start:k], start)
        self.i = j
        raw = text[start:j]
        if is_real:
            self._emit(TokenKind.REAL, start, float(raw))
        else:
            self._emit(TokenKind.INT, start, int(raw))

    def _identifier(self, start: int) -> None:
        text = self.text
        j = start
        while j < len(text) and (text[j].isalnum() or text[j] == "_"):
            j += 1
        self.i = j
        self._emit(TokenKind.IDENT, start)

    def _symbol(self, start: int) -> None:
        for symbol in _SYMBOLS:
            if self.text.startswith(symbol, start):
                self.i = start + len(symbol)
                self._emit(TokenKind.SYMBOL, start)
                return
        raise KqlError(
            KqlErrorKind.PARSER_FAILURE,
            f"Unexpected character {self.text[start]!r}",
            pos=start,
            token=self.text[start],
        )
