from django.urls import path

from . import reminder_views as views

app_name = "reminders"

urlpatterns = [
    path("settings/", views.reminder_settings, name="settings"),
    path("email-failures/<int:user_id>/clear/", views.email_failure_clear, name="email_failure_clear"),
]
