"""Token and call accounting of a goal-mode agent, against its budget."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from haymaker.agent.goal.settings import GoalBudget


@dataclass
class Usage:
    """Running totals over an agent run (cumulative: what `model_usage` events carry)."""

    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_input_tokens: int = 0
    cache_creation_input_tokens: int = 0
    tool_calls: int = 0
    refused_calls: int = 0

    @property
    def tokens(self) -> int:
        """Every token billed: input (plain, cache reads, cache writes) and output."""
        return (
            self.input_tokens
            + self.output_tokens
            + self.cache_read_input_tokens
            + self.cache_creation_input_tokens
        )

    def add(self, usage: Any) -> int:
        """Add one response's `usage`; returns the tokens it billed."""
        before = self.tokens
        self.requests += 1
        self.input_tokens += int(getattr(usage, "input_tokens", 0) or 0)
        self.output_tokens += int(getattr(usage, "output_tokens", 0) or 0)
        self.cache_read_input_tokens += int(getattr(usage, "cache_read_input_tokens", 0) or 0)
        self.cache_creation_input_tokens += int(getattr(usage, "cache_creation_input_tokens", 0) or 0)
        return self.tokens - before

    def exhausted(self, budget: GoalBudget) -> str | None:
        """Why the run's budget allows no more model requests, or None."""
        if self.tokens >= budget.run_tokens:
            return f"the run's token budget ({budget.run_tokens:,}) is spent"
        if self.tool_calls >= budget.run_calls:
            return f"the run's tool-call budget ({budget.run_calls:,}) is spent"
        return None
