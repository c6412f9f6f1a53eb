from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect


class HtmxLoginRedirectMiddleware:
    """When a session expires during an htmx action, send the whole page to the login form.

    Otherwise htmx follows the 302 itself and swaps the login page into the middle of a table.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code == 302:
            if response["Location"].startswith(resolve_url(settings.LOGIN_URL)):
                return HttpResponseClientRedirect(response["Location"])
        return response


# Formats that are compressed already: gzip gains nothing on them and costs CPU on every download, and a PDF
# compressed again breaks byte-range requests that PDF readers use.
ALREADY_COMPRESSED = ("application/pdf", "application/zip", "application/vnd.openxmlformats", "image/png",
                      "image/jpeg", "application/gzip")


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for pages (ADR 0003), skipping files whose format is compressed already."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.get("Content-Type", "").startswith(ALREADY_COMPRESSED):
            return response
        return super().process_response(request, response)
