"""What an agent container app and its managed environment look like (pure: no calls to Azure).

Inputs are validated here so that a bad argument fails before anything is sent, with a
ValueError naming the field and the rule.
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import urlparse

from azure.mgmt.appcontainers import models as m
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from haymaker.naming import (
    validate_container_app_name,
    validate_run_id,
    validate_scenario_name,
    validate_subscription_id,
)
from haymaker.tags import haymaker_tags

AGENT_CONTAINER_NAME = "agent"
CLIENT_SECRET_ENV = "AZURE_CLIENT_SECRET"
CONSUMPTION_PROFILE = "Consumption"
# Every env var HayMaker sets itself; extra_env / extra_secret_refs may not override them.
RESERVED_ENV = frozenset(
    {
        "AZURE_CLIENT_ID",
        "AZURE_TENANT_ID",
        "AZURE_SUBSCRIPTION_ID",
        "HAYMAKER_KEY_VAULT_URL",
        "HAYMAKER_RUN_ID",
        "HAYMAKER_SCENARIO",
        CLIENT_SECRET_ENV,
    }
)

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_RG = r"[-\w.()]{0,89}[-\w()]"
RESOURCE_GROUP_RE = re.compile(rf"^{_RG}$")
MANAGED_ENVIRONMENT_ID_RE = re.compile(
    rf"^/subscriptions/{_UUID}/resourceGroups/{_RG}/providers/Microsoft\.App/managedEnvironments/"
    r"[A-Za-z0-9][A-Za-z0-9-]{0,58}[A-Za-z0-9]$",
    re.IGNORECASE,
)
USER_ASSIGNED_IDENTITY_ID_RE = re.compile(
    rf"^/subscriptions/{_UUID}/resourceGroups/{_RG}/providers/Microsoft\.ManagedIdentity/"
    r"userAssignedIdentities/[A-Za-z0-9][A-Za-z0-9_-]{2,127}$",
    re.IGNORECASE,
)
SUBNET_ID_RE = re.compile(
    rf"^/subscriptions/{_UUID}/resourceGroups/{_RG}/providers/Microsoft\.Network/virtualNetworks/"
    r"[^/]+/subnets/[^/]+$",
    re.IGNORECASE,
)
UUID_RE = re.compile(rf"^{_UUID}$")
ENV_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
KEY_VAULT_SECRET_NAME_RE = re.compile(r"^[0-9A-Za-z-]{1,127}$")
ENVIRONMENT_NAME_RE = re.compile(r"^[a-z][a-z0-9-]{0,58}[a-z0-9]$")
WORKLOAD_PROFILE_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,62}$")
DEDICATED_PROFILE_TYPES = ("D4", "D8", "D16", "D32", "E4", "E8", "E16", "E32")


def first_error(exc: ValidationError) -> ValueError:
    """One readable ValueError ('field: rule') from a pydantic ValidationError."""
    error = exc.errors()[0]
    field = ".".join(str(part) for part in error["loc"]) or "input"
    message = str(error["msg"]).removeprefix("Value error, ")
    return ValueError(f"{field}: {message}")


def _check(pattern: re.Pattern[str], value: str, rule: str) -> str:
    if not isinstance(value, str) or not pattern.match(value):
        raise ValueError(f"{rule}; got {value!r}")
    return value


def _check_key_vault_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme != "https" or not parsed.hostname or parsed.path not in ("", "/"):
        raise ValueError(f"must be a Key Vault URL like https://<vault>.vault.azure.net; got {value!r}")
    return value.rstrip("/")


def _check_positive(value: float) -> float:
    if isinstance(value, bool) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"must be a positive number; got {value!r}")
    return float(value)


def secret_name_for(env_name: str) -> str:
    """The container app secret holding an env var's value: AZURE_CLIENT_SECRET -> azure-client-secret."""
    return env_name.lower().replace("_", "-").strip("-")


class AgentAppSpec(BaseModel):
    """Everything deploy_agent_app needs to build the agent's container app."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    subscription_id: str
    resource_group: str
    app_name: str
    managed_environment_id: str
    image: str
    cpu: float
    memory_gi: float
    run_id: str
    scenario_name: str
    tenant_id: str
    client_id: str
    key_vault_url: str
    secret_name: str
    extra_env: dict[str, str] = {}
    extra_secret_refs: dict[str, str] = {}
    # The agent's own managed identity: it resolves the Key Vault references.
    user_assigned_identity_id: str
    workload_profile_name: str | None = None
    location: str | None = None
    tags: dict[str, str] = {}

    @field_validator("subscription_id")
    @classmethod
    def _subscription(cls, v: str) -> str:
        return validate_subscription_id(v)

    @field_validator("resource_group")
    @classmethod
    def _resource_group(cls, v: str) -> str:
        return _check(
            RESOURCE_GROUP_RE,
            v,
            "must be 1-90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'",
        )

    @field_validator("app_name")
    @classmethod
    def _app_name(cls, v: str) -> str:
        return validate_container_app_name(v)

    @field_validator("managed_environment_id")
    @classmethod
    def _environment_id(cls, v: str) -> str:
        return _check(
            MANAGED_ENVIRONMENT_ID_RE,
            v,
            "must be /subscriptions/<uuid>/resourceGroups/<rg>/providers/"
            "Microsoft.App/managedEnvironments/<name>",
        )

    @field_validator("image")
    @classmethod
    def _image(cls, v: str) -> str:
        if not v or any(ch.isspace() for ch in v):
            raise ValueError(f"must be a container image reference without spaces; got {v!r}")
        return v

    @field_validator("cpu", "memory_gi")
    @classmethod
    def _positive(cls, v: float) -> float:
        return _check_positive(v)

    @field_validator("run_id")
    @classmethod
    def _run_id(cls, v: str) -> str:
        return validate_run_id(v)

    @field_validator("scenario_name")
    @classmethod
    def _scenario(cls, v: str) -> str:
        return validate_scenario_name(v)

    @field_validator("tenant_id", "client_id")
    @classmethod
    def _uuid(cls, v: str) -> str:
        return _check(UUID_RE, v, "must be a UUID")

    @field_validator("key_vault_url")
    @classmethod
    def _vault(cls, v: str) -> str:
        return _check_key_vault_url(v)

    @field_validator("secret_name")
    @classmethod
    def _secret_name(cls, v: str) -> str:
        return _check(
            KEY_VAULT_SECRET_NAME_RE, v, "must be a Key Vault secret name (1-127 of 0-9, a-z, A-Z, '-')"
        )

    @field_validator("extra_env")
    @classmethod
    def _extra_env(cls, v: dict[str, str]) -> dict[str, str]:
        for name in v:
            _check_env_name(name)
        return v

    @field_validator("extra_secret_refs")
    @classmethod
    def _extra_refs(cls, v: dict[str, str]) -> dict[str, str]:
        for name, secret in v.items():
            _check_env_name(name)
            _check(KEY_VAULT_SECRET_NAME_RE, secret, f"Key Vault secret name for {name} is invalid")
        return v

    @field_validator("workload_profile_name")
    @classmethod
    def _profile(cls, v: str | None) -> str | None:
        if v is None:
            return v
        return _check(WORKLOAD_PROFILE_NAME_RE, v, "must start with a letter; letters, digits and '-'")

    @field_validator("user_assigned_identity_id")
    @classmethod
    def _uai(cls, v: str) -> str:
        return _check(
            USER_ASSIGNED_IDENTITY_ID_RE,
            v,
            "must be /subscriptions/<uuid>/resourceGroups/<rg>/providers/"
            "Microsoft.ManagedIdentity/userAssignedIdentities/<name>",
        )

    @model_validator(mode="after")
    def _no_clashes(self) -> AgentAppSpec:
        both = set(self.extra_env) & set(self.extra_secret_refs)
        if both:
            raise ValueError(f"extra_env and extra_secret_refs both set {sorted(both)}")
        secret_names = [secret_name_for(n) for n in [CLIENT_SECRET_ENV, *self.extra_secret_refs]]
        if len(set(secret_names)) != len(secret_names):
            raise ValueError(
                "extra_secret_refs: env var names must stay distinct once lowercased with '_' as "
                f"'-' (they name the app's secrets); got {sorted(self.extra_secret_refs)}"
            )
        return self

    @property
    def identity_ref(self) -> str:
        """How a Key Vault reference names the identity that reads it: by resource id."""
        return self.user_assigned_identity_id

    def secret_url(self, name: str) -> str:
        return f"{self.key_vault_url}/secrets/{name}"

    def all_tags(self) -> dict[str, str]:
        """The caller's tags with ours on top: ours must be on the app, unchanged."""
        return {**self.tags, **haymaker_tags(self.run_id, self.scenario_name)}


def _check_env_name(name: str) -> None:
    _check(ENV_NAME_RE, name, "env var names are letters, digits and '_', not starting with a digit")
    if name.upper() in RESERVED_ENV:
        raise ValueError(f"{name} is set by HayMaker itself and cannot be overridden")


def build_container_app(spec: AgentAppSpec, location: str) -> m.ContainerApp:
    """The ContainerApp body: identity, Key Vault secret references, env vars, size, tags.

    Networking is the environment's: an app inherits the VNet of its managed environment
    (ensure_managed_environment's infrastructure_subnet_id); apps have no subnet of their own.
    """
    refs = {CLIENT_SECRET_ENV: spec.secret_name, **spec.extra_secret_refs}
    secrets = [
        m.Secret(
            name=secret_name_for(env), key_vault_url=spec.secret_url(kv_name), identity=spec.identity_ref
        )
        for env, kv_name in refs.items()
    ]
    plain = {
        "AZURE_CLIENT_ID": spec.client_id,
        "AZURE_TENANT_ID": spec.tenant_id,
        "AZURE_SUBSCRIPTION_ID": spec.subscription_id,
        "HAYMAKER_KEY_VAULT_URL": spec.key_vault_url,
        "HAYMAKER_RUN_ID": spec.run_id,
        "HAYMAKER_SCENARIO": spec.scenario_name,
        **spec.extra_env,
    }
    env = [m.EnvironmentVar(name=k, value=v) for k, v in plain.items()]
    env += [m.EnvironmentVar(name=k, secret_ref=secret_name_for(k)) for k in refs]
    identity = m.ManagedServiceIdentity(
        type="UserAssigned",
        user_assigned_identities={spec.user_assigned_identity_id: m.UserAssignedIdentity()},
    )
    container = m.Container(
        name=AGENT_CONTAINER_NAME,
        image=spec.image,
        env=env,
        resources=m.ContainerResources(cpu=spec.cpu, memory=f"{spec.memory_gi:g}Gi"),
    )
    return m.ContainerApp(
        location=location,
        tags=spec.all_tags(),
        identity=identity,
        properties=m.ContainerAppProperties(
            managed_environment_id=spec.managed_environment_id,
            workload_profile_name=spec.workload_profile_name,
            configuration=m.Configuration(secrets=secrets, active_revisions_mode="Single"),
            # One replica, always: an agent is a long-running worker with no ingress to scale on.
            template=m.Template(containers=[container], scale=m.Scale(min_replicas=1, max_replicas=1)),
        ),
    )


class EnvironmentSpec(BaseModel):
    """A managed environment for a run: Consumption plus, optionally, one dedicated profile."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    subscription_id: str
    resource_group: str
    name: str
    location: str
    workload_profile_name: str | None = None
    workload_profile_type: str = "E16"
    workload_profile_minimum_count: int = 1
    workload_profile_maximum_count: int = 3
    infrastructure_subnet_id: str | None = None
    tags: dict[str, str] = {}

    @field_validator("subscription_id")
    @classmethod
    def _subscription(cls, v: str) -> str:
        return validate_subscription_id(v)

    @field_validator("resource_group")
    @classmethod
    def _resource_group(cls, v: str) -> str:
        return _check(RESOURCE_GROUP_RE, v, "must be 1-90 letters, digits, '-', '_', '.', '(' or ')'")

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _check(
            ENVIRONMENT_NAME_RE,
            v,
            "must be 2-60 lowercase letters, digits and '-', starting with a letter and ending "
            "with a letter or digit",
        )

    @field_validator("location")
    @classmethod
    def _location(cls, v: str) -> str:
        if not v or not v.replace(" ", "").isalnum():
            raise ValueError(f"must be an Azure region such as 'eastus'; got {v!r}")
        return v

    @field_validator("workload_profile_name")
    @classmethod
    def _profile(cls, v: str | None) -> str | None:
        if v is None:
            return v
        _check(WORKLOAD_PROFILE_NAME_RE, v, "must start with a letter; letters, digits and '-'")
        if v.lower() == CONSUMPTION_PROFILE.lower():
            raise ValueError("'Consumption' is always present; name the dedicated profile")
        return v

    @field_validator("workload_profile_type")
    @classmethod
    def _profile_type(cls, v: str) -> str:
        if v.upper() not in DEDICATED_PROFILE_TYPES:
            raise ValueError(f"must be one of {', '.join(DEDICATED_PROFILE_TYPES)}; got {v!r}")
        return v.upper()

    @field_validator("infrastructure_subnet_id")
    @classmethod
    def _subnet(cls, v: str | None) -> str | None:
        if v is None:
            return v
        return _check(
            SUBNET_ID_RE,
            v,
            "must be /subscriptions/<uuid>/resourceGroups/<rg>/providers/Microsoft.Network/"
            "virtualNetworks/<vnet>/subnets/<subnet>",
        )

    @model_validator(mode="after")
    def _counts(self) -> EnvironmentSpec:
        low, high = self.workload_profile_minimum_count, self.workload_profile_maximum_count
        if low < 0 or high < max(low, 1):
            raise ValueError(
                f"workload_profile_minimum_count/maximum_count must satisfy 0 <= min <= max, "
                f"max >= 1; got {low}/{high}"
            )
        return self

    def profiles(self) -> list[m.WorkloadProfile]:
        profiles = [m.WorkloadProfile(name=CONSUMPTION_PROFILE, workload_profile_type=CONSUMPTION_PROFILE)]
        if self.workload_profile_name:
            profiles.append(self.dedicated_profile())
        return profiles

    def dedicated_profile(self) -> m.WorkloadProfile:
        return m.WorkloadProfile(
            name=self.workload_profile_name or "",
            workload_profile_type=self.workload_profile_type,
            minimum_count=self.workload_profile_minimum_count,
            maximum_count=self.workload_profile_maximum_count,
        )


def build_managed_environment(
    spec: EnvironmentSpec, profiles: list[Any] | None = None
) -> m.ManagedEnvironment:
    """The ManagedEnvironment body (a workload-profiles environment, Azure's current default)."""
    vnet = (
        m.VnetConfiguration(infrastructure_subnet_id=spec.infrastructure_subnet_id, internal=False)
        if spec.infrastructure_subnet_id
        else None
    )
    return m.ManagedEnvironment(
        location=spec.location,
        tags=spec.tags or None,
        properties=m.ManagedEnvironmentProperties(
            workload_profiles=profiles if profiles is not None else spec.profiles(),
            vnet_configuration=vnet,
            zone_redundant=False,
        ),
    )
