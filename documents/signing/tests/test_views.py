import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from documents.signing.lookup import RegisteredDocument, document_by_sha256
from documents.signing.service import pdf_sign
from documents.signing.validation import pdf_validate

from .conftest import sample_pdf
from .test_service import _altered

pytestmark = pytest.mark.django_db
URL = "/verify/check/"


def _register(org, content: bytes, *, number="05/QĐ-UBND"):
    import hashlib

    from documents.models import IssuedDocument

    return IssuedDocument.objects.create(
        kind="award_decision", organization=org, title="Khen thưởng năm 2025", number=number, year=2026,
        issued_on=dt.date(2026, 3, 10), signer_name="Sầm Văn Thao", signer_title="Chủ tịch",
        sha256=hashlib.sha256(content).hexdigest(), code="ABCDEFGH23", file=ContentFile(content, name="qd.pdf"),
    )


def _post(client, content: bytes, name="van-ban.pdf"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content, content_type="application/pdf")})


def test_url_comes_before_plans_verify_code():
    assert reverse("signing:verify_check") == URL


def test_anyone_opens_the_upload_box(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Kiểm tra văn bản điện tử đã nhận" in response.content.decode()


def test_a_signed_registered_pdf_is_valid_and_matches_the_register(client, signing_settings, p12_config, org):
    signed = pdf_sign(content=sample_pdf(), organization=org).content
    _register(org, signed)
    page = _post(client, signed).content.decode()
    assert 'data-state="valid"' in page
    assert "Chữ ký số hợp lệ" in page
    assert "Sầm Văn Thao" in page and "UBND xã Thanh Sơn" in page
    assert "Tệp trùng khớp" in page and "05/QĐ-UBND" in page
    assert "/verify/ABCDEFGH23/" in page


def test_an_altered_pdf_is_said_to_be_altered_and_not_in_the_register(client, signing_settings, p12_config, org):
    signed = pdf_sign(content=sample_pdf(), organization=org).content
    _register(org, signed)
    page = _post(client, _altered(signed)).content.decode()
    assert 'data-state="altered"' in page
    assert "Tệp đã bị thay đổi sau khi ký" in page
    assert "Không có văn bản nào trong sổ văn bản" in page


def test_unknown_root_is_shown_as_unverified_chain(client, settings, p12_config, org, tsa_url):
    settings.SIGNING_TRUST_ROOTS = []
    settings.SIGNING_TSA_URL = ""
    page = _post(client, pdf_sign(content=sample_pdf(), organization=org).content).content.decode()
    assert 'data-state="untrusted"' in page
    assert "chưa xác minh được chuỗi chứng thư" in page


def test_unsigned_pdf_says_chua_ky_so(client):
    page = _post(client, sample_pdf()).content.decode()
    assert "chưa ký số" in page and 'data-state="unsigned"' in page


def test_a_file_that_is_not_a_pdf_is_refused_by_content(client):
    response = _post(client, b"MZ\x90\x00 this is an exe", name="van-ban.pdf")
    assert response.status_code == 422
    assert "Tệp PDF không đúng định dạng" in response.content.decode()


def test_lookup_hook_is_pluggable(settings, org):
    settings.SIGNING_DOCUMENT_LOOKUP = "documents.signing.tests.test_views.fake_lookup"
    assert document_by_sha256("a" * 64).number == "99/KH-UBND"
    assert document_by_sha256("not-a-hash") is None


def fake_lookup(sha256):
    return RegisteredDocument(number="99/KH-UBND", title="Kế hoạch", organization="UBND xã")


def test_the_default_lookup_reads_the_one_register(org):
    document = _register(org, b"%PDF-1.7 issued bytes")
    found = document_by_sha256(document.sha256.upper())
    assert found.number == "05/QĐ-UBND" and found.organization == org.name
    assert found.verify_url == reverse("documents:verify", args=[document.code])
    assert document_by_sha256("c" * 64) is None


def test_partial_renders_for_the_verify_page(signing_settings, p12_config, org):
    report = pdf_validate(pdf_sign(content=sample_pdf(), organization=org).content)
    html = render_to_string("signing/_validation.html", {"report": report})
    assert "Thời gian ký" in html and "10/03/2026" in html and "Dấu thời gian" in html
