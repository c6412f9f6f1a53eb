from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import health
from core import views as core_views
from plans.views import pages
from units import account_views

admin.site.site_header = "Quản trị TĐKT"
admin.site.site_title = "Quản trị TĐKT"

urlpatterns = [
    # Liveness (docker-compose, benchmarks/plan_page.py's trivial baseline) and readiness, as JSON (core/health.py).
    path("healthz/", health.healthz, name="healthz"),
    path("readyz/", health.readyz, name="readyz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("", pages.dashboard, name="dashboard"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("accounts/password_reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", account_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("setup/", account_views.first_run, name="first_run"),
    # Before plans.urls, whose "verify/<code>/" would take "check" for a code.
    path("", include("documents.signing.urls")),
    path("", include("documents.urls")),
    path("", include("plans.urls")),
    path("", include("units.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("awards/", include("awards.urls")),
    path("notifications/", include("notifications.urls")),
    path("reminders/", include("notifications.reminder_urls")),
    path("admin/", admin.site.urls),
]
