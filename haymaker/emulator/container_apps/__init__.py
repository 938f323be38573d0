"""Azure Container Apps: apps and managed environments, and apps that really run.

The documents belong to the ARM engine; this package plugs behaviour into it (`hooks`, what
Azure refuses in `rules`, CPU/memory rules in `sizes`), serves the actions the engine does not
know (`routes`: stop and start), keeps what Azure never returns (`private_state`: plain secret
values, revisions), and runs apps as local agent processes (`runner`: the seam;
`agent_processes`: the runner `haymaker simulate` plugs in).

Uses the ARM interface (documents, ids) and Key Vault's (`secret_value`, to resolve Key Vault
secret references). Offers no interface of its own.
"""
