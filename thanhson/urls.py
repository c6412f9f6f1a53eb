from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from plans.views import pages
from units.forms import LoginForm

admin.site.site_header = "Quản trị TĐKT"
admin.site.site_title = "Quản trị TĐKT"



def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe for docker-compose and the trivial baseline of benchmarks/plan_page.py."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("", pages.dashboard, name="dashboard"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("documents.urls")),
    path("", include("plans.urls")),
    path("", include("units.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("awards/", include("awards.urls")),
    path("notifications/", include("units.notification_urls")),
    path("reminders/", include("plans.reminder_urls")),
    path("admin/", admin.site.urls),
]
