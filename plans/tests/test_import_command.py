import io

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections

from plans.models import Plan, Task
from plans.tests.xlsx import SEED_ROWS, xlsx_bytes
from units.models import Unit
from units.tests.factories import UnitFactory


@pytest.fixture
def catalog(org):
    UnitFactory(organization=org, name="UBND xã")
    UnitFactory(organization=org, name="HĐ TĐKT xã")
    UnitFactory(organization=org, name="Công chức Văn hóa – Xã hội xã", aliases="Công chức Văn hóa – Xã hội")


@pytest.fixture
def seed_file(tmp_path):
    path = tmp_path / "ke-hoach-2024.xlsx"
    path.write_bytes(xlsx_bytes(SEED_ROWS))
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def counts():
    return Plan.objects.count(), Task.objects.count(), Unit.objects.count()


def test_imports_and_prints_what_it_created(org, catalog, seed_file):
    output = run(seed_file, "--org", org.slug, "--year", 2024, "--create-units")
    plan = Plan.objects.get(organization=org, year=2024)
    assert f"Đã tạo kế hoạch năm 2024 của {org} (mã {plan.pk})." in output
    assert "Đã tạo 6 nhiệm vụ:" in output
    assert "QUÝ I: 2 nhiệm vụ" in output and "QUÝ IV: 1 nhiệm vụ" in output
    assert "Đã tạo 1 đơn vị mới:\n  - Các đơn vị liên quan" in output
    assert "Lưu ý: Dòng 5: TT “09”" in output
    assert list(plan.tasks.order_by("number").values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    # No user: history rows are recorded without one.
    assert plan.history.first().history_user is None


def test_unknown_units_without_the_flag_are_listed_and_nothing_is_written(org, catalog, seed_file):
    before = counts()
    with pytest.raises(CommandError) as info:
        run(seed_file, "--org", org.slug, "--year", 2024)
    assert info.value.returncode != 0
    assert "Đơn vị chưa có trong danh mục:\n  - Các đơn vị liên quan" in str(info.value)
    assert "--create-units" in str(info.value)
    assert counts() == before


def test_row_errors_exit_non_zero_and_write_nothing(org, catalog, tmp_path):
    path = tmp_path / "loi.xlsx"
    path.write_bytes(xlsx_bytes([["I", 1, "A", "UBND xã", None], ["Quý V", 2, "", "UBND xã", None]]))
    before = counts()
    with pytest.raises(CommandError) as info:
        run(path, "--org", org.slug, "--year", 2024, "--create-units")
    message = str(info.value)
    assert "Tệp có 2 lỗi, không nhập gì:" in message
    assert "Dòng 3: Quý “Quý V” không hợp lệ" in message and "Dòng 3: Nội dung trống." in message
    assert counts() == before


def test_a_broken_file_exits_non_zero(org, tmp_path):
    path = tmp_path / "khong-phai.xlsx"
    path.write_text("Quý;TT;Nội dung")
    with pytest.raises(CommandError, match="không đúng định dạng"):
        run(path, "--org", org.slug, "--year", 2024)
    assert not Plan.objects.exists()


def test_unknown_organization_and_missing_file(org, seed_file, tmp_path):
    with pytest.raises(CommandError, match="Không có UBND xã mã “khong-co”"):
        run(seed_file, "--org", "khong-co", "--year", 2024)
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        run(tmp_path / "nothing.xlsx", "--org", org.slug, "--year", 2024)


def test_a_second_run_replaces_the_draft(org, catalog, seed_file, tmp_path):
    run(seed_file, "--org", org.slug, "--year", 2024, "--create-units")
    path = tmp_path / "sua.xlsx"
    path.write_bytes(xlsx_bytes([["Thường xuyên", None, "Theo dõi", "UBND xã", None]]))
    output = run(path, "--org", org.slug, "--year", 2024)
    assert "Đã cập nhật kế hoạch năm 2024" in output and "Đã xóa 6 nhiệm vụ cũ." in output
    assert list(Task.objects.values_list("content", flat=True)) == ["Theo dõi"]


def test_the_process_exit_code(org, catalog, seed_file, capsys, monkeypatch):
    """Through manage.py's own entry point, as the shell runs it."""
    # run_from_argv closes every connection when it ends: that would end the test's own transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    argv = ["manage.py", "import_plan", str(seed_file), "--org", org.slug, "--year", "2024"]
    with pytest.raises(SystemExit) as info:
        execute_from_command_line(argv)
    assert info.value.code == 1
    assert "Các đơn vị liên quan" in capsys.readouterr().err
    execute_from_command_line([*argv, "--create-units"])
    assert "Đã tạo 6 nhiệm vụ" in capsys.readouterr().out
