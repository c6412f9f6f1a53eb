"""`python manage.py load_demo`: xã Thanh Sơn with its units and its 2024 plan; accounts in demo mode."""

from django.core.management.base import BaseCommand

from plans.demo import data, demo_load


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu xã Thanh Sơn: danh mục đơn vị, kế hoạch năm 2024; tài khoản mẫu khi DEMO_MODE bật. "
        "Chạy lại không tạo trùng."
    )

    def handle(self, *args, **options) -> None:
        report = demo_load()
        org = report.organization
        self.stdout.write(f"{org.name} ({org.slug}): {'đã tạo' if report.organization_created else 'đã có'}.")
        self.stdout.write(f"Danh mục đơn vị: thêm {report.units_created}, tổng {report.units_total}.")
        plan = report.plan
        if report.plan_created:
            self.stdout.write(
                f"Kế hoạch năm {plan.year}: đã tạo {report.tasks} nhiệm vụ, {report.recipients} nơi nhận, "
                f"{report.updates_created} lượt cập nhật trạng thái."
            )
        else:
            self.stdout.write(f"Kế hoạch năm {plan.year}: đã có ({report.tasks} nhiệm vụ), giữ nguyên.")
        if report.demo_mode:
            self.stdout.write(f"Tài khoản mẫu (mật khẩu {data.PASSWORD}):")
            for username, label in report.accounts:
                self.stdout.write(f"  {username:<8} {label}")
        else:
            self.stdout.write("DEMO_MODE đang tắt: không tạo tài khoản mẫu và không ghi tiến độ mẫu.")
        self.stdout.write(self.style.SUCCESS("Xong."))
