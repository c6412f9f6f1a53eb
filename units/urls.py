from django.urls import path

from . import io_views, views

app_name = "units"

urlpatterns = [
    path("units/", views.unit_list, name="list"),
    path("units/new/", views.unit_create, name="create"),
    path("units/<int:pk>/edit/", views.unit_edit, name="edit"),
    path("units/export.xlsx", io_views.unit_export, name="export"),
    path("units/import/", io_views.unit_import, name="import"),
    path("organization/", views.organization_edit, name="organization"),
]
