"""No code outside core/workflow.py writes a status field: every status change is a step of a workflow table.

The test walks every model's status fields (fields named `status` and every workflow's `status_field`) and reads
the project's source with `ast` for writes of those names:
- attribute assignment (`obj.status = …`, `setattr(obj, "status", …)`);
- a keyword in a write call: `.create(status=…)`, `.update(status=…)`, `.get_or_create/update_or_create(…)` (their
  `defaults` too), a model constructor `Plan(status=…)`, and `bulk_update(…, ["status"])`.

Where the rule does not apply (docs/adr/0015-one-workflow-step.md):
- tests, test factories and fixtures, migrations and benchmarks build the world a test or a measurement starts from:
  they may put an object straight into a state (the step under test is still transition_apply);
- the demo loader is not exempt: demo data goes through the services, so the demo has its audit rows;
- a status that is not a workflow (an outbox row's delivery state, set by the sending task, no person acts) is
  declared in NOT_WORKFLOWS with its reason; a write is recognised as its own when the value names its model
  (`delivery.status = Delivery.Status.SENT`);
- a copy: a new row born with the status of the row it copies, its history copied with it, says so on the line with
  `# status-write: copy` (plan revisions and their tasks).
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from core.workflow import workflows

ROOT = Path(settings.BASE_DIR)
PROJECT_APPS = {"core", "units", "documents", "notifications", "plans", "campaigns", "awards"}
EXEMPT_PARTS = {"tests", "migrations", "benchmarks", ".venv", "node_modules", "static", "var"}
EXEMPT_FILES = {"core/workflow.py", "conftest.py"}
PRAGMA = "# status-write: copy"
WRITE_CALLS = {"create", "update", "get_or_create", "update_or_create", "bulk_update"}

# Status fields that are not a business workflow, with the reason; everything else is moved by transition_apply.
NOT_WORKFLOWS = {
    "notifications.OutboxMessage.status": "whether an outbox message still has a channel to deliver (sending task)",
    "notifications.Delivery.status": "delivery state of one channel of one message, set by the sending task",
}


def status_fields() -> dict[str, tuple[type, str]]:
    """'app.Model.field' → (model, field) for every status field of the project's models."""
    found = {}
    names = {"status"} | {w.status_field for w in workflows()}
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if field.name in names:
                found[f"{model._meta.label}.{field.name}"] = (model, field.name)
    return found


def workflow_fields() -> set[str]:
    return {f"{w.model._meta.label}.{w.status_field}" for w in workflows()}


def project_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        hidden = any(part.startswith(".") for part in relative.parts[:-1])  # virtualenvs, caches, VCS
        if hidden or EXEMPT_PARTS & set(relative.parts[:-1]) or relative.as_posix() in EXEMPT_FILES:
            continue
        if relative.name == "factories.py":
            continue
        yield relative, path.read_text(encoding="utf-8")


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _call_name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def status_writes(source: str, *, fields: set[str], model_names: set[str], exempt_models: set[str]):
    """(line, code) of every write of a status field in `source`."""
    tree = ast.parse(source)
    lines = source.splitlines()
    writes = []

    def exempt(node: ast.AST, value: ast.AST | None) -> bool:
        if PRAGMA in lines[node.lineno - 1]:
            return True
        # `Delivery.Status.SENT`: the value names the model it belongs to.
        return value is not None and _dotted(value).split(".")[0] in exempt_models

    def record(node: ast.AST, value: ast.AST | None) -> None:
        if not exempt(node, value):
            writes.append((node.lineno, lines[node.lineno - 1].strip()))

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for element in (target.elts if isinstance(target, ast.Tuple) else [target]):
                    if isinstance(element, ast.Attribute) and element.attr in fields:
                        record(element, node.value)
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if name == "setattr" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) \
                    and node.args[1].value in fields:
                record(node, node.args[2] if len(node.args) > 2 else None)
            if name not in WRITE_CALLS and name not in model_names:
                continue
            for keyword in node.keywords:
                if keyword.arg in fields:
                    record(keyword.value, keyword.value)
                elif keyword.arg == "defaults" and isinstance(keyword.value, ast.Dict):
                    for key, value in zip(keyword.value.keys, keyword.value.values, strict=True):
                        if isinstance(key, ast.Constant) and key.value in fields:
                            record(value, value)
            if name == "bulk_update":
                for argument in [*node.args[1:], *(k.value for k in node.keywords if k.arg == "fields")]:
                    if isinstance(argument, ast.List | ast.Tuple | ast.Set) and any(
                            isinstance(e, ast.Constant) and e.value in fields for e in argument.elts):
                        record(argument, None)
    return writes


def _scan_arguments():
    fields = status_fields()
    names = {name for _, name in fields.values()}
    model_names = {m.__name__ for m in apps.get_models()}
    exempt_models = {fields[label][0].__name__ for label in NOT_WORKFLOWS if label in fields}
    return names, model_names, exempt_models


def test_every_status_field_is_a_workflow_or_declared_not_one():
    fields = status_fields()
    assert fields, "no status field found: the walk is broken"
    undeclared = set(fields) - workflow_fields() - set(NOT_WORKFLOWS)
    assert undeclared == set(), f"status fields without a workflow table: {sorted(undeclared)}"
    assert set(NOT_WORKFLOWS) <= set(fields), "NOT_WORKFLOWS names a field that no longer exists"
    assert not (workflow_fields() & set(NOT_WORKFLOWS))


def test_workflow_status_fields_are_not_editable_in_forms_or_admin():
    for label in workflow_fields():
        model_label, name = label.rsplit(".", 1)
        field = apps.get_model(model_label)._meta.get_field(name)
        assert field.editable is False, f"{label} is editable: a ModelForm or the admin could change it"


def test_no_code_outside_the_workflow_writes_a_status_field():
    names, model_names, exempt_models = _scan_arguments()
    offenders = []
    scanned = 0
    for relative, source in project_files():
        scanned += 1
        for line, code in status_writes(source, fields=names, model_names=model_names, exempt_models=exempt_models):
            offenders.append(f"{relative}:{line}: {code}")
    assert scanned > 50, "the scan read almost nothing: the walk is broken"
    assert offenders == [], "status written outside core.workflow.transition_apply:\n" + "\n".join(offenders)


SNIPPET = '''
plan.status = "signed"
task.status, task.note = "done", ""
setattr(dossier, "status", to)
Plan.objects.filter(pk=1).update(status="signed")
Registration.objects.create(unit=unit, status="approved")
Dossier(organization=org, status="voted")
Report.objects.update_or_create(pk=1, defaults={"status": "signed"})
Task.objects.bulk_update(tasks, ["status"])
delivery.status = Delivery.Status.SENT
copy = Plan(status=plan.status)  # status-write: copy
Plan.objects.filter(status="draft")
render(request, "x.html", status=422)
if plan.status == "draft": pass
'''


def test_the_scan_finds_each_kind_of_write():
    names, model_names, exempt_models = _scan_arguments()
    found = [line for line, _ in status_writes(SNIPPET, fields=names, model_names=model_names,
                                               exempt_models=exempt_models)]
    assert sorted(found) == [2, 3, 4, 5, 6, 7, 8, 9]


@pytest.mark.parametrize("label", sorted(NOT_WORKFLOWS))
def test_each_exemption_has_a_reason(label):
    assert len(NOT_WORKFLOWS[label]) > 20
