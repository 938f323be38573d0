"""Short run ids (issue 14, finding 6): the UI, events and artifact keys say "run 445cc22f", so
wherever a run id is accepted a unique prefix of at least 8 hex characters names the run too.

A prefix is resolved to the full UUID through the runs a source lists, before it is used for
anything (never in a query: S7 holds for the resolved id only). Unknown and ambiguous prefixes
are one-line errors that say where the runs were looked for.
"""

from __future__ import annotations

from collections.abc import Callable

from haymaker.naming import validate_run_id
from haymaker.store.protocol import ReportStore

MIN_PREFIX = 8
PAGE = 500
_HYPHENS = (8, 13, 18, 23)
_HEX = frozenset("0123456789abcdef")


class UnknownRun(LookupError):
    """No run has that id or prefix."""


class AmbiguousRun(ValueError):
    """More than one run starts with that prefix."""


def is_run_id_prefix(text: str) -> bool:
    """Whether `text` is the start of a canonical run id, at least MIN_PREFIX characters."""
    if not isinstance(text, str) or not MIN_PREFIX <= len(text) <= 36:
        return False
    lowered = text.lower()
    return all((c == "-") if i in _HYPHENS else (c in _HEX) for i, c in enumerate(lowered))


def check_run_id_or_prefix(text: str) -> str:
    """A full run id (canonical) or a well-formed prefix (lowercased); ValueError otherwise."""
    if is_run_id_prefix(text) and len(text) < 36:
        return text.lower()
    return validate_run_id(text)


def resolve_run_id(text: str, list_page: Callable[[int], list[str]], where: str) -> str:
    """The one run id `text` names: itself when it is a full id, else the only listed run that
    starts with it. `list_page(n)` returns the run ids of page n (0-based; short when last)."""
    wanted = check_run_id_or_prefix(text)
    if len(wanted) == 36:
        return wanted
    matches: list[str] = []
    page = 0
    while True:
        ids = list_page(page)
        matches += [run_id for run_id in ids if run_id.lower().startswith(wanted)]
        if len(ids) < PAGE:
            break
        page += 1
    if not matches:
        raise UnknownRun(f"no run starts with {text!r} in {where}")
    if len(matches) > 1:
        shown = ", ".join(sorted(matches)[:5])
        raise AmbiguousRun(
            f"run id {text!r} is ambiguous in {where}: it starts {shown}; give more characters"
        )
    return matches[0]


def resolve_in_store(store: ReportStore, text: str) -> str:
    """`resolve_run_id` over a report store's runs."""
    return resolve_run_id(
        text,
        lambda page: [s.run_id for s in store.list_runs(limit=PAGE, offset=page * PAGE)],
        repr(store),
    )
