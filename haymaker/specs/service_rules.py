"""Service rules the REST specifications cannot express, as data (issue 11, item 2).

Each rule names its source. `haymaker scenarios validate` checks every rendered request of the
catalog against them.
"""

from __future__ import annotations

# Basic elastic pool limits (DTU purchasing model): the pool sizes Azure sells and the per-database
# eDTU settings a Basic pool takes. Source: https://learn.microsoft.com/azure/azure-sql/database/
# resource-limits-dtu-elastic-pools#basic-elastic-pool-limits ("eDTUs per pool", "Min eDTUs per
# database", "Max eDTUs per database").
SQL_BASIC_POOL_EDTUS = frozenset({50, 100, 200, 300, 400, 800, 1200, 1600})
SQL_BASIC_PER_DATABASE_MIN = frozenset({0, 5})
SQL_BASIC_PER_DATABASE_MAX = frozenset({5})

# A Container Apps job's `configuration`, in a PUT or a PATCH, is a whole `JobConfiguration`,
# whose `triggerType` and `replicaTimeout` are required. Source: Azure/azure-rest-api-specs
# specification/app/resource-manager/Microsoft.App/stable/2024-03-01/Jobs.json
# (definitions.JobConfiguration.required; JobPatchProperties.configuration refers to it).
JOB_CONFIGURATION_REQUIRED = ("triggerType", "replicaTimeout")
