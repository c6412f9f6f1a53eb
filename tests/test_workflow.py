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
