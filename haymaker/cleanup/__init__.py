"""Cleanup: find what a run (or any finished run) left, delete only what is ours, prove it is gone."""
