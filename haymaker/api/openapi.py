"""The OpenAPI document: served at /openapi.json, kept in docs/openapi.json.

Regenerate the file after changing the API: `python -m haymaker.api.openapi --write docs/openapi.json`
(a test compares the served document with the file).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import SecretStr

from haymaker.api.auth import OPTIONAL_AUTH_OPERATIONS

DOC_PATH = Path("docs") / "openapi.json"
REGENERATE = "python -m haymaker.api.openapi --write docs/openapi.json"
# FastAPI's own validation error shapes: this API answers 400 in its error format instead.
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def _adjusted(document: dict[str, Any]) -> dict[str, Any]:
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            operation.get("responses", {}).pop("422", None)
            if operation.get("operationId") in OPTIONAL_AUTH_OPERATIONS:
                operation["security"] = [{"ApiKey": []}, {}]
    schemas = document.get("components", {}).get("schemas", {})
    for name in _FASTAPI_VALIDATION_SCHEMAS:
        schemas.pop(name, None)
    return document


def install_openapi(app: FastAPI) -> None:
    """Serve the document without FastAPI's 422 answers (validation failures are 400 here)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = _adjusted(document)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def canonical_document() -> dict[str, Any]:
    """The document as docs/openapi.json holds it (default settings; no store is touched)."""
    from haymaker.api.app import create_app
    from haymaker.api.settings import ApiSettings

    # With a key, as deployed; the document does not depend on its value, and nothing is served.
    return create_app(ApiSettings(api_key=SecretStr("document-only"))).openapi()


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print or write the monitoring API's OpenAPI document.")
    parser.add_argument("--write", type=Path, metavar="PATH", help=f"write it to PATH (e.g. {DOC_PATH})")
    args = parser.parse_args(argv)
    text = render(canonical_document())
    if args.write:
        args.write.write_text(text, encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
