"""Goal mode: the model chooses the scenario's operations through tools, within guardrails.

The scripted steps stay the reference plan and the fallback; teardown always ends with the
deterministic teardown over what the agent created (docs/goal-mode.md).
"""
