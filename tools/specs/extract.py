"""Build haymaker/specs/data/arm_shapes.json: the request-body shapes of exactly the (type,
api-version) pairs the scenario catalog and the product use, reduced to what validation needs.

Source: Azure/bicep-types-az, Microsoft's machine-readable reduction of the
Azure/azure-rest-api-specs swagger (its `generated/<service>/<namespace>/<api-version>/types.json`,
written by autorest.bicep from the specifications; each update names the specs commit it was
built from). It keeps what the swagger says about each body property: name and nesting, type,
required and read-only flags, enum values (closed, or open when the spec marks the enum
extensible), string patterns and lengths, integer bounds. The full azure-rest-api-specs repository
(1.2 GB) is more than this project can fetch; this reduction is the same data, already resolved.

Usage:
    git clone --filter=blob:none https://github.com/Azure/bicep-types-az <dir>
    python tools/specs/extract.py <dir>           # rewrites the data file
    python tools/specs/extract.py <dir> --check   # exit 1 if the data file is stale

The pairs come from the catalog's ARM steps (haymaker.scenarios) plus PRODUCT_PAIRS (what the
orchestrator itself writes). Node encoding (compact, shared per pair, cycles by index):
    ["o", {prop: [flags, node]}, additional-node-or-null]   object
    ["d", discriminator, {prop: [flags, node]}, {value: node}] discriminated object
    ["s", pattern|null, min|null, max|null]                   string
    ["e", [values], open]                                     enum (open: other strings allowed)
    ["i", min|null, max|null]  ["b"]  ["l", node]  ["*"]      integer, boolean, array, any
Flags: 1 required, 2 read-only, 4 write-only (bicep-types' ObjectTypePropertyFlags).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

DATA_FILE = REPO / "haymaker" / "specs" / "data" / "arm_shapes.json"
# What the orchestrator writes besides the scenarios' steps (provisioning, agents' apps).
PRODUCT_PAIRS = (
    ("Microsoft.App/containerApps", "2024-03-01"),
    ("Microsoft.App/managedEnvironments", "2024-03-01"),
    ("Microsoft.ManagedIdentity/userAssignedIdentities", "2023-01-31"),
)
REQUIRED, READ_ONLY, WRITE_ONLY = 1, 2, 4


def catalog_pairs() -> set[tuple[str, str]]:
    """(type, api-version) of every ARM request the catalog's scenarios make."""
    from haymaker.scenarios.catalog import list_available_scenarios, load_scenario
    from haymaker.scenarios.requests import arm_requests

    pairs: set[tuple[str, str]] = set()
    for path in list_available_scenarios():
        for request in arm_requests(load_scenario(path).steps):
            if request.resource_type:
                pairs.add((request.resource_type, request.api_version))
    return pairs


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def _read(repo: Path, path: str) -> str:
    if (repo / path).is_file():
        return (repo / path).read_text(encoding="utf-8")
    return _git(repo, "show", f"HEAD:{path}")


class Reducer:
    """Reduces one types.json's nodes reachable from a body to the compact encoding."""

    def __init__(self, types: list[dict[str, Any]]) -> None:
        self.types = types
        self.nodes: list[Any] = []
        self.index: dict[int, int] = {}

    def ref(self, value: dict[str, Any]) -> int:
        source = int(value["$ref"].split("/")[-1])
        if source in self.index:
            return self.index[source]
        slot = len(self.nodes)
        self.index[source] = slot
        self.nodes.append(None)
        self.nodes[slot] = self._node(self.types[source])
        return slot

    def _props(self, properties: dict[str, Any]) -> dict[str, list[Any]]:
        return {
            name: [int(p.get("flags", 0)) & (REQUIRED | READ_ONLY | WRITE_ONLY), self.ref(p["type"])]
            for name, p in sorted(properties.items())
        }

    def _node(self, t: dict[str, Any]) -> Any:
        kind = t["$type"]
        if kind == "ObjectType":
            extra = t.get("additionalProperties")
            return ["o", self._props(t.get("properties") or {}), self.ref(extra) if extra else None]
        if kind == "DiscriminatedObjectType":
            elements = {value: self.ref(ref) for value, ref in sorted((t.get("elements") or {}).items())}
            return ["d", t["discriminator"], self._props(t.get("baseProperties") or {}), elements]
        if kind == "StringType":
            return ["s", t.get("pattern"), t.get("minLength"), t.get("maxLength")]
        if kind == "StringLiteralType":
            return ["e", [t["value"]], False]
        if kind == "UnionType":
            values, open_ = [], False
            for element in t["elements"]:
                target = self.types[int(element["$ref"].split("/")[-1])]
                if target["$type"] == "StringLiteralType":
                    values.append(target["value"])
                else:
                    open_ = True  # an extensible enum: any string (or another shape) also goes
            return ["e", values, open_] if values else ["*"]
        if kind == "IntegerType":
            return ["i", t.get("minValue"), t.get("maxValue")]
        if kind == "BooleanType":
            return ["b"]
        if kind == "ArrayType":
            return ["l", self.ref(t["itemType"])]
        return ["*"]


def find_files(repo: Path) -> dict[tuple[str, str], list[str]]:
    """(namespace lowercase, api-version) -> types.json paths that may hold it."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in _git(repo, "ls-tree", "-r", "--name-only", "HEAD", "generated/").split():
        parts = path.split("/")
        if len(parts) == 5 and parts[-1] == "types.json":
            found.setdefault((parts[2], parts[3]), []).append(path)
    return found


def extract(repo: Path, pairs: set[tuple[str, str]]) -> dict[str, Any]:
    files = find_files(repo)
    loaded: dict[str, list[dict[str, Any]]] = {}
    shapes: dict[str, Any] = {}
    missing: list[str] = []
    for resource_type, api_version in sorted(pairs, key=lambda p: (p[0].lower(), p[1])):
        key = f"{resource_type}@{api_version}".lower()
        namespace = resource_type.split("/")[0].lower()
        entry = None
        for path in files.get((namespace, api_version), []):
            types = loaded.setdefault(path, json.loads(_read(repo, path)))
            for t in types:
                if t["$type"] == "ResourceType" and t["name"].lower() == key:
                    entry = (path, types, t)
                    break
            if entry:
                break
        if entry is None:
            missing.append(f"{resource_type}@{api_version}")
            continue
        path, types, resource = entry
        reducer = Reducer(types)
        body = reducer.ref(resource["body"])
        shapes[key] = {
            "type": resource["name"].split("@")[0],
            "api_version": api_version,
            "source": path,
            "body": body,
            "nodes": reducer.nodes,
        }
    log = _git(repo, "log", "-1", "--format=%H%n%s")
    commit, subject = log.split("\n", 1)
    return {
        "source": {
            "repository": "https://github.com/Azure/bicep-types-az",
            "commit": commit,
            "subject": subject.strip(),
            "specifications": "https://github.com/Azure/azure-rest-api-specs",
            "license": "MIT (see LICENSE-bicep-types-az beside this file)",
        },
        "missing": missing,
        "shapes": shapes,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("bicep_types_az", type=Path, help="a clone of Azure/bicep-types-az")
    parser.add_argument("--check", action="store_true", help="exit 1 if the data file differs")
    args = parser.parse_args(argv)
    pairs = catalog_pairs() | set(PRODUCT_PAIRS)
    data = extract(args.bicep_types_az, pairs)
    text = json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n"
    if args.check:
        current = DATA_FILE.read_text(encoding="utf-8") if DATA_FILE.exists() else ""
        if current != text:
            print(f"{DATA_FILE} is stale: run tools/specs/extract.py {args.bicep_types_az}", file=sys.stderr)
            return 1
        return 0
    DATA_FILE.parent.mkdir(parents=True, exist_ok=True)
    DATA_FILE.write_text(text, encoding="utf-8")
    print(
        f"{len(data['shapes'])} of {len(pairs)} pairs from {data['source']['commit'][:12]} "
        f"({data['source']['subject']}); missing: {', '.join(data['missing']) or 'none'}; "
        f"{DATA_FILE.stat().st_size:,} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
