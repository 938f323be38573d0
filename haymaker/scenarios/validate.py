"""Semantic checks that make a scenario executable: references, scope, and a complete teardown.

Rules (each failure names the step and the problem):
- step ids are unique and are not variable names;
- every `{ref}` names a variable or an earlier deploy step (`{n}` only in operate steps; only
  `n` may be used in arithmetic);
- ARM steps act inside the scenario's resource group: a resource starts with
  `{rg_id}/providers/` or with an earlier step `{step}`, and stays there once resolved (no `.`
  or `..` segments, percent-encoded characters, backslashes or empty segments anywhere a
  path is written: haymaker.resource_ids); PATCH/POST/DELETE and every operate
  step act only on what deploy created (`{step}` or beneath it);
- Graph steps create only in deploy (POST to a literal path); everything else targets `{step}`
  paths, except read-only GETs;
- every resource a deploy step creates is deleted in teardown, or lies beneath one that is;
  teardown lists children before their parents, and a resource whose body names another
  deployed resource before that one (Azure refuses to delete what is still referenced);
- created ARM resource types are listed in the front matter `resource_types`;
- every ARM and assert step's type and api-version are in the emulator's provider table
  (haymaker.scenarios.api_versions);
- names are unique per run: globally named resources and the Graph objects deploy creates
  carry `{prefix}` (haymaker.scenarios.unique_names);
- requests keep the service rules the REST specifications cannot express (SQL Basic elastic
  pool limits, a job's whole JobConfiguration: haymaker.scenarios.service_rules);
- PUT and PATCH bodies match the REST specifications' shapes: required properties, closed
  enums, read-only properties, name patterns (haymaker.scenarios.shapes; unknown properties are
  warnings there, with the closest known name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from haymaker.resource_ids import is_within, unsafe_reason
from haymaker.scenarios.api_versions import api_version_problem, known_weak_references
from haymaker.scenarios.arm_paths import is_resource_id, is_under, resource_type
from haymaker.scenarios.body_refs import body_references
from haymaker.scenarios.jsonpath import parse_path
from haymaker.scenarios.models import (
    ArmStep,
    AssertStep,
    DeleteStep,
    GraphStep,
    ScenarioSteps,
    WaitStep,
)
from haymaker.scenarios.samples import SAMPLE_VALUES
from haymaker.scenarios.service_rules import check_service_rules
from haymaker.scenarios.shapes import check_shapes
from haymaker.scenarios.template import (
    TemplateError,
    iter_strings,
    iter_template_fields,
    render,
    render_text,
    template_field_names,
)
from haymaker.scenarios.unique_names import arm_name_problem, graph_name_problem
from haymaker.scenarios.variables import ITERATION_VARIABLE, RESERVED_NAMES, VARIABLES

_STAND_IN_NAMESPACE = "Invalid.Step/"
_LEADING_REF = re.compile(r"^\{([^{}]+)\}(?:/|$)")


@dataclass
class _Ref:
    step_id: str
    kind: str  # "arm" | "graph"
    value: str  # the sample value: a resource id or a Graph object path
    creates: bool
    type: str | None
    owner: str | None = None  # the creating deploy step this one lies beneath (or is)
    parent: str | None = None  # the closest other creating step above a creating one
    broken: bool = False  # a stand-in for a step whose own problems are already reported


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")


def label(phase: str, index: int, step_id: str | None) -> str:
    """How messages name a step: `deploy step 2 ('vnet')`."""
    return f"{phase} step {index + 1}" + (f" ({step_id!r})" if step_id else "")


def check_steps(steps: ScenarioSteps, resource_types: Iterable[str]) -> list[str]:
    """All problems found, as `<step>: <what is wrong>` lines (empty when valid)."""
    problems = _Problems()
    all_ids = _check_ids(steps, problems)
    refs: dict[str, _Ref] = {}
    _check_deploy(steps, refs, all_ids, problems)
    _check_operate(steps, refs, all_ids, problems)
    _check_teardown(steps, refs, problems)
    for phase, index, step_id, problem in check_service_rules(steps):
        problems.add(label(phase, index, step_id), problem)
    for finding in check_shapes(steps).errors:
        problems.add(label(finding.phase, finding.index, finding.step_id), finding.message)
    listed = {t.lower() for t in resource_types}
    for ref in refs.values():
        if ref.broken or (ref.type or "").startswith(_STAND_IN_NAMESPACE):
            continue
        if ref.kind == "arm" and ref.creates and ref.type and ref.type.lower() not in listed:
            problems.add(
                label("deploy", _index(steps, ref.step_id), ref.step_id),
                f"creates a {ref.type} but resource_types in the front matter does not list it",
            )
    return problems.items


def _index(steps: ScenarioSteps, step_id: str) -> int:
    return next(i for i, s in enumerate(steps.deploy) if s.step_id == step_id)


def _check_ids(steps: ScenarioSteps, problems: _Problems) -> set[str]:
    seen: set[str] = set()
    entries = [("deploy", i, s.step_id) for i, s in enumerate(steps.deploy)]
    entries += [("operate", i, s.id) for i, s in enumerate(steps.operate)]
    for phase, index, step_id in entries:
        if step_id is None:
            continue
        if step_id in RESERVED_NAMES:
            problems.add(label(phase, index, step_id), f"id {step_id!r} is a variable name")
        elif step_id in seen:
            problems.add(label(phase, index, step_id), f"duplicate step id {step_id!r}")
        seen.add(step_id)
    return seen


def _check_names(
    where: str,
    strings: Iterable[str],
    allowed: set[str],
    all_ids: set[str],
    problems: _Problems,
    *,
    operate_ids: set[str] = frozenset(),  # type: ignore[assignment]
) -> bool:
    known = allowed | all_ids | RESERVED_NAMES
    ok = True
    for text in strings:
        for inner in iter_template_fields(text):
            try:
                names = template_field_names(inner, known)
            except TemplateError as exc:
                problems.add(where, str(exc))
                ok = False
                continue
            arithmetic = inner not in known
            for name in sorted(names):
                message = None
                if name in allowed:
                    if arithmetic and name != ITERATION_VARIABLE:
                        message = (
                            f"{{{inner}}}: only {{n}} is an integer; {name!r} cannot be used in arithmetic"
                        )
                elif name == ITERATION_VARIABLE:
                    message = "{n} (the iteration counter) exists only in operate steps"
                elif name in operate_ids:
                    message = (
                        f"{{{name}}} refers to operate step {name!r}; steps may refer to deploy steps only"
                    )
                elif name in all_ids:
                    message = f"{{{name}}} refers to step {name!r}, which has not run at this point"
                elif name in VARIABLES:
                    message = f"{{{name}}} is not available here"
                else:
                    message = f"unknown variable {{{name}}}"
                if message:
                    problems.add(where, message)
                    ok = False
    return ok


def _sample(values: dict[str, str | int], template: str) -> str:
    return render_text(template, values)


def _leading_ref(template: str) -> str | None:
    match = _LEADING_REF.match(template.strip())
    return match.group(1).strip() if match else None


def _step_strings(step: ArmStep | GraphStep | AssertStep | WaitStep) -> list[str]:
    if isinstance(step, ArmStep):
        return [step.resource, *iter_strings(step.body)]
    if isinstance(step, GraphStep):
        return [step.path, *iter_strings(step.body)]
    if isinstance(step, AssertStep):
        return [step.assert_, *iter_strings(list(step.expect.values()))]
    return []


def _check_plain(
    where: str, step: ArmStep | GraphStep | AssertStep, values: dict[str, str | int], problems: _Problems
) -> bool:
    """Every path a step writes says plainly where it points, and ARM targets stay in the group.

    A server resolves `..`, `%2e%2e` and `\\` before acting (RFC 3986 sections 5.2.4, 6.2.2), so
    `{rg_id}/providers/X/y/../../../../../other-rg/...` would reach another group.
    """
    if isinstance(step, ArmStep):
        target, kind = step.resource, "resource"
    elif isinstance(step, AssertStep):
        target, kind = step.assert_, "assert"
    else:
        target, kind = step.path, "path"
    before = len(problems.items)
    rendered = _render_or_none(values, target)
    for text in {target, rendered or target}:
        reason = unsafe_reason(text.strip())
        if reason is not None:
            problems.add(where, f"the {kind} {target!r} hides where it points: {reason}; write it plainly")
            break
    rg_id = str(SAMPLE_VALUES["rg_id"])
    climbs_out = (
        rendered is not None and rendered.startswith("/subscriptions/") and not is_within(rendered, rg_id)
    )
    if kind != "path" and len(problems.items) == before and climbs_out:
        problems.add(where, f"the {kind} {target!r} is outside the scenario's resource group {{rg_id}}")
    body = step.body if isinstance(step, ArmStep | GraphStep) else None
    for text in iter_strings(body):
        value = _render_or_none(values, text) or text
        if value.startswith("/subscriptions/") or ("/" in value and value.startswith("{")):
            reason = unsafe_reason(value)
            if reason is not None:
                problems.add(where, f"the body value {text!r} hides where it points: {reason}")
    return len(problems.items) == before


def _render_or_none(values: dict[str, str | int], template: str) -> str | None:
    try:
        return _sample({**values, ITERATION_VARIABLE: 0}, template)
    except TemplateError:
        return None


def _check_deploy(
    steps: ScenarioSteps, refs: dict[str, _Ref], all_ids: set[str], problems: _Problems
) -> None:
    values: dict[str, str | int] = dict(SAMPLE_VALUES)
    graph_objects = 0
    for index, step in enumerate(steps.deploy):
        where = label("deploy", index, step.step_id)
        if isinstance(step, WaitStep):
            continue
        allowed = set(VARIABLES) | set(refs)
        before = len(problems.items)
        names_ok = _check_names(where, _step_strings(step), allowed, all_ids, problems)
        names_ok = names_ok and _check_plain(where, step, values, problems)
        if isinstance(step, AssertStep):
            if names_ok:
                _check_assert(where, step, refs, values, problems, operate=False)
            continue
        ref = None
        if names_ok and isinstance(step, ArmStep):
            ref = _check_arm(where, step, refs, values, problems, operate=False)
        elif names_ok and isinstance(step, GraphStep):
            graph_objects += 1
            ref = _check_graph(where, step, refs, values, problems, graph_objects, operate=False)
        if ref is None and len(problems.items) > before:
            ref = _stand_in(step)  # so later steps are not blamed for this one's problem
        if ref is not None:
            refs[ref.step_id] = ref
            values[ref.step_id] = ref.value


def _stand_in(step: ArmStep | GraphStep) -> _Ref | None:
    """A reference for a step that has problems of its own (already reported)."""
    method = step.arm if isinstance(step, ArmStep) else step.graph
    if method in ("DELETE", "POST") and isinstance(step, ArmStep):
        return None
    if isinstance(step, ArmStep):
        value = f"{SAMPLE_VALUES['rg_id']}/providers/{_STAND_IN_NAMESPACE}steps/{step.id}"
        return _Ref(step.id, "arm", value, method == "PUT", None, owner=step.id, broken=True)
    return _Ref(step.id, "graph", f"/invalid/{step.id}", method == "POST", None, owner=step.id, broken=True)


def _check_arm(
    where: str,
    step: ArmStep,
    refs: dict[str, _Ref],
    values: dict[str, str | int],
    problems: _Problems,
    *,
    operate: bool,
) -> _Ref | None:
    template = step.resource.strip()
    lead = _leading_ref(template)
    if step.arm == "DELETE" and not operate:
        problems.add(where, "deploy steps do not delete; teardown does (`- delete: <step id>`)")
        return None
    if lead is not None and lead in refs and refs[lead].kind != "arm":
        problems.add(where, f"{{{lead}}} is a Graph object, not an ARM resource")
        return None
    on_own = lead is not None and lead in refs
    if operate or step.arm in ("PATCH", "POST", "DELETE"):
        if not on_own:
            problems.add(
                where,
                f"an ARM {step.arm} {'in operate ' if operate else ''}must act on what deploy "
                "created: start the resource with an earlier step, e.g. {vnet}/subnets/web",
            )
            return None
        if operate and refs[lead].owner is None:  # type: ignore[index]
            problems.add(where, f"acts on {{{lead}}}, which no deploy step created")
            return None
    elif not (on_own or template.startswith("{rg_id}/providers/")):
        problems.add(
            where,
            "the resource must lie in the scenario's resource group: start it with "
            "{rg_id}/providers/ or with an earlier step like {vnet}",
        )
        return None
    try:
        value = _sample(values, template)
    except TemplateError as exc:
        problems.add(where, str(exc))
        return None
    if step.arm == "POST":
        parent = value.rstrip("/").rsplit("/", 1)[0]
        if not is_resource_id(parent) or value.rstrip("/") == parent:
            problems.add(where, "an ARM POST targets an action of a resource: {step}/<action>")
        else:
            _check_api_version(where, parent, step.api_version, problems)
        return None
    if step.arm == "DELETE" and lead is not None and template == f"{{{lead}}}":
        problems.add(where, f"operate steps may delete only resources beneath {{{lead}}}, not it")
        return None
    if not is_resource_id(value):
        problems.add(
            where,
            f"{template!r} is not a resource id (expected .../providers/<Namespace>/<type>/<name>)",
        )
        return None
    try:
        render(step.body, {**values, ITERATION_VARIABLE: 0})
    except TemplateError as exc:
        problems.add(where, str(exc))
        return None
    _check_api_version(where, value, step.api_version, problems)
    if operate or step.arm in ("DELETE",):
        return None
    creating = [r for r in refs.values() if r.creates and r.kind == "arm"]
    creates = step.arm == "PUT" and not any(r.value.lower() == value.lower() for r in refs.values())
    owners = sorted(
        (r for r in creating if is_under(value, r.value)), key=lambda r: len(r.value), reverse=True
    )
    ref = _Ref(step.id, "arm", value, creates, resource_type(value))
    if creates:
        unique = arm_name_problem(ref.type, template)
        if unique:
            problems.add(where, unique)
        ref.owner = step.id
        parents = [r for r in owners if r.value.lower() != value.lower()]
        ref.parent = parents[0].step_id if parents else None
    else:
        ref.owner = owners[0].owner if owners else None
    return ref


def _check_graph(
    where: str,
    step: GraphStep,
    refs: dict[str, _Ref],
    values: dict[str, str | int],
    problems: _Problems,
    counter: int,
    *,
    operate: bool,
) -> _Ref | None:
    template = step.path.strip()
    lead = _leading_ref(template)
    if lead is not None and lead in refs and refs[lead].kind != "graph":
        problems.add(where, f"{{{lead}}} is an ARM resource, not a Graph object")
        return None
    on_own = lead is not None and lead in refs and refs[lead].owner is not None
    if step.graph == "DELETE" and not operate:
        problems.add(where, "deploy steps do not delete; teardown does (`- delete: <step id>`)")
        return None
    creates = step.graph == "POST" and lead is None
    if creates and operate:
        problems.add(
            where,
            "operate steps must not create Graph objects teardown cannot see; "
            "POST beneath a deploy object instead, e.g. {app}/addPassword",
        )
        return None
    if step.graph != "GET" and not creates and not on_own:
        problems.add(where, f"a Graph {step.graph} must act on an object a deploy step created")
        return None
    try:
        value = _sample(values, template)
        render(step.body, {**values, ITERATION_VARIABLE: 0})
    except TemplateError as exc:
        problems.add(where, str(exc))
        return None
    if operate or step.graph == "DELETE":
        return None
    if creates:
        unique = graph_name_problem(step.body)
        if unique:
            problems.add(where, unique)
        value = f"{value.rstrip('/')}/00000000-0000-4000-8000-{counter:012d}"
        return _Ref(step.id, "graph", value, True, None, owner=step.id)
    owner = refs[lead].owner if lead is not None and lead in refs else None
    return _Ref(step.id, "graph", value, False, None, owner=owner)


def _check_assert(
    where: str,
    step: AssertStep,
    refs: dict[str, _Ref],
    values: dict[str, str | int],
    problems: _Problems,
    *,
    operate: bool,
) -> None:
    template = step.assert_.strip()
    lead = _leading_ref(template)
    if not (
        (lead is not None and lead in refs and refs[lead].kind == "arm")
        or template.startswith("{rg_id}/providers/")
    ):
        problems.add(
            where,
            "an assert GETs an ARM resource: start it with an earlier step or {rg_id}/providers/",
        )
        return
    for path in step.expect:
        try:
            parse_path(path)
        except ValueError as exc:
            problems.add(where, str(exc))
    try:
        value = _sample({**values, ITERATION_VARIABLE: 0}, template)
        render(list(step.expect.values()), {**values, ITERATION_VARIABLE: 0})
    except TemplateError as exc:
        problems.add(where, str(exc))
        return
    if not is_resource_id(value):
        problems.add(where, f"{template!r} is not a resource id")
        return
    _check_api_version(where, value, step.api_version, problems)


def _check_api_version(where: str, resource_id: str, api_version: str, problems: _Problems) -> None:
    kind = resource_type(resource_id)
    if kind is None or kind.startswith(_STAND_IN_NAMESPACE):
        return  # the step this one builds on has its own problem, already reported
    problem = api_version_problem(kind, api_version)
    if problem:
        problems.add(where, problem)


def _check_operate(
    steps: ScenarioSteps, refs: dict[str, _Ref], all_ids: set[str], problems: _Problems
) -> None:
    values: dict[str, str | int] = {**SAMPLE_VALUES, **{k: r.value for k, r in refs.items()}}
    operate_ids = {s.id for s in steps.operate}
    for index, operate in enumerate(steps.operate):
        step = operate.action
        where = label("operate", index, operate.id or None)
        if not operate.id:
            problems.add(where, "operate steps need an id (it names the operation in events)")
            continue
        if isinstance(step, WaitStep):
            continue
        allowed = set(VARIABLES) | set(refs) | {ITERATION_VARIABLE}
        if not _check_names(
            where,
            _step_strings(step),
            allowed,
            all_ids - operate_ids,
            problems,
            operate_ids=operate_ids,
        ):
            continue
        sample = {**values, ITERATION_VARIABLE: 0}
        if not _check_plain(where, step, sample, problems):
            continue
        if isinstance(step, ArmStep):
            _check_arm(where, step, refs, sample, problems, operate=True)
        elif isinstance(step, GraphStep):
            _check_graph(where, step, refs, sample, problems, 0, operate=True)
        else:
            _check_assert(where, step, refs, sample, problems, operate=True)


def _check_teardown(steps: ScenarioSteps, refs: dict[str, _Ref], problems: _Problems) -> None:
    position: dict[str, int] = {}
    for index, step in enumerate(steps.teardown):
        if not isinstance(step, DeleteStep):
            continue
        where = label("teardown", index, None)
        target = step.delete
        if target not in refs:
            known = steps.find(target)
            reason = (
                f"'delete: {target}': no deploy step with that id"
                if known is None
                else f"'delete: {target}': that step does not create a resource"
            )
            problems.add(where, reason + " (teardown deletes what deploy steps created)")
            continue
        if not refs[target].creates:
            problems.add(where, f"'delete: {target}': that step does not create a resource")
            continue
        if target in position:
            problems.add(where, f"'delete: {target}' appears twice")
            continue
        position[target] = index
    for ref in refs.values():
        if not ref.creates or ref.broken:
            continue
        chain = _ancestors(ref, refs)
        if ref.step_id not in position and not any(a in position for a in chain):
            problems.add(
                label("deploy", _index(steps, ref.step_id), ref.step_id),
                f"creates {ref.type or 'a Graph object'} but teardown never deletes it "
                f"(add '- delete: {ref.step_id}')",
            )
        if ref.step_id in position:
            for ancestor in chain:
                if ancestor in position and position[ancestor] < position[ref.step_id]:
                    problems.add(
                        label("teardown", position[ref.step_id], None),
                        f"deletes {ref.step_id!r} after its parent {ancestor!r}; "
                        "list children before their parents",
                    )
    _check_dependents_first(steps, refs, position, problems)


def _deleted_at(step_id: str, refs: dict[str, _Ref], position: dict[str, int]) -> int | None:
    """When teardown removes what this step created: its own delete or its closest deleted
    ancestor's (children go with their parent)."""
    for candidate in [step_id, *_ancestors(refs[step_id], refs)]:
        if candidate in position:
            return position[candidate]
    return None


def _check_dependents_first(
    steps: ScenarioSteps, refs: dict[str, _Ref], position: dict[str, int], problems: _Problems
) -> None:
    for step in steps.deploy:
        ref = refs.get(step.step_id or "")
        if not isinstance(step, ArmStep) or ref is None or not ref.creates or ref.broken:
            continue
        weak = set(known_weak_references(ref.type or ""))
        own_at = _deleted_at(ref.step_id, refs, position)
        for path, name in body_references(step.body):
            target = refs.get(name)
            if path in weak or target is None or target.kind != "arm" or not target.creates:
                continue
            target_at = _deleted_at(name, refs, position)
            if own_at is None or target_at is None or own_at <= target_at:
                continue
            problems.add(
                label("teardown", target_at, None),
                f"deletes {name!r} while {ref.step_id!r} still references it ({path}); "
                f"delete {ref.step_id!r} (or what contains it) first",
            )


def _ancestors(ref: _Ref, refs: dict[str, _Ref]) -> list[str]:
    chain: list[str] = []
    current = ref.parent
    while current is not None and current not in chain:
        chain.append(current)
        current = refs[current].parent
    return chain
