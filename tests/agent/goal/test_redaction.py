"""What the model may read of a response: the redaction rules, one each."""

from __future__ import annotations

import base64
import os

from haymaker.agent.goal.redaction import MASK, redact, redact_action_result

KEY = base64.b64encode(os.urandom(64)).decode()


def test_secret_named_fields_are_masked() -> None:
    result = redact({"properties": {"adminPassword": "hunter2hunter2", "secretText": "abc", "sasToken": "x"}})
    assert result == {"properties": {"adminPassword": MASK, "secretText": MASK, "sasToken": MASK}}


def test_names_that_only_mention_a_key_are_kept() -> None:
    document = {
        "keyName": "key1",
        "keyVaultUri": "https://v.vault.azure.net/",
        "keySource": "Microsoft.Storage",
    }
    assert redact(document) == document


def test_a_connection_string_keeps_everything_but_its_key() -> None:
    text = f"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={KEY};EndpointSuffix=core.windows.net"
    redacted = redact({"value": text})["value"]
    assert KEY not in redacted and "AccountName=acct" in redacted and "EndpointSuffix" in redacted


def test_a_sas_signature_is_removed_from_a_url() -> None:
    url = "https://acct.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=AbCd%2Bef%3D&se=2026-12-04"
    redacted = redact({"url": url})["url"]
    assert "AbCd" not in redacted and "sv=2022-11-02" in redacted


def test_a_long_base64_value_is_removed_wherever_it_is() -> None:
    assert KEY not in str(redact({"anything": [f"prefix {KEY} suffix"]}))


def test_a_private_key_and_a_jwt_are_removed() -> None:
    pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
    redacted = str(redact({"a": pem, "b": f"Bearer {jwt}"}))
    assert "MIIEow" not in redacted and jwt not in redacted


def test_secret_actions_answer_only_their_field_names() -> None:
    result = redact_action_result(
        "/x/providers/Microsoft.Storage/storageAccounts/a/listKeys", {"keys": [{"value": KEY}]}
    )
    assert KEY not in str(result) and result["fields"] == ["keys"]


def test_other_actions_are_redacted_field_by_field() -> None:
    result = redact_action_result(
        "/x/providers/Microsoft.Web/sites/a/restart", {"status": "ok", "password": "p"}
    )
    assert result == {"status": "ok", "password": MASK}
