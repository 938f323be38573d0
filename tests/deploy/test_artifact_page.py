"""The cleanup report as an operator sees it: the Prefect UI's artifact page in headless Chromium."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from .conftest import Stack, read_artifact
from .devtools import Page, start_chromium
from .processes import Processes

pytestmark = pytest.mark.slow

RENDERED = """(() => {
  const main = document.querySelector('main') || document.body;
  const headings = [...main.querySelectorAll('h1, h2, h3')].map(h => h.innerText.trim());
  const tables = [...main.querySelectorAll('table')].map(t => ({
    headers: [...t.querySelectorAll('th')].map(th => th.innerText.trim()),
    rows: [...t.querySelectorAll('tbody tr')].map(tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim())),
  }));
  return JSON.stringify({headings, tables});
})()"""


@pytest.fixture
def page(stack: Stack) -> Iterator[Page]:
    processes = Processes(stack.work / "logs")
    profile = stack.work / "chromium-profile"
    profile.mkdir(exist_ok=True)
    try:
        started = time.monotonic()
        _, port = start_chromium(processes, profile, stack.env)
        stack.timings["browser: chromium up"] = time.monotonic() - started
        tab = Page(port)
        try:
            yield tab
        finally:
            tab.close()
    finally:
        processes.stop_all()


def test_cleanup_report_page_shows_the_heading_and_the_resource_table(
    stack: Stack, simulation_run: str, page: Page
) -> None:
    artifact = read_artifact(stack, f"cleanup-report-{simulation_run[:8]}")
    started = time.monotonic()
    page.navigate(f"{stack.ui_url}/artifacts/artifact/{artifact['id']}")
    page.wait_for(
        "[...document.querySelectorAll('h1')].some(h => h.innerText.includes('Cleanup report'))", 90
    )
    page.wait_for("document.querySelectorAll('table tbody tr').length > 0", 30)
    page.screenshot(stack.work / "logs" / "cleanup-report.png")
    rendered = json.loads(page.evaluate(RENDERED))
    stack.timings["browser: artifact page rendered"] = time.monotonic() - started

    assert f"Cleanup report — run {simulation_run[:8]}" in rendered["headings"]
    assert "Resources" in rendered["headings"]
    resource_table = next(
        t for t in rendered["tables"] if "Status" in t["headers"] and "Type" in t["headers"]
    )
    statuses = {row[resource_table["headers"].index("Status")] for row in resource_table["rows"]}
    types = {row[resource_table["headers"].index("Type")] for row in resource_table["rows"]}
    assert statuses <= {"deleted", "not_found"} and statuses
    assert "Microsoft.Resources/resourceGroups" in types
