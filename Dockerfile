# The scenario agent's image (the container app HayMaker deploys per scenario on Azure).
# On the emulator no image is pulled: every agent app runs `python -m haymaker.agent` locally.
FROM python:3.11-slim

WORKDIR /app
COPY pyproject.toml README.md ./
COPY haymaker ./haymaker
COPY flows ./flows
COPY tasks ./tasks
COPY blocks ./blocks
COPY docs/scenarios ./docs/scenarios
RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 agent
USER agent

# The agent reads its run, scenario, identity and event bus from the app's environment.
ENV HAYMAKER_SCENARIOS_DIR=/app/docs/scenarios
ENTRYPOINT ["haymaker", "agent", "run"]
