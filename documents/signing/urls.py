from django.urls import path

from . import views

app_name = "signing"

# Included before plans.urls in thanhson/urls.py: plans' "verify/<code>/" would otherwise take "check" as a code.
urlpatterns = [
    path("verify/check/", views.verify_check, name="verify_check"),
]
