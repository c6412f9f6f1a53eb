import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Kế hoạch"
        verbose_name_plural = "Kế hoạch"
        ordering = ["-year", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="plan_one_per_org_year",
                violation_error_message="Tổ chức này đã có kế hoạch cho năm đó.",
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


class TaskUpdate(models.Model):
    """One entry of a task's status history: who, when, from, to, note."""

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
