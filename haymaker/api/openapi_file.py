"""docs/openapi.json: the API's OpenAPI document as a file.

Regenerate it after changing the API: `python -m haymaker.api.openapi_file --write docs/openapi.json`
(a test compares the served document with the file).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from haymaker.api.app import create_app
from haymaker.api.settings import ApiSettings

DOC_PATH = Path("docs") / "openapi.json"
REGENERATE = "python -m haymaker.api.openapi_file --write docs/openapi.json"


def canonical_document() -> dict[str, Any]:
    """The document as docs/openapi.json holds it (default settings; no store is touched)."""
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
