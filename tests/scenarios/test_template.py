"""Rendering the `{name}` fields of step templates."""

from __future__ import annotations

import pytest

from haymaker.scenarios.template import TemplateError, render, render_string, render_text

VALUES: dict[str, str | int] = {
    "rg_id": "/subscriptions/s/resourceGroups/rg",
    "prefix": "hm12345678",
    "web-nsg": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/x",
    "n": 4,
}


def test_variables_are_substituted_inside_text() -> None:
    rendered = render_text("{rg_id}/providers/Microsoft.Network/virtualNetworks/{prefix}-vnet", VALUES)
    assert (
        rendered
        == "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hm12345678-vnet"
    )


def test_step_ids_with_dashes_are_names_not_subtraction() -> None:
    assert render_text("{web-nsg}/securityRules/r", VALUES).endswith(
        "networkSecurityGroups/x/securityRules/r"
    )


def test_a_lone_integer_template_field_stays_an_integer() -> None:
    assert render({"priority": "{1000+n}", "label": "rule-{n}"}, VALUES) == {
        "priority": 1004,
        "label": "rule-4",
    }


def test_arithmetic_inside_text_is_formatted() -> None:
    assert render_string("rule-{n-1}", VALUES) == "rule-3"


def test_nested_bodies_and_keys_are_rendered() -> None:
    body = {"tags": {"{prefix}": ["{n}", {"id": "{web-nsg}"}]}, "count": 3, "flag": True}
    assert render(body, VALUES) == {
        "tags": {"hm12345678": [4, {"id": VALUES["web-nsg"]}]},
        "count": 3,
        "flag": True,
    }


def test_double_braces_are_literal_braces() -> None:
    assert render_text("{{not-a-variable}} {prefix}", VALUES) == "{not-a-variable} hm12345678"


def test_an_unknown_variable_is_an_error_naming_it() -> None:
    with pytest.raises(TemplateError, match=r"\{vnet\}"):
        render_text("{vnet}/subnets/a", VALUES)


def test_an_unknown_name_inside_arithmetic_is_an_error_naming_it() -> None:
    with pytest.raises(TemplateError, match=r"\{m\}"):
        render_text("{m+1}", VALUES)
