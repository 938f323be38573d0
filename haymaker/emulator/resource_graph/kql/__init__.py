"""The KQL subset Resource Graph queries use: `lexer` -> `parser` -> `evaluator`."""
