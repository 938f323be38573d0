"""The scenario agent: runs one scenario (deploy, operate, teardown) as its own service principal.

Imports no Prefect. `main(argv)` is the entry point of `python -m haymaker.agent` and
`haymaker agent run`; heavy SDK imports happen only when a run starts.
"""

from haymaker.agent.config import AgentConfig, ConfigError
from haymaker.agent.main import main, run_agent

__all__ = ["AgentConfig", "ConfigError", "main", "run_agent"]
