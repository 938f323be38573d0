"""The specification data file covers every (type, api-version) pair HayMaker uses, says where it
came from, and the extraction script reduces bicep-types-az's encoding faithfully."""

from __future__ import annotations

import json
from pathlib import Path

from haymaker.specs import shapes
from tools.specs.extract import PRODUCT_PAIRS, Reducer, catalog_pairs, extract

DATA_DIR = Path(shapes.DATA_FILE).parent


def test_every_pair_the_catalog_and_the_product_use_has_a_shape() -> None:
    used = {(t.lower(), v) for t, v in catalog_pairs() | set(PRODUCT_PAIRS)}
    missing = sorted(used - shapes.known_pairs())
    assert missing == [], f"add them with tools/specs/extract.py: {missing}"
    # The number the issue asked about: every pair the 50 scenarios use, plus the product's own.
    print(f"specification data covers {len(used)} of {len(used)} pairs in use")
    assert len({p for p in used if p not in {(t.lower(), v) for t, v in PRODUCT_PAIRS}}) >= 100


def test_the_data_names_its_source_commit_and_license() -> None:
    source = shapes.source()
    assert source["repository"] == "https://github.com/Azure/bicep-types-az"
    assert len(source["commit"]) == 40 and "azure-rest-api-specs" in source["subject"]
    assert "MIT License" in (DATA_DIR / "LICENSE-bicep-types-az").read_text()


def _types_json() -> list[dict[str, object]]:
    """A miniature bicep-types file: a resource with a required enum, a read-only field, a
    patterned string and a recursive object."""
    return [
        {"$type": "StringType"},
        {"$type": "StringLiteralType", "value": "Basic"},
        {"$type": "StringLiteralType", "value": "Premium"},
        {"$type": "UnionType", "elements": [{"$ref": "#/1"}, {"$ref": "#/2"}]},
        {"$type": "UnionType", "elements": [{"$ref": "#/1"}, {"$ref": "#/0"}]},
        {"$type": "StringType", "pattern": "^[a-z]+$", "maxLength": 8},
        {
            "$type": "ObjectType",
            "name": "Node",
            "properties": {"child": {"type": {"$ref": "#/6"}, "flags": 0}},
        },
        {
            "$type": "ObjectType",
            "name": "Widget",
            "properties": {
                "name": {"type": {"$ref": "#/5"}, "flags": 9},
                "tier": {"type": {"$ref": "#/3"}, "flags": 1},
                "mode": {"type": {"$ref": "#/4"}, "flags": 0},
                "state": {"type": {"$ref": "#/0"}, "flags": 2},
                "tree": {"type": {"$ref": "#/6"}, "flags": 0},
            },
        },
        {"$type": "ResourceType", "name": "Contoso.Widgets/widgets@2025-01-01", "body": {"$ref": "#/7"}},
    ]


def test_the_reducer_keeps_flags_closed_and_open_enums_patterns_and_cycles() -> None:
    types = _types_json()
    reducer = Reducer(types)  # type: ignore[arg-type]
    root = reducer.nodes[reducer.ref({"$ref": "#/7"})]
    props = root[1]
    assert props["name"][0] == 1 and props["state"][0] == 2  # deploy-time constant dropped
    assert reducer.nodes[props["tier"][1]] == ["e", ["Basic", "Premium"], False]
    assert reducer.nodes[props["mode"][1]] == ["e", ["Basic"], True]
    assert reducer.nodes[props["name"][1]] == ["s", "^[a-z]+$", None, 8]
    tree = reducer.nodes[props["tree"][1]]
    assert tree[1]["child"][1] == props["tree"][1]  # the recursion is an index, not a copy


def test_extract_reads_a_bicep_types_checkout(tmp_path: Path) -> None:
    import subprocess

    folder = tmp_path / "generated" / "contoso" / "contoso.widgets" / "2025-01-01"
    folder.mkdir(parents=True)
    (folder / "types.json").write_text(json.dumps(_types_json()))
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(tmp_path),
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-qm",
            "Update types from specs",
        ],
        check=True,
    )
    data = extract(
        tmp_path, {("Contoso.Widgets/widgets", "2025-01-01"), ("Contoso.Widgets/gadgets", "2025-01-01")}
    )
    assert list(data["shapes"]) == ["contoso.widgets/widgets@2025-01-01"]
    assert data["missing"] == ["Contoso.Widgets/gadgets@2025-01-01"]
    assert data["source"]["subject"] == "Update types from specs"
