"""What a goal-mode agent needs: the model, its key, and the budgets that bound it."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from haymaker.models.goal import (
    API_KEY_ENV,
    BASE_URL_ENV,
    BUDGET_ENV,
    DEFAULT_MODEL,
    MODEL_ENV,
    GoalBudget,
)

__all__ = ["DEFAULT_MODEL", "GoalBudget", "GoalSettings"]


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
        for name, env_name in BUDGET_ENV.items():
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
