"""Services for the organizations hosted on a server: communes, their superior offices and the dated links.

`commune_create` is the one path behind the "Các xã" page, `manage.py create_commune` and the first-run page.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .accounts import account_create, account_reset_link
from .catalog import STANDARD_UNITS
from .models import Organization, SuperiorLink, Unit, User
from .permissions import ensure_can_edit_org, ensure_can_manage_communes
from .roles import Role
from .text import fold


def _kind_from_name(name: str) -> str:
    folded = fold(name)
    return Organization.Kind.DISTRICT if "huyen" in folded.split() else Organization.Kind.PROVINCE


def _short_name(name: str) -> str:
    return name.replace("Ủy ban nhân dân", "UBND").replace("Uỷ ban nhân dân", "UBND").strip()


@transaction.atomic
def superior_get_or_create(*, name: str, kind: str | None = None) -> Organization:
    """The superior office of that name (folded, so "UBND tỉnh Lạng Sơn" typed twice is one office)."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"superior_name": "Nhập tên cơ quan cấp trên."})
    key = fold(name)
    for office in Organization.objects.exclude(kind=Organization.Kind.COMMUNE).select_for_update():
        if fold(office.name) == key or fold(office.short_name) == key:
            return office
    base = slugify(fold(name))[:50] or "cap-tren"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    office = Organization(kind=kind or _kind_from_name(name), name=name, short_name=_short_name(name)[:100],
                          slug=slug, place_name=name.split()[-1] if name.split() else "")
    office.full_clean()
    office.save()
    return office


@transaction.atomic
def superior_link_add(*, commune: Organization, superior_name: str, valid_from: dt.date,
                      by: User | None) -> SuperiorLink:
    """From `valid_from` on, `commune` reports to the office named `superior_name`.

    Ranges stay back to back: the link running at `valid_from` ends the day before, and the new link runs until
    the next link's start (or stays open). So an older district link can be entered after the province one.
    `by=None` is the server administrator's path.
    """
    if by is not None:
        ensure_can_edit_org(user=by, organization=commune)
    # Lock the commune: two concurrent additions must not both see "no overlap".
    commune = Organization.objects.select_for_update().get(pk=commune.pk)
    if commune.kind != Organization.Kind.COMMUNE:
        raise ValidationError("Chỉ xã mới có cơ quan cấp trên.")
    superior = superior_get_or_create(name=superior_name)
    links = list(commune.superior_links.order_by("valid_from"))
    if any(link.valid_from == valid_from for link in links):
        raise ValidationError({"valid_from": f"Đã có cơ quan cấp trên áp dụng từ ngày {valid_from:%d/%m/%Y}."})
    before = [link for link in links if link.valid_from < valid_from]
    after = [link for link in links if link.valid_from > valid_from]
    if before and before[-1].superior_id == superior.pk and before[-1].covers(valid_from):
        raise ValidationError({"superior_name": f"{superior} đã là cơ quan cấp trên vào ngày này."})
    if before and before[-1].covers(valid_from):
        before[-1].valid_to = valid_from - dt.timedelta(days=1)
        before[-1].full_clean()
        before[-1].save(update_fields=["valid_to"])
    valid_to = after[0].valid_from - dt.timedelta(days=1) if after else None
    link = SuperiorLink(commune=commune, superior=superior, valid_from=valid_from, valid_to=valid_to)
    link.full_clean()
    link.save()
    _superior_name_sync(commune)
    return link


def _superior_name_sync(commune: Organization) -> None:
    """Keep the legacy `superior_name` equal to the office valid today (code that is not date-aware reads it)."""
    today = timezone.localdate()
    current = (commune.superior_links.filter(valid_from__lte=today).order_by("-valid_from")
               .select_related("superior").first())
    if current and current.covers(today) and commune.superior_name != current.superior.name:
        commune.superior_name = current.superior.name
        commune.save(update_fields=["superior_name", "updated_at"])


@dataclass(frozen=True)
class NewCommune:
    organization: Organization
    first_user: User
    link: str  # the first vhxh's one-time link to set a password


@transaction.atomic
def commune_create(*, by: User | None, name: str, slug: str, place_name: str, superior_name: str,
                   superior_from: dt.date | None = None, short_name: str = "", username: str = "",
                   full_name: str = "", email: str = "", password: str = "") -> NewCommune:
    """A commune with its standard unit catalog, its superior office and its first vhxh account.

    The account gets `password` (validated; the first-run page) or none and a one-time link (the "Các xã" page
    and manage.py create_commune, which show or print it). All or nothing.
    """
    from django.contrib.auth.password_validation import validate_password

    ensure_can_manage_communes(user=by)
    name, slug, place_name = " ".join(name.split()), slug.strip(), " ".join(place_name.split())
    if Organization.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"Mã “{slug}” đã có xã dùng."})
    organization = Organization(kind=Organization.Kind.COMMUNE, name=name, slug=slug,
                                short_name=(short_name.strip() or _short_name(name))[:100],
                                place_name=place_name, superior_name=" ".join(superior_name.split()))
    organization.full_clean()
    organization.save()
    for order, (unit_name, kind, aliases) in enumerate(STANDARD_UNITS):
        Unit.objects.create(organization=organization, name=unit_name, kind=kind, aliases="\n".join(aliases),
                            order=order)
    superior_link_add(commune=organization, superior_name=superior_name,
                      valid_from=superior_from or timezone.localdate(), by=None)
    user = account_create(organization=organization, by=None, username=username or f"vhxh-{slug}",
                          full_name=full_name or "Công chức Văn hóa – Xã hội", email=email, role=Role.VHXH,
                          unit=organization.units.get(name="Công chức Văn hóa – Xã hội"))
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password1": error.messages}) from error
        user.set_password(password)
        user.save(update_fields=["password"])
    organization.refresh_from_db()
    return NewCommune(organization=organization, first_user=user, link="" if password else account_reset_link(
        account=user))
