"""What the model may read of a response: everything but secrets.

Three layers, each sufficient for what it covers:
1. actions whose whole purpose is a secret (`listKeys`, `listConnectionStrings`, `regenerateKey`,
   `listSecrets`, `listCredentials`, `getSecret`...) answer only the names of their fields;
2. a field whose name says secret (key, password, secret, connectionString, sas, token,
   credential, signature, `secretText`) has its value replaced;
3. any string that looks like one (`AccountKey=`, `SharedAccessKey=`, a SAS `sig=`, a PEM
   private key, a JWT, a long base64 blob) is replaced wherever it appears.
The agent's own secrets (its client secret, the bus connection string, the API key) are removed
by the caller's redactor on top of this.
"""

from __future__ import annotations

import re
from typing import Any

MASK = "[redacted]"

_SECRET_ACTION = re.compile(
    r"^(list\w*(keys?|secrets?|credentials?|connectionstrings?|sas)|regenerate\w*|getsecrets?|"
    r"listaccountsas|listservicesas|generate\w*(token|sas)\w*)$",
    re.IGNORECASE,
)
_SECRET_NAME = re.compile(
    r"(key|password|passwd|secret|connectionstring|sas|token|credential|signature|pwd)",
    re.IGNORECASE,
)
# Names that contain a secret word but hold no secret (ids, names, URLs, settings).
_HARMLESS_NAME = re.compile(
    r"^(keyvault\w*|key(name|source|type|size|vault\w*|uri|url|id|version|permissions?|creationtime)|"
    r"\w*(keyid|keyname|keyuri|keyurl|keyvaultid|keyvaulturi|keyvaulturl|type|expir\w*|enabled|"
    r"policy|policies|permissions?|lifetime|sizeinbytes))$",
    re.IGNORECASE,
)
_SECRET_VALUES = (
    re.compile(r"(AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd)=[^;\"'\s]+", re.IGNORECASE),
    re.compile(r"([?&]sig=)[^&\"'\s]+", re.IGNORECASE),
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", re.DOTALL),
    re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40,}={1,2}(?![A-Za-z0-9+/=])"),
)


def is_secret_action(action_path: str) -> bool:
    """True for a POST whose action returns secrets (its last path segment)."""
    return bool(_SECRET_ACTION.match(action_path.rstrip("/").rsplit("/", 1)[-1]))


def redact_action_result(action_path: str, result: Any) -> Any:
    """A POST's result as the model may see it."""
    if is_secret_action(action_path):
        fields = sorted(result) if isinstance(result, dict) else []
        return {"redacted": f"{MASK}: this action returns secrets", "fields": fields}
    return redact(result)


def redact(value: Any) -> Any:
    """`value` with every secret-named field and secret-looking string replaced."""
    if isinstance(value, dict):
        return {k: (_mask_field(k, v)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(item) for item in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


def redact_text(text: str) -> str:
    for pattern in _SECRET_VALUES:
        text = pattern.sub(_keep_prefix, text)
    return text


def _mask_field(name: str, value: Any) -> Any:
    if _SECRET_NAME.search(name) and not _HARMLESS_NAME.match(name):
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return MASK
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [MASK for _ in value]
    return redact(value)


def _keep_prefix(match: re.Match[str]) -> str:
    text = match.group(0)
    if "=" in text and not text.endswith("="):
        head = text.split("=", 1)[0]
        return f"{head}={MASK}"
    return MASK
