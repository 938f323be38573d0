"""Bearer tokens the emulator issues and reads: HMAC-signed, with an audience and an expiry.

A token is `emu.<base64url JSON claims>.<base64url HMAC-SHA256>`, signed with a key that lives in
the data dir (`token-signing.key`, mode 0600), so a token survives a restart of the same emulator
and nothing else can mint one. As on Entra, a token names its principal (`oid`, `appid`, `tid`)
and the resource it is for (`aud`); a resource refuses a token meant for another
(https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from haymaker.emulator.core.private_files import write_private

KEY_FILE = "token-signing.key"
PREFIX = "emu."
ARM_AUDIENCE = "https://management.azure.com/"
GRAPH_AUDIENCE = "https://graph.microsoft.com"
KEY_VAULT_AUDIENCE = "https://vault.azure.net"
# The resources a scope may name (`<resource>/.default`), and the audience each token carries.
AUDIENCES = {
    "https://management.azure.com": ARM_AUDIENCE,
    "https://management.core.windows.net": ARM_AUDIENCE,
    "https://graph.microsoft.com": GRAPH_AUDIENCE,
    "https://vault.azure.net": KEY_VAULT_AUDIENCE,
}


@dataclass(frozen=True)
class TokenProblem:
    """Why a bearer token was refused."""

    kind: Literal["invalid", "expired"]
    detail: str


def load_or_create_key(data_dir: str | Path) -> bytes:
    """The signing key of the emulator whose state lives in `data_dir` (created on first use)."""
    path = Path(data_dir) / KEY_FILE
    if path.exists():
        return bytes.fromhex(path.read_text().strip())
    key = secrets.token_bytes(32)
    write_private(path, key.hex() + "\n")
    return key


def audience_for_scope(scope: str) -> str | None:
    """The audience of a `<resource>/.default` scope, or None for a resource the emulator lacks."""
    resource = scope.removesuffix("/.default").rstrip("/").lower()
    return AUDIENCES.get(resource)


def issue_token(key: bytes, claims: dict[str, Any], lifetime: int = 3600) -> str:
    now = int(time.time())
    body = {"iat": now, "nbf": now, "exp": now + lifetime, **claims}
    payload = _b64(json.dumps(body, separators=(",", ":"), sort_keys=True).encode())
    return f"{PREFIX}{payload}.{_b64(_sign(key, payload))}"


def read_token(key: bytes, token: str) -> dict[str, Any] | TokenProblem:
    """The claims of a token this emulator signed and that has not expired, or why not."""
    if not token.startswith(PREFIX) or token.count(".") != 2:
        return TokenProblem("invalid", "the token was not issued by this tenant's token endpoint")
    payload, _, signature = token[len(PREFIX) :].partition(".")
    try:
        given = _unb64(signature)
        claims = json.loads(_unb64(payload))
    except (ValueError, json.JSONDecodeError):
        return TokenProblem("invalid", "the token is malformed")
    if not hmac.compare_digest(given, _sign(key, payload)) or not isinstance(claims, dict):
        return TokenProblem("invalid", "the token's signature is invalid")
    if int(claims.get("exp", 0)) <= time.time():
        return TokenProblem("expired", f"the token expired at {claims.get('exp')}")
    return claims


def bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def _sign(key: bytes, payload: str) -> bytes:
    return hmac.new(key, payload.encode(), hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
