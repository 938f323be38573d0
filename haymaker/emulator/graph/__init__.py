"""Microsoft Graph v1.0: applications, service principals, passwords and deleted items.

Modules: `routes` (the handlers), `app_roles` (app role assignments and the Microsoft Graph
service principal), `permissions` (application permissions and ownership), `request_body`, `objects` (directory objects as stored and returned),
`queries` ($filter, $orderby, $select, $count, $top and paging), `odata_filter` (the
`$filter` grammar), `credentials` (who a client secret signs in as).

Interface for other services: `principal_for_client_secret` (the token endpoint signs service
principals in with it), `is_service_principal` and `service_principal_created` (role assignments
check principals and replication delay with them), `ensure_application_principal`,
`ensure_microsoft_graph` and `grant_graph_permissions` (the bootstrap administrator and its
admin-consented Microsoft Graph permissions).
"""

from haymaker.emulator.graph.app_roles import ensure_microsoft_graph, grant_graph_permissions
from haymaker.emulator.graph.credentials import (
    ensure_application_principal,
    is_service_principal,
    principal_for_client_secret,
    service_principal_created,
)

__all__ = [
    "ensure_application_principal",
    "ensure_microsoft_graph",
    "grant_graph_permissions",
    "is_service_principal",
    "principal_for_client_secret",
    "service_principal_created",
]
