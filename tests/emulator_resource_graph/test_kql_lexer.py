"""The KQL tokenizer: literals stay single tokens whatever they contain."""

from __future__ import annotations

import pytest

from haymaker.emulator.resource_graph.kql.lexer import KqlError, KqlErrorKind, TokenKind, tokenize


def kinds_and_texts(query: str) -> list[tuple[TokenKind, str]]:
    return [(t.kind, t.text) for t in tokenize(query)]


def test_a_simple_query_splits_into_words_symbols_and_literals() -> None:
    assert kinds_and_texts("Resources | where name == 'vm1'") == [
        (TokenKind.IDENT, "Resources"),
        (TokenKind.SYMBOL, "|"),
        (TokenKind.IDENT, "where"),
        (TokenKind.IDENT, "name"),
        (TokenKind.SYMBOL, "=="),
        (TokenKind.STRING, "'vm1'"),
        (TokenKind.EOF, ""),
    ]


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        (r"'it\'s'", "it's"),
        (r'"say \"hi\""', 'say "hi"'),
        (r"'back\\slash'", "back\\slash"),
        (r"'tab\there'", "tab\there"),
        (r"'line\nbreak'", "line\nbreak"),
        ("'double \" inside single'", 'double " inside single'),
        ("@'C:\\path\\'", "C:\\path\\"),
        ("@'it''s'", "it's"),
        ("h'hidden'", "hidden"),
    ],
)
def test_string_literals_decode_their_escapes(literal: str, value: str) -> None:
    token = tokenize(literal)[0]
    assert token.kind == TokenKind.STRING
    assert token.value == value


def test_pipes_quotes_and_keywords_inside_a_literal_stay_in_the_literal() -> None:
    tokens = tokenize(r"Resources | where name == 'x\' | summarize count() | where \'1\'==\'1'")
    strings = [t for t in tokens if t.kind == TokenKind.STRING]
    assert len(strings) == 1
    assert strings[0].value == "x' | summarize count() | where '1'=='1"
    assert [t.text for t in tokens if t.is_symbol("|")] == ["|"]


def test_comments_are_skipped() -> None:
    assert kinds_and_texts("Resources // all of them\n| take 1") == [
        (TokenKind.IDENT, "Resources"),
        (TokenKind.SYMBOL, "|"),
        (TokenKind.IDENT, "take"),
        (TokenKind.INT, "1"),
        (TokenKind.EOF, ""),
    ]


def test_numbers_are_integers_or_reals() -> None:
    tokens = tokenize("42 4.5 1e3")
    assert [(t.kind, t.value) for t in tokens[:3]] == [
        (TokenKind.INT, 42),
        (TokenKind.REAL, 4.5),
        (TokenKind.REAL, 1000.0),
    ]


def test_an_unterminated_string_is_a_parser_failure() -> None:
    with pytest.raises(KqlError) as caught:
        tokenize("Resources | where name == 'open")
    assert caught.value.kind == KqlErrorKind.PARSER_FAILURE
    assert caught.value.pos == 26


def test_a_raw_line_break_inside_a_string_is_refused() -> None:
    with pytest.raises(KqlError, match="line break"):
        tokenize("Resources | where name == 'a\n| take 1'")


def test_an_unknown_escape_is_refused() -> None:
    with pytest.raises(KqlError, match=r"escape sequence '\\q'"):
        tokenize(r"'\q'")


def test_multi_line_string_literals_are_named_as_unsupported() -> None:
    with pytest.raises(KqlError) as caught:
        tokenize("Resources | where name == ```x```")
    assert caught.value.kind == KqlErrorKind.UNSUPPORTED
    assert caught.value.token == "```"


def test_timespan_literals_are_named_as_unsupported() -> None:
    with pytest.raises(KqlError, match="Unsupported KQL: '1d'"):
        tokenize("Resources | where x > 1d")


def test_an_unexpected_character_is_a_parser_failure() -> None:
    with pytest.raises(KqlError) as caught:
        tokenize("Resources | where name == 'a' #")
    assert caught.value.kind == KqlErrorKind.PARSER_FAILURE
    assert caught.value.token == "#"
