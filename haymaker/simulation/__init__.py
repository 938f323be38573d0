"""The work of a simulation run, phase by phase; the Prefect flows call into it."""
