"""Sample values scenario checks render templates with: a realistic run, never a real one."""

from __future__ import annotations

_SAMPLE_SUB = "00000000-0000-4000-8000-000000000001"
SAMPLE_VALUES: dict[str, str | int] = {
    "subscription_id": _SAMPLE_SUB,
    "tenant_id": "00000000-0000-4000-8000-000000000002",
    "resource_group": "haymaker-00000000-sample",
    "rg_id": f"/subscriptions/{_SAMPLE_SUB}/resourceGroups/haymaker-00000000-sample",
    "location": "eastus",
    "prefix": "hm00000000",
    "run_id": "00000000-0000-4000-8000-000000000000",
    "run8": "00000000",
    "scenario": "sample",
}
