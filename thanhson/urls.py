from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import health
from core import views as core_views
from plans.views import pages
from units.forms import LoginForm

admin.site.site_header = "Quản trị TĐKT"
admin.site.site_title = "Quản trị TĐKT"

urlpatterns = [
    # Liveness (docker-compose, benchmarks/plan_page.py's trivial baseline) and readiness, as JSON (core/health.py).
    path("healthz/", health.healthz, name="healthz"),
    path("readyz/", health.readyz, name="readyz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("", pages.dashboard, name="dashboard"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("plans.urls")),
    path("", include("units.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("awards/", include("awards.urls")),
    path("notifications/", include("units.notification_urls")),
    path("reminders/", include("plans.reminder_urls")),
    path("admin/", admin.site.urls),
]
