"""Prefect flows: haymaker-simulation and haymaker-cleanup."""
