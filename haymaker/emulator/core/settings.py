"""What a client needs to talk to a running emulator (written to <data-dir>/emulator.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, SecretStr

from haymaker.emulator.core.private_files import write_private

DEFAULT_SUBSCRIPTION_ID = "00000000-0000-4000-8000-00000000c10d"
DEFAULT_TENANT_ID = "00000000-0000-4000-8000-0000000074e7"
SETTINGS_FILE = "emulator.json"
CA_FILE = "ca.pem"


class EmulatorSettings(BaseModel):
    arm_url: str
    graph_url: str
    # The orchestrator's vault: its data-plane URL and its ARM id (role assignments' scope).
    key_vault_url: str
    key_vault_id: str
    authority_url: str
    subscription_id: str
    tenant_id: str
    ca_path: str
    data_dir: str
    # The bootstrap administrator (Owner and Key Vault Administrator on the subscription): the
    # orchestrator, `haymaker setup` and tests sign in with these through ClientSecretCredential.
    admin_client_id: str
    admin_client_secret: SecretStr

    @classmethod
    def load(cls, data_dir: str | Path) -> EmulatorSettings:
        """Read a running emulator's settings from its data dir, or say how to start one."""
        path = Path(data_dir) / SETTINGS_FILE
        if not path.exists():
            raise FileNotFoundError(
                f"No emulator settings at {path}. Start one with "
                f"`haymaker emulator serve --data-dir {data_dir}`."
            )
        return cls.model_validate(json.loads(path.read_text()))

    def save(self) -> Path:
        """Write emulator.json readable by its owner only: it holds the administrator's secret."""
        path = Path(self.data_dir) / SETTINGS_FILE
        body = self.model_dump(mode="json")
        body["admin_client_secret"] = self.admin_client_secret.get_secret_value()
        return write_private(path, json.dumps(body, indent=2) + "\n")

    def public(self) -> dict[str, Any]:
        """The settings without the administrator's secret (health endpoint, CLI output)."""
        return self.model_dump(mode="json", exclude={"admin_client_secret"})
