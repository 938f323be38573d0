"""Goal mode as the orchestrator and the agent both see it: the mode, the model, the budgets, and
the environment variables that carry them from one to the other (issue 15)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

AgentMode = Literal["steps", "goal"]

# Claude Sonnet 4.5: the model the price table in docs/goal-mode.md is computed for.
DEFAULT_MODEL = "claude-sonnet-4-5"

# The original design's Key Vault secret name for the agents' Anthropic API key.
API_KEY_SECRET = "anthropic-api-key"

# Environment variables the orchestrator sets on a goal-mode agent.
AGENT_MODE_ENV = "HAYMAKER_AGENT_MODE"
MODEL_ENV = "HAYMAKER_GOAL_MODEL"
WAKEUP_OPERATIONS_ENV = "HAYMAKER_GOAL_WAKEUP_OPERATIONS"
RUN_CALLS_ENV = "HAYMAKER_GOAL_RUN_CALLS"
WAKEUP_TOKENS_ENV = "HAYMAKER_GOAL_WAKEUP_TOKENS"
RUN_TOKENS_ENV = "HAYMAKER_GOAL_RUN_TOKENS"
API_KEY_ENV = "ANTHROPIC_API_KEY"
BASE_URL_ENV = "ANTHROPIC_BASE_URL"

# GoalBudget field -> the variable that carries it.
BUDGET_ENV = {
    "wakeup_operations": WAKEUP_OPERATIONS_ENV,
    "run_calls": RUN_CALLS_ENV,
    "wakeup_tokens": WAKEUP_TOKENS_ENV,
    "run_tokens": RUN_TOKENS_ENV,
}


class GoalBudget(BaseModel):
    """Caps on what the model may spend; defaults keep a medium run at a few dollars."""

    model_config = ConfigDict(frozen=True)

    wakeup_operations: int = Field(default=3, ge=1, le=20, description="Tool calls per wakeup")
    run_calls: int = Field(default=300, ge=1, description="Tool calls per agent run")
    wakeup_tokens: int = Field(default=40_000, ge=1_000, description="Input+output tokens per wakeup")
    run_tokens: int = Field(default=600_000, ge=1_000, description="Input+output tokens per agent run")
    max_output_tokens: int = Field(default=1_024, ge=64, description="max_tokens of each request")

    def to_env(self) -> dict[str, str]:
        """The variables an agent reads this budget back from."""
        return {env: str(getattr(self, field)) for field, env in BUDGET_ENV.items()}
