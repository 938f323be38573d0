"""What a goal-mode agent needs: the model, its key, and the budgets that bound it."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, SecretStr

# Claude Sonnet 4.5: the model the price table in docs/goal-mode.md is computed for.
DEFAULT_MODEL = "claude-sonnet-4-5"

# Environment variables the orchestrator sets on a goal-mode agent (and their defaults below).
MODEL_ENV = "HAYMAKER_GOAL_MODEL"
WAKEUP_OPERATIONS_ENV = "HAYMAKER_GOAL_WAKEUP_OPERATIONS"
RUN_CALLS_ENV = "HAYMAKER_GOAL_RUN_CALLS"
WAKEUP_TOKENS_ENV = "HAYMAKER_GOAL_WAKEUP_TOKENS"
RUN_TOKENS_ENV = "HAYMAKER_GOAL_RUN_TOKENS"
API_KEY_ENV = "ANTHROPIC_API_KEY"
BASE_URL_ENV = "ANTHROPIC_BASE_URL"


class GoalBudget(BaseModel):
    """Caps on what the model may spend; defaults keep a medium run at a few dollars."""

    model_config = ConfigDict(frozen=True)

    wakeup_operations: int = Field(default=3, ge=1, le=20, description="Tool calls per wakeup")
    run_calls: int = Field(default=300, ge=1, description="Tool calls per agent run")
    wakeup_tokens: int = Field(default=40_000, ge=1_000, description="Input+output tokens per wakeup")
    run_tokens: int = Field(default=600_000, ge=1_000, description="Input+output tokens per agent run")
    max_output_tokens: int = Field(default=1_024, ge=64, description="max_tokens of each request")


class GoalSettings(BaseModel):
    """The model, its API key (a SecretStr until the SDK call), an optional gateway URL, budgets."""

    model_config = ConfigDict(frozen=True)

    model: str = Field(default=DEFAULT_MODEL, min_length=1)
    api_key: SecretStr
    base_url: str | None = None
    budget: GoalBudget = Field(default_factory=GoalBudget)
    # The SDK's own retries on 429/529/5xx (it honours retry-after); then the agent falls back.
    max_retries: int = Field(default=3, ge=0, le=10)
    timeout_seconds: float = Field(default=120.0, gt=0)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> GoalSettings:
        """Read the goal settings; ValueError names the variable that is missing or bad."""
        key = env.get(API_KEY_ENV, "").strip()
        if not key:
            raise ValueError(
                f"goal mode (HAYMAKER_AGENT_MODE=goal) needs {API_KEY_ENV}: set it to an "
                "Anthropic API key, or use HAYMAKER_AGENT_MODE=steps"
            )
        budget: dict[str, int] = {}
        for name, env_name in (
            ("wakeup_operations", WAKEUP_OPERATIONS_ENV),
            ("run_calls", RUN_CALLS_ENV),
            ("wakeup_tokens", WAKEUP_TOKENS_ENV),
            ("run_tokens", RUN_TOKENS_ENV),
        ):
            raw = env.get(env_name)
            if raw:
                try:
                    budget[name] = int(raw)
                except ValueError:
                    raise ValueError(f"{env_name} must be a whole number, got {raw!r}") from None
        return cls(
            model=env.get(MODEL_ENV) or DEFAULT_MODEL,
            api_key=SecretStr(key),
            base_url=env.get(BASE_URL_ENV) or None,
            budget=GoalBudget(**budget),
        )
