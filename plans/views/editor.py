"""TEMPORARY: to be implemented (helper task)."""
from django.http import HttpResponse


def plan_editor(request, pk=None):  # TEMPORARY
    return HttpResponse(status=501)


def plan_texts(request, pk=None):  # TEMPORARY
    return HttpResponse(status=501)


def section_add(request, pk=None):  # TEMPORARY
    return HttpResponse(status=501)


def section_delete(request, pk=None):  # TEMPORARY
    return HttpResponse(status=501)


def section_move(request, pk=None):  # TEMPORARY
    return HttpResponse(status=501)


def task_add(request, pk=None):  # TEMPORARY
    return HttpResponse(status=501)


def task_edit(request, pk=None):  # TEMPORARY
    return HttpResponse(status=501)


def task_delete(request, pk=None):  # TEMPORARY
    return HttpResponse(status=501)


def task_move(request, pk=None):  # TEMPORARY
    return HttpResponse(status=501)

