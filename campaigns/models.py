"""Emulation campaigns (phong trào thi đua), registrations, pledges, cluster scoring and reviews.

Legal facts (which titles exist, for whom, under which text) are rows of EmulationTitle, seeded by a data
migration from ../shared/domain.md with their source and whether that source was read: never constants here.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.workflow import TransitionLog
from plans.models import Task
from units.models import Organization, Person, Unit
from units.text import unit_key


class SubjectKind(models.TextChoices):
    INDIVIDUAL = "ca_nhan", "Cá nhân"
    COLLECTIVE = "tap_the", "Tập thể"
    HOUSEHOLD = "ho_gia_dinh", "Hộ gia đình"
    VILLAGE = "thon", "Thôn, tổ dân phố"


class EmulationTitle(models.Model):
    """A title of the catalog ("Lao động tiên tiến" …). Data, editable in the admin; `code` is stable."""

    code = models.SlugField("Mã", max_length=30, unique=True, help_text="Mã cố định, ví dụ LDTT, CSTDCS.")
    name = models.CharField("Tên danh hiệu", max_length=200)
    subject_kind = models.CharField("Đối tượng", max_length=20, choices=SubjectKind.choices)
    authority = models.CharField("Thẩm quyền công nhận", max_length=300, blank=True)
    periodicity = models.CharField("Thời hạn xét", max_length=100, blank=True, help_text="Ví dụ: hằng năm")
    legal_source = models.TextField("Căn cứ pháp lý (nguồn)", blank=True)
    confirmed = models.BooleanField(
        "Đã đối chiếu văn bản", default=False,
        help_text="Chỉ đánh dấu khi nguồn đã được đọc và đối chiếu với văn bản chính thức.",
    )
    order = models.PositiveIntegerField("Thứ tự", default=0)
    is_active = models.BooleanField("Đang dùng", default=True)

    class Meta:
        verbose_name = "Danh hiệu thi đua"
        verbose_name_plural = "Danh mục danh hiệu thi đua"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class Campaign(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "thuong_xuyen", "Thường xuyên"
        PERIODIC = "theo_dot", "Theo đợt"
        THEMATIC = "chuyen_de", "Chuyên đề"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField("Tên phong trào", max_length=300)
    kind = models.CharField("Loại phong trào", max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    year = models.PositiveSmallIntegerField("Năm")
    start_date = models.DateField("Ngày bắt đầu")
    end_date = models.DateField("Ngày kết thúc")
    content = models.TextField("Nội dung", blank=True)
    targets = models.TextField("Chỉ tiêu", blank=True)
    criteria = models.TextField("Tiêu chí", blank=True)
    registration_deadline = models.DateField(
        "Hạn đăng ký", null=True, blank=True,
        help_text="Để trống: lấy hạn sớm nhất của các nhiệm vụ kế hoạch mà phong trào thực hiện.",
    )
    tasks = models.ManyToManyField(Task, blank=True, related_name="campaigns", verbose_name="Nhiệm vụ kế hoạch")
    launched_at = models.DateTimeField("Thời điểm phát động", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    class Meta:
        verbose_name = "Phong trào thi đua"
        verbose_name_plural = "Phong trào thi đua"
        ordering = ["-year", "-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="campaign_dates_ordered",
                violation_error_message="Ngày kết thúc phải sau ngày bắt đầu.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="campaign_year_range",
                violation_error_message="Năm phải từ 2000 đến 2100.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_launched(self) -> bool:
        return self.launched_at is not None

    def deadline(self) -> dt.date | None:
        """The campaign's own deadline, else the earliest deadline of the plan tasks it carries out."""
        if self.registration_deadline:
            return self.registration_deadline
        deadlines = [task.deadline for task in self.tasks.all()]
        return min(deadlines) if deadlines else None

    def content_lines(self) -> list[str]:
        return [line.strip() for line in self.content.splitlines() if line.strip()]


def campaign_attachment_path(instance: "CampaignAttachment", filename: str) -> str:
    return f"private/campaigns/{instance.campaign_id}/{filename}"


class CampaignAttachment(models.Model):
    """The launch document and anything sent with it. Private: served by a view that checks access."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("Tệp", upload_to=campaign_attachment_path, max_length=300)
    name = models.CharField("Tên tệp", max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Tệp đính kèm phong trào"
        verbose_name_plural = "Tệp đính kèm phong trào"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class CampaignUnit(models.Model):
    """A participating unit, chosen at launch."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="campaign_links")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Đơn vị tham gia"
        verbose_name_plural = "Đơn vị tham gia"
        ordering = ["unit__order", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="campaignunit_unique")]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.unit}"


class Household(models.Model):
    """A hộ gia đình of a thôn, registered for "Gia đình văn hóa"."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="households")
    village = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="households", verbose_name="Thôn",
        limit_choices_to={"kind": Unit.Kind.VILLAGE},
    )
    head_name = models.CharField("Họ tên chủ hộ", max_length=100)
    address = models.CharField("Địa chỉ", max_length=200, blank=True)
    match_key = models.CharField(max_length=320, editable=False, db_index=True)
    is_active = models.BooleanField("Đang cư trú", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Hộ gia đình"
        verbose_name_plural = "Hộ gia đình"
        ordering = ["village__order", "head_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "match_key"], name="household_unique_per_village",
                violation_error_message="Hộ này (cùng họ tên chủ hộ và địa chỉ) đã có trong thôn.",
            ),
        ]

    def __str__(self) -> str:
        return f"Hộ {self.head_name}" + (f" ({self.address})" if self.address else "")

    def save(self, *args, **kwargs) -> None:
        self.match_key = self.key_for(self.head_name, self.address)
        super().save(*args, **kwargs)

    @staticmethod
    def key_for(head_name: str, address: str) -> str:
        # Same head and same address, whatever the accents or spacing typed: the same household.
        return f"{unit_key(head_name)}|{unit_key(address)}"


class Registration(models.Model):
    """A unit's registration for one campaign: its own title and targets, and its lines."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Đang soạn"
        SUBMITTED = "submitted", "Đã gửi, chờ duyệt"
        APPROVED = "approved", "Đã duyệt"
        RETURNED = "returned", "Bị trả lại"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registrations", verbose_name="Đơn vị")
    title = models.ForeignKey(
        EmulationTitle, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="Danh hiệu đăng ký của đơn vị",
    )
    targets = models.TextField("Chỉ tiêu, cam kết", blank=True)
    status = models.CharField(
        "Trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    is_late = models.BooleanField("Nộp muộn", default=False, editable=False)
    return_reason = models.TextField("Lý do trả lại", blank=True, editable=False)
    first_submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    class Meta:
        verbose_name = "Bản đăng ký thi đua"
        verbose_name_plural = "Bản đăng ký thi đua"
        ordering = ["campaign", "unit__order", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="registration_one_per_unit",
                violation_error_message="Đơn vị đã có bản đăng ký cho phong trào này.",
            ),
        ]

    def __str__(self) -> str:
        return f"Đăng ký của {self.unit} – {self.campaign}"


class RegistrationLog(TransitionLog):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="log")

    class Meta(TransitionLog.Meta):
        verbose_name = "Lịch sử đăng ký"
        verbose_name_plural = "Lịch sử đăng ký"


class RegistrationLine(models.Model):
    """One member (cá nhân) or household registered for a title."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="lines")
    title = models.ForeignKey(EmulationTitle, on_delete=models.PROTECT, related_name="+", verbose_name="Danh hiệu")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="registration_lines",
        verbose_name="Cá nhân",
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="registration_lines",
        verbose_name="Hộ gia đình",
    )
    note = models.CharField("Ghi chú", max_length=300, blank=True)

    history = HistoricalRecords()
    class Meta:
        verbose_name = "Dòng đăng ký"
        verbose_name_plural = "Dòng đăng ký"
        ordering = ["registration", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(household__isnull=True))
                | (Q(person__isnull=True) & Q(household__isnull=False)),
                name="registrationline_one_subject",
                violation_error_message="Mỗi dòng đăng ký là một cá nhân hoặc một hộ gia đình.",
            ),
            models.UniqueConstraint(
                fields=["registration", "person", "title"], condition=Q(person__isnull=False),
                name="registrationline_person_title_unique",
                violation_error_message="Cá nhân này đã đăng ký danh hiệu đó.",
            ),
            models.UniqueConstraint(
                fields=["registration", "household", "title"], condition=Q(household__isnull=False),
                name="registrationline_household_title_unique",
                violation_error_message="Hộ này đã đăng ký danh hiệu đó.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name}: {self.title}"

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id else str(self.household)

    @property
    def subject_kind(self) -> str:
        return SubjectKind.INDIVIDUAL if self.person_id else SubjectKind.HOUSEHOLD


# --- reviews (sơ kết / tổng kết) ---------------------------------------------------------------------------


class Review(models.Model):
    class Kind(models.TextChoices):
        MID_YEAR = "so_ket", "Sơ kết"
        YEAR_END = "tong_ket", "Tổng kết"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField("Loại", max_length=20, choices=Kind.choices)
    held_on = models.DateField("Ngày họp")
    note = models.TextField("Ghi chú", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Sơ kết, tổng kết"
        verbose_name_plural = "Sơ kết, tổng kết"
        ordering = ["campaign", "held_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind"], name="review_one_kind_per_campaign",
                violation_error_message="Phong trào đã có đợt này.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.campaign}"


def evidence_path(instance: "ReviewResult", filename: str) -> str:
    return f"private/reviews/{instance.review_id}/{filename}"


class ReviewResult(models.Model):
    """Đạt / không đạt for a registration's own title (line empty) or for one of its lines."""

    class Outcome(models.TextChoices):
        REACHED = "dat", "Đạt"
        NOT_REACHED = "khong_dat", "Không đạt"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="results")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="results")
    line = models.ForeignKey(RegistrationLine, on_delete=models.CASCADE, null=True, blank=True, related_name="results")
    outcome = models.CharField("Kết quả", max_length=20, choices=Outcome.choices)
    note = models.TextField("Nhận xét", blank=True)
    evidence = models.FileField("Minh chứng", upload_to=evidence_path, blank=True, max_length=300)
    evidence_name = models.CharField(max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Kết quả thi đua"
        verbose_name_plural = "Kết quả thi đua"
        ordering = ["review", "registration", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "registration"], condition=Q(line__isnull=True), name="reviewresult_unit_unique",
            ),
            models.UniqueConstraint(
                fields=["review", "line"], condition=Q(line__isnull=False), name="reviewresult_line_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration}: {self.get_outcome_display()}"


# --- pledges (giao ước thi đua) ------------------------------------------------------------------------------


class Pledge(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="pledges")
    title = models.CharField("Tên bản giao ước", max_length=300)
    year = models.PositiveSmallIntegerField("Năm")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="pledges",
        verbose_name="Phong trào",
    )
    signed_on = models.DateField("Ngày ký", null=True, blank=True)
    place = models.CharField("Địa điểm ký", max_length=200, blank=True)
    preamble = models.TextField("Lời mở đầu", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    class Meta:
        verbose_name = "Giao ước thi đua"
        verbose_name_plural = "Giao ước thi đua"
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class PledgeParty(models.Model):
    """A signing party: a unit of the commune, or an organization (another commune), or just a name."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="parties")
    order = models.PositiveIntegerField("Thứ tự", default=0)
    name = models.CharField("Tên bên tham gia", max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "Bên giao ước"
        verbose_name_plural = "Bên giao ước"
        ordering = ["pledge", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class PledgeSignatory(models.Model):
    party = models.ForeignKey(PledgeParty, on_delete=models.CASCADE, related_name="signatories")
    full_name = models.CharField("Họ và tên", max_length=100)
    position = models.CharField("Chức vụ", max_length=100)

    class Meta:
        verbose_name = "Người ký"
        verbose_name_plural = "Người ký"
        ordering = ["party", "pk"]

    def __str__(self) -> str:
        return f"{self.position} {self.full_name}"


class Commitment(models.Model):
    """A numbered commitment of a pledge, followed up like a plan task (status with history)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Chưa thực hiện"
        IN_PROGRESS = "in_progress", "Đang thực hiện"
        DONE = "done", "Hoàn thành"
        CANCELLED = "cancelled", "Không thực hiện"

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="commitments")
    number = models.PositiveIntegerField("Số thứ tự")
    content = models.TextField("Nội dung cam kết")
    deadline = models.DateField("Thời hạn", null=True, blank=True)
    status = models.CharField(
        "Trạng thái", max_length=20, choices=Status.choices, default=Status.NOT_STARTED, editable=False
    )

    history = HistoricalRecords()
    class Meta:
        verbose_name = "Nội dung giao ước"
        verbose_name_plural = "Nội dung giao ước"
        ordering = ["pledge", "number"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "number"], name="commitment_number_unique"),
            models.CheckConstraint(condition=~Q(content=""), name="commitment_content_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.content[:80]}"


class CommitmentUpdate(TransitionLog):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")

    class Meta(TransitionLog.Meta):
        verbose_name = "Cập nhật giao ước"
        verbose_name_plural = "Cập nhật giao ước"


# --- clusters and scoring (Cụm thi đua) ----------------------------------------------------------------------


class Cluster(models.Model):
    """A group scored on one sheet each year: communes of a Cụm thi đua, or a commune's own thôn/đoàn thể."""

    class Kind(models.TextChoices):
        CLUSTER = "cum", "Cụm thi đua giữa các xã"
        INTERNAL = "noi_bo", "Chấm điểm nội bộ (thôn, đoàn thể)"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="clusters")
    name = models.CharField("Tên cụm", max_length=200, help_text="Ví dụ: Cụm thi đua số VI")
    kind = models.CharField("Loại", max_length=20, choices=Kind.choices, default=Kind.CLUSTER)
    note = models.TextField("Ghi chú", blank=True)

    history = HistoricalRecords()
    class Meta:
        verbose_name = "Cụm thi đua"
        verbose_name_plural = "Cụm thi đua"
        ordering = ["organization", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="cluster_name_unique")]

    def __str__(self) -> str:
        return self.name


class ClusterMember(models.Model):
    """A member by name; linked to an Organization or a Unit when that one lives on this server."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("Tên thành viên", max_length=200)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    order = models.PositiveIntegerField("Thứ tự", default=0)

    history = HistoricalRecords()
    class Meta:
        verbose_name = "Thành viên cụm"
        verbose_name_plural = "Thành viên cụm"
        ordering = ["cluster", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["cluster", "name"], name="clustermember_name_unique")]

    def __str__(self) -> str:
        return self.name


class ScoringSheet(models.Model):
    """One year of a cluster: its lead (Trưởng cụm, rotating), its criteria and the scores."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="sheets")
    year = models.PositiveSmallIntegerField("Năm")
    lead = models.ForeignKey(
        ClusterMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="Trưởng cụm",
    )
    meeting_on = models.DateField("Ngày họp thống nhất điểm", null=True, blank=True)
    meeting_place = models.CharField("Địa điểm họp", max_length=200, blank=True)

    class Meta:
        verbose_name = "Bảng chấm điểm"
        verbose_name_plural = "Bảng chấm điểm"
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"], name="scoringsheet_one_per_year",
                violation_error_message="Cụm đã có bảng chấm điểm năm này.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster} – năm {self.year}"


class Criterion(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", "Tiêu chí"
        BONUS = "bonus", "Điểm thưởng"
        PENALTY = "penalty", "Điểm trừ"

    sheet = models.ForeignKey(ScoringSheet, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveIntegerField("Thứ tự", default=0)
    name = models.CharField("Nội dung", max_length=300)
    kind = models.CharField("Loại", max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    max_points = models.DecimalField(
        "Điểm tối đa", max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        verbose_name = "Tiêu chí chấm điểm"
        verbose_name_plural = "Tiêu chí chấm điểm"
        ordering = ["sheet", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive",
                                   violation_error_message="Điểm tối đa phải lớn hơn 0."),
        ]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    """A member's points on one criterion: what it gave itself, and what the meeting agreed."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(ClusterMember, on_delete=models.CASCADE, related_name="scores")
    self_points = models.DecimalField("Điểm tự chấm", max_digits=6, decimal_places=2, null=True, blank=True)
    final_points = models.DecimalField("Điểm thống nhất", max_digits=6, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()
    class Meta:
        verbose_name = "Điểm"
        verbose_name_plural = "Điểm"
        constraints = [
            models.UniqueConstraint(fields=["criterion", "member"], name="score_unique"),
            models.CheckConstraint(condition=Q(self_points__gte=0) | Q(self_points__isnull=True),
                                   name="score_self_not_negative"),
            models.CheckConstraint(condition=Q(final_points__gte=0) | Q(final_points__isnull=True),
                                   name="score_final_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.criterion}"
