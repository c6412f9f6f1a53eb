import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.workflow import Transition, Workflow

FLOW = Workflow(
    "demo",
    {"draft": "Dự thảo", "submitted": "Chờ ký", "signed": "Đã ký"},
    [
        Transition("draft", "submitted", frozenset({"vhxh"}), "Trình ký"),
        Transition("submitted", "signed", frozenset({"chu_tich"}), "Ký ban hành"),
        Transition("submitted", "draft", frozenset({"chu_tich"}), "Trả lại", needs_note=True),
    ],
)


def test_allowed_transition():
    assert FLOW.check(roles={"vhxh"}, source="draft", target="submitted").label == "Trình ký"


def test_wrong_role_is_permission_denied():
    with pytest.raises(PermissionDenied, match="Trình ký"):
        FLOW.check(roles={"chu_tich"}, source="draft", target="submitted")


def test_missing_transition_names_both_states():
    with pytest.raises(ValidationError, match="Dự thảo.*Đã ký"):
        FLOW.check(roles={"chu_tich"}, source="draft", target="signed")


def test_return_needs_a_reason():
    with pytest.raises(ValidationError) as error:
        FLOW.check(roles={"chu_tich"}, source="submitted", target="draft", note="  ")
    assert "note" in error.value.error_dict
    FLOW.check(roles={"chu_tich"}, source="submitted", target="draft", note="Sửa lại mục II")


def test_available_for_buttons():
    assert [t.label for t in FLOW.available(roles={"chu_tich"}, source="submitted")] == ["Ký ban hành", "Trả lại"]
    assert FLOW.available(roles={"can_bo"}, source="submitted") == []
    assert len(FLOW.pairs()) == 6


def test_unknown_status_is_refused_at_import_time():
    with pytest.raises(ValueError):
        Workflow("bad", {"a": "A"}, [Transition("a", "b", frozenset(), "x")])


# --- every configured workflow, every pair, every role, through the one step -----------------------------------
#
# Test fixtures put an object straight into the state a step starts from (a factory may: it builds the world the
# test starts in); the step under test is always core.workflow.transition_apply. The apps' own tests walk their
# services (side effects, ownership rules) the same way: plans/tests/test_signoff.py, campaigns/tests/
# test_workflow.py, awards/tests/test_workflow.py.

import datetime as dt  # noqa: E402

from django.contrib.auth.models import AnonymousUser  # noqa: E402

from core.workflow import AuditRow, transition_applied, transition_apply, workflows  # noqa: E402
from units.roles import Role  # noqa: E402
from units.tests.factories import UnitFactory, make_user  # noqa: E402


def _plan(org, status):
    from plans.models import Plan
    from plans.tests.factories import PlanFactory

    return PlanFactory(organization=org, status=status, year=2030 + Plan.objects.filter(organization=org).count())


def _report(org, status):
    from plans.models import Report

    creator = make_user(Role.VHXH, org)
    return Report.objects.create(plan=_plan(org, "signed"), period="year", created_by=creator, status=status)


def _task(org, status):
    from plans.tests.factories import TaskFactory

    return TaskFactory(plan=_plan(org, "signed"), status=status,
                       status_reason="Không còn phù hợp" if status == "cancelled" else "")


def _campaign(org):
    from campaigns.models import Campaign

    return Campaign.objects.create(organization=org, title="Phong trào thi đua", year=2024,
                                   start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 12, 31))


def _registration(org, status):
    from campaigns.models import Registration

    return Registration.objects.create(campaign=_campaign(org), unit=UnitFactory(organization=org), status=status)


def _commitment(org, status):
    from campaigns.models import Commitment, Pledge

    pledge = Pledge.objects.create(organization=org, title="Giao ước thi đua", year=2024)
    return Commitment.objects.create(pledge=pledge, number=1, content="Hoàn thành chỉ tiêu", status=status)


def _dossier(org, status):
    from awards.models import AwardForm, Dossier

    return Dossier.objects.create(organization=org, year=2024, form=AwardForm.objects.order_by("pk").first(),
                                  created_by=make_user(Role.VHXH, org), status=status)


def _award_document(org, status):
    from awards.models import AwardDocument

    return AwardDocument.objects.create(organization=org, kind="qd", year=2024, created_by=make_user(Role.VHXH, org),
                                        status=status)


# One maker per workflow: a new workflow without one fails test_every_workflow_is_walked.
MAKERS = {
    "plan": _plan, "plan_revision": _plan, "report": _report, "task": _task, "registration": _registration,
    "commitment": _commitment, "dossier": _dossier, "award_document": _award_document,
}
# The database keeps some invariants itself (a cancelled task has a reason): the app's effects satisfy them.
EFFECTS = {
    "task": lambda locked, t: setattr(locked, "status_reason", "Không còn phù hợp" if t.target == "cancelled" else ""),
}
ROLES = ["canbo", "vhxh", "chutich", "captren", "outsider", "anonymous"]


def _cases():
    return [
        pytest.param(workflow, source, target, id=f"{workflow.name}:{source}->{target}")
        for workflow in sorted(workflows(), key=lambda w: w.name)
        for source, target in workflow.pairs()
    ]


def test_every_workflow_is_walked():
    assert {w.name for w in workflows()} == set(MAKERS)


@pytest.fixture
def role_users(org, unit, canbo, vhxh, chutich, captren, outsider):
    return {"canbo": canbo, "vhxh": vhxh, "chutich": chutich, "captren": captren, "outsider": outsider,
            "anonymous": AnonymousUser()}


def _logs(workflow, obj):
    return workflow.log_model.objects.filter(**{workflow.log_fk: obj}).count()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("workflow", "source", "target"), _cases())
def test_every_step_for_every_role_writes_one_read_only_audit_row(org, role_users, role, workflow, source, target):
    obj = MAKERS[workflow.name](org, source)
    user = role_users[role]
    transition = workflow.get(source, target)
    sent = []

    def receiver(**kwargs):
        sent.append(kwargs)

    transition_applied.connect(receiver, weak=False)
    try:
        before = _logs(workflow, obj)
        allowed = (transition is not None and role not in ("outsider", "anonymous")
                   and bool(set(user.roles) & transition.roles))
        if allowed:
            log = transition_apply(workflow=workflow, obj=obj, by=user, to=target, note="Lý do cụ thể",
                                   effects=EFFECTS.get(workflow.name))
            obj.refresh_from_db()
            assert getattr(obj, workflow.status_field) == target
            assert _logs(workflow, obj) == before + 1
            assert (log.from_status, log.to_status, getattr(log, workflow.actor_field)) == (source, target, user)
            assert [s["log"] for s in sent] == [log]
            assert sent[0]["transition"] is transition and sent[0]["workflow"] is workflow
            log.note = "sửa nhật ký"
            with pytest.raises(PermissionDenied):
                log.save()
            with pytest.raises(PermissionDenied):
                log.delete()
            return
        expected = (PermissionDenied if role in ("outsider", "anonymous") or transition is not None
                    else ValidationError)
        with pytest.raises(expected):
            transition_apply(workflow=workflow, obj=obj, by=user, to=target, note="Lý do cụ thể")
    finally:
        transition_applied.disconnect(receiver)
    obj.refresh_from_db()
    assert getattr(obj, workflow.status_field) == source
    assert _logs(workflow, obj) == before
    assert sent == []


@pytest.mark.parametrize("workflow", sorted(workflows(), key=lambda w: w.name), ids=lambda w: w.name)
def test_unknown_status_and_missing_reason_are_refused_in_vietnamese(org, role_users, workflow):
    source = next(iter(workflow.status_labels))
    obj = MAKERS[workflow.name](org, source)
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        transition_apply(workflow=workflow, obj=obj, by=role_users["chutich"], to="khong-co", note="x")
    for transition in workflow.transitions.values():
        if not transition.needs_note:
            continue
        obj = MAKERS[workflow.name](org, transition.source)
        user = next(u for name, u in role_users.items() if name in ("canbo", "vhxh", "chutich")
                    and set(u.roles) & transition.roles)
        with pytest.raises(ValidationError, match="lý do"):
            transition_apply(workflow=workflow, obj=obj, by=user, to=transition.target, note="  ")
        assert _logs(workflow, obj) == 0


def test_effects_failing_undo_the_whole_step(org, vhxh):
    workflow = next(w for w in workflows() if w.name == "plan")
    plan = MAKERS["plan"](org, "draft")

    def effects(locked, transition):
        locked.number = "01/KH-UBND"
        raise ValidationError("Không cấp được số.")

    with pytest.raises(ValidationError):
        transition_apply(workflow=workflow, obj=plan, by=vhxh, to="submitted", effects=effects)
    plan.refresh_from_db()
    assert (plan.status, plan.number, _logs(workflow, plan)) == ("draft", "", 0)


def test_audit_models_are_read_only_rows():
    # Read-only by construction (AuditRow.save/delete refuse changes); the admin shows them read-only too.
    for workflow in workflows():
        assert issubclass(workflow.log_model, AuditRow), workflow.log_model
