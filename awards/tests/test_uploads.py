import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from awards import services
from awards.models import DossierDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(org, vhxh, forms_by_code):
    return services.dossier_create(organization=org, by=vhxh, form=forms_by_code["LDTT"], year=2024)


def test_exe_renamed_as_pdf_is_refused(dossier, vhxh):
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00\x03\x00\x00\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.dossier_document_upload(dossier=dossier, by=vhxh, upload=fake, title="Biên bản")
    assert "không đúng định dạng" in str(error.value)
    assert not DossierDocument.objects.exists()


def test_xlsx_renamed_as_docx_is_refused(dossier, vhxh):
    from .conftest import xlsx_bytes

    fake = SimpleUploadedFile("bao-cao.docx", xlsx_bytes([["a"]]))
    with pytest.raises(ValidationError):
        services.dossier_document_upload(dossier=dossier, by=vhxh, upload=fake, title="Báo cáo")


def test_real_png_named_txt_is_accepted_as_image(dossier, vhxh):
    png = SimpleUploadedFile("anh.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    document = services.dossier_document_upload(dossier=dossier, by=vhxh, upload=png, title="Ảnh")
    assert document.content_kind == "ảnh PNG" and document.file.name.endswith(".png")


@override_settings(MAX_UPLOAD_SIZE=100)
def test_too_large_is_refused(dossier, vhxh):
    big = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n" + b"0" * 200)
    with pytest.raises(ValidationError) as error:
        services.dossier_document_upload(dossier=dossier, by=vhxh, upload=big, title="Lớn")
    assert "lớn hơn" in str(error.value)
