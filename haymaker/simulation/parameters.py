"""The flows' public parameters as annotated types: what the deployment form shows, checks and
describes before a run starts (issue 14, findings 6 and 8).

Patterns go into the parameters' JSON schema, so the Prefect UI's form and `prefect deployment
run` refuse garbage, and Prefect validates them again when the flow run starts. Parameters a
person should not type (the raw settings object, the expected resources one flow hands another,
the retry delay tests shorten) are `SkipJsonSchema`: callable from Python, absent from the form.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Annotated

from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from haymaker.models import Resource
from haymaker.simulation.settings import RunSettings

# A full run id, or the first 8+ characters of one as the UI, events and artifact keys show it.
RUN_ID_PATTERN = r"^[0-9a-fA-F]{8}(-([0-9a-fA-F]{1,4}(-([0-9a-fA-F]{1,4}(-([0-9a-fA-F]{1,4}(-([0-9a-fA-F]{1,12})?)?)?)?)?)?)?)?$"
SIZE_PATTERN = r"^\s*(small|medium|large|SMALL|MEDIUM|LARGE|Small|Medium|Large|[1-9][0-9]*)\s*$"
DURATION_PATTERN = r"^\s*\d+(\.\d+)?\s*(ms|s|m|h|d)?\s*$"
AGE_PATTERN = DURATION_PATTERN
BLOCK_NAME_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

RunIdParam = Annotated[str | None, Field(pattern=RUN_ID_PATTERN, examples=["445cc22f"])]
SizeParam = Annotated[str | None, Field(pattern=SIZE_PATTERN, examples=["small", "3"])]
DurationParam = Annotated[str | None, Field(pattern=DURATION_PATTERN, examples=["8h", "45m"])]
AgeParam = Annotated[str | None, Field(pattern=AGE_PATTERN, examples=["10h", "0s"])]
BlockName = Annotated[str, Field(pattern=BLOCK_NAME_PATTERN, min_length=1, max_length=100)]
HiddenSettings = SkipJsonSchema[RunSettings | None]
HiddenExpected = SkipJsonSchema[list[Resource] | None]
HiddenDelay = SkipJsonSchema[float | None]

RETRY_DELAY_ENV = "HAYMAKER_RETRY_DELAY_SECONDS"
DEFAULT_RETRY_DELAY = 1.0


def retry_delay(given: float | None, environ: Mapping[str, str] | None = None) -> float:
    """The retries' base delay: the parameter a Python caller gave, else HAYMAKER_RETRY_DELAY_SECONDS
    (how a worker's flow runs get a test's 0), else 1 s."""
    if given is not None:
        return float(given)
    raw = (os.environ if environ is None else environ).get(RETRY_DELAY_ENV, "").strip()
    if not raw:
        return DEFAULT_RETRY_DELAY
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{RETRY_DELAY_ENV} must be a number of seconds, got {raw!r}") from None
    if value < 0:
        raise ValueError(f"{RETRY_DELAY_ENV} must be >= 0, got {raw!r}")
    return value
