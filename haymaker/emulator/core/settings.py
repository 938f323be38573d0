"""What a client needs to talk to a running emulator (written to <data-dir>/emulator.json)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

DEFAULT_SUBSCRIPTION_ID = "00000000-0000-4000-8000-00000000c10d"
DEFAULT_TENANT_ID = "00000000-0000-4000-8000-0000000074e7"
SETTINGS_FILE = "emulator.json"
CA_FILE = "ca.pem"


class EmulatorSettings(BaseModel):
    arm_url: str
    graph_url: str
    key_vault_url: str
    authority_url: str
    subscription_id: str
    tenant_id: str
    ca_path: str
    data_dir: str

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
        path = Path(self.data_dir) / SETTINGS_FILE
        path.write_text(self.model_dump_json(indent=2) + "\n")
        return path
