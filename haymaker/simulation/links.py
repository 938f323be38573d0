"""Where a run's documents are, so the run report and the cleanup report link each other
(issue 14, finding 8): Prefect UI pages (when the UI's URL is known), report-store paths, and
the run's view in the monitoring API (when HAYMAKER_API_URL names one). Pure: callers pass the
URLs they know."""

from __future__ import annotations

from urllib.parse import quote

from pydantic import BaseModel

from haymaker.naming import validate_run_id
from haymaker.store import layout


class Link(BaseModel):
    """One line of a report's Links section: a URL or a report-store path."""

    label: str
    target: str

    def pair(self) -> tuple[str, str]:
        return (self.label, self.target)


def artifact_page(ui_url: str, key: str) -> str:
    """The Prefect UI page of the latest artifact with `key`."""
    return f"{ui_url.rstrip('/')}/artifacts/key/{quote(key)}"


def flow_run_page(ui_url: str, flow_run_id: str) -> str:
    return f"{ui_url.rstrip('/')}/runs/flow-run/{quote(flow_run_id)}"


def api_run_view(api_url: str, run_id: str) -> str:
    """The run in the monitoring API (`HAYMAKER_API_URL`, e.g. http://127.0.0.1:8080)."""
    return f"{api_url.rstrip('/')}/api/v1/runs/{validate_run_id(run_id)}"


def run_report_links(run_id: str, *, ui_url: str | None, api_url: str | None) -> list[Link]:
    """What the run report links to: its cleanup report, its cleanups, its API view."""
    links = []
    if ui_url:
        links.append(
            Link(
                label="Cleanup report (Prefect UI)",
                target=artifact_page(ui_url, f"cleanup-report-{run_id[:8]}"),
            )
        )
    links += [
        Link(label="Cleanup report (report store)", target=layout.cleanup_json_path(run_id)),
        Link(label="Every cleanup of this run (report store)", target=layout.cleanup_history_dir(run_id)),
    ]
    if api_url:
        links.append(Link(label="This run in the monitoring API", target=api_run_view(api_url, run_id)))
    return links


def cleanup_report_links(run_id: str, *, ui_url: str | None, api_url: str | None) -> list[Link]:
    """What a run's cleanup report links to: the run's report and the simulation's flow run."""
    links = []
    if ui_url:
        links += [
            Link(label="Run report (Prefect UI)", target=artifact_page(ui_url, f"run-report-{run_id[:8]}")),
            # The run id is the simulation's flow run id.
            Link(label="The simulation's flow run (Prefect UI)", target=flow_run_page(ui_url, run_id)),
        ]
    links.append(Link(label="Run report (report store)", target=layout.run_report_path(run_id)))
    if api_url:
        links.append(Link(label="This run in the monitoring API", target=api_run_view(api_url, run_id)))
    return links


def pairs(links: list[Link]) -> list[tuple[str, str]]:
    """(label, target) pairs, as the markdown renderers take them."""
    return [link.pair() for link in links]
