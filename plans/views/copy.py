"""TEMPORARY: to be implemented (helper task)."""
from django.http import HttpResponse


def plan_copy(request, pk=None):  # TEMPORARY
    return HttpResponse(status=501)

