"""TEMPORARY: to be implemented (helper task)."""
from django.http import HttpResponse


def unit_export(request, pk=None):  # TEMPORARY
    return HttpResponse(status=501)


def unit_import(request, pk=None):  # TEMPORARY
    return HttpResponse(status=501)

