"""python manage.py import_plan FILE.xlsx|FILE.docx --org <slug> --year <year> [--create-units]"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from plans import importing, services_import
from units.models import Organization
from units.services import system_account_get


class Command(BaseCommand):
    help = (
        "Nhập kế hoạch TĐKT từ tệp Excel (Quý | TT | Nội dung | Đơn vị/Bộ phận thực hiện | Hạn hoàn thành) "
        "hoặc Word (.docx: kế hoạch như đã soạn, cả phần văn bản). "
        "Năm đã có kế hoạch dự thảo: thay toàn bộ nhiệm vụ. Lỗi ở bất kỳ dòng nào: không ghi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .xlsx hoặc .docx")
        parser.add_argument("--org", required=True, help="Mã (slug) của UBND xã, ví dụ thanh-son")
        parser.add_argument("--year", required=True, type=int, help="Năm của kế hoạch")
        parser.add_argument(
            "--create-units", action="store_true",
            help="Tạo các đơn vị chưa có trong danh mục (không có cờ này: chỉ liệt kê rồi dừng)",
        )

    def handle(self, *args, file: str, org: str, year: int, create_units: bool, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"Không có UBND xã mã “{org}”.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")

        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            try:
                preview = importing.read_plan_file(upload, year=year, units=organization.units.all())
            except ValidationError as error:
                raise CommandError(self._lines(error.messages)) from error

        for message in preview.warnings:
            self.stdout.write(self.style.WARNING(f"Lưu ý: {message}"))
        if not preview.is_valid:
            raise CommandError(
                f"Tệp có {len(preview.errors)} lỗi, không nhập gì:\n" + self._lines(preview.errors)
            )
        if preview.unknown_units and not create_units:
            raise CommandError(
                "Đơn vị chưa có trong danh mục:\n" + self._lines(preview.unknown_units)
                + "\nChạy lại với --create-units để tạo các đơn vị này, hoặc sửa tên trong tệp."
            )

        try:
            result = services_import.plan_import_file(
                organization=organization, year=year, by=system_account_get(organization=organization),
                preview=preview, create_units=create_units,
            )
        except ValidationError as error:
            raise CommandError(self._lines(error.messages)) from error

        plan = result.plan
        if result.unchanged:
            self.stdout.write(self.style.SUCCESS(
                f"Kế hoạch năm {plan.year} của {organization} (mã {plan.pk}) đã đúng như tệp; không có gì thay đổi."
            ))
            return
        verb = "Đã tạo" if result.plan_created else "Đã cập nhật"
        headline = f"{verb} kế hoạch năm {plan.year} của {organization} (mã {plan.pk})."
        self.stdout.write(self.style.SUCCESS(headline))
        if result.tasks_replaced:
            self.stdout.write(f"Đã xóa {result.tasks_replaced} nhiệm vụ cũ.")
        self.stdout.write(f"Đã tạo {result.tasks_created} nhiệm vụ:")
        for section in plan.sections.order_by("order"):
            count = section.tasks.count()
            if count:
                self.stdout.write(f"  {section.get_kind_display()}: {count} nhiệm vụ")
        if result.units_created:
            self.stdout.write(f"Đã tạo {len(result.units_created)} đơn vị mới:")
            for unit in result.units_created:
                self.stdout.write(f"  - {unit.name}")
        if preview.texts is not None:
            found = preview.texts.found
            self.stdout.write("Phần văn bản đã nhập: " + (", ".join(found) if found else "không có") + ".")

    @staticmethod
    def _lines(messages: list[str]) -> str:
        return "\n".join(f"  - {message}" for message in messages)
