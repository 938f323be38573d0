"""Microsoft Graph v1.0: applications, service principals, passwords and deleted items.

Modules: `routes` (the handlers), `objects` (directory objects as stored and returned),
`queries` ($filter, $orderby, $select, $count, $top and paging), `odata_filter` (the
`$filter` grammar), `credentials` (who a client secret signs in as).

Interface for other services: `principal_for_client_secret` (the token endpoint signs service
principals in with it) and `is_service_principal` (role assignments check principals with it).
"""

from haymaker.emulator.graph.credentials import is_service_principal, principal_for_client_secret

__all__ = ["is_service_principal", "principal_for_client_secret"]
