"""Services for a commune's accounts: create, change role and unit, disable, one-time links, temporary passwords.

Every write checks on the server that `by` manages accounts of that commune (units.permissions) and is audited
by django-simple-history (User.history, with its groups). Accounts are never deleted: history keeps the name.
"""

import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Organization, Person, Unit, User
from .permissions import ensure_can_manage_accounts
from .roles import Role
from .services import SYSTEM_USERNAME_PREFIX

# Roles a commune's administrators may give. CAP_TREN stays a commune account until issue 15 moves superior
# users to the superior organization.
GRANTABLE_ROLES = [Role.VHXH, Role.CHU_TICH, Role.CAN_BO, Role.CAP_TREN]
# Letters and digits that cannot be misread when copied from a screen to a phone (no 0/O, 1/l/I).
_TEMP_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _split_name(full_name: str) -> tuple[str, str]:
    # Vietnamese names put the given name last; Django's get_full_name() joins first + " " + last.
    parts = full_name.split()
    if len(parts) < 2:
        return full_name.strip(), ""
    return " ".join(parts[:-1]), parts[-1]


def _set_role(user: User, role: str) -> None:
    if role not in GRANTABLE_ROLES:
        raise ValidationError({"role": "Vai trò không hợp lệ."})
    keep = user.groups.exclude(name__in=Role.values)
    user.groups.set([*keep, Group.objects.get_or_create(name=role)[0]])
    user.__dict__.pop("_roles_cache", None)


def _set_unit(user: User, *, organization: Organization, unit: Unit | None, role: str, position: str = "") -> None:
    """A unit officer acts for a unit through their Person record: create it, or move it to the new unit."""
    if unit is not None and unit.organization_id != organization.pk:
        raise ValidationError({"unit": "Đơn vị không thuộc xã này."})
    if role == Role.CAN_BO and unit is None:
        raise ValidationError({"unit": "Cán bộ đơn vị phải thuộc một đơn vị."})
    person = Person.objects.filter(user=user).first()
    if unit is None:
        return
    if person is None:
        person = Person.objects.filter(organization=organization, unit=unit, user__isnull=True,
                                       full_name__iexact=user.get_full_name()).first()
    if person is None:
        person = Person(organization=organization, unit=unit, full_name=user.get_full_name() or user.username,
                        email=user.email, position=position)
    person.user, person.unit = user, unit
    if position:
        person.position = position
    person.full_clean()
    person.save()


@transaction.atomic
def account_create(*, organization: Organization, by: User | None, username: str, full_name: str, email: str = "",
                   role: str, unit: Unit | None = None, position: str = "") -> User:
    """A new login with no usable password: it gets one through a one-time link or a temporary password.

    `by=None` is the server administrator's path (units.communes.commune_create), checked there.
    """
    if by is not None:
        ensure_can_manage_accounts(user=by, organization=organization)
    username = username.strip()
    if not full_name.strip():
        raise ValidationError({"full_name": "Nhập họ và tên."})
    if username.startswith(SYSTEM_USERNAME_PREFIX):
        raise ValidationError({"username": f"Tên đăng nhập không được bắt đầu bằng “{SYSTEM_USERNAME_PREFIX}”."})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "Tên đăng nhập này đã có người dùng."})
    first, last = _split_name(full_name)
    user = User(username=username, first_name=first, last_name=last, email=email.strip(),
                organization=organization)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    _set_role(user, role)
    _set_unit(user, organization=organization, unit=unit, role=role, position=position)
    return user


@transaction.atomic
def account_update(*, account: User, by: User, full_name: str, email: str, role: str,
                   unit: Unit | None = None) -> User:
    ensure_can_manage_accounts(user=by, organization=account.organization)
    if account.pk == by.pk and role not in by.roles:
        raise ValidationError({"role": "Không tự đổi vai trò của chính mình (nhờ người quản trị khác)."})
    account.first_name, account.last_name = _split_name(full_name)
    account.email = email.strip()
    account.full_clean()
    account.save()
    _set_role(account, role)
    _set_unit(account, organization=account.organization, unit=unit, role=role)
    return account


@transaction.atomic
def account_set_active(*, account: User, by: User, active: bool) -> User:
    """Disable (or enable again) a login. A disabled user's open sessions end at their next request."""
    ensure_can_manage_accounts(user=by, organization=account.organization)
    if account.pk == by.pk and not active:
        raise PermissionDenied("Không thể tự khóa tài khoản của chính mình.")
    account.is_active = active
    account.save(update_fields=["is_active"])
    return account


def account_reset_link(*, account: User) -> str:
    """An absolute one-time link to set a password (Django's token: void once the password changes, or after
    PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(account.pk))
    token = default_token_generator.make_token(account)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def reset_email_send(*, account: User, link: str) -> None:
    """The one email of the password flows (admin-sent link and "quên mật khẩu"), through Django's send_mail."""
    context = {"user": account, "link": link, "organization": account.organization,
               "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
    subject = render_to_string("registration/password_reset_subject.txt", context).strip()
    body = render_to_string("registration/password_reset_email.html", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [account.email])


@transaction.atomic
def account_send_reset_link(*, account: User, by: User) -> str:
    ensure_can_manage_accounts(user=by, organization=account.organization)
    if not account.email:
        raise ValidationError({"email": "Tài khoản chưa có email: nhập email hoặc dùng mật khẩu tạm."})
    if not account.is_active:
        raise ValidationError("Tài khoản đang bị khóa: mở khóa trước khi gửi liên kết.")
    link = account_reset_link(account=account)
    reset_email_send(account=account, link=link)
    return link


@transaction.atomic
def account_set_temporary_password(*, account: User, by: User) -> str:
    """A random password shown once to the administrator; the user must change it at first login."""
    ensure_can_manage_accounts(user=by, organization=account.organization)
    if account.pk == by.pk:
        raise PermissionDenied("Dùng trang “Đổi mật khẩu” cho tài khoản của chính mình.")
    password = "".join(secrets.choice(_TEMP_ALPHABET) for _ in range(12))
    account.set_password(password)
    account.must_change_password = True
    account.save(update_fields=["password", "must_change_password"])
    return password


def password_changed(*, user: User) -> None:
    """Called by the password change and reset views: the user chose their own password."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
