"""Pages are gzip-compressed for slow LANs; files that are compressed already (PDF, xlsx, docx) are not again."""

from django.http import FileResponse, HttpResponse
from django.test import RequestFactory

from core.middleware import TextGZipMiddleware

BODY = b"<html>" + b"Ke hoach thi dua " * 400 + b"</html>"


def _through(response):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    return TextGZipMiddleware(lambda r: response)(request)


def test_a_page_is_compressed():
    response = _through(HttpResponse(BODY, content_type="text/html; charset=utf-8"))
    assert response["Content-Encoding"] == "gzip" and len(response.content) < len(BODY)


def test_a_pdf_is_sent_as_it_is(tmp_path):
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(b"%PDF-1.7\n" + BODY)
    response = _through(FileResponse(path.open("rb"), content_type="application/pdf"))
    assert not response.has_header("Content-Encoding")
    assert b"".join(response.streaming_content) == path.read_bytes()
    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    xlsx = _through(HttpResponse(BODY, content_type=xlsx_type))
    assert not xlsx.has_header("Content-Encoding")
