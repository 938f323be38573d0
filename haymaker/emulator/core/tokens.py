"""Bearer tokens the emulator issues and reads.

A token is `emu.<base64url JSON claims>`: no signature (nothing here is secret to protect), but
it names the principal so the request log and, later, role checks know who is calling.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

ADMIN_PRINCIPAL = "00000000-0000-0000-0000-00000000a0a0"


def issue_token(claims: dict[str, Any], lifetime: int = 3600) -> str:
    body = dict(claims)
    body.setdefault("exp", int(time.time()) + lifetime)
    raw = json.dumps(body, separators=(",", ":")).encode()
    return "emu." + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def read_token(token: str) -> dict[str, Any]:
    """Claims of an emulator token; any other bearer token is accepted as the admin."""
    if token.startswith("emu."):
        payload = token[4:]
        try:
            raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
            claims = json.loads(raw)
            if isinstance(claims, dict):
                return claims
        except (ValueError, json.JSONDecodeError):
            pass
    return {"oid": ADMIN_PRINCIPAL, "appid": "admin", "admin": True}


def bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()
