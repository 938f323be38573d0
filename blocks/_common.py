"""What every HayMaker block shares: the logo, the docs link and the default document name."""

from __future__ import annotations

# The document name `haymaker setup` creates and the flows load when given no other name.
DEFAULT_DOCUMENT = "default"

AZURE_LOGO = "https://images.ctfassets.net/gm98wzqotmnx/6AiQ6HRIft8TspZH7AfyZg/39fd82bdbb186db85560f688746c8cdd/azure.png?h=250"
# The project publishes no docs site; the blocks link to Prefect's page on blocks (ours: docs/deploying.md).
DOCS_URL = "https://docs.prefect.io/v3/concepts/blocks"
