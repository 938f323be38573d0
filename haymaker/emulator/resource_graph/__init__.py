"""Azure Resource Graph: `POST /providers/Microsoft.ResourceGraph/resources` over ARM's documents.

Modules: `routes` (the query API, paging, skip tokens), `tables` (the Resources and
ResourceContainers tables, built through the ARM interface), and `kql/` (the lexer, parser and
evaluator of the KQL subset). Offers no interface of its own.
"""
