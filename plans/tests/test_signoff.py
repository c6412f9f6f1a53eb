"""Sign-off of plans: the PLAN_FLOW table walked for every role, the audit rows, the numbering, the issued file
(stored once, served byte for byte, verifiable without logging in) and revisions of a signed plan."""

import datetime as dt
import hashlib
import io
import threading
import time
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from pypdf import PdfReader

from documents import render as render_module
from documents.models import IssuedDocument as Paper
from documents.models import NumberRegister
from plans import issuing, selectors, services
from plans.documents import plan_content
from plans.models import IssuedDocument, Plan, PlanEvent, Section, Task
from plans.workflow import PLAN_FLOW
from units.tests.factories import OrganizationFactory

ROLES = ["vhxh", "chutich", "canbo", "captren", "outsider"]
S = Plan.Status


def page_texts(pdf: bytes) -> list[str]:
    return [unicodedata.normalize("NFC", page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def users(vhxh, chutich, canbo, captren, outsider):
    return {"vhxh": vhxh, "chutich": chutich, "canbo": canbo, "captren": captren, "outsider": outsider}


@pytest.fixture
def plan(org, unit, vhxh) -> Plan:
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    q1 = plan.sections.get(kind=Section.Kind.Q1)
    services.task_create(section=q1, by=vhxh, content="Tổ chức Hội nghị triển khai công tác thi đua", units=[unit])
    services.task_create(section=q1, by=vhxh, content='Báo cáo <kết quả> & "sơ kết" ≥ 50%', units=[unit])
    return plan


def bring_to(plan: Plan, status: str, *, vhxh, chutich) -> Plan:
    """The plan in `status`, reached through the service as the right people would."""
    if status in (S.SUBMITTED, S.SIGNED):
        services.plan_transition(plan=plan, by=vhxh, to=S.SUBMITTED)
    if status == S.SIGNED:
        services.plan_transition(plan=plan, by=chutich, to=S.SIGNED)
    plan.refresh_from_db()
    assert plan.status == status
    return plan


@pytest.fixture
def signed(plan, vhxh, chutich) -> Plan:
    return bring_to(plan, S.SIGNED, vhxh=vhxh, chutich=chutich)


# --- the table, for every role -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("source", "target"), PLAN_FLOW.pairs())
def test_every_transition_allowed_or_forbidden_per_role(plan, users, vhxh, chutich, role, source, target):
    plan = bring_to(plan, source, vhxh=vhxh, chutich=chutich)
    user = users[role]
    transition = PLAN_FLOW.get(source, target)
    events_before = PlanEvent.objects.filter(plan=plan).count()
    call = lambda: services.plan_transition(plan=plan, by=user, to=target, note="Cần bổ sung nhiệm vụ")  # noqa: E731
    if role == "outsider":
        with pytest.raises(PermissionDenied):
            call()
    elif transition is None:
        with pytest.raises(ValidationError):
            call()
    elif user.roles & transition.roles:
        event = call()
        plan.refresh_from_db()
        assert plan.status == target
        assert (event.from_status, event.to_status, event.actor) == (source, target, user)
        return
    else:
        with pytest.raises(PermissionDenied):
            call()
    plan.refresh_from_db()
    assert plan.status == source
    assert PlanEvent.objects.filter(plan=plan).count() == events_before


def test_the_table_says_who_does_what():
    assert PLAN_FLOW.get(S.DRAFT, S.SUBMITTED).roles == {"vhxh"}
    assert PLAN_FLOW.get(S.SUBMITTED, S.SIGNED).roles == {"chu_tich"}
    assert PLAN_FLOW.get(S.SUBMITTED, S.DRAFT).needs_note
    assert PLAN_FLOW.get(S.SIGNED, S.DRAFT) is None  # a signed plan changes only through a revision


def test_returning_needs_a_reason(plan, vhxh, chutich):
    bring_to(plan, S.SUBMITTED, vhxh=vhxh, chutich=chutich)
    with pytest.raises(ValidationError) as error:
        services.plan_transition(plan=plan, by=chutich, to=S.DRAFT, note="   ")
    assert "lý do" in str(error.value)


def test_an_empty_plan_cannot_be_submitted(org, vhxh):
    plan = services.plan_create(organization=org, year=2025, by=vhxh)
    with pytest.raises(ValidationError, match="chưa có nhiệm vụ"):
        services.plan_transition(plan=plan, by=vhxh, to=S.SUBMITTED)


def test_audit_rows_and_timeline(client, plan, vhxh, chutich):
    services.plan_transition(plan=plan, by=vhxh, to=S.SUBMITTED)
    services.plan_transition(plan=plan, by=chutich, to=S.DRAFT, note="Bổ sung nhiệm vụ quý II")
    services.plan_transition(plan=plan, by=vhxh, to=S.SUBMITTED, note="Đã bổ sung")
    services.plan_transition(plan=plan, by=chutich, to=S.SIGNED)
    rows = list(selectors.plan_events(plan).values_list("actor__username", "from_status", "to_status", "note"))
    assert rows == [
        ("t_vhxh", "draft", "submitted", ""),
        ("t_chutich", "submitted", "draft", "Bổ sung nhiệm vụ quý II"),
        ("t_vhxh", "draft", "submitted", "Đã bổ sung"),
        ("t_chutich", "submitted", "signed", ""),
    ]
    client.force_login(vhxh)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Bổ sung nhiệm vụ quý II" in page and page.count("Chờ ký") >= 2
    issued = IssuedDocument.objects.get(plan=plan)
    assert issued.sha256 in page and issued.code in page


def test_buttons_follow_the_table_and_the_server_checks_anyway(client, plan, vhxh, chutich, canbo):
    client.force_login(vhxh)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert ">Trình ký</button>" in page and ">Ký ban hành</button>" not in page
    client.force_login(canbo)
    assert ">Trình ký</button>" not in client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    response = client.post(reverse("plans:transition", args=[plan.pk]), {"to": "submitted"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == S.DRAFT
    client.force_login(vhxh)
    response = client.post(reverse("plans:transition", args=[plan.pk]), {"to": "submitted"})
    assert response.status_code == 302
    client.force_login(chutich)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert ">Ký ban hành</button>" in page and ">Trả lại</button>" in page


# --- numbering -------------------------------------------------------------------------------------------


def test_signing_sets_number_date_and_signer(signed, org):
    issued = IssuedDocument.objects.get(plan=signed)
    assert signed.number == issued.number == "01/KH-UBND"
    assert signed.issued_on == issued.issued_on == issuing.today_in_vietnam()
    assert issued.signer_name == signed.signer_name == "Sầm Văn Thao"
    assert issued.signer_title == "CHỦ TỊCH"
    assert len(issued.code) == 10 and issued.code.isalnum() and issued.code.isupper()


def test_a_typed_number_and_date_are_kept(plan, vhxh, chutich):
    services.plan_update(plan=plan, by=vhxh, number="15/KH-UBND", issued_on=dt.date(2024, 1, 5))
    signed = bring_to(plan, S.SIGNED, vhxh=vhxh, chutich=chutich)
    assert (signed.number, signed.issued_on) == ("15/KH-UBND", dt.date(2024, 1, 5))
    assert "Thanh Sơn, ngày 05 tháng 01 năm 2024" in page_texts(issuing.issued_bytes(signed.issued_document))[0]


def test_numbers_restart_each_year_with_a_leading_zero(org):
    with transaction.atomic():
        numbers = [issuing.number_take(organization=org, series="KH", year=2024) for _ in range(10)]
    assert numbers[:3] == ["01/KH-UBND", "02/KH-UBND", "03/KH-UBND"]
    assert numbers[8:] == ["09/KH-UBND", "10/KH-UBND"]
    assert issuing.number_take(organization=org, series="KH", year=2025) == "01/KH-UBND"
    assert issuing.number_take(organization=org, series="BC", year=2024) == "01/BC-UBND"
    other = OrganizationFactory()
    assert issuing.number_take(organization=other, series="KH", year=2024) == "01/KH-UBND"
    assert NumberRegister.objects.get(organization=org, series="KH", year=2024).last_number == 10


def test_two_signings_never_share_a_number(signed, vhxh, chutich):
    revision = services.plan_revise(plan=signed, by=vhxh)
    assert revision.number == "" and revision.issued_on is None
    bring_to(revision, S.SIGNED, vhxh=vhxh, chutich=chutich)
    numbers = list(IssuedDocument.objects.order_by("pk").values_list("document__number", flat=True))
    assert numbers == ["01/KH-UBND", "02/KH-UBND"]


def test_a_number_typed_by_hand_is_skipped_and_a_taken_one_refused(signed, vhxh, chutich):
    revision = services.plan_revise(plan=signed, by=vhxh)
    services.plan_update(plan=revision, by=vhxh, number="01/KH-UBND")
    services.plan_transition(plan=revision, by=vhxh, to=S.SUBMITTED)
    with pytest.raises(ValidationError, match="đã được cấp"):
        services.plan_transition(plan=revision, by=chutich, to=S.SIGNED)
    revision.refresh_from_db()
    assert revision.status == S.SUBMITTED and not IssuedDocument.objects.filter(plan=revision).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writes")
def test_concurrent_signings_take_different_numbers(org):
    barrier = threading.Barrier(4)
    results, errors = [], []

    def take():
        try:
            barrier.wait()
            with transaction.atomic():
                number = issuing.number_take(organization=org, series="KH", year=2030)
                time.sleep(0.05)  # hold the lock while the others queue behind it
            results.append(number)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == ["01/KH-UBND", "02/KH-UBND", "03/KH-UBND", "04/KH-UBND"]


# --- the issued file ---------------------------------------------------------------------------------


def test_signed_bytes_are_identical_across_downloads_and_match_the_hash(client, signed, captren, canbo):
    issued = IssuedDocument.objects.get(plan=signed)
    downloads = []
    for user in (captren, canbo, captren):
        client.force_login(user)
        response = client.get(reverse("plans:pdf", args=[signed.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        downloads.append(response.content)
    assert downloads[0] == downloads[1] == downloads[2]
    assert hashlib.sha256(downloads[0]).hexdigest() == issued.sha256
    assert issued.file.name.startswith(f"private/issued/{signed.organization_id}/")


def test_the_signed_pdf_has_the_code_on_its_last_page_and_no_draft_mark(signed):
    issued = IssuedDocument.objects.get(plan=signed)
    pages = page_texts(issuing.issued_bytes(issued))
    assert issued.code in pages[-1] and "/verify/" in pages[-1]
    assert not any("DỰ THẢO" in text for text in pages)
    assert "Số: 01/KH-UBND" in pages[0]
    assert 'Báo cáo <kết quả> & "sơ kết" ≥ 50%' in " ".join(" ".join(pages).split())


def test_an_unsigned_plan_prints_the_draft_mark(client, plan, vhxh):
    bring_to(plan, S.SUBMITTED, vhxh=vhxh, chutich=None)
    client.force_login(vhxh)
    pages = page_texts(client.get(reverse("plans:pdf", args=[plan.pk])).content)
    assert all("DỰ THẢO" in text for text in pages)


def test_a_changed_file_is_never_served_as_the_original(signed):
    issued = IssuedDocument.objects.get(plan=signed)
    with open(issued.file.path, "ab") as handle:
        handle.write(b"% tampered\n")
    with pytest.raises(issuing.IssuedFileAltered):
        issuing.issued_bytes(issued)


def test_the_issued_row_never_changes(signed):
    issued = IssuedDocument.objects.get(plan=signed).document
    original = issued.sha256
    issued.sha256 = "0" * 64
    with pytest.raises(ValidationError, match="không được sửa"):
        issued.save()
    issued.refresh_from_db()
    issued.file = "private/issued/other.pdf"
    with pytest.raises(ValidationError):
        issued.save()
    with pytest.raises(ValidationError, match="không được xóa"):
        issued.delete()
    with pytest.raises(ValueError, match="không được xóa"):
        IssuedDocument.objects.get(plan=signed).delete()
    assert Paper.objects.get(pk=issued.pk).sha256 == original


def test_the_database_refuses_a_hash_of_the_wrong_length(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Paper.objects.create(
            kind="award_decision", organization=org, title="Quyết định", number="01/QĐ-UBND",
            issued_on=dt.date(2024, 5, 1), signer_name="A", signer_title="CHỦ TỊCH", sha256="abc", code="ABC",
            file="private/issued/x.pdf",
        )


# --- editing after signing, revisions ---------------------------------------------------------------------


def test_editing_a_signed_plan_is_refused(signed, vhxh, unit):
    with pytest.raises(PermissionDenied):
        services.plan_update(plan=signed, by=vhxh, title="Khác")
    with pytest.raises(PermissionDenied):
        services.task_create(section=signed.sections.get(kind="q2"), by=vhxh, content="Mới", units=[unit])
    with pytest.raises(PermissionDenied):
        services.task_update(task=signed.tasks.first(), by=vhxh, content="Sửa", units=[unit],
                             deadline=dt.date(2024, 3, 31))


def test_a_revision_is_a_new_draft_and_the_issued_file_stays(client, signed, vhxh, chutich, canbo, unit):
    issued = IssuedDocument.objects.get(plan=signed)
    original = issuing.issued_bytes(issued)
    task = signed.tasks.order_by("number").first()
    services.task_set_status(task=task, by=canbo, status=Task.Status.IN_PROGRESS, note="Đã họp triển khai")

    with pytest.raises(PermissionDenied):
        services.plan_revise(plan=signed, by=canbo)
    revision = services.plan_revise(plan=signed, by=vhxh)
    signed.refresh_from_db()
    assert (revision.status, revision.revision, revision.supersedes_id, revision.is_current) == (
        S.DRAFT, 2, signed.pk, True)
    assert signed.is_current is False and signed.status == S.SIGNED
    assert PlanEvent.objects.filter(plan=revision, to_status=S.DRAFT, note__contains="01/KH-UBND").exists()
    # The work goes on in the revision: same tasks, units, statuses and history.
    copied = revision.tasks.order_by("number").first()
    assert (copied.content, copied.status) == (task.content, Task.Status.IN_PROGRESS)
    assert list(copied.task_units.values_list("unit_id", flat=True)) == [unit.pk]
    assert copied.updates.get().note == "Đã họp triển khai"
    # The revision is edited; the issued plan is not.
    services.task_create(section=revision.sections.get(kind="q2"), by=vhxh, content="Nhiệm vụ bổ sung", units=[unit])
    with pytest.raises(ValidationError):
        services.plan_revise(plan=signed, by=vhxh)
    with pytest.raises(PermissionDenied):
        services.task_set_status(task=task, by=canbo, status=Task.Status.DONE, note="Xong")

    issued.refresh_from_db()
    assert issuing.issued_bytes(issued) == original
    client.force_login(canbo)
    assert client.get(reverse("plans:pdf", args=[signed.pk])).content == original
    assert client.get(reverse("documents:verify_pdf", args=[issued.code])).content == original
    assert "DỰ THẢO" in page_texts(client.get(reverse("plans:pdf", args=[revision.pk])).content)[0]
    # Lists and the dashboard show the current revision only.
    assert [p.pk for p in selectors.plan_list(canbo)] == [revision.pk]
    assert selectors.current_plan(canbo) == revision
    old_page = client.get(reverse("plans:detail", args=[signed.pk])).content.decode()
    assert "Bản hiện hành" in old_page and reverse("plans:detail", args=[revision.pk]) in old_page

    bring_to(revision, S.SIGNED, vhxh=vhxh, chutich=chutich)
    issued.refresh_from_db()
    assert issuing.issued_bytes(issued) == original


# --- /verify/ ------------------------------------------------------------------------------------------


def test_verify_page_is_public_and_shows_the_issued_document(client, signed):
    issued = IssuedDocument.objects.get(plan=signed)
    response = client.get(reverse("documents:verify", args=[issued.code]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("01/KH-UBND", issued.issued_on.strftime("%d/%m/%Y"), "Sầm Văn Thao", issued.sha256,
                 reverse("documents:verify_pdf", args=[issued.code])):
        assert text in page
    assert client.get(reverse("documents:verify", args=[issued.code.lower()])).status_code == 200
    pdf = client.get(reverse("documents:verify_pdf", args=[issued.code]))
    assert pdf.status_code == 200 and hashlib.sha256(pdf.content).hexdigest() == issued.sha256


def test_verify_unknown_code_is_a_vietnamese_404(client, db):
    response = client.get(reverse("documents:verify", args=["AAAAAAAAAA"]))
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()
    assert client.get(reverse("documents:verify_pdf", args=["AAAAAAAAAA"])).status_code == 404


def test_verify_is_read_only(client, signed):
    issued = IssuedDocument.objects.get(plan=signed)
    assert client.post(reverse("documents:verify", args=[issued.code])).status_code == 405


# --- the draft cache --------------------------------------------------------------------------------------


def test_an_unchanged_draft_is_served_from_the_cache(plan, vhxh, unit, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    renders = []
    real = render_module.render_pdf
    monkeypatch.setattr(render_module, "render_pdf", lambda doc: renders.append(1) or real(doc))

    def plan_draft_pdf(plan):
        return render_module.render_pdf_cached(plan_content(plan, draft=True))

    first = plan_draft_pdf(plan)
    start = time.perf_counter()
    again = plan_draft_pdf(Plan.objects.get(pk=plan.pk))
    elapsed = time.perf_counter() - start
    assert again == first and len(renders) == 1
    assert elapsed < 0.1, elapsed
    # Any change to what the document prints is a new key.
    services.task_create(section=plan.sections.get(kind="q3"), by=vhxh, content="Việc mới", units=[unit])
    assert plan_draft_pdf(plan) != first and len(renders) == 2
    plan.organization.place_name = "Xã Thanh Sơn"
    plan.organization.save()
    plan_draft_pdf(Plan.objects.get(pk=plan.pk))
    assert len(renders) == 3
