"""The one model of an issued official paper, the register of outgoing numbers, tamper events and legal bases.

docs/adr/0011-documents-one-system.md explains the design. Apps link their own rows (a plan, a report, an award
decision) to an IssuedDocument; documents/ never imports them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact, In
from django.utils import timezone

from units.models import Organization


class Kind(models.TextChoices):
    """Kinds of paper; the value is stable (stored), the label is the decree's name of the kind."""

    PLAN = "plan", "Kế hoạch"
    REPORT = "report", "Báo cáo"
    AWARD_DECISION = "award_decision", "Quyết định khen thưởng"
    AWARD_SUBMISSION = "award_submission", "Tờ trình đề nghị khen thưởng"
    MINUTES = "minutes", "Biên bản họp Hội đồng Thi đua – Khen thưởng"


# Phụ lục III of NĐ 30/2020: the abbreviation of each kind in "Số: 05/KH-UBND".
SERIES = {
    Kind.PLAN: "KH",
    Kind.REPORT: "BC",
    Kind.AWARD_DECISION: "QĐ",
    Kind.AWARD_SUBMISSION: "TTr",
    Kind.MINUTES: "BB",
}


class NumberRegister(models.Model):
    """The register of outgoing numbers ("sổ văn bản đi"): one counter per organization, series and year.

    Numbers restart at 01 each year; the row is locked (select_for_update) while a number is taken.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="number_registers")
    series = models.CharField("Ký hiệu loại văn bản", max_length=10, help_text="KH, BC, QĐ, TTr, BB …")
    year = models.PositiveSmallIntegerField("Năm")
    last_number = models.PositiveIntegerField("Số cuối đã cấp", default=0)

    class Meta:
        verbose_name = "Sổ đăng ký số văn bản"
        verbose_name_plural = "Sổ đăng ký số văn bản"
        constraints = [
            models.UniqueConstraint(fields=["organization", "series", "year"], name="number_register_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.series} {self.year}: {self.last_number}"


def issued_file_path(instance: "IssuedDocument", filename: str) -> str:
    # Private storage: served only by views (the organization's users, or /verify/<code>/ for anyone).
    return f"private/issued/{instance.organization_id}/{instance.year}/{filename}"


class ImmutableError(ValidationError):
    pass


class IssuedDocument(models.Model):
    """A paper as it left the organization: number, date, signer, the exact PDF and Word bytes and their hashes.

    Written once by documents.services.document_issue and never changed: save() refuses any change of an existing
    row, delete() refuses outright. A revision is a new row that `supersedes` the old one.
    """

    kind = models.CharField("Loại văn bản", max_length=30, choices=Kind.choices)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="issued_papers")
    title = models.CharField("Trích yếu", max_length=300)
    number = models.CharField("Số, ký hiệu", max_length=40)
    issued_on = models.DateField("Ngày ban hành")
    year = models.PositiveSmallIntegerField("Năm ban hành", editable=False)
    signer_name = models.CharField("Người ký", max_length=100)
    signer_title = models.CharField("Chức vụ người ký", max_length=100, blank=True)
    sha256 = models.CharField("Mã băm SHA-256 bản PDF", max_length=64)
    code = models.CharField("Mã xác thực", max_length=20, unique=True)
    file = models.FileField("Tệp PDF", upload_to=issued_file_path, max_length=300)
    docx_file = models.FileField("Tệp Word", upload_to=issued_file_path, max_length=300, blank=True)
    docx_sha256 = models.CharField("Mã băm SHA-256 bản Word", max_length=64, blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by",
        verbose_name="Thay thế văn bản",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("Thời điểm ký", default=timezone.now)

    class Meta:
        verbose_name = "Văn bản đã ban hành"
        verbose_name_plural = "Văn bản đã ban hành"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Exact(Length("sha256"), 64), name="document_sha256_length"),
            models.CheckConstraint(
                condition=In(Length("docx_sha256"), [0, 64]), name="document_docx_sha256_length",
            ),
            # A revision may keep the number of what it replaces; an original never shares one.
            models.UniqueConstraint(
                fields=["organization", "year", "number"], condition=Q(supersedes__isnull=True),
                name="document_number_unique_per_year",
                violation_error_message="Số văn bản này đã được cấp trong năm.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} số {self.number} ngày {self.issued_on:%d/%m/%Y}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ImmutableError("Văn bản đã ban hành không được sửa; hãy ban hành bản sửa đổi.")
        self.year = self.issued_on.year
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Văn bản đã ban hành không được xóa.")

    @property
    def series(self) -> str:
        return SERIES.get(self.kind, "")


class TamperEvent(models.Model):
    """An audit row: a stored file no longer matched its recorded hash when someone asked for it."""

    class Where(models.TextChoices):
        DOWNLOAD = "download", "Tải bản PDF"
        DOCX = "docx", "Tải bản Word"
        VERIFY = "verify", "Trang xác thực"

    document = models.ForeignKey(IssuedDocument, on_delete=models.PROTECT, related_name="tamper_events")
    where = models.CharField("Phát hiện khi", max_length=10, choices=Where.choices)
    file_name = models.CharField("Tệp", max_length=300)
    expected_sha256 = models.CharField("Mã băm đã ghi", max_length=64)
    actual_sha256 = models.CharField("Mã băm hiện tại", max_length=64, blank=True)
    detected_at = models.DateTimeField("Thời điểm phát hiện", default=timezone.now)

    class Meta:
        verbose_name = "Phát hiện tệp bị thay đổi"
        verbose_name_plural = "Phát hiện tệp bị thay đổi"
        ordering = ["-detected_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document}: {self.get_where_display()} {self.detected_at:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ImmutableError("Bản ghi kiểm tra không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Bản ghi kiểm tra không được xóa.")


class LegalBasis(models.Model):
    """A legal text a document may cite in its "Căn cứ" lines, valid for a period (../shared/domain.md)."""

    class Type(models.TextChoices):
        LAW = "law", "Luật"
        DECREE = "decree", "Nghị định"
        CIRCULAR = "circular", "Thông tư"
        RESOLUTION = "resolution", "Nghị quyết"

    code = models.SlugField("Mã", max_length=40, unique=True)
    type = models.CharField("Loại", max_length=12, choices=Type.choices)
    name = models.CharField("Tên", max_length=300, help_text="Ví dụ: Luật Thi đua, khen thưởng; Nghị định")
    subject = models.CharField("Trích yếu", max_length=500, blank=True,
                               help_text="Với nghị định, thông tư: nội dung sau tên cơ quan ban hành")
    number = models.CharField("Số, ký hiệu", max_length=40, blank=True, help_text="Ví dụ: 152/2025/NĐ-CP")
    signed_on = models.DateField("Ngày ban hành", null=True, blank=True)
    issuer = models.CharField("Cơ quan ban hành", max_length=100, blank=True)
    valid_from = models.DateField("Hiệu lực từ")
    valid_to = models.DateField("Hết hiệu lực", null=True, blank=True,
                                help_text="Ngày đầu tiên văn bản không còn hiệu lực; để trống nếu chưa biết.")
    kinds = models.JSONField("Dùng cho loại văn bản", default=list, blank=True,
                             help_text="Danh sách loại văn bản trích dẫn (plan, report, award_decision …)")
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)
    source = models.CharField("Nguồn", max_length=500)
    confirmed = models.BooleanField("Đã đối chiếu văn bản gốc", default=False)

    class Meta:
        verbose_name = "Căn cứ pháp lý"
        verbose_name_plural = "Căn cứ pháp lý"
        ordering = ["order", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                                   name="legal_basis_valid_range"),
        ]

    def __str__(self) -> str:
        return self.name if not self.number else f"{self.name} số {self.number}"
