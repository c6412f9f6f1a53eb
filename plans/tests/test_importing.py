import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from plans import exporting, importing, services
from plans.models import Plan, Section, Task
from plans.tests.factories import PlanFactory
from plans.tests.xlsx import HEADER, SEED_ROWS, upload, xlsx_bytes
from units.models import Unit
from units.services import system_account_get
from units.tests.factories import UnitFactory


@pytest.fixture
def catalog(org):
    return {
        "ubnd": UnitFactory(organization=org, name="UBND xã", kind=Unit.Kind.PEOPLES_COMMITTEE),
        "hd": UnitFactory(organization=org, name="HĐ TĐKT xã", kind=Unit.Kind.COUNCIL),
        "vhxh": UnitFactory(
            organization=org, name="Công chức Văn hóa – Xã hội xã", kind=Unit.Kind.OFFICIAL,
            aliases="Công chức Văn hóa – Xã hội\nCông chức Văn hóa – Xã hội phụ trách TĐKT xã",
        ),
        "lq": UnitFactory(organization=org, name="Các đơn vị liên quan", kind=Unit.Kind.OTHER),
    }


def preview_of(rows, org, year=2024, header=HEADER):
    data = xlsx_bytes(rows, header=header)
    return importing.read_plan_workbook(upload(data), year=year, units=org.units.all())


def tasks_of(plan):
    return [
        (t.section.kind, t.number, t.content, [tu.unit.name for tu in t.task_units.all()], t.deadline)
        for t in Task.objects.filter(plan=plan).select_related("section").prefetch_related("task_units__unit")
        .order_by("number")
    ]


# --- reading ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("I", Section.Kind.Q1), ("Quý I", Section.Kind.Q1), ("QUÝ I", Section.Kind.Q1),
        ("quý i", Section.Kind.Q1), ("1", Section.Kind.Q1), (1, Section.Kind.Q1), (2.0, Section.Kind.Q2),
        ("QUY II", Section.Kind.Q2), (" Quý  III ", Section.Kind.Q3), ("IV", Section.Kind.Q4),
        ("4", Section.Kind.Q4), ("Quý 4", Section.Kind.Q4),
        ("Thường xuyên", Section.Kind.ALL_YEAR), ("THƯỜNG XUYÊN", Section.Kind.ALL_YEAR),
        ("thuong xuyen", Section.Kind.ALL_YEAR),
        ("V", None), ("5", None), (0, None), ("Quý", None), ("Cả năm?", None), (1.5, None), (True, None),
    ],
)
def test_parse_quarter(value, kind):
    assert importing.parse_quarter(value) == kind


def test_split_units_follows_the_seed_bullets():
    assert importing.split_units("- UBND xã - Công chức Văn hóa – Xã hội xã") == [
        ["UBND xã", "Công chức Văn hóa – Xã hội xã"]
    ]
    assert importing.split_units("UBND xã\nHĐ TĐKT xã; Các đơn vị liên quan.") == [
        ["UBND xã"], ["HĐ TĐKT xã"], ["Các đơn vị liên quan"]
    ]
    # Without bullets a spaced hyphen is part of a name.
    assert importing.split_units("Công chức Văn hóa - Xã hội") == [["Công chức Văn hóa - Xã hội"]]


def test_seed_rows_match_the_catalog_ignoring_accents_case_and_spacing(org, catalog):
    preview = preview_of(SEED_ROWS, org)
    assert preview.is_valid, preview.errors
    assert [row.line for row in preview.rows] == [2, 3, 4, 5, 6, 7]
    assert [[m.unit.name for m in row.units] for row in preview.rows] == [
        ["UBND xã", "Công chức Văn hóa – Xã hội xã"],
        ["UBND xã", "HĐ TĐKT xã", "Công chức Văn hóa – Xã hội xã"],  # "HD TĐKT" and an alias
        ["HĐ TĐKT xã", "Công chức Văn hóa – Xã hội xã"],
        ["HĐ TĐKT xã", "Các đơn vị liên quan"],  # "hđ tđkt xa", trailing dot
        ["UBND xã"],
        ["Công chức Văn hóa – Xã hội xã"],
    ]
    assert preview.unknown_units == []
    assert [row.section_kind for row in preview.rows] == ["q1", "q1", "q2", "q2", "q3", "q4"]
    assert [row.number for row in preview.rows] == [1, 2, 3, 4, 5, 6]
    assert preview.rows[2].deadline == dt.date(2024, 6, 15)
    assert preview.rows[0].deadline is None and preview.rows[0].default_deadline == dt.date(2024, 3, 31)


def test_typed_tt_that_differs_is_a_warning_not_an_error(org, catalog):
    preview = preview_of(SEED_ROWS, org)
    assert preview.warnings == [
        "Dòng 5: TT “09” khác số thứ tự tự động (4); TT được đánh lại theo thứ tự nhiệm vụ."
    ]


def test_bullet_fragments_are_joined_back_when_the_name_has_a_hyphen(org):
    UnitFactory(organization=org, name="UBND xã")
    UnitFactory(organization=org, name="Công chức Văn hóa - Xã hội")
    preview = preview_of([["I", 1, "A", "- UBND xã - Công chức Văn hóa - Xã hội", None]], org)
    assert [m.label for m in preview.rows[0].units] == ["UBND xã", "Công chức Văn hóa - Xã hội"]
    assert preview.unknown_units == []


def test_unknown_units_are_listed_once_as_first_typed(org, catalog):
    rows = [
        ["I", 1, "A", "UBND xã\nHội Cựu chiến binh xã", None],
        ["I", 2, "B", "hoi cuu chien binh  XA; Thôn Nà Phước", None],
    ]
    preview = preview_of(rows, org)
    assert preview.is_valid
    assert preview.unknown_units == ["Hội Cựu chiến binh xã", "Thôn Nà Phước"]
    assert [m.unit for m in preview.rows[1].units] == [None, None]


def test_blank_quarter_continues_the_row_above_and_heading_rows_open_a_section(org, catalog):
    rows = [
        ["QUÝ I", None, None, None, None],
        [None, None, "A", "UBND xã", None],
        ["Thường xuyên", None, "B", "UBND xã", None],
        [None, None, "C", "UBND xã", "05/01/2025"],
    ]
    preview = preview_of(rows, org)
    assert preview.is_valid, preview.errors
    assert [(row.line, row.section_kind, row.number) for row in preview.rows] == [
        (3, "q1", 1), (4, "all_year", 2), (5, "all_year", 3)
    ]
    assert preview.rows[2].deadline == dt.date(2025, 1, 5)


def test_all_year_first_in_the_file_comes_first(org, catalog):
    rows = [["Thường xuyên", None, "A", "UBND xã", None], ["I", None, "B", "UBND xã", None]]
    preview = preview_of(rows, org)
    assert preview.section_kinds == ["all_year", "q1", "q2", "q3", "q4"]
    assert [row.number for row in preview.rows] == [1, 2]


def test_quarters_out_of_order_are_grouped_and_warned(org, catalog):
    rows = [["II", 1, "B", "UBND xã", None], ["I", 2, "A", "UBND xã", None]]
    preview = preview_of(rows, org)
    assert preview.is_valid
    assert [row.number for row in preview.rows] == [2, 1]
    assert any("Dòng 3: nhiệm vụ thuộc QUÝ I nằm sau QUÝ II" in w for w in preview.warnings)


def test_deadline_as_excel_date_text_or_blank(org, catalog):
    rows = [
        ["I", None, "A", "UBND xã", dt.datetime(2024, 2, 10)],
        ["I", None, "B", "UBND xã", "1/3/2024"],
        ["I", None, "C", "UBND xã", "2024-03-05"],
        ["I", None, "D", "UBND xã", None],
    ]
    preview = preview_of(rows, org)
    assert [row.deadline for row in preview.rows] == [
        dt.date(2024, 2, 10), dt.date(2024, 3, 1), dt.date(2024, 3, 5), None
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["V", 1, "A", "UBND xã", None], "Dòng 2: Quý “V” không hợp lệ"),
        (["I", 1, "   ", "UBND xã", None], "Dòng 2: Nội dung trống."),
        (["I", 1, "A", None, None], "Dòng 2: chưa ghi Đơn vị/Bộ phận thực hiện."),
        (["I", 1, "A", " - ; ", None], "Dòng 2: chưa ghi Đơn vị/Bộ phận thực hiện."),
        ([None, 1, "A", "UBND xã", None], "Dòng 2: chưa ghi Quý"),
        (["I", 1, "A", "UBND xã", "31/02/2024"], "Dòng 2: Hạn hoàn thành “31/02/2024” không hợp lệ"),
        (["I", 1, "A", "UBND xã", "sớm"], "Dòng 2: Hạn hoàn thành “sớm” không hợp lệ"),
        (["I", 1, "A", "UBND xã", "01/01/2030"], "Dòng 2: Hạn hoàn thành 01/01/2030 phải trong năm 2024"),
        (["I", 1, "A", "x" * 201, None], "Dòng 2: tên đơn vị"),
    ],
)
def test_row_errors_name_the_row(org, catalog, row, message):
    preview = preview_of([row], org)
    assert not preview.is_valid
    assert any(error.startswith(message) for error in preview.errors), preview.errors


def test_last_years_plan_moves_every_deadline_one_year_with_a_notice(org, catalog):
    rows = [["I", 1, "A", "UBND xã", "29/02/2024"], ["IV", 2, "B", "UBND xã", "15/01/2025"]]
    preview = preview_of(rows, org, year=2025)
    assert preview.is_valid, preview.errors
    assert [row.deadline for row in preview.rows] == [dt.date(2025, 2, 28), dt.date(2026, 1, 15)]
    assert "mọi hạn đã được cộng thêm một năm" in preview.warnings[0]


def test_deadlines_of_mixed_years_are_not_moved(org, catalog):
    rows = [["I", 1, "A", "UBND xã", "31/03/2024"], ["IV", 2, "B", "UBND xã", "15/01/2026"]]
    preview = preview_of(rows, org, year=2025)
    assert preview.errors == ["Dòng 2: Hạn hoàn thành 31/03/2024 phải trong năm 2025 (hoặc đầu năm 2026)."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not a workbook", "không đúng định dạng"),
        (b"Qu\xc3\xbd;TT;N\xe1\xbb\x99i dung\n", "không đúng định dạng"),
        (xlsx_bytes([], header=None), "trống"),
        (xlsx_bytes([], header=HEADER), "chỉ có dòng tiêu đề"),
        (xlsx_bytes([["I", 1, "A", None]], header=["Quý", "TT", "Nội dung", "Hạn hoàn thành"]),
         "Thiếu cột “Đơn vị/Bộ phận thực hiện”"),
        (xlsx_bytes([["I", 1, '=HYPERLINK("http://x.example","bấm")', "UBND xã", None]]),
         "Dòng 2, cột “Nội dung”: ô chứa công thức"),
    ],
)
def test_broken_files_raise_a_vietnamese_message(org, catalog, data, message):
    with pytest.raises(ValidationError) as info:
        importing.read_plan_workbook(upload(data), year=2024, units=org.units.all())
    assert any(message in text for text in info.value.messages), info.value.messages


def test_too_many_rows(org, catalog):
    rows = [["I", None, f"Nhiệm vụ {i}", "UBND xã", None] for i in range(11)]
    with pytest.raises(ValidationError, match="hơn 10 dòng dữ liệu"):
        importing.read_plan_workbook(upload(xlsx_bytes(rows)), year=2024, units=[], max_rows=10)


# --- writing (services.plan_import) ----------------------------------------------------------------------


def test_import_creates_the_plan_numbered_with_units_in_order(org, catalog, vhxh):
    preview = preview_of(SEED_ROWS, org)
    result = services.plan_import(organization=org, year=2024, by=vhxh, rows=preview.rows, create_units=False)
    assert result.plan_created and result.tasks_created == 6 and result.units_created == []
    assert tasks_of(result.plan) == [
        ("q1", 1, "Ban hành Kế hoạch công tác TĐKT năm 2024.", ["UBND xã", "Công chức Văn hóa – Xã hội xã"],
         dt.date(2024, 3, 31)),
        ("q1", 2, "Phát động phong trào thi đua năm 2024.",
         ["UBND xã", "HĐ TĐKT xã", "Công chức Văn hóa – Xã hội xã"], dt.date(2024, 3, 31)),
        ("q2", 3, "Báo cáo sơ kết công tác TĐKT 6 tháng đầu năm 2024",
         ["HĐ TĐKT xã", "Công chức Văn hóa – Xã hội xã"], dt.date(2024, 6, 15)),
        ("q2", 4, "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2024",
         ["HĐ TĐKT xã", "Các đơn vị liên quan"], dt.date(2024, 6, 30)),
        ("q3", 5, "Cử công chức phụ trách TĐKT xã tham dự lớp bồi dưỡng", ["UBND xã"], dt.date(2024, 9, 30)),
        ("q4", 6, "Dự thảo kế hoạch công tác TĐKT năm 2025", ["Công chức Văn hóa – Xã hội xã"],
         dt.date(2024, 12, 31)),
    ]
    assert result.plan.status == Plan.Status.DRAFT
    assert result.plan.signer_name == org.chairman_name


def test_text_is_stored_exactly_as_typed(org, catalog, vhxh):
    content = 'Tỷ lệ ≥ 95% & <b>“đạt”</b> > 90% \'chỉ tiêu\' "A"'
    preview = preview_of([["I", 1, content, "UBND xã", None]], org)
    result = services.plan_import(organization=org, year=2024, by=vhxh, rows=preview.rows, create_units=False)
    plan = result.plan
    assert plan.tasks.get().content == content


def test_unknown_units_need_confirmation(org, catalog, vhxh):
    preview = preview_of([["I", 1, "A", "UBND xã\nHội Cựu chiến binh xã", None]], org)
    counts = (Plan.objects.count(), Task.objects.count(), Unit.objects.count())
    with pytest.raises(ValidationError, match="Hội Cựu chiến binh xã"):
        services.plan_import(organization=org, year=2024, by=vhxh, rows=preview.rows, create_units=False)
    assert (Plan.objects.count(), Task.objects.count(), Unit.objects.count()) == counts

    result = services.plan_import(organization=org, year=2024, by=vhxh, rows=preview.rows, create_units=True)
    assert [u.name for u in result.units_created] == ["Hội Cựu chiến binh xã"]
    created = result.units_created[0]
    assert created.organization == org and created.kind == Unit.Kind.OTHER
    assert tasks_of(result.plan)[0][3] == ["UBND xã", "Hội Cựu chiến binh xã"]


def test_rows_with_errors_write_nothing(org, catalog, vhxh):
    preview = preview_of([["I", 1, "A", "UBND xã", None], ["V", 2, "B", "UBND xã", None]], org)
    with pytest.raises(ValidationError, match="Dòng 3"):
        services.plan_import(organization=org, year=2024, by=vhxh, rows=preview.rows, create_units=True)
    assert not Plan.objects.exists() and not Task.objects.exists()


def test_import_replaces_the_tasks_of_a_draft_plan(org, catalog, vhxh):
    plan = services.plan_create(organization=org, year=2024, by=vhxh, number="15/KH-UBND")
    services.task_create(section=plan.sections.get(kind="q1"), by=vhxh, content="Cũ", units=[catalog["ubnd"]])
    preview = preview_of([["Thường xuyên", 1, "Mới", "HĐ TĐKT xã", None]], org)
    result = services.plan_import(organization=org, year=2024, by=vhxh, rows=preview.rows, create_units=False)
    assert result.plan.pk == plan.pk and not result.plan_created and result.tasks_replaced == 1
    assert tasks_of(plan) == [("all_year", 1, "Mới", ["HĐ TĐKT xã"], dt.date(2024, 12, 31))]
    assert Plan.objects.get(pk=plan.pk).number == "15/KH-UBND"
    # The file starts with "Thường xuyên", so the plan does too.
    assert [s.kind for s in plan.sections.order_by("order")] == ["all_year", "q1", "q2", "q3", "q4"]


def test_a_submitted_plan_is_not_replaced(org, catalog, vhxh):
    plan = PlanFactory(organization=org, year=2024)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.SUBMITTED)  # test setup, not a transition
    preview = preview_of([["I", 1, "A", "UBND xã", None]], org)
    with pytest.raises(ValidationError, match="đã trình ký"):
        services.plan_import(organization=org, year=2024, by=vhxh, rows=preview.rows, create_units=False)
    assert not Task.objects.exists()


@pytest.mark.parametrize("who", ["canbo", "captren", "outsider"])
def test_only_editors_of_the_organization_may_import(request, org, catalog, who):
    user = request.getfixturevalue(who)
    preview = preview_of([["I", 1, "A", "UBND xã", None]], org)
    with pytest.raises(PermissionDenied):
        services.plan_import(organization=org, year=2024, by=user, rows=preview.rows, create_units=True)
    assert not Plan.objects.exists()


def test_the_shell_acts_as_the_system_account(org, catalog, other_org):
    preview = preview_of([["I", 1, "A", "UBND xã", None]], org)
    with pytest.raises(PermissionDenied):  # another commune's system account may not
        services.plan_import(organization=org, year=2024, by=system_account_get(organization=other_org),
                             rows=preview.rows, create_units=False)
    system = system_account_get(organization=org)
    assert not system.is_active and not system.has_usable_password()
    result = services.plan_import(organization=org, year=2024, by=system, rows=preview.rows, create_units=False)
    assert result.plan_created
    assert [s.kind for s in result.plan.sections.order_by("order")] == ["q1", "q2", "q3", "q4"]
    assert result.plan.title == "Công tác thi đua, khen thưởng năm 2024"


# --- export, and the round trip ----------------------------------------------------------------------------


@pytest.fixture
def source_plan(org, catalog, vhxh):
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    services.section_add(plan=plan, by=vhxh, kind=Section.Kind.ALL_YEAR)
    add = services.task_create
    add(section=plan.sections.get(kind="q1"), by=vhxh, content="Ban hành Kế hoạch công tác TĐKT năm 2024.",
        units=[catalog["ubnd"], catalog["vhxh"]])
    add(section=plan.sections.get(kind="q2"), by=vhxh, content='Tỷ lệ ≥ 95% & <i>“đạt”</i> > 90%\nDòng hai',
        units=[catalog["hd"], catalog["lq"], catalog["ubnd"]], deadline=dt.date(2024, 5, 20))
    add(section=plan.sections.get(kind="q4"), by=vhxh, content="=1+1 không phải công thức",
        units=[catalog["vhxh"]], deadline=dt.date(2025, 1, 15))
    add(section=plan.sections.get(kind="all_year"), by=vhxh, content="Theo dõi, đôn đốc",
        units=[catalog["hd"]])
    return plan


def test_export_writes_the_import_format(source_plan):
    sheet = load_workbook(io.BytesIO(exporting.plan_xlsx(source_plan))).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADER
    assert all(cell.font.bold for cell in sheet[1])
    assert rows[1] == ["QUÝ I", 1, "Ban hành Kế hoạch công tác TĐKT năm 2024.",
                       "UBND xã\nCông chức Văn hóa – Xã hội xã", dt.datetime(2024, 3, 31)]
    assert rows[2][0] == "QUÝ II" and rows[2][3] == "HĐ TĐKT xã\nCác đơn vị liên quan\nUBND xã"
    assert sheet["E2"].number_format == "dd/mm/yyyy"
    # Defused by core.exporting: shown as typed, never evaluated; the import reads it back without the quote.
    assert sheet["C4"].data_type == "s" and rows[3][2] == "'=1+1 không phải công thức"
    assert rows[4][0] == "THƯỜNG XUYÊN"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["B"].width


def _content_of(plan, shift_years=0):
    return [
        (kind, number, content, units, deadline.replace(year=deadline.year + shift_years))
        for kind, number, content, units, deadline in tasks_of(plan)
    ]


def test_round_trip_into_the_same_year_replaces_with_identical_tasks(org, source_plan, vhxh):
    # "=…" content is exported as text but refused on the way back in (never a formula): leave it out here.
    services.task_delete(task=source_plan.tasks.get(content__startswith="="), by=vhxh)
    before = tasks_of(source_plan)
    data = exporting.plan_xlsx(source_plan)
    preview = importing.read_plan_workbook(upload(data), year=2024, units=org.units.all())
    assert preview.is_valid and preview.warnings == [] and preview.unknown_units == []
    result = services.plan_import(organization=org, year=2024, by=vhxh, rows=preview.rows, create_units=False)
    assert result.plan.pk == source_plan.pk and result.tasks_replaced == len(before)
    assert tasks_of(source_plan) == before


def test_round_trip_into_a_new_year(org, source_plan, vhxh):
    services.task_delete(task=source_plan.tasks.get(content__startswith="="), by=vhxh)
    data = exporting.plan_xlsx(source_plan)
    preview = importing.read_plan_workbook(upload(data), year=2025, units=org.units.all())
    assert preview.is_valid, preview.errors
    assert preview.unknown_units == []
    result = services.plan_import(organization=org, year=2025, by=vhxh, rows=preview.rows, create_units=False)
    assert result.plan.pk != source_plan.pk and result.plan.year == 2025
    assert _content_of(result.plan) == _content_of(source_plan, shift_years=1)
    assert [s.kind for s in result.plan.sections.order_by("order")] == [
        s.kind for s in source_plan.sections.order_by("order")
    ]
