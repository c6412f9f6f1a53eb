"""Who hears what about dossiers, disclosures, council meetings and decisions, and the awards deadlines as
reminder sources (the end of a disclosure period, the dossier submission deadline, the yearly Biểu 0602).

Connected in AwardsConfig.ready; notifications/ does the sending.
"""

import datetime as dt
from collections.abc import Sequence

from django.urls import reverse

from notifications import reminders
from notifications.registry import DigestLine, ReminderSource, reminder_source_register
from notifications.selectors import reminder_settings_rows
from units.models import Person

from .models import Disclosure, Dossier, StatisticalReportForm

WAITING_DOSSIER = (Dossier.Status.DRAFT, Dossier.Status.RETURNED)


def _stat_form() -> StatisticalReportForm | None:
    return StatisticalReportForm.objects.filter(code__startswith="0602").order_by("code").first()


def collect(*, snapshot: reminders.Snapshot, day: dt.date, organization_ids: Sequence[int] | None,
            task_ids: Sequence[int] | None) -> None:
    if task_ids is not None:
        return
    org_ids = list(snapshot.orgs)
    # End of a disclosure period: vhxh prepares the council meeting that follows it.
    disclosures = Disclosure.objects.filter(organization_id__in=org_ids, ends_on__gte=day,
                                            ends_on__lte=day + dt.timedelta(days=90))
    for disclosure in disclosures:
        snapshot.deadlines.append(reminders.DeadlineFact(
            rule=reminders.RULE_DISCLOSURE, key=f"disclosure:{disclosure.pk}",
            organization_id=disclosure.organization_id, deadline=disclosure.ends_on,
            label=f"Kết thúc công khai “{disclosure.title}”",
            recipients=tuple((uid, "chuẩn bị họp Hội đồng xét khen thưởng")
                             for uid in snapshot.orgs[disclosure.organization_id].vhxh_ids),
        ))
    # The dossier submission deadline of the year (a commune setting): units with a dossier not yet sent.
    rows = reminder_settings_rows(organization_ids=org_ids)
    due_of = {org_id: row.dossier_due_on(day.year) for org_id, row in rows.items()}
    due_of = {org_id: due for org_id, due in due_of.items()
              if due is not None and day <= due <= day + dt.timedelta(days=90)}
    if due_of:
        dossiers = list(Dossier.objects.filter(organization_id__in=due_of, status__in=WAITING_DOSSIER,
                                               unit__isnull=False).select_related("unit", "form"))
        people: dict[int, list[int]] = {}
        for unit_id, user_id in Person.objects.filter(
            unit_id__in={d.unit_id for d in dossiers}, is_active=True, user__isnull=False, user__is_active=True
        ).values_list("unit_id", "user_id"):
            people.setdefault(unit_id, []).append(user_id)
        for dossier in dossiers:
            snapshot.deadlines.append(reminders.DeadlineFact(
                rule=reminders.RULE_DOSSIER, key=f"dossier:{dossier.pk}", organization_id=dossier.organization_id,
                deadline=due_of[dossier.organization_id],
                label=f"Hạn nộp hồ sơ đề nghị “{dossier.form}”",
                recipients=tuple((uid, f"hồ sơ của đơn vị {dossier.unit} chưa gửi")
                                 for uid in people.get(dossier.unit_id, [])),
            ))
    # The yearly statistics report (Biểu 0602), due on the form's day (15/12): vhxh of every commune.
    form = _stat_form()
    if form is not None:
        due = dt.date(day.year, form.due_month, form.due_day)
        if day <= due:
            for org in snapshot.orgs.values():
                snapshot.deadlines.append(reminders.DeadlineFact(
                    rule=reminders.RULE_STATISTICS, key=f"statistics:{form.pk}:{day.year}", organization_id=org.id,
                    deadline=due, label=f"Báo cáo thống kê Biểu số {form.code} năm {day.year}",
                    recipients=tuple((uid, "gửi cơ quan cấp trên") for uid in org.vhxh_ids),
                ))


def describe(*, keys: Sequence[str], day: dt.date) -> dict[str, DigestLine | None]:
    def ids(prefix):
        return [int(k.split(":")[1]) for k in keys if k.startswith(f"{prefix}:")]

    disclosures = Disclosure.objects.in_bulk(ids("disclosure"))
    dossiers = Dossier.objects.select_related("unit", "form").in_bulk(ids("dossier"))
    forms = StatisticalReportForm.objects.in_bulk(ids("statistics"))
    lines: dict[str, DigestLine | None] = {}
    for key in keys:
        prefix, pk = key.split(":")[0], int(key.split(":")[1])
        if prefix == "disclosure":
            item = disclosures.get(pk)
            lines[key] = None if item is None or item.is_over(day) else DigestLine(
                text=f"Công khai “{item.title}” kết thúc ngày {item.ends_on:%d/%m/%Y}: chuẩn bị họp Hội đồng",
                url=reverse("awards:disclosure_detail", args=[pk]),
            )
        elif prefix == "dossier":
            item = dossiers.get(pk)
            lines[key] = None if item is None or item.status not in WAITING_DOSSIER else DigestLine(
                text=f"Hồ sơ đề nghị “{item.form}” của {item.unit} chưa gửi: sắp hết hạn nộp",
                url=reverse("awards:dossier_detail", args=[pk]),
            )
        elif prefix == "statistics":
            form = forms.get(pk)
            year = int(key.split(":")[2])
            lines[key] = None if form is None else DigestLine(
                text=f"Biểu số {form.code} năm {year}: hạn gửi ngày {form.due_day:02d}/{form.due_month:02d}/{year}",
                url=reverse("awards:stats"),
            )
    return lines


def connect() -> None:
    reminder_source_register(ReminderSource(name="awards", prefixes=("disclosure", "dossier", "statistics"),
                                            collect=collect, describe=describe))


