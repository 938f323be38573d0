"""What `haymaker setup` does on a Prefect server: block types and default documents, the Azure
rate limits (global concurrency limits with slot decay), and the cleanup-failed automation.

Every step is idempotent: a second run keeps existing documents (unless told to overwrite),
brings the limits to their sizes and replaces the automation. The block types come in as
arguments (the CLI, the composition root, passes them), so the library never imports blocks/.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Field

from haymaker.throttling import AZURE_RATE_LIMITS, RateLimit

AUTOMATION_NAME = "haymaker-cleanup-failed"
CLEANUP_FAILED_EVENT = "haymaker.cleanup.failed"
NOTIFICATION_SUBJECT = "HayMaker cleanup failed: {{ event.resource.name }}"
NOTIFICATION_BODY = (
    "HayMaker could not verify a cleanup.\n"
    "What: {{ event.resource.id }}\n"
    "Status: {{ event.payload.status }}; {{ event.payload.remaining_count }} resource(s) remain, "
    "service principals not deleted: {{ event.payload.service_principals_failed }}.\n"
    "Occurred: {{ event.occurred }}. Re-run `haymaker cleanup` for the run, or the sweep with --apply."
)


class SetupReport(BaseModel):
    """What setup did, step by step (names only, never a secret)."""

    block_types: list[str] = Field(default_factory=list)
    documents: dict[str, str] = Field(default_factory=dict, description="slug/name -> created|kept|replaced")
    limits: dict[str, str] = Field(default_factory=dict, description="name -> created|updated|unchanged")
    automation: str = ""


def run_setup(
    documents: Iterable[tuple[str, Any]],
    *,
    limits: Iterable[RateLimit] = AZURE_RATE_LIMITS,
    notify_block: str | None = None,
    overwrite: bool = False,
) -> SetupReport:
    """Register the block types of `documents` ((name, Block instance) pairs) and save them, create or
    resize the rate limits, and create the automation on haymaker.cleanup.failed (notifying
    through `notify_block` = "block-type-slug/document-name" when given)."""
    report = SetupReport()
    for name, block in documents:
        report.block_types.append(register_block_type(type(block)))
        report.documents[f"{type(block).get_block_type_slug()}/{name}"] = save_document(
            block, name, overwrite
        )
    for limit in limits:
        report.limits[limit.name] = ensure_rate_limit(limit)
    report.automation = ensure_cleanup_failed_automation(notify_block)
    return report


def register_block_type(block_type: Any) -> str:
    """What `prefect block register` does for one class; returns its slug."""
    block_type.register_type_and_schema()
    return str(block_type.get_block_type_slug())


def save_document(block: Any, name: str, overwrite: bool) -> str:
    """Save `block` as document `name`: created, kept (it exists) or replaced (overwrite)."""
    exists = _document_exists(type(block).get_block_type_slug(), name)
    if exists and not overwrite:
        return "kept"
    block.save(name, overwrite=True)
    return "replaced" if exists else "created"


def _document_exists(slug: str, name: str) -> bool:
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_block_document_by_name(name, block_type_slug=slug, include_secrets=False)
        except ObjectNotFound:
            return False
    return True


def ensure_rate_limit(limit: RateLimit) -> str:
    """A global concurrency limit with slot decay of `limit`'s size: created, updated or unchanged."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate, GlobalConcurrencyLimitUpdate
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            existing = client.read_global_concurrency_limit_by_name(limit.name)
        except ObjectNotFound:
            client.create_global_concurrency_limit(
                GlobalConcurrencyLimitCreate(
                    name=limit.name,
                    limit=limit.limit,
                    slot_decay_per_second=limit.slots_per_second,
                    active=True,
                )
            )
            return "created"
        if (
            existing.limit == limit.limit
            and existing.slot_decay_per_second == limit.slots_per_second
            and existing.active
        ):
            return "unchanged"
        client.update_global_concurrency_limit(
            limit.name,
            GlobalConcurrencyLimitUpdate(
                limit=limit.limit, slot_decay_per_second=limit.slots_per_second, active=True
            ),
        )
        return "updated"


def parse_block_reference(reference: str) -> tuple[str, str]:
    """'slack-webhook/ops' -> ('slack-webhook', 'ops')."""
    slug, sep, name = reference.partition("/")
    if not sep or not slug or not name or "/" in name:
        raise ValueError(
            f"notification block {reference!r} is not TYPE/NAME, e.g. slack-webhook/ops or "
            "custom-webhook/haymaker (see `prefect block ls`)"
        )
    return slug, name


def ensure_cleanup_failed_automation(notify_block: str | None) -> str:
    """(Re)create the automation on haymaker.cleanup.failed. With `notify_block` it sends a
    notification through that notification block document; without, it only records that it
    fired (Prefect UI > Automations and the event feed), so the failure is on record either way.
    Returns what happened, for the report."""
    from prefect.client.orchestration import get_client
    from prefect.events.actions import DoNothing, SendNotification
    from prefect.events.schemas.automations import AutomationCore, EventTrigger, Posture
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        actions: list[Any] = [DoNothing()]
        if notify_block:
            slug, name = parse_block_reference(notify_block)
            try:
                document = client.read_block_document_by_name(
                    name, block_type_slug=slug, include_secrets=False
                )
            except ObjectNotFound:
                raise ValueError(
                    f"notification block document {notify_block!r} does not exist: create it first "
                    "(Prefect UI > Blocks, or `prefect block create`)"
                ) from None
            actions = [
                SendNotification(
                    block_document_id=document.id, subject=NOTIFICATION_SUBJECT, body=NOTIFICATION_BODY
                )
            ]
        replaced = client.read_automations_by_name(AUTOMATION_NAME)
        for automation in replaced:
            client.delete_automation(automation.id)
        client.create_automation(
            AutomationCore(
                name=AUTOMATION_NAME,
                description="Fires when a HayMaker cleanup (run or sweep) cannot verify that nothing is left"
                + (
                    f"; notifies through {notify_block}."
                    if notify_block
                    else "; add a notification with `haymaker setup --notify-block TYPE/NAME`."
                ),
                trigger=EventTrigger(
                    expect={CLEANUP_FAILED_EVENT},
                    match={"prefect.resource.id": ["haymaker.run.*", "haymaker.sweep.*"]},
                    posture=Posture.Reactive,
                    threshold=1,
                ),
                actions=actions,
            )
        )
    how = (
        f"notifies through {notify_block}"
        if notify_block
        else "no notification: give --notify-block TYPE/NAME"
    )
    return f"{'replaced' if replaced else 'created'} ({how})"
