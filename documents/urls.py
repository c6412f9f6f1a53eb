from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("verify/<str:code>/", views.verify, name="verify"),
    path("verify/<str:code>/pdf/", views.verify_pdf, name="verify_pdf"),
]
