from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .roles import Role
from .text import unit_key


class Organization(models.Model):
    """A commune's People's Committee. Every plan, unit and user belongs to one."""

    name = models.CharField("Tên cơ quan", max_length=200, help_text="Ví dụ: Ủy ban nhân dân xã Thanh Sơn")
    short_name = models.CharField("Tên viết tắt", max_length=100, help_text="Ví dụ: UBND xã Thanh Sơn")
    slug = models.SlugField("Mã", max_length=60, unique=True)
    # Editable: since 01/07/2025 communes report to the province instead of the district.
    superior_name = models.CharField(
        "Cơ quan cấp trên", max_length=200, help_text="Ví dụ: UBND huyện Hữu Lũng hoặc UBND tỉnh Lạng Sơn"
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
    is_active = models.BooleanField("Đang công tác", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Cán bộ, công chức"
        verbose_name_plural = "Cán bộ, công chức"
        ordering = ["organization", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.unit})"


class Notification(models.Model):
    """An in-app message (the bell). Reminders write them today; campaigns and awards will too."""

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name="Người nhận"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    # A stable code of what happened ("reminder", …), for filtering; the title is what people read.
    verb = models.CharField("Loại", max_length=40)
    title = models.CharField("Tiêu đề", max_length=300)
    body = models.TextField("Nội dung", blank=True)
    link = models.CharField("Liên kết", max_length=500, blank=True)
    # Lines of a digest, each with its own link: [{"text": "...", "url": "/tasks/12/"}].
    items = models.JSONField("Các mục", default=list, blank=True)
    created_at = models.DateTimeField("Thời gian", default=timezone.now)
    read_at = models.DateTimeField("Đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "Thông báo"
        verbose_name_plural = "Thông báo"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """Per-user channel choice, and the state of their email address as the mail server reported it."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="notification_preference", verbose_name="Tài khoản"
    )
    email_enabled = models.BooleanField("Nhận thông báo qua email", default=True)
    # Set when the mail server refused the address after every retry; no email is tried until it is cleared.
    email_failed = models.BooleanField("Email không gửi được", default=False)
    email_failed_at = models.DateTimeField("Lỗi lúc", null=True, blank=True)
    email_last_error = models.TextField("Lỗi gần nhất", blank=True)

    class Meta:
        verbose_name = "Tùy chọn thông báo"
        verbose_name_plural = "Tùy chọn thông báo"

    def __str__(self) -> str:
        return f"{self.user}: email {'bật' if self.email_enabled else 'tắt'}"
