import datetime as dt
import hashlib
import io

import pypdfium2
import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from documents.signing.locate import SignatureBox, signature_box_find
from documents.signing.models import SignerConfig
from documents.signing.service import pdf_sign, signer_configured, signer_needs_secret
from documents.signing.signers import SigningRefused
from documents.signing.validation import State, pdf_validate

from .conftest import NOW, P12_PASSWORD, PASSWORD_ENV, sample_pdf

pytestmark = pytest.mark.django_db


def _widget(content: bytes):
    """(page index, /Rect) of the signature field's widget, read back with pypdf."""
    reader = PdfReader(io.BytesIO(content))
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/FT") == "/Sig" or annotation.get("/Parent", {}).get("/FT") == "/Sig":
                return index, [float(v) for v in annotation["/Rect"]]
    return None


def _altered(content: bytes) -> bytes:
    """One byte changed inside the first content stream (covered by the signature, still a parseable PDF)."""
    position = content.index(b"stream\n") + len(b"stream\n") + 20
    data = bytearray(content)
    data[position] ^= 0x01
    return bytes(data)


def test_without_signer_the_bytes_come_back_unchanged_and_unsigned(org):
    content = sample_pdf()
    result = pdf_sign(content=content, organization=org)
    assert result.content == content
    assert not result.signed
    assert result.state == "chưa ký số"
    assert not signer_configured(organization=org) and not signer_needs_secret(organization=org)


def test_pkcs12_signature_with_timestamp_validates_as_intact_and_trusted(signing_settings, p12_config, org, tsa_url):
    content = sample_pdf()
    result = pdf_sign(content=content, organization=org)

    assert result.signed and result.state == "đã ký số" and result.timestamped
    assert result.content.startswith(content)  # an incremental update after the final render
    assert result.signer_name == "Sầm Văn Thao"
    report = pdf_validate(result.content)
    assert report.state == State.VALID, report.signatures[0].problems
    signature = report.signatures[0]
    assert signature.covers_whole_file and signature.intact and signature.trusted
    assert (signature.signer_name, signature.organization) == ("Sầm Văn Thao", "UBND xã Thanh Sơn")
    assert abs(signature.signing_time - NOW) < dt.timedelta(minutes=1)
    assert signature.timestamp_ok and abs(signature.timestamp_time - NOW) < dt.timedelta(minutes=1)
    assert report.sha256 == hashlib.sha256(result.content).hexdigest()


def test_without_tsa_there_is_no_timestamp(signing_settings, p12_config, org):
    signing_settings.SIGNING_TSA_URL = ""
    report = pdf_validate(pdf_sign(content=sample_pdf(), organization=org).content)
    assert report.state == State.VALID
    assert report.signatures[0].timestamp_time is None


def test_unreachable_tsa_refuses_instead_of_signing_silently(signing_settings, p12_config, org):
    signing_settings.SIGNING_TSA_URL = "http://127.0.0.1:9/tsa"
    signing_settings.SIGNING_TSA_TIMEOUT = 2
    with pytest.raises(SigningRefused, match="dấu thời gian"):
        pdf_sign(content=sample_pdf(), organization=org)


def test_one_changed_byte_is_reported_as_altered(signing_settings, p12_config, org):
    signed = pdf_sign(content=sample_pdf(), organization=org).content
    report = pdf_validate(_altered(signed))
    assert report.state == State.ALTERED
    assert not report.intact
    assert any("bị thay đổi" in problem for problem in report.signatures[0].problems)


def test_unknown_root_is_reported_not_hidden(signing_settings, p12_config, org):
    signed = pdf_sign(content=sample_pdf(), organization=org).content
    report = pdf_validate(signed, trust_roots=[])
    assert report.state == State.UNTRUSTED
    assert "chưa xác minh được chuỗi chứng thư" in report.state_label
    assert report.signatures[0].intact and not report.signatures[0].trusted


def test_unsigned_and_unreadable_files(settings):
    assert pdf_validate(sample_pdf()).state == State.UNSIGNED
    assert pdf_validate(b"%PDF-1.7\nnot really").state in (State.UNREADABLE, State.UNSIGNED)


@pytest.mark.parametrize(
    ("issue_kwargs", "message"),
    [
        ({"not_before": dt.datetime(2023, 1, 1, tzinfo=dt.UTC), "not_after": dt.datetime(2025, 12, 31, tzinfo=dt.UTC)},
         "đã hết hạn ngày 31/12/2025"),
        ({"not_before": dt.datetime(2026, 6, 1, tzinfo=dt.UTC)}, "chưa có hiệu lực"),
        ({"key_usage": ("key_encipherment",)}, "không dùng để ký văn bản"),
    ],
    ids=["expired", "not-yet-valid", "wrong-key-usage"],
)
def test_bad_certificates_are_refused_in_vietnamese(pki, org, monkeypatch, issue_kwargs, message):
    issued = pki.issue(common_name="Sầm Văn Thao", organization="UBND xã Thanh Sơn", **issue_kwargs)
    monkeypatch.setenv(PASSWORD_ENV, P12_PASSWORD)
    config = SignerConfig(organization=org, kind=SignerConfig.Kind.PKCS12, secret_env=PASSWORD_ENV)
    config.pkcs12_file.save("x.p12", ContentFile(issued.pkcs12(P12_PASSWORD, [pki.root])), save=True)
    with pytest.raises(SigningRefused, match=message):
        pdf_sign(content=sample_pdf(), organization=org)


def test_password_typed_at_signing_and_refusals(p12_config, org, monkeypatch, settings):
    assert signer_configured(organization=org) and not signer_needs_secret(organization=org)
    monkeypatch.delenv(PASSWORD_ENV)
    assert signer_needs_secret(organization=org)
    with pytest.raises(SigningRefused, match="Cần nhập mật khẩu"):
        pdf_sign(content=sample_pdf(), organization=org)
    with pytest.raises(SigningRefused, match="mật khẩu không đúng"):
        pdf_sign(content=sample_pdf(), organization=org, password="sai")
    assert pdf_sign(content=sample_pdf(), organization=org, password=P12_PASSWORD).signed


def test_the_signers_own_key_is_preferred_to_the_organizations(signing_settings, p12_config, org, chutich, pki):
    chutich.first_name, chutich.last_name = "Văn Thao", "Sầm"
    issued = pki.issue(common_name="Chủ tịch riêng", organization="UBND xã Thanh Sơn")
    own = SignerConfig(organization=org, user=chutich, kind=SignerConfig.Kind.PKCS12, secret_env=PASSWORD_ENV)
    own.pkcs12_file.save("own.p12", ContentFile(issued.pkcs12(P12_PASSWORD, [pki.root])), save=True)
    assert pdf_sign(content=sample_pdf(), organization=org, signer_user=chutich).signer_name == "Chủ tịch riêng"
    assert pdf_sign(content=sample_pdf(), organization=org).signer_name == "Sầm Văn Thao"


def test_signature_block_is_found_by_the_signers_name_on_the_right_page():
    content = sample_pdf(pages=2)
    box = signature_box_find(content, marker="Sầm Văn Thao")
    assert box is not None and box.page == 1
    assert signature_box_find(content, marker="Người khác") is None
    assert signature_box_find(sample_pdf(pages=1), marker="sầm  văn thao").page == 0  # case and spaces


def _ink(content: bytes, *, page: int, rect: list[float]) -> dict[str, int]:
    """Counts of red and blue pixels inside rect, on the page as a viewer renders it (annotations drawn)."""
    pdf = pypdfium2.PdfDocument(content)
    pdf.init_forms()
    rendered = pdf[page].render(scale=2, may_draw_forms=True).to_pil().convert("RGB")
    height = pdf[page].get_height()
    pdf.close()
    x1, y1, x2, y2 = rect
    crop = rendered.crop((int(x1 * 2), int((height - y2) * 2), int(x2 * 2), int((height - y1) * 2)))
    counts = {"red": 0, "blue": 0, "left_red": 0, "right_blue": 0}
    for index, (r, g, b) in enumerate(crop.get_flattened_data()):
        x = index % crop.width
        if r > 150 and g < 90 and b < 90:
            counts["red"] += 1
            counts["left_red"] += x < crop.width / 2
        if b > 100 and r < 60 and g < 110:
            counts["blue"] += 1
            counts["right_blue"] += x >= crop.width / 2
    return counts


def test_visible_signature_with_seal_and_signature_images_at_the_signature_block(signing_settings, with_images, org):
    content = sample_pdf(pages=2)
    expected = signature_box_find(content, marker="Sầm Văn Thao")
    result = pdf_sign(content=content, organization=org)
    assert result.visible and result.box == expected

    page, rect = _widget(result.content)
    assert page == 1
    assert rect == pytest.approx(list(expected.rect), abs=1)
    # The name line is just below the box (pdfplumber measures from the top).
    import pdfplumber

    with pdfplumber.open(io.BytesIO(result.content)) as pdf:
        name_line = next(line for line in pdf.pages[1].extract_text_lines() if "Sầm Văn Thao" in line["text"])
        assert abs((pdf.pages[1].height - name_line["top"]) - rect[1]) < 5
    ink = _ink(result.content, page=1, rect=rect)
    assert ink["red"] > 200, ink  # the seal
    assert ink["blue"] > 200, ink  # the signature and the text
    assert ink["left_red"] > ink["red"] * 0.6  # the seal sits on the left
    assert pdf_validate(result.content).state == State.VALID


def _flattened_text(content: bytes, *, page: int) -> str:
    pdf = pypdfium2.PdfDocument(content)
    pdf.init_forms()
    pdf[page].flatten()
    buffer = io.BytesIO()
    pdf.save(buffer)  # pdfium shows a flattened page only once reloaded
    pdf.close()
    flat = pypdfium2.PdfDocument(buffer.getvalue())
    try:
        return flat[page].get_textpage().get_text_range()
    finally:
        flat.close()


def test_text_appearance_without_images_carries_the_same_information(signing_settings, p12_config, org):
    result = pdf_sign(content=sample_pdf(), organization=org)
    page, rect = _widget(result.content)
    ink = _ink(result.content, page=page, rect=rect)
    assert ink["blue"] > 100 and ink["red"] == 0
    # The appearance's text, extracted after flattening the widget into the page (ToUnicode of the embedded font).
    text = _flattened_text(result.content, page=page)
    assert "Ký bởi: Sầm Văn Thao" in text
    assert "Cơ quan: UBND xã Thanh Sơn" in text
    assert "Thời gian ký: 2026-03-10T09:30" in text


def test_explicit_box_is_used(signing_settings, p12_config, org):
    box = SignatureBox(page=0, x1=100, y1=100, x2=300, y2=180)
    result = pdf_sign(content=sample_pdf(), organization=org, box=box)
    assert _widget(result.content) == (0, [100.0, 100.0, 300.0, 180.0])


def test_real_plan_pdf_is_signed_above_the_chairmans_name(signing_settings, p12_config, org):
    from documents.render import render_pdf
    from plans.documents import plan_content
    from plans.tests.factories import PlanFactory

    plan = PlanFactory(organization=org, signer_name="Sầm Văn Thao")
    content = render_pdf(plan_content(plan, draft=False))
    result = pdf_sign(content=content, organization=org, marker=plan.signer_name)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    page, rect = _widget(result.content)
    assert result.visible and page == pages - 1
    assert pdf_validate(result.content).state == State.VALID
