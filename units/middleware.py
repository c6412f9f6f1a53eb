from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class ForcePasswordChangeMiddleware:
    """A user given a temporary password goes to "Đổi mật khẩu" until they choose their own.

    Only the password change pages, logout and static files stay open; everything else redirects.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = (reverse("password_change"), reverse("password_change_done"), reverse("logout"),
                       "/" + settings.STATIC_URL.lstrip("/"))
            if not request.path.startswith(allowed):
                messages.warning(request, "Bạn đang dùng mật khẩu tạm: hãy đặt mật khẩu mới để tiếp tục.")
                return redirect("password_change")
        return self.get_response(request)
