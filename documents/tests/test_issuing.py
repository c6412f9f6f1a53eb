"""The one issuing path: register, frozen PDF and Word with their hashes, tamper handling, /verify/, and the
rule that only documents/ loads WeasyPrint or python-docx, lazily."""

import datetime as dt
import hashlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document as Docx

from documents import legal, render, services
from documents.content import Article, Column, Document, Paragraph, Row, Signature, Table
from documents.models import Kind, LegalBasis, NumberRegister, TamperEvent
from notifications.models import Notification
from units.roles import Role
from units.tests.factories import make_user

ROOT = Path(settings.BASE_DIR)


def paper(organization, **kwargs) -> Document:
    return Document(
        kind=Kind.AWARD_DECISION, series="QĐ", issuer=organization.name, place=organization.place_name, year=2026,
        title="QUYẾT ĐỊNH", summary="Về việc khen thưởng", legal_bases=["Căn cứ Luật Thi đua, khen thưởng"],
        blocks=[Article(1, "Tặng Giấy khen."), Table(columns=[Column("TT", 0.1), Column("Tên", 0.9)],
                                                     rows=[Row(cells=["1", "Nguyễn Văn An"])]),
                Paragraph("Quyết định có hiệu lực kể từ ngày ký./.")],
        signature=Signature(title="CHỦ TỊCH", name="Sầm Văn Thao"), recipients=["Như Điều 3", "Lưu: VT"],
        **kwargs,
    )


def issue(org, *, day=dt.date(2026, 1, 5), number="", by=None):
    return services.document_issue(organization=org, kind=Kind.AWARD_DECISION, title="Quyết định khen thưởng",
                                   content=lambda stamp: paper(org), signer_name="Sầm Văn Thao", by=by,
                                   issued_on=day, number=number)


def test_numbers_come_from_the_register_restart_yearly_with_a_leading_zero(org, other_org):
    assert [issue(org).number for _ in range(2)] == ["01/QĐ-UBND", "02/QĐ-UBND"]
    assert issue(org, day=dt.date(2027, 1, 2)).number == "01/QĐ-UBND"
    assert issue(other_org).number == "01/QĐ-UBND"
    assert NumberRegister.objects.get(organization=org, series="QĐ", year=2026).last_number == 2
    assert issue(org, number="7").number == "07/QĐ-UBND"
    with pytest.raises(ValidationError, match="đã được cấp"):
        issue(org, number="07/QĐ-UBND")


def test_issue_freezes_pdf_and_word_with_their_own_hashes_and_prints_the_site_url(org, settings):
    settings.SITE_URL = "https://tdkt.thanhson.example.vn"
    document = issue(org)
    pdf, docx = services.document_bytes(document), services.document_bytes(document, which="docx")
    assert hashlib.sha256(pdf).hexdigest() == document.sha256
    assert hashlib.sha256(docx).hexdigest() == document.docx_sha256 != document.sha256
    assert re.fullmatch(r"[A-Z2-7]{10}", document.code)
    word = "\n".join(p.text for p in Docx(io.BytesIO(docx)).paragraphs)
    assert f"https://tdkt.thanhson.example.vn/verify/{document.code}/" in word
    assert "Số: 01/QĐ-UBND" in Docx(io.BytesIO(docx)).tables[0].rows[1].cells[0].text


def test_the_model_refuses_change_and_delete(org):
    document = issue(org)
    document.title = "Khác"
    with pytest.raises(ValidationError, match="không được sửa"):
        document.save()
    with pytest.raises(ValidationError, match="không được xóa"):
        document.delete()


def test_a_tampered_file_answers_a_vietnamese_page_notifies_vhxh_and_is_audited(client, org, vhxh):
    document = issue(org)
    with open(document.file.path, "ab") as handle:
        handle.write(b"% altered\n")
    client.force_login(vhxh)
    response = client.get(reverse("documents:verify_pdf", args=[document.code]))
    assert response.status_code == 409
    assert "không còn khớp" in response.content.decode()
    event = TamperEvent.objects.get(document=document)
    assert event.where == TamperEvent.Where.DOWNLOAD and event.expected_sha256 == document.sha256
    assert event.actual_sha256 and event.actual_sha256 != document.sha256
    note = Notification.objects.get(recipient=vhxh, verb="document_tampered")
    assert document.number in note.title
    page = client.get(reverse("documents:verify", args=[document.code]))
    assert page.status_code == 200 and "không còn khớp" in page.content.decode()
    assert 'data-testid="verify-pdf"' not in page.content.decode()
    assert TamperEvent.objects.filter(document=document).count() == 2


def test_a_missing_file_is_a_tamper_too_never_a_500(client, org):
    document = issue(org)
    os.remove(document.file.path)
    response = client.get(reverse("documents:verify_pdf", args=[document.code]))
    assert response.status_code == 409 and TamperEvent.objects.filter(document=document).exists()


def test_verify_is_public_read_only_and_case_insensitive(client, org):
    document = issue(org)
    assert client.get(reverse("documents:verify", args=[document.code.lower()])).status_code == 200
    assert client.post(reverse("documents:verify", args=[document.code])).status_code == 405
    response = client.get(reverse("documents:verify", args=["AAAAAAAAAA"]))
    assert response.status_code == 404 and "Không tìm thấy" in response.content.decode()


def test_legal_bases_follow_the_documents_date(db):
    before = legal.basis_lines(kind=Kind.AWARD_DECISION, day=dt.date(2025, 3, 1))
    after = legal.basis_lines(kind=Kind.AWARD_DECISION, day=dt.date(2026, 3, 1))
    assert any("98/2023/NĐ-CP" in line for line in before) and not any("152/2025" in line for line in before)
    assert after == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, phân "
        "quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật "
        "Thi đua, khen thưởng",
    ]
    assert not any("72/2025" in line or "06/2022" in line for line in after)  # a Luật without its number
    assert LegalBasis.objects.get(code="nd-152-2025").confirmed
    assert not LegalBasis.objects.get(code="nd-98-2023").confirmed


def test_the_pdf_embeds_liberation_serif_and_a_qr_code(org):
    from pypdf import PdfReader

    plain = render.render_pdf(paper(org))
    stamped = services.document_bytes(issue(org))
    names = {str(ref.get_object()["/BaseFont"]).split("+")[-1]
             for page in PdfReader(io.BytesIO(stamped)).pages for ref in page["/Resources"]["/Font"].values()}
    assert names and all(n.replace("-", "").startswith("LiberationSerif") for n in names)
    # The QR code is drawn as vector paths: the stamped page carries far more drawing than the plain one.
    ops = [len(PdfReader(io.BytesIO(pdf)).pages[-1].get_contents().get_data()) for pdf in (plain, stamped)]
    assert ops[1] > ops[0] + 2000


def _python_files():
    skip = {".venv", "var", "node_modules", ".git"}
    for path in ROOT.rglob("*.py"):
        if not skip.intersection(path.relative_to(ROOT).parts):
            yield path


def test_no_app_but_documents_imports_weasyprint_or_python_docx():
    pattern = re.compile(r"^\s*(?:from|import)\s+(weasyprint|docx)\b", re.MULTILINE)
    offenders = []
    for path in _python_files():
        relative = path.relative_to(ROOT)
        # core/importing.py only READS uploaded .docx files (size and archive checks), lazily; it renders nothing.
        allowed = relative.parts[0] in {"documents", "benchmarks"} or "tests" in relative.parts or \
            str(relative) == "core/importing.py"
        if pattern.search(path.read_text(encoding="utf-8")) and not allowed:
            offenders.append(str(relative))
    assert offenders == []


def test_documents_imports_them_only_inside_functions():
    for path in (ROOT / "documents").rglob("*.py"):
        if "tests" in path.parts:
            continue
        top_level = re.findall(r"^(?:from|import)\s+(weasyprint|docx|segno)\b", path.read_text(), re.MULTILINE)
        # documents/word.py is itself imported only inside documents.render.render_docx.
        assert not top_level or path.name == "word.py", path


def test_manage_py_check_does_not_load_weasyprint_or_docx():
    script = ("import sys, django; django.setup(); from django.core.management import call_command; "
              "call_command('check'); import thanhson.urls; "
              "print(sorted(m for m in ('weasyprint', 'docx', 'segno') if m in sys.modules))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thanhson.settings.test"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env,  # noqa: S603
                            check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.fixture
def vhxh(org):
    return make_user(Role.VHXH, org, username="d_vhxh")
