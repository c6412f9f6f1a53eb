import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.workflow import AuditRow, TransitionLog
from units.models import Organization, Unit
from units.text import fold


class Plan(models.Model):
    """The yearly "Kế hoạch công tác thi đua, khen thưởng" of a commune."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        SUBMITTED = "submitted", "Chờ ký"
        SIGNED = "signed", "Đã ký, ban hành"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField("Năm")
    number = models.CharField("Số, ký hiệu", max_length=40, blank=True, help_text="Ví dụ: 15/KH-UBND")
    issued_on = models.DateField("Ngày ban hành", null=True, blank=True)
    title = models.CharField("Trích yếu", max_length=300)
    legal_bases = models.TextField("Căn cứ", blank=True, help_text="Mỗi đoạn \"Căn cứ …\" một dòng.")
    purpose = models.TextField("Mục đích", blank=True, help_text="Mỗi ý một dòng.")
    requirements = models.TextField("Yêu cầu", blank=True)
    implementation = models.TextField("Tổ chức thực hiện", blank=True, help_text="Mỗi mục một dòng.")
    closing = models.TextField("Câu kết", blank=True)
    signer_authority = models.CharField("Thẩm quyền ký", max_length=100, default="TM. ỦY BAN NHÂN DÂN")
    signer_title = models.CharField("Chức vụ người ký", max_length=100, default="CHỦ TỊCH")
    signer_name = models.CharField("Họ tên người ký", max_length=100, blank=True)
    status = models.CharField(
        "Trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    # Revisions (services.plan_revise): a signed plan is never edited; its amendment is a new Plan row that
    # supersedes it. Only the newest revision is current; the older ones stay readable with their issued file.
    revision = models.PositiveSmallIntegerField("Lần sửa đổi", default=1, editable=False)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by", editable=False,
        verbose_name="Sửa đổi kế hoạch",
    )
    is_current = models.BooleanField("Bản hiện hành", default=True, editable=False)
    # Optimistic lock of the texts form: services.plan_update refuses a save made from an older version
    # (docs/adr/0017-constant-work-and-no-lost-edits.md).
    version = models.PositiveIntegerField("Phiên bản", default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Kế hoạch"
        verbose_name_plural = "Kế hoạch"
        ordering = ["-year", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], condition=Q(is_current=True), name="plan_one_per_org_year",
                violation_error_message="Tổ chức này đã có kế hoạch cho năm đó.",
            ),
            models.UniqueConstraint(
                fields=["organization", "year", "revision"], name="plan_revision_unique",
                violation_error_message="Kế hoạch đã có bản sửa đổi số này.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="plan_year_range",
                violation_error_message="Năm phải từ 2000 đến 2100.",
            ),
        ]

    def __str__(self) -> str:
        return f"Kế hoạch {self.title}" if self.title else f"Kế hoạch năm {self.year}"

    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]

    def purpose_lines(self) -> list[str]:
        return [line.strip() for line in self.purpose.splitlines() if line.strip()]

    def requirement_lines(self) -> list[str]:
        return [line.strip() for line in self.requirements.splitlines() if line.strip()]

    def implementation_lines(self) -> list[str]:
        return [line.strip() for line in self.implementation.splitlines() if line.strip()]


class PlanRecipient(models.Model):
    """A line of "Nơi nhận", e.g. "Phòng Nội vụ huyện" with the note "(b/c)"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recipients")
    order = models.PositiveIntegerField(default=0)
    name = models.CharField("Nơi nhận", max_length=200)
    note = models.CharField("Ghi chú", max_length=50, blank=True, help_text="Ví dụ: (b/c)")

    class Meta:
        verbose_name = "Nơi nhận"
        verbose_name_plural = "Nơi nhận"
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.note}".strip()


class Section(models.Model):
    """QUÝ I–IV, or "Thường xuyên" for tasks that run all year."""

    class Kind(models.TextChoices):
        Q1 = "q1", "QUÝ I"
        Q2 = "q2", "QUÝ II"
        Q3 = "q3", "QUÝ III"
        Q4 = "q4", "QUÝ IV"
        ALL_YEAR = "all_year", "THƯỜNG XUYÊN"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField("Quý", max_length=10, choices=Kind.choices)
    order = models.PositiveIntegerField("Thứ tự", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Phần (quý)"
        verbose_name_plural = "Phần (quý)"
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind"], name="section_kind_unique_per_plan",
                violation_error_message="Kế hoạch đã có phần này.",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def quarter(self) -> int | None:
        return {"q1": 1, "q2": 2, "q3": 3, "q4": 4}.get(self.kind)

    def default_deadline(self, year: int) -> dt.date:
        """The last day of the quarter; 31/12 for all-year tasks."""
        month = 3 * (self.quarter or 4)
        return dt.date(year, month, calendar.monthrange(year, month)[1])


class TaskQuerySet(models.QuerySet):
    def open(self) -> "TaskQuerySet":
        return self.filter(status__in=Task.OPEN_STATUSES)

    def overdue(self, today: dt.date | None = None) -> "TaskQuerySet":
        today = today or timezone.localdate()
        return self.open().filter(deadline__lt=today)

    def not_overdue(self, today: dt.date | None = None) -> "TaskQuerySet":
        today = today or timezone.localdate()
        return self.exclude(Q(status__in=Task.OPEN_STATUSES) & Q(deadline__lt=today))


class Task(models.Model):
    """A numbered line of section II. Its number (TT) is derived from the order, never typed."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Chưa thực hiện"
        IN_PROGRESS = "in_progress", "Đang thực hiện"
        DONE = "done", "Hoàn thành"
        CANCELLED = "cancelled", "Không thực hiện"

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="tasks", verbose_name="Quý")
    order = models.PositiveIntegerField("Thứ tự trong quý", default=0)
    # Cached TT, rewritten by services.plan_renumber after every change of order.
    number = models.PositiveIntegerField("TT", default=0, editable=False)
    content = models.TextField("Nội dung")
    units = models.ManyToManyField(
        Unit, through="TaskUnit", related_name="tasks", verbose_name="Đơn vị/Bộ phận thực hiện"
    )
    deadline = models.DateField("Hạn hoàn thành")
    status = models.CharField(
        "Trạng thái", max_length=20, choices=Status.choices, default=Status.NOT_STARTED, editable=False
    )
    status_reason = models.TextField("Lý do không thực hiện", blank=True, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    # Optimistic lock of the task form (content, units, deadline); a status change does not bump it.
    version = models.PositiveIntegerField("Phiên bản", default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "Nhiệm vụ"
        verbose_name_plural = "Nhiệm vụ"
        ordering = ["plan", "section__order", "order", "pk"]
        indexes = [models.Index(fields=["plan", "number"]), models.Index(fields=["status", "deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(status_reason=""),
                name="task_cancelled_needs_reason",
                violation_error_message="Cần ghi lý do khi không thực hiện nhiệm vụ.",
            ),
            models.CheckConstraint(
                condition=~Q(content=""), name="task_content_not_empty",
                violation_error_message="Nội dung nhiệm vụ không được để trống.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.content[:80]}"

    def save(self, *args, **kwargs) -> None:
        # Derived for accent-insensitive search ("bao cao" finds "Báo cáo") on any database.
        self.search_text = fold(self.content)
        if kwargs.get("update_fields") is not None and "content" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in self.OPEN_STATUSES and self.deadline < today

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class TaskUnit(models.Model):
    """Ordered link between a task and its responsible units (the first is the lead)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="task_units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_units")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "Đơn vị thực hiện"
        verbose_name_plural = "Đơn vị thực hiện"
        ordering = ["task", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="taskunit_unique")]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.unit_id}"


def task_attachment_path(instance: "TaskUpdate", filename: str) -> str:
    # Private storage under MEDIA_ROOT; served only by a view that checks access.
    return f"private/task-updates/{instance.task.plan_id}/{instance.task_id}/{filename}"


class TaskUpdate(AuditRow):
    """One entry of a task's status history: who, when, from, to, note (workflow.TASK_FLOW's audit row)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="task_updates")
    created_at = models.DateTimeField("Thời gian", default=timezone.now)
    from_status = models.CharField("Từ", max_length=20, choices=Task.Status.choices)
    to_status = models.CharField("Sang", max_length=20, choices=Task.Status.choices)
    note = models.TextField("Ghi chú", blank=True)
    attachment = models.FileField("Tệp đính kèm", upload_to=task_attachment_path, blank=True, max_length=300)
    attachment_name = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "Cập nhật nhiệm vụ"
        verbose_name_plural = "Cập nhật nhiệm vụ"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-created_at"])]

    def __str__(self) -> str:
        return f"{self.task.number}: {self.get_from_status_display()} → {self.get_to_status_display()}"


def _validate_days_before(value: str) -> None:
    """Referenced by migration 0003 (the reminder settings now live in notifications/)."""
    from notifications.models import validate_days_before_required

    validate_days_before_required(value)


# --- sign-off, issued documents and reports (plans/workflow.py, plans/services.py, plans/issuing.py) ----------

class PlanEvent(TransitionLog):
    """One step of a plan's sign-off (submitted, signed, returned, revised), shown on the plan page."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionLog.Meta):
        verbose_name = "Bước ký duyệt kế hoạch"
        verbose_name_plural = "Các bước ký duyệt kế hoạch"


class Report(models.Model):
    """"Báo cáo kết quả thực hiện kế hoạch công tác thi đua, khen thưởng" for the superior office."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        SUBMITTED = "submitted", "Chờ ký"
        SIGNED = "signed", "Đã ký, ban hành"

    class Period(models.TextChoices):
        QUARTER = "quarter", "Quý"
        HALF_YEAR = "half_year", "6 tháng đầu năm"
        YEAR = "year", "Năm"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reports")
    period = models.CharField("Kỳ báo cáo", max_length=10, choices=Period.choices, default=Period.QUARTER)
    quarter = models.PositiveSmallIntegerField("Quý", null=True, blank=True)
    assessment = models.TextField("Đánh giá chung", blank=True, help_text="Mỗi đoạn một dòng.")
    shortcomings = models.TextField("Tồn tại, hạn chế", blank=True, help_text="Mỗi đoạn một dòng.")
    directions = models.TextField("Phương hướng, nhiệm vụ thời gian tới", blank=True, help_text="Mỗi đoạn một dòng.")
    recipients = models.TextField(
        "Nơi nhận", blank=True, help_text="Mỗi nơi một dòng, ví dụ: Phòng Nội vụ huyện (b/c)"
    )
    number = models.CharField("Số, ký hiệu", max_length=40, blank=True, help_text="Ví dụ: 05/BC-UBND")
    issued_on = models.DateField("Ngày ban hành", null=True, blank=True)
    signer_authority = models.CharField("Thẩm quyền ký", max_length=100, default="TM. ỦY BAN NHÂN DÂN")
    signer_title = models.CharField("Chức vụ người ký", max_length=100, default="CHỦ TỊCH")
    signer_name = models.CharField("Họ tên người ký", max_length=100, blank=True)
    status = models.CharField(
        "Trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="Người lập"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Báo cáo kết quả thực hiện kế hoạch"
        verbose_name_plural = "Báo cáo kết quả thực hiện kế hoạch"
        ordering = ["-plan__year", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                # quarter__isnull=False: a NULL would make the comparison unknown, which a CHECK lets through.
                condition=(Q(period="quarter") & Q(quarter__isnull=False) & Q(quarter__gte=1) & Q(quarter__lte=4))
                | (~Q(period="quarter") & Q(quarter__isnull=True)),
                name="report_quarter_matches_period",
                violation_error_message="Báo cáo quý phải chọn quý I–IV; báo cáo 6 tháng hoặc năm không chọn quý.",
            ),
        ]

    def __str__(self) -> str:
        return f"Báo cáo {self.period_label}"

    @property
    def year(self) -> int:
        return self.plan.year

    @property
    def quarters(self) -> list[int]:
        """The quarters the report covers: its quarter, I–II for six months, I–IV for the year."""
        if self.period == self.Period.QUARTER:
            return [self.quarter] if self.quarter else []
        return [1, 2] if self.period == self.Period.HALF_YEAR else [1, 2, 3, 4]

    @property
    def end_date(self) -> dt.date:
        """The last day the report covers; what is open and past its deadline on that day counts as overdue."""
        month = 3 * max(self.quarters or [4])
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def period_label(self) -> str:
        if self.period == self.Period.QUARTER:
            roman = {1: "I", 2: "II", 3: "III", 4: "IV"}.get(self.quarter, "?")
            return f"quý {roman} năm {self.year}"
        if self.period == self.Period.HALF_YEAR:
            return f"6 tháng đầu năm {self.year}"
        return f"năm {self.year}"

    def paragraphs(self, field_name: str) -> list[str]:
        return [line.strip() for line in getattr(self, field_name).splitlines() if line.strip()]


class ReportEvent(TransitionLog):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionLog.Meta):
        verbose_name = "Bước ký duyệt báo cáo"
        verbose_name_plural = "Các bước ký duyệt báo cáo"


class IssuedDocument(models.Model):
    """The link from a plan or a report to its issued paper (documents.IssuedDocument), which holds the number,
    the frozen PDF and Word bytes, their hashes and the verification code. Written once by plans/issuing.py and
    never changed or deleted; docs/adr/0011-documents-one-system.md explains the design.
    """

    class Kind(models.TextChoices):
        PLAN = "plan", "Kế hoạch"
        REPORT = "report", "Báo cáo"

    kind = models.CharField("Loại văn bản", max_length=20, choices=Kind.choices)
    # Nullable one-to-one links, one per kind: plain foreign keys keep joins and PROTECT simple.
    plan = models.OneToOneField(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="issued_document"
    )
    report = models.OneToOneField(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="issued_document"
    )
    document = models.OneToOneField(
        "documents.IssuedDocument", on_delete=models.PROTECT, related_name="plans_link",
        verbose_name="Văn bản đã ban hành",
    )

    class Meta:
        verbose_name = "Văn bản đã ban hành (kế hoạch, báo cáo)"
        verbose_name_plural = "Văn bản đã ban hành (kế hoạch, báo cáo)"
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="plan") & Q(plan__isnull=False) & Q(report__isnull=True))
                | (Q(kind="report") & Q(report__isnull=False) & Q(plan__isnull=True)),
                name="issued_link_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return str(self.document)

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ValueError("Văn bản đã ban hành không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Văn bản đã ban hành không được xóa.")

    # What the plan and report pages print, read from the one issued paper.
    number = property(lambda self: self.document.number)
    issued_on = property(lambda self: self.document.issued_on)
    year = property(lambda self: self.document.year)
    signer_name = property(lambda self: self.document.signer_name)
    signer_title = property(lambda self: self.document.signer_title)
    sha256 = property(lambda self: self.document.sha256)
    docx_sha256 = property(lambda self: self.document.docx_sha256)
    code = property(lambda self: self.document.code)
    title = property(lambda self: self.document.title)
    file = property(lambda self: self.document.file)
    created_at = property(lambda self: self.document.created_at)
    organization = property(lambda self: self.document.organization)
    organization_id = property(lambda self: self.document.organization_id)



def issued_document_path(instance, filename: str) -> str:
    # Referenced by migration 0004 (files issued before documents/ existed keep their paths).
    return f"private/issued/{instance.organization_id}/{instance.year}/{filename}"
