"""Bodies against the specifications' shapes (haymaker.specs.shapes), each rule allowed and
denied, on real pairs of the data file."""

from __future__ import annotations

from haymaker.specs.shapes import check_body

POOL = ("Microsoft.Sql/servers/elasticPools", "2023-08-01")
STORAGE = ("Microsoft.Storage/storageAccounts", "2023-05-01")
CONTAINER = ("Microsoft.Storage/storageAccounts/blobServices/containers", "2023-05-01")
VNET = ("Microsoft.Network/virtualNetworks", "2024-05-01")
GOOD_POOL = {"location": "eastus", "sku": {"name": "BasicPool", "tier": "Basic", "capacity": 50}}


def _errors(pair: tuple[str, str], body: object, method: str = "PUT", name: str | None = None) -> list[str]:
    return [str(i) for i in check_body(*pair, method, body, name) if i.severity == "error"]


def _warnings(pair: tuple[str, str], body: object) -> list[str]:
    return [str(i) for i in check_body(*pair, "PUT", body) if i.severity == "warning"]


def test_a_body_as_the_specification_describes_it_has_no_issues() -> None:
    assert check_body(*POOL, "PUT", GOOD_POOL) == []


def test_a_required_property_missing_from_a_put_is_an_error_naming_it() -> None:
    assert _errors(POOL, {"location": "eastus", "sku": {"tier": "Basic"}}) == [
        "sku.name: is required and missing"
    ]


def test_a_patch_sends_only_what_changes_so_nothing_is_required() -> None:
    assert _errors(POOL, {"sku": {"tier": "Basic"}}, method="PATCH") == []


def test_a_value_outside_a_closed_enum_is_an_error_and_a_wrong_case_is_named() -> None:
    body = {"properties": {"publicAccess": "none"}}
    assert _errors(CONTAINER, body) == [
        "properties.publicAccess: 'none' is not one of ['Container', 'Blob', 'None'] (the specification spells it 'None')"
    ]
    assert _errors(CONTAINER, {"properties": {"publicAccess": "Blob"}}) == []


def test_an_extensible_enum_accepts_values_the_specification_does_not_list() -> None:
    assert (
        _errors(STORAGE, {"location": "eastus", "kind": "StorageV3", "sku": {"name": "Standard_LRS"}}) == []
    )


def test_a_read_only_property_set_is_an_error() -> None:
    body = {"location": "eastus", "properties": {"provisioningState": "Succeeded", "addressSpace": {}}}
    assert _errors(VNET, body) == [
        "properties.provisioningState: is read-only: Azure sets it, a request may not"
    ]


def test_an_unknown_property_is_a_warning_with_the_closest_known_name() -> None:
    assert _warnings(VNET, {"location": "eastus", "properties": {"adressSpace": {}}}) == [
        "properties.adressSpace: not a property the specification knows (did you mean 'addressSpace'?)"
    ]


def test_a_name_that_breaks_the_types_pattern_is_an_error_and_one_that_keeps_it_is_not() -> None:
    body = {"location": "eastus", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}}
    assert _errors(STORAGE, body, name="Docs_Account") == [
        "name: 'Docs_Account' does not match the pattern ^[a-z0-9]+$"
    ]
    assert _errors(STORAGE, body, name="docsaccount") == []


def test_wrong_json_types_are_errors() -> None:
    body = {**GOOD_POOL, "properties": {"zoneRedundant": "no", "perDatabaseSettings": []}}
    assert sorted(_errors(POOL, body)) == [
        "properties.perDatabaseSettings: must be an object, not an array",
        "properties.zoneRedundant: must be a boolean, not a string 'no'",
    ]


def test_values_still_holding_a_template_are_checked_for_structure_only() -> None:
    assert _errors(CONTAINER, {"properties": {"publicAccess": "{access}"}}) == []


def test_a_pair_the_data_file_lacks_answers_nothing() -> None:
    assert check_body("Contoso.Widgets/widgets", "2025-01-01", "PUT", {"anything": 1}) == []
