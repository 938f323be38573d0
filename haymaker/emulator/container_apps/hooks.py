"""Hooks the generic ARM engine calls for Microsoft.App/containerApps and managedEnvironments.

The engine stores the documents (and fills managed identity ids and provisioningState for every
type); these hooks refuse what Azure refuses, fill the read-only properties Container Apps adds
(runningStatus, revisions, FQDNs, outbound IPs, default domain, static IP) and drive the optional
runner (runner.py).

Plain secret values never stay in the ARM document (Azure never returns them either): they are
kept in the app's private document (private_state.py) for the runner.
"""

from __future__ import annotations

import copy
import hashlib
import ipaddress
import json
import secrets as random_secrets
import string
from typing import Any

from haymaker.emulator.arm import get_resource, normalize_location, parse_arm_path, public_view
from haymaker.emulator.container_apps.capacity import has_a_node
from haymaker.emulator.container_apps.key_vault_refs import resolve_key_vault_refs
from haymaker.emulator.container_apps.private_state import (
    app_secret_values,
    forget_private,
    is_stopped,
    load_private,
    save_private,
)
from haymaker.emulator.container_apps.rules import (
    app_environment,
    resource_name,
    validate_container_app,
    validate_managed_environment,
)
from haymaker.emulator.container_apps.runner import get_runner
from haymaker.emulator.container_apps.sizes import CONSUMPTION_PROFILE_TYPE, parse_memory_gi
from haymaker.emulator.core.context import BaseHooks, EmulatorContext

RUNNING = "Running"
STOPPED = "Stopped"
PENDING = "Progressing"
_REVISION_ALPHABET = string.ascii_lowercase + string.digits


# -- small derivations ---------------------------------------------------------------------
def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).lower().encode()).hexdigest()


def public_ip(seed: str) -> str:
    """A stable public-looking IPv4 address for a resource (20.0.0.0/8, like Azure's)."""
    raw = bytes.fromhex(_digest("ip", seed)[:6])
    return f"20.{raw[0]}.{raw[1]}.{max(raw[2], 4)}"


def _subnet_ip(ctx: EmulatorContext, subnet_id: str, seed: str) -> str | None:
    subnet = get_resource(ctx, subnet_id)
    props = (subnet or {}).get("properties") or {}
    prefix = props.get("addressPrefix") or next(iter(props.get("addressPrefixes") or []), None)
    if not prefix:
        return None
    network = ipaddress.ip_network(str(prefix), strict=False)
    # Azure keeps the first four addresses of a subnet for itself.
    room = max(network.num_addresses - 5, 1)
    offset = 4 + int(_digest("subnet-ip", seed)[:8], 16) % room
    return str(network.network_address + offset)


def live_running_status(ctx: EmulatorContext, app: dict[str, Any]) -> str:
    """Stopped when stopped through the API; Progressing while its replicas wait for a node;
    otherwise what the runner says, else Running. An app that has just got a node (another app
    went away) starts here, as a pending replica is scheduled once capacity frees."""
    app_id = str(app.get("id", ""))
    if is_stopped(ctx, app_id):
        return STOPPED
    env = get_resource(ctx, _environment_of(app))
    if env is not None and not has_a_node(ctx, env, app):
        return PENDING
    runner = get_runner(ctx)
    if runner is None:
        return RUNNING
    status = runner.running_status(ctx, app_id)
    if status is None:
        runner.start(ctx, public_view(app), app_secret_values(ctx, app_id))
        status = runner.running_status(ctx, app_id)
    return status or RUNNING


def _environment_of(app: dict[str, Any]) -> str:
    props = app.get("properties") or {}
    return str(props.get("managedEnvironmentId") or props.get("environmentId") or "")


# -- container apps ------------------------------------------------------------------------
def _take_secret_values(config: dict[str, Any], stored: dict[str, str]) -> dict[str, str]:
    """Move plain secret values out of the document; a secret sent without its value (a PATCH
    of something else) keeps the value stored before."""
    values: dict[str, str] = {}
    for secret in config.get("secrets") or []:
        name = str(secret["name"])
        value = secret.pop("value", None)
        if value is not None:
            values[name] = str(value)
        elif not secret.get("keyVaultUrl") and name in stored:
            values[name] = stored[name]
    return values


def _revision(app: dict[str, Any], private: dict[str, Any]) -> str:
    """A new revision whenever the template (revision scope) changes, as on Azure."""
    template = (app.get("properties") or {}).get("template") or {}
    template_hash = _digest(json.dumps(template, sort_keys=True))
    current = private.get("revision")
    if current and current.get("templateHash") == template_hash:
        return str(current["name"])
    suffix = template.get("revisionSuffix") or "".join(
        random_secrets.choice(_REVISION_ALPHABET) for _ in range(7)
    )
    name = f"{resource_name(app)}--{suffix}"
    private["revision"] = {"name": name, "templateHash": template_hash}
    return name


def _default_profile_name(env: dict[str, Any]) -> str | None:
    profiles = (env.get("properties") or {}).get("workloadProfiles") or []
    if not profiles:
        return None
    for profile in profiles:
        if str(profile.get("workloadProfileType", "")).lower() == CONSUMPTION_PROFILE_TYPE.lower():
            return str(profile.get("name"))
    return CONSUMPTION_PROFILE_TYPE


def _fill_template(template: dict[str, Any]) -> None:
    for container in template.get("containers") or []:
        resources = container.setdefault("resources", {})
        resources.setdefault("cpu", 0.5)
        resources.setdefault("memory", "1Gi")
        cpu = float(resources["cpu"])
        # Azure grants 4 GiB of ephemeral storage per vCPU, at most 8 GiB.
        resources["ephemeralStorage"] = f"{min(cpu * 4, 8):g}Gi"
        memory = parse_memory_gi(resources["memory"])
        if memory is not None and isinstance(resources["memory"], (int, float)):
            resources["memory"] = f"{memory:g}Gi"
    scale = template.setdefault("scale", {})
    scale.setdefault("minReplicas", 0)
    scale.setdefault("maxReplicas", 10)


def _fill_app_properties(
    ctx: EmulatorContext, app: dict[str, Any], env: dict[str, Any], revision: str
) -> None:
    props = app.setdefault("properties", {})
    env_props = env.get("properties") or {}
    domain = str(env_props.get("defaultDomain", ""))
    name = resource_name(app)
    parsed = parse_arm_path(str(app.get("id", "")))
    # The ARM engine says Creating/Updating while its async operation runs, Succeeded after.
    props.setdefault("provisioningState", "Succeeded")
    props["runningStatus"] = STOPPED if is_stopped(ctx, str(app.get("id", ""))) else RUNNING
    props["managedEnvironmentId"] = env["id"]
    props["environmentId"] = env["id"]
    if not props.get("workloadProfileName"):
        default_profile = _default_profile_name(env)
        if default_profile:
            props["workloadProfileName"] = default_profile
    props["latestRevisionName"] = revision
    props["latestReadyRevisionName"] = revision
    config = props.setdefault("configuration", {})
    config.setdefault("activeRevisionsMode", "Single")
    config.setdefault("maxInactiveRevisions", 100)
    ingress = config.get("ingress")
    if isinstance(ingress, dict):
        internal = "" if ingress.get("external") else ".internal"
        ingress["fqdn"] = f"{name}{internal}.{domain}"
        props["latestRevisionFqdn"] = f"{revision}{internal}.{domain}"
    else:
        props["latestRevisionFqdn"] = ""
    props["outboundIpAddresses"] = [public_ip("outbound:" + str(env["id"]))]
    props["customDomainVerificationId"] = _digest("cdv", ctx.settings.subscription_id).upper()
    location = normalize_location(str(app.get("location", "")))
    if parsed is not None:
        props["eventStreamEndpoint"] = (
            f"https://{location}.azurecontainerapps.dev/subscriptions/{parsed.subscription}/"
            f"resourceGroups/{parsed.resource_group}/containerApps/{name}/eventstream"
        )


class ContainerAppHooks(BaseHooks):
    """Microsoft.App/containerApps."""

    def validate_put(self, ctx: EmulatorContext, resource: dict[str, Any]) -> None:
        validate_container_app(ctx, resource)
        first_create = get_resource(ctx, str(resource["id"])) is None
        resolve_key_vault_refs(ctx, resource, first_create=first_create)

    def after_put(self, ctx: EmulatorContext, resource: dict[str, Any]) -> dict[str, Any]:
        app = copy.deepcopy(resource)
        app_id = str(app["id"])
        env = app_environment(ctx, app)
        with ctx.state.transaction():
            private = load_private(ctx, app_id)
            config = app.setdefault("properties", {}).setdefault("configuration", {})
            private["secrets"] = _take_secret_values(config, private.get("secrets", {}))
            # Defaults first, so that re-sending the stored template is no template change.
            _fill_template(app["properties"].setdefault("template", {}))
            revision = _revision(app, private)
            save_private(ctx, app_id, private)
        _fill_app_properties(ctx, app, env, revision)
        runner = get_runner(ctx)
        if runner is not None and not is_stopped(ctx, app_id) and has_a_node(ctx, env, app):
            runner.start(ctx, public_view(app), app_secret_values(ctx, app_id))
        return app

    def on_read(self, ctx: EmulatorContext, resource: dict[str, Any]) -> dict[str, Any]:
        app = dict(resource)
        props = dict(app.get("properties") or {})
        props["runningStatus"] = live_running_status(ctx, resource)
        app["properties"] = props
        return app

    def before_delete(self, ctx: EmulatorContext, resource: dict[str, Any]) -> None:
        app_id = str(resource.get("id", ""))
        runner = get_runner(ctx)
        if runner is not None:
            runner.stop(ctx, app_id)
        forget_private(ctx, app_id)


# -- managed environments ------------------------------------------------------------------
class ManagedEnvironmentHooks(BaseHooks):
    """Microsoft.App/managedEnvironments."""

    def validate_put(self, ctx: EmulatorContext, resource: dict[str, Any]) -> None:
        validate_managed_environment(ctx, resource)

    def after_put(self, ctx: EmulatorContext, resource: dict[str, Any]) -> dict[str, Any]:
        env = copy.deepcopy(resource)
        env_id = str(env["id"])
        name = resource_name(env)
        parsed = parse_arm_path(env_id)
        location = normalize_location(str(env.get("location", "")))
        props = env.setdefault("properties", {})
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:20] or "env"
        props.setdefault("provisioningState", "Succeeded")
        props["defaultDomain"] = f"{slug}-{_digest('domain', env_id)[:8]}.{location}.azurecontainerapps.io"
        vnet = props.get("vnetConfiguration") or {}
        static_ip = None
        if vnet.get("internal") and vnet.get("infrastructureSubnetId"):
            static_ip = _subnet_ip(ctx, str(vnet["infrastructureSubnetId"]), env_id)
        props["staticIp"] = static_ip or public_ip("static:" + env_id)
        props.setdefault("zoneRedundant", False)
        props.setdefault("publicNetworkAccess", "Enabled")
        props["customDomainConfiguration"] = {
            **(props.get("customDomainConfiguration") or {}),
            "customDomainVerificationId": _digest("cdv", ctx.settings.subscription_id).upper(),
        }
        if parsed is not None:
            props["eventStreamEndpoint"] = (
                f"https://{location}.azurecontainerapps.dev/subscriptions/{parsed.subscription}/"
                f"resourceGroups/{parsed.resource_group}/managedEnvironments/{name}/eventstream"
            )
            if props.get("workloadProfiles"):
                props.setdefault(
                    "infrastructureResourceGroup", f"ME_{name}_{parsed.resource_group}_{location}"
                )
        return env
