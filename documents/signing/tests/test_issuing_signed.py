"""Issuing signs: the one issuing path (documents.services) stores the PAdES-signed bytes, and /verify/<code>/
validates them (issue 17, built on the document system of issue 10)."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.models import IssuedDocument
from documents.signing.validation import pdf_validate
from plans import services
from plans.models import Plan, Section

pytestmark = pytest.mark.django_db


def _signed_plan(org, unit, vhxh, chutich) -> Plan:
    plan = services.plan_create(organization=org, year=2026, by=vhxh)
    q1 = plan.sections.get(kind=Section.Kind.Q1)
    services.task_create(section=q1, by=vhxh, content="Tổ chức Hội nghị triển khai công tác thi đua", units=[unit])
    services.plan_transition(plan=plan, by=vhxh, to=Plan.Status.SUBMITTED)
    services.plan_transition(plan=plan, by=chutich, to=Plan.Status.SIGNED)
    plan.refresh_from_db()
    return plan


def test_an_issued_plan_is_signed_and_its_hash_covers_the_signed_bytes(
    client, signing_settings, with_images, org, unit, vhxh, chutich,
):
    plan = _signed_plan(org, unit, vhxh, chutich)
    document = IssuedDocument.objects.get(kind="plan", organization=org)
    with document.file.open("rb") as handle:
        stored = handle.read()
    assert hashlib.sha256(stored).hexdigest() == document.sha256
    report = pdf_validate(stored)
    assert report.state == "valid", report
    assert report.signatures[0].signer_name == "Sầm Văn Thao" and report.signatures[0].timestamp_time

    page = client.get(reverse("documents:verify", args=[document.code]))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="signature-report"' in html and 'data-state="valid"' in html
    assert plan.number in html

    # One changed byte: the server refuses the stored copy, and pyHanko calls the signature broken.
    altered = bytearray(stored)
    altered[len(altered) // 2] ^= 0x01
    assert pdf_validate(bytes(altered)).state != "valid"


def test_without_a_signer_issuing_works_and_the_page_says_not_signed(client, org, unit, vhxh, chutich):
    _signed_plan(org, unit, vhxh, chutich)
    document = IssuedDocument.objects.get(kind="plan", organization=org)
    html = client.get(reverse("documents:verify", args=[document.code])).content.decode()
    assert 'data-state="unsigned"' in html and "chưa ký số" in html


def test_a_refused_signature_issues_nothing(signing_settings, p12_config, monkeypatch, org, unit, vhxh, chutich):
    monkeypatch.setenv(p12_config.secret_env, "not-the-password")
    plan = services.plan_create(organization=org, year=2026, by=vhxh)
    services.task_create(section=plan.sections.get(kind=Section.Kind.Q1), by=vhxh, content="Nhiệm vụ", units=[unit])
    services.plan_transition(plan=plan, by=vhxh, to=Plan.Status.SUBMITTED)
    with pytest.raises(ValidationError):
        services.plan_transition(plan=plan, by=chutich, to=Plan.Status.SIGNED)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUBMITTED and not IssuedDocument.objects.filter(organization=org).exists()
