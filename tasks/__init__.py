"""Prefect tasks, one module per phase; each is a thin call into the haymaker library."""
