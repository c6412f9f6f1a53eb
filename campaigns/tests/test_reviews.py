"""Reviews and the selector the awards app reads: who registered for what, and whether they reached it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns import selectors, services


@pytest.fixture
def approved(canbo, vhxh, registration, member, titles):
    services.registration_update(registration=registration, by=canbo, title=titles["TTLDTT"])
    line = services.registration_line_add(registration=registration, by=canbo, title=titles["LDTT"], person=member)
    services.registration_transition(registration=registration, by=canbo, to="submitted", today=dt.date(2024, 3, 1))
    services.registration_transition(registration=registration, by=vhxh, to="approved")
    return registration, line


def test_registration_results(org, vhxh, campaign, approved, member):
    registration, line = approved
    mid = services.review_create(campaign=campaign, by=vhxh, kind="so_ket", held_on=dt.date(2024, 6, 30))
    services.review_result_set(review=mid, by=vhxh, registration=registration, line=line, outcome="khong_dat")
    results = selectors.registration_results(organization=org, year=2024)
    assert [(r.subject_kind, r.title.code, r.reached, r.review_kind) for r in results] == [
        ("tap_the", "TTLDTT", None, ""), ("ca_nhan", "LDTT", False, "so_ket")]
    end = services.review_create(campaign=campaign, by=vhxh, kind="tong_ket", held_on=dt.date(2024, 12, 20))
    evidence = SimpleUploadedFile("bb.pdf", b"%PDF-1.4\n%x\n")
    services.review_result_set(review=end, by=vhxh, registration=registration, line=line, outcome="dat",
                               note="Hoàn thành tốt", evidence=evidence)
    services.review_result_set(review=end, by=vhxh, registration=registration, outcome="dat")
    results = selectors.registration_results(organization=org, year=2024)
    assert [(r.title.code, r.reached, r.review_kind) for r in results] == [
        ("TTLDTT", True, "tong_ket"), ("LDTT", True, "tong_ket")]
    assert results[1].person == member and results[1].note == "Hoàn thành tốt"
    assert selectors.registration_results(organization=org, year=2025) == []


def test_results_only_for_approved_and_by_managers(vhxh, canbo, campaign, registration, titles, approved):
    review = services.review_create(campaign=campaign, by=vhxh, kind="tong_ket", held_on=dt.date(2024, 12, 20))
    with pytest.raises(PermissionDenied):
        services.review_result_set(review=review, by=canbo, registration=approved[0], outcome="dat")
    other = campaign.registrations.exclude(pk=approved[0].pk).first()
    with pytest.raises(ValidationError, match="đã duyệt"):
        services.review_result_set(review=review, by=vhxh, registration=other, outcome="dat")


def test_evidence_checked_by_content(vhxh, campaign, approved):
    review = services.review_create(campaign=campaign, by=vhxh, kind="tong_ket", held_on=dt.date(2024, 12, 20))
    with pytest.raises(ValidationError, match="không đúng định dạng"):
        services.review_result_set(review=review, by=vhxh, registration=approved[0], outcome="dat",
                                   evidence=SimpleUploadedFile("a.pdf", b"MZ not a pdf"))
