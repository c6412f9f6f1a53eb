from django.urls import path

from . import account_views, io_views, views

app_name = "units"

urlpatterns = [
    path("units/", views.unit_list, name="list"),
    path("units/new/", views.unit_create, name="create"),
    path("units/<int:pk>/edit/", views.unit_edit, name="edit"),
    path("units/export.xlsx", io_views.unit_export, name="export"),
    path("units/import/", io_views.unit_import, name="import"),
    path("organization/", views.organization_edit, name="organization"),
    path("organization/superior/", views.superior_add, name="superior_add"),
    path("users/", account_views.account_list, name="account_list"),
    path("users/new/", account_views.account_create, name="account_create"),
    path("users/<int:pk>/", account_views.account_edit, name="account_edit"),
    path("users/<int:pk>/active/", account_views.account_set_active, name="account_set_active"),
    path("users/<int:pk>/send-link/", account_views.account_send_link, name="account_send_link"),
    path("users/<int:pk>/temporary-password/", account_views.account_temporary_password,
         name="account_temporary_password"),
    path("people/", account_views.person_list, name="person_list"),
    path("people/new/", account_views.person_create, name="person_create"),
    path("people/<int:pk>/", account_views.person_detail, name="person_detail"),
    path("people/<int:pk>/initiatives/new/", account_views.initiative_add, name="initiative_add"),
    path("initiatives/<int:pk>/edit/", account_views.initiative_edit, name="initiative_edit"),
    path("initiatives/<int:pk>/delete/", account_views.initiative_delete, name="initiative_delete"),
    path("communes/", account_views.commune_list, name="communes"),
]
