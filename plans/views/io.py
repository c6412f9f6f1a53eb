"""TEMPORARY: to be implemented (helper task)."""
from django.http import HttpResponse


def plan_import(request, pk=None):  # TEMPORARY
    return HttpResponse(status=501)


def plan_export(request, pk=None):  # TEMPORARY
    return HttpResponse(status=501)

