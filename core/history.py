"""The change history of objects kept by django-simple-history, as lines a person reads: what, who, when, before
and after. Each app lists the historical records that belong to one page (a plan and its tasks, a dossier and its
nominees and votes) and renders templates/core/history.html."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import OuterRef, Subquery


@dataclass
class Change:
    when: dt.datetime
    who: object
    kind: str  # "Tạo", "Sửa", "Xóa"
    what: str
    fields: list[tuple[str, str, str]]


KIND = {"+": "Tạo", "~": "Sửa", "-": "Xóa"}
# Derived or bookkeeping fields: not a change anyone made.
HIDDEN_FIELDS = frozenset({"search_text", "updated_at", "created_at", "version"})


def display(model_field: models.Field, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def record_changes(
    querysets: Iterable[models.QuerySet], *, describe: Callable[[Any], str],
    hidden: Callable[[Any], Iterable[str]] = lambda record: HIDDEN_FIELDS, limit: int = 200,
) -> list[Change]:
    """Changes from historical records of several models, newest first, with field diffs.

    `describe(record)` names the object ("Kế hoạch", "Nhiệm vụ 3: …"); `hidden(record)` lists fields not worth a
    line. An edit that changed only hidden fields (a renumbering, a repeated save) is left out.
    """
    records = [record for queryset in querysets for record in _with_previous(queryset, limit)]
    records.sort(key=lambda r: r.history_date, reverse=True)
    changes = []
    for record in records[:limit]:
        fields = []
        if record.history_type == "~":
            previous = record.previous_loaded
            if previous is not None:
                skip = set(hidden(record))
                for change in record.diff_against(previous).changes:
                    if change.field in skip:
                        continue
                    model_field = record.instance_type._meta.get_field(change.field)
                    fields.append((str(model_field.verbose_name), display(model_field, change.old),
                                   display(model_field, change.new)))
            if not fields:
                continue
        changes.append(Change(when=record.history_date, who=record.history_user, kind=KIND[record.history_type],
                              what=describe(record), fields=fields))
    return changes


def _with_previous(records: models.QuerySet, limit: int) -> list:
    """The newest `limit` history rows, each with `previous_loaded` (what prev_record would fetch row by row):
    two queries per model whatever the number of changes."""
    history_model = records.model
    previous = history_model.objects.filter(
        id=OuterRef("id"), history_date__lt=OuterRef("history_date")
    ).order_by("-history_date", "-history_id").values("history_id")[:1]
    rows = list(records.select_related("history_user").annotate(history_previous_pk=Subquery(previous))
                .order_by("-history_date")[:limit])
    wanted = [row.history_previous_pk for row in rows if row.history_type == "~" and row.history_previous_pk]
    found = history_model.objects.in_bulk(wanted) if wanted else {}
    for row in rows:
        row.previous_loaded = found.get(row.history_previous_pk)
    return rows


def history_response(request, *, title: str, crumbs: list[tuple[str, str]], changes: list[Change], nav: str,
                     intro: str = ""):
    """The shared history page (templates/core/history.html)."""
    from django.shortcuts import render

    return render(request, "core/history.html", {"title": title, "crumbs": crumbs, "changes": changes, "nav": nav,
                                                 "intro": intro})
