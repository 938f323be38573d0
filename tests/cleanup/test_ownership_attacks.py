"""Attacks on exact ownership (docs/cleanup.md, "What is ours"), through the real SDKs.

Tag names compare ignoring case and values exactly; anything that only looks like ours is left
alone and shows up in the report's lookalikes. Identities are gone for good: apps an agent
deleted itself sit in `deletedItems` with their passwords until cleanup purges them.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from haymaker.azure import identities
from haymaker.azure.identities import graph as graph_apps
from haymaker.azure.identities.markers import marker_tags
from haymaker.cleanup.plan import RunFacts
from haymaker.cleanup.runner import cleanup_run, sweep
from haymaker.models import CleanupReport, CleanupStatus
from haymaker.naming import resource_group_name
from haymaker.tags import MANAGED_TAG, RUN_ID_TAG, haymaker_tags

from .conftest import Cloud, instant_policy


def _finished(run_id: str) -> dict[str, RunFacts]:
    return {run_id: RunFacts(active=False, started_at=datetime.now(UTC) - timedelta(days=1))}


def _sweep(cloud: Cloud, run_id: str) -> CleanupReport:
    return sweep(
        cloud.clients,
        cloud.sub,
        _finished(run_id),
        min_age=timedelta(0),
        apply=True,
        policy=instant_policy(),
        key_vault_url=cloud.clients.target.key_vault_url,
    )


def _lookalike_names(report: CleanupReport) -> dict[str, str]:
    return {d.resource_name: d.error or "" for d in report.lookalikes}


def test_an_upper_case_managed_value_is_not_ours_and_is_reported(cloud: Cloud, run_id: str) -> None:
    tags = {MANAGED_TAG: "TRUE", RUN_ID_TAG: run_id}
    group = cloud.group(resource_group_name(run_id, "upper"), tags)
    vnet = cloud.vnet(group.split("/")[-1], "upper-vnet", tags)

    report = _sweep(cloud, run_id)

    assert cloud.exists(group) and cloud.exists(vnet)
    found = _lookalike_names(report)
    assert "'TRUE', not exactly 'true'" in found["upper-vnet"]
    assert "looks like HayMaker's" in found[group.split("/")[-1]]
    assert report.deletions == []


def test_a_tag_name_in_another_case_is_ours_because_arm_names_ignore_case(cloud: Cloud, run_id: str) -> None:
    tags = {MANAGED_TAG.lower(): "true", RUN_ID_TAG.upper(): run_id}
    group = cloud.group(resource_group_name(run_id, "cased"), tags)

    report = cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy())

    assert not cloud.exists(group)
    assert report.status is CleanupStatus.VERIFIED and report.lookalikes == []


def test_a_misspelt_tag_in_our_group_keeps_the_group_and_is_reported(cloud: Cloud, run_id: str) -> None:
    group, vnet = cloud.run(run_id)
    impostor = cloud.vnet(
        group.split("/")[-1], "impostor", {"AzureHayMaker_managed": "true", RUN_ID_TAG: run_id}
    )

    report = cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy())

    assert cloud.exists(impostor) and cloud.exists(group) and not cloud.exists(vnet)
    assert "not spelled AzureHayMaker-managed" in _lookalike_names(report)["impostor"]
    assert report.status is CleanupStatus.VERIFICATION_FAILED


def test_a_run_id_in_upper_case_is_not_this_run(cloud: Cloud, run_id: str) -> None:
    group = cloud.group(
        resource_group_name(run_id, "shout"), {MANAGED_TAG: "true", RUN_ID_TAG: run_id.upper()}
    )

    report = _sweep(cloud, run_id)

    assert cloud.exists(group)
    assert "lowercase hyphenated UUID" in _lookalike_names(report)[group.split("/")[-1]]


def test_a_key_vault_secret_with_a_lookalike_tag_is_kept_and_reported(cloud: Cloud, run_id: str) -> None:
    vault = cloud.clients.target.key_vault_url
    assert vault
    secrets = cloud.clients.secrets(vault)
    secrets.set_secret("lookalike-secret", "s3cr3t-value", tags={MANAGED_TAG: "True", RUN_ID_TAG: run_id})

    report = _sweep(cloud, run_id)

    assert secrets.get_secret("lookalike-secret").value == "s3cr3t-value"
    assert "'True', not exactly 'true'" in _lookalike_names(report)["lookalike-secret"]
    assert "s3cr3t-value" not in report.model_dump_json()


def test_an_application_with_a_lookalike_marker_is_kept_and_reported(cloud: Cloud, run_id: str) -> None:
    app = _app(cloud, "lookalike-app", ["azurehaymaker-managed", f"{RUN_ID_TAG}:{run_id}"])

    report = cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy())

    assert _live(cloud, app)
    assert "not exactly 'true'" in _lookalike_names(report)["lookalike-app"]


def test_apps_an_agent_deleted_itself_are_purged_from_deleted_items(cloud: Cloud, run_id: str) -> None:
    group, _ = cloud.run(run_id)
    cloud.identity(run_id, "vnet", group)
    app = _app(cloud, "agent-made-app", marker_tags(run_id, "identity"))
    _delete(cloud, app)  # what the agent's teardown does: a soft delete
    assert _soft_deleted(cloud, app)

    report = cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy())

    assert report.status is CleanupStatus.VERIFIED, report
    assert not _soft_deleted(cloud, app) and not _live(cloud, app)
    assert identities.list_deleted_haymaker_objects_sync(cloud.clients, run_id) == []
    assert any("agent-made-app" in name for name in report.service_principals_deleted)


def test_a_soft_deleted_app_alone_is_enough_to_make_the_cleanup_act(cloud: Cloud, run_id: str) -> None:
    app = _app(cloud, "left-in-the-bin", marker_tags(run_id, "identity"))
    _delete(cloud, app)

    report = cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy())

    assert not _soft_deleted(cloud, app)
    assert report.status is CleanupStatus.VERIFIED


def test_another_runs_soft_deleted_app_is_not_purged(cloud: Cloud, run_id: str) -> None:
    other = _app(cloud, "their-app", marker_tags(str(uuid.uuid4()), "identity"))
    _delete(cloud, other)

    cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy())

    assert _soft_deleted(cloud, other)


def test_a_sweep_purges_soft_deleted_apps_of_finished_runs_only(cloud: Cloud, run_id: str) -> None:
    finished = _app(cloud, "finished-app", marker_tags(run_id, "identity"))
    active_run = str(uuid.uuid4())
    active = _app(cloud, "active-app", marker_tags(active_run, "identity"))
    _delete(cloud, finished)
    _delete(cloud, active)
    runs = {**_finished(run_id), active_run: RunFacts(active=True, started_at=datetime.now(UTC))}

    sweep(cloud.clients, cloud.sub, runs, min_age=timedelta(0), apply=True, policy=instant_policy())

    assert not _soft_deleted(cloud, finished)
    assert _soft_deleted(cloud, active)


def _app(cloud: Cloud, name: str, tags: list[str]) -> str:
    from msgraph.generated.models.application import Application

    async def create() -> str:
        async with cloud.clients.graph_session() as graph:
            app = await graph.applications.post(Application(display_name=name, tags=tags))
            assert app is not None and app.id is not None
            return app.id

    return asyncio.run(create())


def _delete(cloud: Cloud, object_id: str) -> None:
    async def delete() -> None:
        async with cloud.clients.graph_session() as graph:
            assert await graph_apps.delete_application(graph, object_id)

    asyncio.run(delete())


def _live(cloud: Cloud, object_id: str) -> bool:
    async def get() -> bool:
        async with cloud.clients.graph_session() as graph:
            return await graph_apps.get_application(graph, object_id) is not None

    return asyncio.run(get())


def _soft_deleted(cloud: Cloud, object_id: str) -> bool:
    async def get() -> bool:
        async with cloud.clients.graph_session() as graph:
            return await graph_apps.deleted_item_exists(graph, object_id)

    return asyncio.run(get())


def test_haymaker_tags_are_what_the_rule_accepts(run_id: str) -> None:
    from haymaker.tags import ownership

    assert ownership(haymaker_tags(run_id, "vnet")).belongs_to(run_id)


def test_the_markdown_report_lists_lookalikes_in_their_own_section(cloud: Cloud, run_id: str) -> None:
    from haymaker.reporting.render import cleanup_report_markdown

    group, _ = cloud.run(run_id)
    cloud.vnet(group.split("/")[-1], "impostor", {MANAGED_TAG: "TRUE", RUN_ID_TAG: run_id})

    markdown = cleanup_report_markdown(cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy()))

    section = markdown.split("## Looks like HayMaker's, left alone", 1)[1]
    assert "impostor" in section and "not exactly 'true'" in section
