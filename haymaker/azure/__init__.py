"""Adapters over the official Azure SDK clients (ARM, Resource Graph, RBAC, Graph, Key Vault, Container Apps)."""
