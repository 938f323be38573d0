"""The README's emulator example runs as written: sign in as the administrator, make a group."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from haymaker.emulator.server import Emulator

README = Path(__file__).resolve().parents[2] / "README.md"


def _example() -> str:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    (example,) = [b for b in blocks if "ClientSecretCredential" in b and "emulator.json" in b]
    return example


def test_the_readme_example_signs_in_and_creates_a_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with Emulator(data_dir=tmp_path / ".haymaker" / "emulator") as emulator:
        monkeypatch.chdir(tmp_path)
        exec(compile(_example(), "README.md", "exec"), {})
        assert emulator.state.get(
            "arm", f"/subscriptions/{emulator.settings.subscription_id}/resourcegroups/demo-rg"
        )
    assert "demo-rg" in capsys.readouterr().out
