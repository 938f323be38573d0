"""Dependencies the routes share: the run reader and validated run ids."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from haymaker.api.reader import RunReader


def get_reader(request: Request) -> RunReader:
    reader: RunReader = request.app.state.reader
    return reader


def run_id_param(
    request: Request,
    run_id: Annotated[
        str,
        Path(
            description="Run id (a UUID), or a unique prefix of at least 8 characters as the Prefect UI "
            "shows it; anything else is 400 INVALID_RUN_ID, an unknown prefix 404 RUN_NOT_FOUND",
            examples=["550e8400-e29b-41d4-a716-446655440000"],
            # Declared as a UUID (finding 11) while the handler keeps answering anything else with
            # its own 400 INVALID_RUN_ID instead of FastAPI's 422.
            json_schema_extra={"format": "uuid"},
        ),
    ],
) -> str:
    return get_reader(request).resolve_run_id(run_id)


Reader = Annotated[RunReader, Depends(get_reader)]
RunId = Annotated[str, Depends(run_id_param)]
