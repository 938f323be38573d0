"""The ReportStore contract, as a reusable suite.

A backend's tests subclass `ReportStoreContract` and provide a `store` fixture returning an
empty store (see test_local_store.py); the Blob store reuses it as is.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from haymaker.models.cleanup import CleanupReport, CleanupStatus, DeletionStatus, ResourceDeletion
from haymaker.models.resources import Resource, ResourceStatus
from haymaker.models.scenarios import ScenarioStatus
from haymaker.reporting.models import (
    CleanupSummary,
    LogEntry,
    OrchestratorState,
    OrchestratorStatus,
    RunPhase,
    RunReport,
    RunStatus,
    RunTotals,
    ScenarioReport,
)
from haymaker.store import LayoutReportStore, ReportStore, StoreCorrupted

T0 = datetime(2026, 11, 5, 8, 0, tzinfo=UTC)
SUB = "00000000-0000-4000-8000-000000000001"

HOSTILE_RUN_IDS = [
    "../../etc",
    "..",
    "",
    "not-a-uuid",
    "3f2b8c1e-0000-4000-8000-000000000000/../x",
    "3f2b8c1e-0000-4000-8000-000000000000/",
    "/3f2b8c1e-0000-4000-8000-000000000000",
    "sweeps",
]


def new_run_id() -> str:
    return str(uuid.uuid4())


def run_report(run_id: str, started_at: datetime = T0, **changes: object) -> RunReport:
    report = RunReport(
        run_id=run_id,
        status=RunStatus.COMPLETED,
        started_at=started_at,
        ended_at=started_at + timedelta(hours=8),
        target="emulator",
        scenario_count=1,
        seed=42,
        scenarios=[
            ScenarioReport(
                scenario_name="networking-01-vnet-nsg",
                technology_area="Networking",
                status=ScenarioStatus.COMPLETED,
                resources_created=3,
                resources_deleted=3,
                operations=12,
            )
        ],
        totals=RunTotals(resources_created=3, resources_deleted=3, operations=12, events_ingested=20),
        cleanup=CleanupSummary(status=CleanupStatus.VERIFIED, verified=True),
    )
    return report.model_copy(update=changes)


def resource(run_id: str, name: str, status: ResourceStatus = ResourceStatus.CREATED) -> Resource:
    return Resource(
        resource_id=f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/{name}",
        resource_type="Microsoft.Network/virtualNetworks",
        resource_name=name,
        scenario_name="networking-01-vnet-nsg",
        run_id=run_id,
        created_at=T0,
        status=status,
        tags={"AzureHayMaker-managed": "true", "AzureHayMaker-run-id": run_id},
    )


def cleanup_report(run_id: str, mode: str = "run") -> CleanupReport:
    return CleanupReport(
        run_id=run_id,
        status=CleanupStatus.VERIFIED,
        mode=mode,
        started_at=T0,
        completed_at=T0 + timedelta(minutes=3),
        total_resources_expected=1,
        total_resources_deleted=1,
        deletions=[
            ResourceDeletion(
                resource_id=f"/subscriptions/{SUB}/resourceGroups/rg",
                resource_type="Microsoft.Resources/resourceGroups",
                resource_name="rg",
                status=DeletionStatus.DELETED,
            )
        ],
        service_principals_deleted=["AzureHayMaker-networking-01-vnet-nsg-3f2b8c1e-admin"],
    )


def log(scenario: str, message: str, at: datetime = T0, level: str = "INFO") -> LogEntry:
    return LogEntry(timestamp=at, scenario=scenario, level=level, message=message, event_id=new_run_id())


class ReportStoreContract:
    """Behaviours every ReportStore implementation must have.

    A subclass defines a `store` fixture that returns an empty store of its backend.
    """

    # --- the protocol ---------------------------------------------------------------------

    def test_store_satisfies_the_report_store_protocol(self, store: LayoutReportStore) -> None:
        assert isinstance(store, ReportStore)

    # --- status ---------------------------------------------------------------------------

    def test_status_is_none_before_anything_was_written(self, store: LayoutReportStore) -> None:
        assert store.read_status() is None

    def test_status_round_trips(self, store: LayoutReportStore) -> None:
        status = OrchestratorStatus(
            status=OrchestratorState.RUNNING,
            current_run_id=new_run_id(),
            phase=RunPhase.MONITORING,
            started_at=T0,
            updated_at=T0 + timedelta(minutes=5),
            scenarios_total=5,
            scenarios_running=4,
            scenarios_completed=1,
            resources_created=17,
        )
        store.write_status(status)
        assert store.read_status() == status

    def test_status_write_replaces_the_previous_status(self, store: LayoutReportStore) -> None:
        store.write_status(OrchestratorStatus(status=OrchestratorState.RUNNING))
        store.write_status(OrchestratorStatus(status=OrchestratorState.IDLE))
        status = store.read_status()
        assert status is not None and status.status == OrchestratorState.IDLE

    def test_status_lives_at_the_documented_path(self, store: LayoutReportStore) -> None:
        store.write_status(OrchestratorStatus())
        assert store.list_paths("") == ["execution-state/current_status.json"]

    # --- run reports ----------------------------------------------------------------------

    def test_run_report_round_trips(self, store: LayoutReportStore) -> None:
        report = run_report(new_run_id())
        store.write_run_report(report)
        assert store.read_run_report(report.run_id) == report

    def test_run_report_of_an_unknown_run_is_none(self, store: LayoutReportStore) -> None:
        assert store.read_run_report(new_run_id()) is None

    def test_run_report_lives_at_the_documented_path(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        store.write_run_report(run_report(run_id))
        assert store.list_paths("") == [f"execution-reports/{run_id}/report.json"]

    def test_list_runs_is_newest_first(self, store: LayoutReportStore) -> None:
        ids = [new_run_id() for _ in range(3)]
        for age, run_id in zip((2, 0, 1), ids, strict=True):
            store.write_run_report(run_report(run_id, started_at=T0 - timedelta(days=age)))
        listed = [s.run_id for s in store.list_runs()]
        assert listed == [ids[1], ids[2], ids[0]]

    def test_list_runs_pages_with_limit_and_offset(self, store: LayoutReportStore) -> None:
        ids = [new_run_id() for _ in range(5)]
        for hours, run_id in enumerate(ids):
            store.write_run_report(run_report(run_id, started_at=T0 + timedelta(hours=hours)))
        page = store.list_runs(limit=2, offset=1)
        assert [s.run_id for s in page] == [ids[3], ids[2]]

    def test_list_runs_summarizes_each_report(self, store: LayoutReportStore) -> None:
        report = run_report(new_run_id())
        store.write_run_report(report)
        (summary,) = store.list_runs()
        assert summary.status == RunStatus.COMPLETED
        assert summary.scenarios_total == 1
        assert summary.resources_created == 3
        assert summary.duration_seconds == 8 * 3600
        assert summary.cleanup_status == CleanupStatus.VERIFIED and summary.cleanup_verified

    def test_list_runs_ignores_sweeps_and_runs_without_a_report(self, store: LayoutReportStore) -> None:
        store.write_resources(new_run_id(), [])
        store.write_cleanup_report(cleanup_report("sweep", mode="sweep"), "# sweep")
        assert store.list_runs() == []

    def test_list_runs_rejects_a_negative_page(self, store: LayoutReportStore) -> None:
        with pytest.raises(ValueError, match="limit and offset"):
            store.list_runs(limit=-1)

    # --- resources ------------------------------------------------------------------------

    def test_resources_round_trip(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        resources = [resource(run_id, "vnet-a"), resource(run_id, "vnet-b", ResourceStatus.DELETED)]
        store.write_resources(run_id, resources)
        assert store.read_resources(run_id) == resources
        assert store.list_paths("") == [f"execution-reports/{run_id}/resources.json"]

    def test_resources_of_an_unknown_run_are_empty(self, store: LayoutReportStore) -> None:
        assert store.read_resources(new_run_id()) == []

    # --- cleanup reports ------------------------------------------------------------------

    def test_cleanup_report_and_markdown_round_trip(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        report = cleanup_report(run_id)
        location = store.write_cleanup_report(report, "# Cleanup report — run x\n| a \\| b |\n")
        assert location == f"execution-reports/{run_id}/cleanups/20261105T080300000000Z-run.json"
        assert store.read_cleanup_report(run_id) == report
        assert store.read_cleanup_markdown(run_id) == "# Cleanup report — run x\n| a \\| b |\n"
        assert store.list_paths(f"execution-reports/{run_id}/") == [
            f"execution-reports/{run_id}/cleanup-report.json",
            f"execution-reports/{run_id}/cleanup-report.md",
            f"execution-reports/{run_id}/cleanups/20261105T080300000000Z-run.json",
            f"execution-reports/{run_id}/cleanups/20261105T080300000000Z-run.md",
        ]

    def test_a_dry_run_joins_the_history_without_replacing_the_latest_cleanup(
        self, store: LayoutReportStore
    ) -> None:
        run_id = new_run_id()
        applied = cleanup_report(run_id)
        store.write_cleanup_report(applied, "# applied")
        dry = applied.model_copy(
            update={
                "dry_run": True,
                "status": CleanupStatus.VERIFICATION_FAILED,
                "completed_at": T0 + timedelta(hours=1),
            }
        )
        location = store.write_cleanup_report(dry, "# dry")
        assert location.endswith("/cleanups/20261105T090000000000Z-dry-run.json")
        assert store.read_cleanup_report(run_id) == applied
        assert store.read_cleanup_markdown(run_id) == "# applied"
        assert store.read_cleanup_entry(run_id, "20261105T090000000000Z-dry-run") == dry

    def test_a_later_cleanup_keeps_the_earlier_ones_in_the_history_newest_first(
        self, store: LayoutReportStore
    ) -> None:
        run_id = new_run_id()
        first = cleanup_report(run_id).model_copy(update={"status": CleanupStatus.PARTIAL_FAILURE})
        later = cleanup_report(run_id).model_copy(update={"completed_at": T0 + timedelta(hours=2)})
        store.write_cleanup_report(first, "# first")
        store.write_cleanup_report(later, "# later")
        history = store.list_cleanups(run_id)
        assert [(e.cleanup_id, e.status) for e in history] == [
            ("20261105T100000000000Z-run", CleanupStatus.VERIFIED),
            ("20261105T080300000000Z-run", CleanupStatus.PARTIAL_FAILURE),
        ]
        assert history[0].resources_deleted == 1 and history[0].location.endswith("-run.json")
        assert store.read_cleanup_report(run_id) == later

    def test_a_sweeps_slice_of_a_run_goes_to_that_runs_history_and_becomes_its_latest(
        self, store: LayoutReportStore
    ) -> None:
        run_id = new_run_id()
        store.write_cleanup_report(
            cleanup_report(run_id).model_copy(update={"status": CleanupStatus.PARTIAL_FAILURE}), ""
        )
        swept = cleanup_report(run_id, mode="sweep").model_copy(
            update={"completed_at": T0 + timedelta(hours=5)}
        )
        store.write_cleanup_report(swept, "# swept")
        assert [e.mode for e in store.list_cleanups(run_id)] == ["sweep", "run"]
        assert store.read_cleanup_report(run_id) == swept
        assert store.list_sweeps() == []

    def test_the_history_of_an_unknown_run_is_empty(self, store: LayoutReportStore) -> None:
        assert store.list_cleanups(new_run_id()) == []
        assert store.read_cleanup_entry(new_run_id(), "20261105T080300000000Z-run") is None

    def test_a_cleanup_id_that_is_not_time_and_mode_is_refused(self, store: LayoutReportStore) -> None:
        with pytest.raises(ValueError, match="cleanup id must look like"):
            store.read_cleanup_entry(new_run_id(), "../../execution-state/current_status")

    def test_cleanup_report_of_an_unknown_run_is_none(self, store: LayoutReportStore) -> None:
        assert store.read_cleanup_report(new_run_id()) is None
        assert store.read_cleanup_markdown(new_run_id()) is None

    def test_sweep_report_goes_under_sweeps_named_by_its_start_time(self, store: LayoutReportStore) -> None:
        report = cleanup_report("", mode="sweep")
        location = store.write_cleanup_report(report, "# Cleanup report — sweep\n")
        assert location == "execution-reports/sweeps/20261105T080000000000Z/cleanup-report.json"
        assert store.list_sweeps() == ["20261105T080000000000Z"]
        assert store.read_sweep_report("20261105T080000000000Z") == report
        assert store.read_sweep_markdown("20261105T080000000000Z") == "# Cleanup report — sweep\n"

    def test_sweeps_are_listed_newest_first(self, store: LayoutReportStore) -> None:
        for hours in (1, 3, 2):
            report = cleanup_report("", mode="sweep").model_copy(
                update={"started_at": T0 + timedelta(hours=hours)}
            )
            store.write_cleanup_report(report, "")
        assert store.list_sweeps() == [
            "20261105T110000000000Z",
            "20261105T100000000000Z",
            "20261105T090000000000Z",
        ]
        assert store.list_sweeps(limit=1, offset=1) == ["20261105T100000000000Z"]

    def test_sweep_ids_that_are_not_timestamps_are_rejected(self, store: LayoutReportStore) -> None:
        with pytest.raises(ValueError, match="sweep id"):
            store.read_sweep_report("../20261105T080000000000Z")

    # --- logs -----------------------------------------------------------------------------

    def test_logs_append_and_read_back_in_append_order(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        first = [log("scenario-a", "one"), log("scenario-a", "two")]
        second = [log("scenario-a", "three")]
        store.append_logs(run_id, "scenario-a", first)
        store.append_logs(run_id, "scenario-a", second)
        assert store.read_logs(run_id, "scenario-a") == first + second
        assert store.list_paths("execution-logs/") == [f"execution-logs/{run_id}/scenario-a.jsonl"]

    def test_logs_filter_by_scenario(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        store.append_logs(run_id, "scenario-a", [log("scenario-a", "a")])
        store.append_logs(run_id, "scenario-b", [log("scenario-b", "b")])
        assert [e.message for e in store.read_logs(run_id, "scenario-b")] == ["b"]

    def test_logs_of_all_scenarios_merge_in_timestamp_order(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        later = T0 + timedelta(seconds=2)
        store.append_logs(run_id, "scenario-a", [log("scenario-a", "a1", T0), log("scenario-a", "a2", later)])
        store.append_logs(run_id, "scenario-b", [log("scenario-b", "b1", T0 + timedelta(seconds=1))])
        assert [e.message for e in store.read_logs(run_id)] == ["a1", "b1", "a2"]

    def test_logs_since_an_offset_return_only_newer_entries(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        store.append_logs(run_id, "scenario-a", [log("scenario-a", m) for m in ("1", "2", "3")])
        seen = store.read_logs(run_id, "scenario-a", since=0)
        store.append_logs(run_id, "scenario-a", [log("scenario-a", "4")])
        newer = store.read_logs(run_id, "scenario-a", since=len(seen))
        assert [e.message for e in newer] == ["4"]

    def test_logs_since_a_time_return_entries_strictly_after_it(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        entries = [log("scenario-a", str(i), T0 + timedelta(seconds=i)) for i in range(4)]
        store.append_logs(run_id, "scenario-a", entries)
        after = store.read_logs(run_id, since=T0 + timedelta(seconds=1))
        assert [e.message for e in after] == ["2", "3"]

    def test_logs_limit_caps_the_entries_returned(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        store.append_logs(run_id, "scenario-a", [log("scenario-a", str(i)) for i in range(5)])
        assert [e.message for e in store.read_logs(run_id, "scenario-a", since=1, limit=2)] == ["1", "2"]

    def test_logs_of_an_unknown_run_are_empty(self, store: LayoutReportStore) -> None:
        assert store.read_logs(new_run_id()) == []
        assert store.read_logs(new_run_id(), "scenario-a") == []

    def test_logs_for_another_scenario_are_refused(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        with pytest.raises(ValueError, match="scenario-b"):
            store.append_logs(run_id, "scenario-a", [log("scenario-b", "misplaced")])
        assert store.read_logs(run_id) == []

    def test_a_log_line_still_being_written_is_not_returned(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        store.append_logs(run_id, "scenario-a", [log("scenario-a", "complete")])
        store.append_bytes(f"execution-logs/{run_id}/scenario-a.jsonl", b'{"timestamp": "2026-11-05T08')
        assert [e.message for e in store.read_logs(run_id, "scenario-a")] == ["complete"]

    # --- corruption -----------------------------------------------------------------------

    def test_corrupted_status_raises_store_corrupted(self, store: LayoutReportStore) -> None:
        store.put_bytes("execution-state/current_status.json", b'{"status": "running", "curr')
        with pytest.raises(StoreCorrupted) as caught:
            store.read_status()
        assert caught.value.path == "execution-state/current_status.json"
        assert "invalid" in caught.value.reason

    def test_corrupted_run_report_raises_store_corrupted(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        store.put_bytes(f"execution-reports/{run_id}/report.json", b"not json at all")
        with pytest.raises(StoreCorrupted) as caught:
            store.read_run_report(run_id)
        assert caught.value.path == f"execution-reports/{run_id}/report.json"

    def test_a_report_of_the_wrong_shape_raises_store_corrupted(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        store.put_bytes(f"execution-reports/{run_id}/report.json", b'{"run_id": "x", "hush": "s3cret"}')
        with pytest.raises(StoreCorrupted) as caught:
            store.read_run_report(run_id)
        # The reason names fields, never stored values.
        assert "s3cret" not in str(caught.value)

    def test_corrupted_resources_raise_store_corrupted(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        store.put_bytes(f"execution-reports/{run_id}/resources.json", b'[{"resource_id": ')
        with pytest.raises(StoreCorrupted):
            store.read_resources(run_id)

    def test_corrupted_cleanup_report_raises_store_corrupted(self, store: LayoutReportStore) -> None:
        run_id = new_run_id()
        store.put_bytes(f"execution-reports/{run_id}/cleanup-report.json", b"{")
        with pytest.raises(StoreCorrupted):
            store.read_cleanup_report(run_id)

    def test_a_corrupted_log_line_raises_store_corrupted_naming_the_line(
        self, store: LayoutReportStore
    ) -> None:
        run_id = new_run_id()
        store.append_logs(run_id, "scenario-a", [log("scenario-a", "fine")])
        store.append_bytes(f"execution-logs/{run_id}/scenario-a.jsonl", b"garbage\n")
        with pytest.raises(StoreCorrupted, match="line 2"):
            store.read_logs(run_id, "scenario-a")

    def test_list_runs_surfaces_a_corrupted_report(self, store: LayoutReportStore) -> None:
        store.write_run_report(run_report(new_run_id()))
        store.put_bytes(f"execution-reports/{new_run_id()}/report.json", b"{")
        with pytest.raises(StoreCorrupted):
            store.list_runs()

    # --- path safety ----------------------------------------------------------------------

    @pytest.mark.parametrize("run_id", HOSTILE_RUN_IDS)
    def test_hostile_run_ids_never_become_paths(self, store: LayoutReportStore, run_id: str) -> None:
        for attempt in (
            lambda: store.read_run_report(run_id),
            lambda: store.write_resources(run_id, []),
            lambda: store.read_resources(run_id),
            lambda: store.read_cleanup_report(run_id),
            lambda: store.read_cleanup_markdown(run_id),
            lambda: store.append_logs(run_id, "scenario-a", [log("scenario-a", "x")]),
            lambda: store.read_logs(run_id),
            lambda: store.write_cleanup_report(cleanup_report(run_id), "x"),
        ):
            with pytest.raises(ValueError):
                attempt()
        assert store.list_paths("") == []

    @pytest.mark.parametrize("scenario", ["../escape", "a/b", "A-upper", ".hidden", ""])
    def test_hostile_scenario_names_never_become_paths(self, store: LayoutReportStore, scenario: str) -> None:
        with pytest.raises(ValueError):
            store.append_logs(new_run_id(), scenario, [])
        with pytest.raises(ValueError):
            store.read_logs(new_run_id(), scenario)
        assert store.list_paths("") == []

    # --- the byte layer -------------------------------------------------------------------

    def test_bytes_round_trip_and_missing_is_none(self, store: LayoutReportStore) -> None:
        store.put_bytes("a/b.bin", b"\x00\x01payload")
        assert store.get_bytes("a/b.bin") == b"\x00\x01payload"
        assert store.get_bytes("a/missing.bin") is None

    def test_put_bytes_replaces_the_whole_document(self, store: LayoutReportStore) -> None:
        store.put_bytes("doc.json", b"a much longer first version")
        store.put_bytes("doc.json", b"short")
        assert store.get_bytes("doc.json") == b"short"

    def test_append_bytes_creates_then_appends(self, store: LayoutReportStore) -> None:
        store.append_bytes("logs/x.jsonl", b"one\n")
        store.append_bytes("logs/x.jsonl", b"two\n")
        assert store.get_bytes("logs/x.jsonl") == b"one\ntwo\n"

    def test_list_paths_matches_a_string_prefix_sorted(self, store: LayoutReportStore) -> None:
        for path in ("p/b.txt", "p/a.txt", "p/sub/c.txt", "pq/d.txt", "z.txt"):
            store.put_bytes(path, b"x")
        assert store.list_paths("p/") == ["p/a.txt", "p/b.txt", "p/sub/c.txt"]
        assert store.list_paths("p") == ["p/a.txt", "p/b.txt", "p/sub/c.txt", "pq/d.txt"]
        assert store.list_paths("nothing/") == []
