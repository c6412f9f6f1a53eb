"""Award dossiers: the catalog of forms and titles (legal rules as data), proposals, council votes, decisions, register.

Every legal rule lives in a row with its source, its validity dates and a `confirmed` flag (see
../shared/domain.md): an administrator corrects the data in the admin when a text is checked, no code changes.
"""

import datetime as dt
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.workflow import TransitionLog
from units.models import Organization, Person, Unit
from units.text import fold


class SubjectKind(models.TextChoices):
    PERSON = "ca_nhan", "Cá nhân"
    COLLECTIVE = "tap_the", "Tập thể"
    HOUSEHOLD = "ho_gia_dinh", "Hộ gia đình"
    VILLAGE = "thon", "Thôn, tổ dân phố"


PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class AwardForm(models.Model):
    """A title (danh hiệu thi đua) or a form of reward (hình thức khen thưởng) of the catalog."""

    class Category(models.TextChoices):
        TITLE = "danh_hieu", "Danh hiệu thi đua"
        REWARD = "khen_thuong", "Hình thức khen thưởng"

    class Periodicity(models.TextChoices):
        YEARLY = "hang_nam", "Hằng năm"
        OCCASIONAL = "dot_xuat", "Đột xuất"
        THEMATIC = "chuyen_de", "Chuyên đề"
        ANY = "thuong_xuyen_dot_xuat", "Hằng năm hoặc đột xuất"

    code = models.CharField("Mã", max_length=20, unique=True, help_text="Trùng mã danh hiệu của phân hệ thi đua.")
    name = models.CharField("Tên", max_length=200)
    category = models.CharField("Loại", max_length=20, choices=Category.choices, default=Category.TITLE)
    subject_kinds = models.JSONField(
        "Đối tượng", default=list, help_text='Danh sách mã: "ca_nhan", "tap_the", "ho_gia_dinh", "thon".'
    )
    periodicity = models.CharField("Thời hạn xét", max_length=30, choices=Periodicity.choices,
                                   default=Periodicity.YEARLY)
    legal_source = models.CharField("Căn cứ pháp lý", max_length=300)
    valid_from = models.DateField("Áp dụng từ ngày")
    valid_to = models.DateField("Áp dụng đến ngày", null=True, blank=True)
    confirmed = models.BooleanField("Đã đối chiếu văn bản gốc", default=False)
    prerequisites = models.ManyToManyField(
        "self", through="AwardPrerequisite", through_fields=("form", "required"), symmetrical=False,
        related_name="required_by", verbose_name="Điều kiện tiên quyết", blank=True,
    )
    requires_initiative = models.BooleanField("Cần sáng kiến được công nhận", default=False)
    initiative_source = models.CharField("Căn cứ (sáng kiến)", max_length=300, blank=True)
    requires_registration = models.BooleanField("Cần đăng ký thi đua và đạt khi bình xét", default=False)
    registration_mandatory = models.BooleanField(
        "Đăng ký thi đua là điều kiện bắt buộc", default=False,
        help_text="Tắt: thiếu đăng ký chỉ là cảnh báo cần giải trình (quy định chưa đối chiếu).",
    )
    registration_source = models.CharField("Căn cứ (đăng ký thi đua)", max_length=300, blank=True)
    min_service_months = models.PositiveSmallIntegerField("Thời gian công tác tối thiểu (tháng)", null=True,
                                                          blank=True)
    min_service_mandatory = models.BooleanField("Thời gian công tác là điều kiện bắt buộc", default=True)
    min_service_source = models.CharField("Căn cứ (thời gian công tác)", max_length=300, blank=True)
    cap_base = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="capped_forms",
        verbose_name="Giới hạn tỷ lệ so với", help_text="Ví dụ: CSTĐCS không quá …% số LĐTT (tỷ lệ trong cài đặt).",
    )
    vote_threshold_percent = models.DecimalField(
        "Tỷ lệ phiếu đồng ý tối thiểu (%)", max_digits=5, decimal_places=2, default=Decimal("70"),
        validators=PERCENT, help_text="Tính trên tổng số thành viên Hội đồng.",
    )
    quorum_percent = models.DecimalField("Tỷ lệ thành viên dự họp tối thiểu (%)", max_digits=5, decimal_places=2,
                                         default=Decimal("50"), validators=PERCENT)
    vote_rule_source = models.CharField("Căn cứ (biểu quyết)", max_length=300, blank=True)
    vote_rule_confirmed = models.BooleanField("Tỷ lệ biểu quyết đã đối chiếu", default=False)
    certificate_heading = models.CharField("Tiêu đề in trên giấy chứng nhận", max_length=100, blank=True,
                                           help_text="Ví dụ: GIẤY KHEN")
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    class Meta:
        verbose_name = "Danh hiệu, hình thức khen thưởng"
        verbose_name_plural = "Danh mục danh hiệu, hình thức khen thưởng"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def allows(self, subject_kind: str) -> bool:
        return subject_kind in (self.subject_kinds or [])

    def subject_kind_labels(self) -> list[str]:
        return [SubjectKind(k).label for k in self.subject_kinds or [] if k in SubjectKind.values]

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class AwardPrerequisite(models.Model):
    """`form` needs `required` (in the same year when `same_year`)."""

    form = models.ForeignKey(AwardForm, on_delete=models.CASCADE, related_name="prerequisite_rows",
                             verbose_name="Danh hiệu")
    required = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="Cần có trước")
    same_year = models.BooleanField("Trong cùng năm", default=True)
    mandatory = models.BooleanField("Bắt buộc", default=True)
    source = models.CharField("Căn cứ", max_length=300)
    confirmed = models.BooleanField("Đã đối chiếu văn bản gốc", default=False)

    class Meta:
        verbose_name = "Điều kiện tiên quyết"
        verbose_name_plural = "Điều kiện tiên quyết"
        constraints = [models.UniqueConstraint(fields=["form", "required"], name="award_prerequisite_unique")]

    def __str__(self) -> str:
        return f"{self.form.code} cần {self.required.code}"


class RequiredDocument(models.Model):
    """A paper the dossier of a form must contain (tờ trình, báo cáo thành tích, biên bản bình xét…)."""

    form = models.ForeignKey(AwardForm, on_delete=models.CASCADE, related_name="required_documents",
                             verbose_name="Danh hiệu")
    name = models.CharField("Tên giấy tờ", max_length=200)
    template_number = models.CharField("Mẫu số", max_length=50, blank=True, help_text="Ví dụ: Mẫu số 01")
    mandatory = models.BooleanField("Bắt buộc", default=True)
    summary_may_replace = models.BooleanField(
        "Có thể nhập trực tiếp", default=False, help_text="Nội dung gõ ở ô “Báo cáo thành tích” thay cho tệp tải lên."
    )
    source = models.CharField("Căn cứ", max_length=300, blank=True)
    confirmed = models.BooleanField("Đã đối chiếu văn bản gốc", default=False)
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    class Meta:
        verbose_name = "Giấy tờ cần có trong hồ sơ"
        verbose_name_plural = "Giấy tờ cần có trong hồ sơ"
        ordering = ["form", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class AuthorityRule(models.Model):
    """Who awards a form during a legal period (Luật 2022 Điều 80 until 30/06/2025, NĐ 152/2025 after)."""

    class Level(models.TextChoices):
        COMMUNE = "xa", "Chủ tịch UBND cấp xã"
        DISTRICT = "huyen", "Chủ tịch UBND cấp huyện"
        PROVINCE = "tinh", "Chủ tịch UBND cấp tỉnh"

    form = models.ForeignKey(AwardForm, on_delete=models.CASCADE, related_name="authority_rules",
                             verbose_name="Danh hiệu")
    level = models.CharField("Thẩm quyền", max_length=10, choices=Level.choices)
    valid_from = models.DateField("Từ ngày")
    valid_to = models.DateField("Đến ngày", null=True, blank=True)
    source = models.CharField("Căn cứ", max_length=300)
    confirmed = models.BooleanField("Đã đối chiếu văn bản gốc", default=False)

    class Meta:
        verbose_name = "Thẩm quyền khen thưởng"
        verbose_name_plural = "Bảng thẩm quyền khen thưởng"
        ordering = ["form", "valid_from", "level"]

    def __str__(self) -> str:
        return f"{self.form.code}: {self.get_level_display()} ({self.valid_from:%d/%m/%Y})"

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class StatisticalReportForm(models.Model):
    """A statistical form the superior office asks for (Biểu 0602.N/BNV-TĐKT, TT 2/2023/TT-BNV)."""

    code = models.CharField("Ký hiệu biểu", max_length=50, unique=True)
    name = models.CharField("Tên biểu", max_length=200)
    legal_source = models.CharField("Căn cứ", max_length=300)
    due_day = models.PositiveSmallIntegerField("Ngày nhận báo cáo", default=15)
    due_month = models.PositiveSmallIntegerField("Tháng nhận báo cáo", default=12)
    confirmed = models.BooleanField("Đã đối chiếu văn bản gốc", default=False)

    class Meta:
        verbose_name = "Biểu báo cáo thống kê"
        verbose_name_plural = "Biểu báo cáo thống kê"

    def __str__(self) -> str:
        return f"Biểu số {self.code}"


class AwardsSettings(models.Model):
    """Per-commune numbers that are policy, not law (or law not yet checked): editable by vhxh and chủ tịch."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="awards_settings")
    cap_percent = models.DecimalField("Tỷ lệ CSTĐ cơ sở tối đa so với số LĐTT (%)", max_digits=5, decimal_places=2,
                                      default=Decimal("15"), validators=PERCENT)
    cap_mandatory = models.BooleanField("Tỷ lệ là bắt buộc", default=False)
    cap_source = models.CharField(
        "Căn cứ tỷ lệ", max_length=300,
        default="TT 08/2019/TT-BLĐTBXH (ngành LĐTBXH); quy định chung chưa được đối chiếu",
    )
    disclosure_days = models.PositiveSmallIntegerField("Số ngày công khai", default=7,
                                                       validators=[MinValueValidator(1)])
    disclosure_source = models.CharField("Căn cứ công khai", max_length=300,
                                         default="Luật TĐKT 2022, nguyên tắc công khai, minh bạch "
                                                 "(số ngày do xã quy định)")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Cài đặt khen thưởng"
        verbose_name_plural = "Cài đặt khen thưởng"

    def __str__(self) -> str:
        return f"Cài đặt khen thưởng · {self.organization}"


# The start of service (units.Person.started_on) and sáng kiến records (units.Initiative) moved down to units:
# they are facts about an official that the people pages edit, which awards only reads (docs/adr/0013).


class Dossier(models.Model):
    """A proposal (hồ sơ đề nghị) of one form for one or more nominees, for a year or an occasion."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        SUBMITTED = "submitted", "Đã gửi"
        RETURNED = "returned", "Trả lại đơn vị"
        ACCEPTED = "accepted", "Đã tiếp nhận, đang xét"
        DISCLOSED = "disclosed", "Đang công khai"
        VOTED = "voted", "Đã bỏ phiếu"
        FORWARDED = "forwarded", "Đã trình cấp trên"
        DECIDED = "decided", "Đã có quyết định"
        AWARDED = "awarded", "Đã trao khen thưởng"
        REJECTED = "rejected", "Không xét"

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED, Status.DISCLOSED,
                     Status.VOTED, Status.FORWARDED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="award_dossiers")
    year = models.PositiveSmallIntegerField("Năm")
    occasion = models.CharField("Dịp khen thưởng", max_length=200, blank=True,
                                help_text="Để trống nếu là tổng kết năm; ghi dịp nếu khen đột xuất, chuyên đề.")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="award_dossiers",
                             verbose_name="Đơn vị đề nghị", help_text="Để trống nếu UBND xã đề nghị.")
    form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="dossiers",
                             verbose_name="Danh hiệu, hình thức")
    summary = models.TextField("Báo cáo thành tích (tóm tắt)", blank=True)
    status = models.CharField("Trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    disclosure = models.ForeignKey("Disclosure", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="dossiers", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    class Meta:
        verbose_name = "Hồ sơ đề nghị khen thưởng"
        verbose_name_plural = "Hồ sơ đề nghị khen thưởng"
        ordering = ["-year", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="dossier_year_range",
                                   violation_error_message="Năm phải từ 2000 đến 2100."),
        ]

    def __str__(self) -> str:
        return f"{self.form} năm {self.year} · {self.proposer_name}"

    @property
    def proposer_name(self) -> str:
        return self.unit.name if self.unit_id else str(self.organization)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class DossierTransition(TransitionLog):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionLog.Meta):
        verbose_name = "Nhật ký hồ sơ"
        verbose_name_plural = "Nhật ký hồ sơ"


class Nominee(models.Model):
    """One person, unit, household or thôn proposed in a dossier.

    A household is picked from the household catalog of campaigns (`household`), which fills its name and thôn;
    a household not yet in the catalog may be typed (name + thôn). The name and thôn are kept either way: they
    are what the register compares across years (`nominees.subject_key`) and what was printed.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="nominees")
    subject_kind = models.CharField("Đối tượng", max_length=20, choices=SubjectKind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="Cá nhân")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="Tập thể / thôn")
    household = models.ForeignKey("campaigns.Household", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="award_nominees", verbose_name="Hộ gia đình (trong danh sách)")
    household_name = models.CharField("Chủ hộ", max_length=150, blank=True)
    village = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="Thôn (của hộ)")
    achievement = models.TextField("Thành tích", blank=True,
                                   help_text="Thành tích được đề nghị khen; một thành tích chỉ khen một lần.")
    justification = models.TextField("Giải trình", blank=True,
                                     help_text="Bắt buộc khi có cảnh báo (không phải lỗi chặn).")
    order = models.PositiveIntegerField(default=0)
    passed = models.BooleanField("Đạt biểu quyết", null=True, editable=False)

    history = HistoricalRecords()
    class Meta:
        verbose_name = "Người/tập thể được đề nghị"
        verbose_name_plural = "Người/tập thể được đề nghị"
        ordering = ["dossier", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="nominee_subject_fields",
                condition=(
                    (Q(subject_kind="ca_nhan") & Q(person__isnull=False))
                    | (Q(subject_kind__in=["tap_the", "thon"]) & Q(unit__isnull=False))
                    | (Q(subject_kind="ho_gia_dinh") & ~Q(household_name="") & Q(village__isnull=False))
                ),
                violation_error_message="Thiếu thông tin người/tập thể/hộ được đề nghị.",
            ),
        ]

    def __str__(self) -> str:
        from .nominees import display_name

        return display_name(self)


class DossierDocument(models.Model):
    """An uploaded paper of the dossier; checked by content (PDF, DOCX, images) and stored privately."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    required = models.ForeignKey(RequiredDocument, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name="Giấy tờ theo danh mục")
    title = models.CharField("Tên giấy tờ", max_length=200)
    file = models.FileField("Tệp", upload_to="private/awards/dossiers/%Y/", max_length=300)
    original_name = models.CharField(max_length=200)
    content_kind = models.CharField("Định dạng", max_length=30)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Giấy tờ trong hồ sơ"
        verbose_name_plural = "Giấy tờ trong hồ sơ"
        ordering = ["dossier", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Disclosure(models.Model):
    """The proposed list published inside the organization (công khai) for a number of days."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="award_disclosures")
    year = models.PositiveSmallIntegerField("Năm")
    title = models.CharField("Tiêu đề", max_length=300)
    starts_on = models.DateField("Công khai từ ngày")
    ends_on = models.DateField("Đến hết ngày")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Đợt công khai"
        verbose_name_plural = "Đợt công khai"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="disclosure_dates",
                                   violation_error_message="Ngày kết thúc phải sau ngày bắt đầu."),
        ]

    def __str__(self) -> str:
        return self.title

    def is_over(self, today: dt.date) -> bool:
        return today > self.ends_on


class DisclosureComment(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="comments")
    nominee = models.ForeignKey(Nominee, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments",
                                verbose_name="Về người/tập thể")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("Ý kiến")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Ý kiến khi công khai"
        verbose_name_plural = "Ý kiến khi công khai"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Council(models.Model):
    """Hội đồng Thi đua – Khen thưởng xã of one year."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="award_councils")
    year = models.PositiveSmallIntegerField("Năm")
    established_by = models.CharField("Quyết định thành lập", max_length=200, blank=True)

    class Meta:
        verbose_name = "Hội đồng TĐKT"
        verbose_name_plural = "Hội đồng TĐKT"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="council_one_per_year",
                                               violation_error_message="Năm này đã có Hội đồng.")]

    def __str__(self) -> str:
        return f"Hội đồng TĐKT năm {self.year}"


class CouncilMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chu_tich", "Chủ tịch Hội đồng"
        VICE_CHAIR = "pho_chu_tich", "Phó Chủ tịch Hội đồng"
        SECRETARY = "thu_ky", "Thư ký"
        MEMBER = "thanh_vien", "Thành viên"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField("Họ và tên", max_length=100)
    position = models.CharField("Chức vụ", max_length=150, blank=True)
    role = models.CharField("Vai trò", max_length=20, choices=Role.choices, default=Role.MEMBER)
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    class Meta:
        verbose_name = "Thành viên Hội đồng"
        verbose_name_plural = "Thành viên Hội đồng"
        ordering = ["council", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class Meeting(models.Model):
    """A council meeting that votes on the nominees of disclosed dossiers."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("Ngày họp")
    place = models.CharField("Địa điểm", max_length=200, default="Hội trường UBND xã")
    starts_at = models.TimeField("Giờ bắt đầu", null=True, blank=True)
    ended_at = models.DateTimeField("Kết thúc lúc", null=True, blank=True, editable=False)
    minutes = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                   editable=False, related_name="meeting", verbose_name="Biên bản đã ban hành")
    dossiers = models.ManyToManyField(Dossier, related_name="meetings", verbose_name="Hồ sơ đưa ra xét")
    closed = models.BooleanField("Đã kết thúc", default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Phiên họp Hội đồng"
        verbose_name_plural = "Phiên họp Hội đồng"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Họp Hội đồng ngày {self.held_on:%d/%m/%Y}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField("Có mặt", default=True)

    class Meta:
        verbose_name = "Điểm danh"
        verbose_name_plural = "Điểm danh"
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.member.full_name}: {'có mặt' if self.present else 'vắng'}"


class Vote(models.Model):
    class Choice(models.TextChoices):
        FOR = "for", "Đồng ý"
        AGAINST = "against", "Không đồng ý"
        ABSTAIN = "abstain", "Không biểu quyết"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField("Ý kiến", max_length=10, choices=Choice.choices)
    written = models.BooleanField("Phiếu bằng văn bản (vắng mặt)", default=False)

    history = HistoricalRecords()
    class Meta:
        verbose_name = "Phiếu biểu quyết"
        verbose_name_plural = "Phiếu biểu quyết"
        constraints = [models.UniqueConstraint(fields=["meeting", "nominee", "member"], name="vote_unique",
                                               violation_error_message="Thành viên đã bỏ phiếu cho người này.")]

    def __str__(self) -> str:
        return f"{self.member.full_name} → {self.nominee}: {self.get_choice_display()}"


def _verify_code() -> str:
    # Kept for migrations 0001 (the old AwardDocument.verify_code default); codes now come from documents/.
    return secrets.token_hex(6).upper()


class AwardDocument(models.Model):
    """A Quyết định khen thưởng (commune awards) or a Tờ trình (proposals sent up), drafted from the passed list.

    Signing freezes the PDF bytes (stored privately) and records their SHA-256; a signed document never changes:
    `award_document_revise` makes a new draft revision that supersedes it.
    """

    class Kind(models.TextChoices):
        DECISION = "qd", "Quyết định khen thưởng"
        SUBMISSION = "ttr", "Tờ trình đề nghị khen thưởng"

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        SIGNED = "signed", "Đã ký"
        SUPERSEDED = "superseded", "Đã thay thế"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="award_documents")
    kind = models.CharField("Loại văn bản", max_length=5, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("Năm")
    number = models.CharField("Số, ký hiệu", max_length=40, blank=True, help_text="Ví dụ: 125/QĐ-UBND")
    issued_on = models.DateField("Ngày ký", null=True, blank=True)
    status = models.CharField("Trạng thái", max_length=12, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    revision = models.PositiveSmallIntegerField("Lần", default=1, editable=False)
    previous = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="next_revision", editable=False)
    recipient = models.CharField("Kính gửi / Cơ quan nhận", max_length=200, blank=True)
    signer_name = models.CharField("Người ký", max_length=100, blank=True)
    legal_bases = models.TextField("Căn cứ", blank=True,
                                   help_text="Mỗi dòng một căn cứ; để trống để dùng căn cứ đang có hiệu lực ngày ký.")
    # The issued paper (number, frozen PDF and Word, hashes, verification code) lives in documents/.
    issued = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                  editable=False, related_name="award_document", verbose_name="Văn bản đã ban hành")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", editable=False)
    signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    superior_decision = models.CharField("Quyết định của cấp trên", max_length=200, blank=True,
                                         help_text="Với tờ trình: số, ngày quyết định khen của cấp trên.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    class Meta:
        verbose_name = "Quyết định / Tờ trình khen thưởng"
        verbose_name_plural = "Quyết định / Tờ trình khen thưởng"
        ordering = ["-year", "-created_at"]

    def __str__(self) -> str:
        label = "Quyết định" if self.kind == self.Kind.DECISION else "Tờ trình"
        return f"{label} {self.number or '(chưa có số)'} năm {self.year}"

    # Read from the issued paper: what was frozen, never the draft's fields.
    @property
    def verify_code(self) -> str:
        return self.issued.code if self.issued_id else ""

    @property
    def sha256(self) -> str:
        return self.issued.sha256 if self.issued_id else ""


class AwardDocumentTransition(TransitionLog):
    """Audit row of a decision's or submission's step (signed, superseded): workflow.AWARD_DOCUMENT_FLOW."""

    document = models.ForeignKey(AwardDocument, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionLog.Meta):
        verbose_name = "Nhật ký văn bản khen thưởng"
        verbose_name_plural = "Nhật ký văn bản khen thưởng"


class AwardDocumentItem(models.Model):
    """A line of the annex: a snapshot of the nominee's name and unit as printed."""

    document = models.ForeignKey(AwardDocument, on_delete=models.CASCADE, related_name="items")
    nominee = models.ForeignKey(Nominee, on_delete=models.PROTECT, related_name="document_items")
    order = models.PositiveIntegerField(default=0)
    form_name = models.CharField(max_length=200)
    display_name = models.CharField(max_length=250)
    detail = models.CharField("Đơn vị / thôn", max_length=250, blank=True)
    achievement = models.TextField(blank=True)

    class Meta:
        verbose_name = "Dòng danh sách kèm theo"
        verbose_name_plural = "Danh sách kèm theo"
        ordering = ["document", "order", "pk"]

    def __str__(self) -> str:
        return self.display_name


class AwardRecord(models.Model):
    """The register (sổ khen thưởng): every award given, from a signed decision or imported from earlier years."""

    class Source(models.TextChoices):
        DECISION = "decision", "Quyết định trên hệ thống"
        SUPERIOR = "superior", "Quyết định của cấp trên"
        IMPORT = "import", "Nhập từ Excel"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="award_records")
    year = models.PositiveSmallIntegerField("Năm")
    form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, null=True, blank=True, related_name="records")
    form_name = models.CharField("Danh hiệu, hình thức", max_length=200)
    subject_kind = models.CharField("Đối tượng", max_length=20, choices=SubjectKind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    display_name = models.CharField("Họ tên / tên tập thể", max_length=250)
    unit_name = models.CharField("Đơn vị", max_length=200, blank=True)
    village_name = models.CharField("Thôn", max_length=200, blank=True)
    achievement = models.TextField("Thành tích", blank=True)
    decision_number = models.CharField("Số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)
    source = models.CharField("Nguồn", max_length=10, choices=Source.choices)
    nominee = models.OneToOneField(Nominee, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="record")
    document = models.ForeignKey(AwardDocument, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="records")
    subject_key = models.CharField(max_length=300, editable=False, db_index=True)
    search_text = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Sổ khen thưởng"
        verbose_name_plural = "Sổ khen thưởng"
        ordering = ["-year", "form_name", "display_name"]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.form_name} ({self.year})"

    def save(self, *args, **kwargs) -> None:
        # Derived, never typed: accent-free search is a LIKE on one column.
        self.search_text = " | ".join(
            fold(part) for part in (self.display_name, self.unit_name, self.village_name, self.form_name) if part
        )
        super().save(*args, **kwargs)


class CertificateLayout(models.Model):
    """Where the Giấy khen texts print: on blank A4 landscape, or on a pre-printed form with offsets in mm."""

    class Mode(models.TextChoices):
        BLANK = "blank", "Giấy trắng A4 ngang (in cả khung)"
        PREPRINTED = "preprinted", "Phôi in sẵn (chỉ in chữ)"

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="certificate_layout")
    mode = models.CharField("Kiểu in", max_length=12, choices=Mode.choices, default=Mode.BLANK)
    offset_x_mm = models.DecimalField("Dịch ngang toàn bộ (mm)", max_digits=5, decimal_places=1, default=0)
    offset_y_mm = models.DecimalField("Dịch dọc toàn bộ (mm)", max_digits=5, decimal_places=1, default=0)
    name_top_mm = models.DecimalField("Dòng họ tên: cách mép trên (mm)", max_digits=5, decimal_places=1,
                                      default=Decimal("88"))
    detail_top_mm = models.DecimalField("Dòng đơn vị: cách mép trên (mm)", max_digits=5, decimal_places=1,
                                        default=Decimal("104"))
    reason_top_mm = models.DecimalField("Thành tích: cách mép trên (mm)", max_digits=5, decimal_places=1,
                                        default=Decimal("118"))
    date_top_mm = models.DecimalField("Ngày tháng: cách mép trên (mm)", max_digits=5, decimal_places=1,
                                      default=Decimal("150"))
    text_left_mm = models.DecimalField("Lề trái vùng chữ (mm)", max_digits=5, decimal_places=1,
                                       default=Decimal("40"))
    text_width_mm = models.DecimalField("Độ rộng vùng chữ (mm)", max_digits=5, decimal_places=1,
                                        default=Decimal("217"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Mẫu in Giấy khen"
        verbose_name_plural = "Mẫu in Giấy khen"

    def __str__(self) -> str:
        return f"Mẫu in Giấy khen · {self.organization}"


class CertificatePrint(models.Model):
    """Each time a certificate is printed (one awardee or a batch): the register shows what was handed out."""

    record = models.ForeignKey(AwardRecord, on_delete=models.CASCADE, related_name="prints")
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    printed_at = models.DateTimeField(auto_now_add=True)
    batch = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = "Lần in Giấy khen"
        verbose_name_plural = "Lần in Giấy khen"
        ordering = ["-printed_at"]

    def __str__(self) -> str:
        return f"In {self.record} lúc {self.printed_at:%d/%m/%Y %H:%M}"
