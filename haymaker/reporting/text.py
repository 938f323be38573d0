"""Free text at report boundaries: a SecretStr that reaches a report is masked, never unwrapped."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, SecretBytes, SecretStr

MASK = "**********"


def mask_secrets(value: Any) -> Any:
    """Replace a SecretStr/SecretBytes by its mask; anything else passes through unchanged."""
    if isinstance(value, SecretStr | SecretBytes):
        return MASK
    return value


# A str field that accepts a SecretStr and stores only its mask (S8: secrets never reach reports).
SafeText = Annotated[str, BeforeValidator(mask_secrets)]
