"""manage.py create_commune --name … --slug … --place … --superior …: the "Các xã" page from the shell."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from units.communes import commune_create


def _date(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError as error:
        raise CommandError(f"Ngày “{value}” không đúng dạng dd/mm/yyyy.") from error


class Command(BaseCommand):
    help = "Tạo một xã: danh mục đơn vị chuẩn, cơ quan cấp trên và tài khoản công chức Văn hóa – Xã hội đầu tiên."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Tên cơ quan, ví dụ “Ủy ban nhân dân xã Thanh Sơn”")
        parser.add_argument("--slug", required=True, help="Mã xã, chữ không dấu, ví dụ thanh-son")
        parser.add_argument("--place", required=True, help="Địa danh ghi ngày tháng, ví dụ Thanh Sơn")
        parser.add_argument("--superior", required=True, help="Cơ quan cấp trên, ví dụ “UBND tỉnh Lạng Sơn”")
        parser.add_argument("--superior-from", type=_date, default=None,
                            help="Cơ quan cấp trên áp dụng từ ngày (dd/mm/yyyy; mặc định hôm nay)")
        parser.add_argument("--short-name", default="", help="Tên viết tắt (mặc định: “UBND xã …”)")
        parser.add_argument("--username", default="", help="Tên đăng nhập của vhxh (mặc định vhxh-<mã>)")
        parser.add_argument("--full-name", default="", help="Họ và tên công chức Văn hóa – Xã hội")
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        try:
            created = commune_create(
                by=None, name=options["name"], slug=options["slug"], place_name=options["place"],
                superior_name=options["superior"], superior_from=options["superior_from"],
                short_name=options["short_name"], username=options["username"], full_name=options["full_name"],
                email=options["email"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        org = created.organization
        self.stdout.write(f"Đã tạo {org} (mã {org.slug}) với {org.units.count()} đơn vị, "
                          f"cơ quan cấp trên: {org.superior_name}.")
        self.stdout.write(f"Tài khoản: {created.first_user.username}. Liên kết đặt mật khẩu (dùng một lần):")
        self.stdout.write(created.link)
