from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from .roles import Role
from .text import unit_key


class Organization(models.Model):
    """A commune's People's Committee, or a superior office (district, province) that communes report to.

    Every plan, unit and user belongs to one. Which superior a commune reports to is dated: see SuperiorLink.
    """

    class Kind(models.TextChoices):
        COMMUNE = "xa", "UBND xã"
        DISTRICT = "huyen", "Cơ quan cấp huyện"
        PROVINCE = "tinh", "Cơ quan cấp tỉnh"

    kind = models.CharField("Loại cơ quan", max_length=10, choices=Kind.choices, default=Kind.COMMUNE)
    name = models.CharField("Tên cơ quan", max_length=200, help_text="Ví dụ: Ủy ban nhân dân xã Thanh Sơn")
    short_name = models.CharField("Tên viết tắt", max_length=100, help_text="Ví dụ: UBND xã Thanh Sơn")
    slug = models.SlugField("Mã", max_length=60, unique=True)
    # The name printed when no SuperiorLink covers a date (records made before links existed). The links'
    # services keep it equal to the superior valid today, so older code that reads it prints the current one.
    superior_name = models.CharField(
        "Cơ quan cấp trên", max_length=200, blank=True,
        help_text="Ví dụ: UBND huyện Hữu Lũng hoặc UBND tỉnh Lạng Sơn",
    )
    # NĐ 30/2020 Phụ lục I (ô 2): the parent body ("cơ quan chủ quản") is printed only where one exists. A UBND
    # xã issues in its own name; since 01/07/2025 (Luật 72/2025/QH15) there is no district level above it.
    parent_body = models.CharField(
        "Tên cơ quan chủ quản (dòng trên tên cơ quan ban hành)", max_length=200, blank=True, default="",
        help_text="Để trống với UBND xã: theo Nghị định 30/2020/NĐ-CP, Phụ lục I, mục ô 2, tên cơ quan chủ quản "
                  "chỉ ghi khi cơ quan ban hành có cơ quan chủ quản trực tiếp.",
    )
    place_name = models.CharField("Địa danh ghi ngày tháng", max_length=100, help_text="Ví dụ: Thanh Sơn")
    chairman_name = models.CharField("Chủ tịch UBND", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Tổ chức (UBND xã)"
        verbose_name_plural = "Tổ chức (UBND xã)"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class SuperiorLink(models.Model):
    """"This commune reports to that office from `valid_from` to `valid_to`" (inclusive; open-ended when empty).

    The 2025 reform moved communes from the district to the province on 01/07/2025: a document dated before prints
    the district, one dated after prints the province, and the district keeps its history (issue 15).
    """

    commune = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="superior_links",
                                verbose_name="Xã")
    superior = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="commune_links",
                                 verbose_name="Cơ quan cấp trên")
    valid_from = models.DateField("Áp dụng từ ngày")
    valid_to = models.DateField("Đến hết ngày", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Cơ quan cấp trên theo thời gian"
        verbose_name_plural = "Cơ quan cấp trên theo thời gian"
        ordering = ["commune", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="superior_link_range_ordered",
                violation_error_message="Ngày kết thúc phải sau ngày bắt đầu.",
            ),
            models.CheckConstraint(
                condition=~models.Q(commune=models.F("superior")), name="superior_link_not_self",
                violation_error_message="Một cơ quan không thể là cấp trên của chính nó.",
            ),
            models.UniqueConstraint(
                fields=["commune", "valid_from"], name="superior_link_one_start_per_day",
                violation_error_message="Đã có cơ quan cấp trên áp dụng từ ngày này.",
            ),
            # At most one open-ended link per commune. Overlaps of closed ranges are refused by the service
            # (units.communes.superior_link_add), which locks the commune row while it checks.
            models.UniqueConstraint(
                fields=["commune"], condition=models.Q(valid_to__isnull=True), name="superior_link_one_open",
                violation_error_message="Xã chỉ có một cơ quan cấp trên đang áp dụng.",
            ),
        ]

    def __str__(self) -> str:
        end = f"{self.valid_to:%d/%m/%Y}" if self.valid_to else "nay"
        return f"{self.commune} → {self.superior} ({self.valid_from:%d/%m/%Y} – {end})"

    def covers(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class UnitQuerySet(models.QuerySet):
    def active(self) -> "UnitQuerySet":
        return self.filter(is_active=True)


class Unit(models.Model):
    """An entry of the "Đơn vị/Bộ phận thực hiện" catalog."""

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "ubnd", "UBND xã"
        COUNCIL = "hoi_dong", "Hội đồng"
        OFFICIAL = "cong_chuc", "Công chức chuyên môn"
        DEPARTMENT = "ban_nganh", "Ban, ngành"
        MASS_ORGANIZATION = "doan_the", "Đoàn thể"
        VILLAGE = "thon", "Thôn"
        OTHER = "khac", "Khác"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="units")
    name = models.CharField("Tên đơn vị", max_length=200)
    kind = models.CharField("Loại", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # Other spellings met in documents, one per line; used when matching imported names.
    aliases = models.TextField(
        "Tên gọi khác", blank=True, help_text="Mỗi dòng một cách viết khác, dùng khi nhập từ Excel."
    )
    order = models.PositiveIntegerField("Thứ tự", default=0)
    is_active = models.BooleanField("Đang hoạt động", default=True)
    match_key = models.CharField(max_length=200, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "Đơn vị/Bộ phận"
        verbose_name_plural = "Đơn vị/Bộ phận"
        ordering = ["organization", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                "organization", Lower("name"), name="unit_name_unique_per_org",
                violation_error_message="Đơn vị này đã có trong danh mục.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Derived, never typed: keeps lookups by folded name a single indexed query.
        self.match_key = unit_key(self.name)
        super().save(*args, **kwargs)

    def match_keys(self) -> set[str]:
        keys = {unit_key(self.name)}
        keys.update(unit_key(line) for line in self.aliases.splitlines() if line.strip())
        return keys


class User(AbstractUser):
    """A login. Superusers may have no organization; everyone else belongs to exactly one."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="users",
        verbose_name="Tổ chức",
    )
    # Set when an administrator gives a temporary password; core.middleware sends the user to the password
    # change page until they choose their own.
    must_change_password = models.BooleanField("Phải đổi mật khẩu khi đăng nhập", default=False)
    # Who created, renamed, disabled or re-roled an account, and when. The hash and login times are not history.
    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=["groups"])

    class Meta:
        verbose_name = "Tài khoản"
        verbose_name_plural = "Tài khoản"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def roles(self) -> frozenset[str]:
        # Cached per request object: permission checks call this many times on one page.
        if not hasattr(self, "_roles_cache"):
            self._roles_cache = frozenset(
                name for name in self.groups.values_list("name", flat=True) if name in Role.values
            )
        return self._roles_cache

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def role_labels(self) -> list[str]:
        return [Role(r).label for r in Role.values if r in self.roles]


class Person(models.Model):
    """An official of a unit; the link to a user account gives the unit officer their tasks."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="people")
    full_name = models.CharField("Họ và tên", max_length=100)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="people", verbose_name="Đơn vị")
    position = models.CharField("Chức vụ", max_length=100, blank=True)
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="person", verbose_name="Tài khoản"
    )
    email = models.EmailField("Email", blank=True)
    phone = models.CharField("Điện thoại", max_length=20, blank=True)
    # The award rules count months of service from here (awards.checks.check_newcomer).
    started_on = models.DateField("Ngày bắt đầu công tác", null=True, blank=True)
    is_active = models.BooleanField("Đang công tác", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Cán bộ, công chức"
        verbose_name_plural = "Cán bộ, công chức"
        ordering = ["organization", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.unit})"


class Initiative(models.Model):
    """A sáng kiến or đề tài khoa học of an official (Luật TĐKT 2022 Điều 3 khoản 4).

    One accepted in the year under review is the second half of the CSTĐ cơ sở rule (awards.checks reads
    `person`, `year` and `accepted`).
    """

    class Kind(models.TextChoices):
        INITIATIVE = "sang_kien", "Sáng kiến"
        RESEARCH = "de_tai", "Đề tài khoa học"

    class Level(models.TextChoices):
        BASE = "co_so", "Cấp cơ sở"
        DISTRICT = "huyen", "Cấp huyện"
        PROVINCE = "tinh", "Cấp tỉnh"
        MINISTRY = "bo", "Cấp bộ, ngành"
        NATIONAL = "toan_quoc", "Toàn quốc"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="initiatives")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="initiatives", verbose_name="Tác giả")
    kind = models.CharField("Loại", max_length=12, choices=Kind.choices, default=Kind.INITIATIVE)
    year = models.PositiveSmallIntegerField("Năm xét", help_text="Năm thành tích được tính khi xét danh hiệu.")
    title = models.CharField("Tên sáng kiến/đề tài", max_length=300)
    level = models.CharField("Cấp công nhận", max_length=12, choices=Level.choices, default=Level.BASE)
    accepted = models.BooleanField("Đã được công nhận", default=False)
    accepted_on = models.DateField("Ngày công nhận", null=True, blank=True)
    accepted_note = models.CharField("Văn bản công nhận", max_length=200, blank=True,
                                     help_text="Số, ngày quyết định hoặc biên bản công nhận.")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Sáng kiến, đề tài"
        verbose_name_plural = "Sáng kiến, đề tài"
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=1945, year__lte=2100), name="initiative_year_range",
                                   violation_error_message="Năm xét không hợp lệ."),
            models.CheckConstraint(
                condition=models.Q(accepted=True) | models.Q(accepted_on__isnull=True),
                name="initiative_date_only_if_accepted",
                violation_error_message="Chỉ ghi ngày công nhận khi sáng kiến đã được công nhận.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

