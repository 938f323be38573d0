"""Credentials: a static token for the emulator; Entra credentials for Azure."""

from __future__ import annotations

import time
from typing import Any

from azure.core.credentials import AccessToken

EMULATOR_ADMIN_TOKEN = "emulator-admin-token"


class StaticTokenCredential:
    """Hands out one fixed bearer token (the emulator accepts any token as its admin)."""

    def __init__(self, token: str = EMULATOR_ADMIN_TOKEN) -> None:
        self._token = token

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self._token, int(time.time()) + 3600)

    def close(self) -> None:
        return None


class AsyncStaticTokenCredential:
    """The async twin, for msgraph-sdk."""

    def __init__(self, token: str = EMULATOR_ADMIN_TOKEN) -> None:
        self._token = token

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self._token, int(time.time()) + 3600)

    async def close(self) -> None:
        return None

    async def __aenter__(self) -> AsyncStaticTokenCredential:
        return self

    async def __aexit__(self, *args: object) -> None:
        return None
