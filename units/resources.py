"""Excel import and export of the unit catalog (django-import-export), plus what every Excel import of the
product shares: the checked reader of an uploaded sheet, and the upload kept between preview and confirm."""

import re
import secrets
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.http import HttpRequest
from import_export import fields, resources, widgets
from import_export.results import Result
from openpyxl import load_workbook

from core.uploads import XLSX, validate_upload

from .models import Organization, Unit, User
from .permissions import ensure_can_edit_org
from .text import fold, unit_key

MAX_XLSX_SIZE = 5 * 1024 * 1024
MAX_XLSX_ROWS = 2000
# A 5 MB xlsx is a zip archive; a crafted one can expand to gigabytes. Real plans expand to a few MB.
MAX_XLSX_EXPANDED = 100 * 1024 * 1024
FORMULA_PREVIEW = 40


# --- reading the first sheet of an uploaded workbook ---------------------------------------------------


@dataclass
class Sheet:
    """The first sheet of a workbook: its header row and its non-empty data rows."""

    header: list[str]
    header_line: int
    # (Excel row number, values padded to the header's width)
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _formula_text(value: Any) -> str:
    text = str(getattr(value, "text", value) or "")
    return text if len(text) <= FORMULA_PREVIEW else text[: FORMULA_PREVIEW - 1] + "…"


def read_xlsx(upload: UploadedFile, *, max_rows: int = MAX_XLSX_ROWS, max_size: int = MAX_XLSX_SIZE) -> Sheet:
    """Read the first sheet of an .xlsx upload, or raise ValidationError with Vietnamese messages.

    Checks the content (not the file name), the size, the number of data rows, and refuses any cell holding
    a formula: a `=HYPERLINK(...)` pasted into a plan would otherwise travel on into every export.
    """
    validate_upload(upload, allowed=(XLSX,), max_size=max_size, field_label="Tệp Excel")
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
        upload.seek(0)
        if expanded > MAX_XLSX_EXPANDED:
            raise ValidationError("Tệp Excel quá lớn khi giải nén; hãy chỉ để lại trang dữ liệu cần nhập.")
        workbook = load_workbook(upload, read_only=True, data_only=False)
    except ValidationError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged file; all mean the same to the user
        raise ValidationError("Không đọc được tệp Excel (tệp hỏng hoặc không phải .xlsx).") from error
    try:
        if not workbook.worksheets:
            raise ValidationError("Tệp Excel không có trang tính nào.")
        worksheet = workbook.worksheets[0]
        # The declared dimension of files written by other tools is sometimes wrong; do not trust it.
        if hasattr(worksheet, "reset_dimensions"):
            worksheet.reset_dimensions()
        return _read_rows(worksheet, max_rows=max_rows)
    finally:
        workbook.close()


def _read_rows(worksheet, *, max_rows: int) -> Sheet:
    sheet: Sheet | None = None
    formulas: list[str] = []
    for line, cells in enumerate(worksheet.iter_rows(), start=1):
        values = [cell.value for cell in cells]
        for column, cell in enumerate(cells):
            value = cell.value
            if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
                name = sheet.header[column] if sheet and column < len(sheet.header) else f"thứ {column + 1}"
                formulas.append(
                    f"Dòng {line}, cột “{name}”: ô chứa công thức “{_formula_text(value)}”. "
                    "Hãy bỏ công thức, chỉ để lại chữ hoặc số."
                )
        if all(_is_blank(value) for value in values):
            continue
        if sheet is None:
            header = [str(value).strip() if value is not None else "" for value in values]
            while header and not header[-1]:
                header.pop()
            sheet = Sheet(header=header, header_line=line)
            continue
        if len(sheet.rows) >= max_rows:
            raise ValidationError(
                f"Tệp có hơn {max_rows:,} dòng dữ liệu (tối đa {max_rows:,} dòng); hãy chia thành nhiều tệp."
                .replace(",", ".")
            )
        width = len(sheet.header)
        sheet.rows.append((line, (values + [None] * width)[:width]))
    if formulas:
        more = [f"… và {len(formulas) - 20} ô công thức khác."] if len(formulas) > 20 else []
        raise ValidationError(formulas[:20] + more)
    if sheet is None:
        raise ValidationError("Trang tính đầu tiên của tệp Excel trống.")
    if not sheet.rows:
        raise ValidationError("Tệp Excel chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào.")
    return sheet


# --- the unit catalog ------------------------------------------------------------------------------------


class OrganizationWidget(widgets.ForeignKeyWidget):
    """The organization by its slug (a natural key that survives a database move)."""

    def __init__(self):
        super().__init__(Organization, field="slug")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except Organization.DoesNotExist as error:
            raise ValueError(f"Không có tổ chức mã “{value}”.") from error


class KindWidget(widgets.Widget):
    """The unit kind shown by its Vietnamese label; the code is accepted too."""

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return Unit.Kind.OTHER
        wanted = fold(str(value))
        for code, label in Unit.Kind.choices:
            if wanted in (fold(code), fold(label)):
                return code
        labels = ", ".join(label for _, label in Unit.Kind.choices)
        raise ValueError(f"Loại “{value}” không hợp lệ; dùng một trong: {labels}.")

    def render(self, value, obj=None, **kwargs):
        return Unit.Kind(value).label if value in Unit.Kind.values else value


class YesNoWidget(widgets.Widget):
    """"Có"/"Không" for people, the usual 1/0/true/false for machines; blank means active."""

    YES = {"co", "x", "1", "true", "dung"}
    NO = {"khong", "0", "false", "sai"}

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return True
        if isinstance(value, bool):
            return value
        text = fold(str(value))
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(f"Giá trị “{value}” không hợp lệ; ghi “Có” hoặc “Không”.")

    def render(self, value, obj=None, **kwargs):
        return "Có" if value else "Không"


class OrderWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return 0
        text = str(value).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if not text.isdigit():
            raise ValueError(f"Thứ tự “{value}” phải là số nguyên không âm.")
        return int(text)


class TrimmedCharWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row=row, **kwargs)
        return value.strip() if isinstance(value, str) else value


class UnitResource(resources.ModelResource):
    """Natural keys: a unit is identified by its organization's slug and its name."""

    organization = fields.Field(
        attribute="organization", column_name="Mã tổ chức", widget=OrganizationWidget()
    )
    name = fields.Field(attribute="name", column_name="Tên đơn vị", widget=TrimmedCharWidget())
    kind = fields.Field(attribute="kind", column_name="Loại", widget=KindWidget())
    aliases = fields.Field(attribute="aliases", column_name="Tên gọi khác", widget=widgets.CharWidget())
    order = fields.Field(attribute="order", column_name="Thứ tự", widget=OrderWidget(coerce_to_string=False))
    is_active = fields.Field(attribute="is_active", column_name="Đang hoạt động", widget=YesNoWidget())

    class Meta:
        model = Unit
        fields = ("organization", "name", "kind", "aliases", "order", "is_active")
        export_order = ("organization", "name", "kind", "aliases", "order", "is_active")
        import_id_fields = ("organization", "name")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, *, organization: Organization | None = None, **kwargs):
        super().__init__(**kwargs)
        # Set for a commune's own import page: the file may only touch that commune's catalog.
        self.organization = organization

    def get_queryset(self):
        units = Unit.objects.select_related("organization")
        return units.filter(organization=self.organization) if self.organization else units

    def before_import_row(self, row, **kwargs):
        column = self.fields["organization"].column_name
        if self.organization is not None:
            given = row.get(column)
            if not _is_blank(given) and str(given).strip() != self.organization.slug:
                raise ValidationError(
                    f"Mã tổ chức “{given}” không phải của {self.organization}; "
                    "chỉ nhập được đơn vị của xã mình."
                )
            row[column] = self.organization.slug
        elif isinstance(row.get(column), str):
            row[column] = row[column].strip()

    def get_instance(self, instance_loader, row):
        instance = super().get_instance(instance_loader, row)
        if instance is not None:
            return instance
        # "Hội nông dân xã" must update "Hội Nông dân xã", not collide with it on the unique constraint.
        name = row.get(self.fields["name"].column_name)
        slug = row.get(self.fields["organization"].column_name)
        if _is_blank(name) or _is_blank(slug):
            return None
        units = self.get_queryset().filter(organization__slug=str(slug).strip())
        return units.filter(match_key=unit_key(str(name))).first()


def unit_dataset(sheet: Sheet, *, resource: UnitResource) -> tablib.Dataset:
    """The sheet as a Dataset named by the resource's columns; an unknown or missing column is an error."""
    expected = [f.column_name for f in resource.get_import_fields()]
    required = [resource.fields["name"].column_name]
    if resource.organization is None:
        required.append(resource.fields["organization"].column_name)
    header = sheet.header
    missing = [name for name in required if name not in header]
    if missing:
        names = ", ".join(f"“{name}”" for name in missing)
        raise ValidationError(f"Thiếu cột {names} ở dòng tiêu đề (dòng {sheet.header_line}).")
    unknown = [name for name in header if name and name not in expected]
    if unknown:
        names = ", ".join(f"“{name}”" for name in unknown)
        raise ValidationError(f"Cột {names} không có trong mẫu; các cột dùng được: {', '.join(expected)}.")
    dataset = tablib.Dataset(headers=header)
    for _line, values in sheet.rows:
        dataset.append(values)
    return dataset


@dataclass
class UnitImportOutcome:
    result: Result
    # Excel line of each data row, in order: import-export numbers rows from 1 after the header.
    lines: list[int]

    @property
    def ok(self) -> bool:
        return not (self.result.has_errors() or self.result.has_validation_errors())

    def error_messages(self) -> list[str]:
        messages = [f"Lỗi: {error.error}" for error in self.result.base_errors]
        for number, errors in self.result.row_errors():
            for error in errors:
                messages.append(f"Dòng {self._line(number)}: {_error_text(error.error)}")
        for invalid in self.result.invalid_rows:
            for name, texts in invalid.error_dict.items():
                label = _column_label(name)
                for text in texts:
                    prefix = f"cột “{label}”: " if label else ""
                    messages.append(f"Dòng {self._line(invalid.number)}: {prefix}{text}")
        return messages

    def rows(self) -> Iterable[tuple[int, Any]]:
        for number, row in enumerate(self.result.rows, start=1):
            yield self._line(number), row

    def _line(self, number: int) -> int:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else number + 1


def _error_text(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _column_label(name: str) -> str:
    field_ = UnitResource.fields.get(name)
    return field_.column_name if field_ else ""


@transaction.atomic
def unit_import(*, organization: Organization, by: User, sheet: Sheet, dry_run: bool) -> UnitImportOutcome:
    """Import the catalog rows of `sheet` into `organization`: every row or none.

    A dry run returns the same outcome (new, updated, unchanged rows and every error) and writes nothing.
    """
    ensure_can_edit_org(user=by, organization=organization)
    resource = UnitResource(organization=organization)
    dataset = unit_dataset(sheet, resource=resource)
    result = resource.import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True,
    )
    outcome = UnitImportOutcome(result=result, lines=[line for line, _values in sheet.rows])
    if not outcome.ok:
        transaction.set_rollback(True)
    return outcome


# --- an upload kept between the preview and the confirmation ------------------------------------------

STASH_MAX_AGE = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _stash_dir() -> Path:
    # Under MEDIA_ROOT/private, never under static: only the session that uploaded a file knows its name.
    return Path(settings.MEDIA_ROOT) / "private" / "tmp"


def _stash_path(token: str) -> Path | None:
    return _stash_dir() / f"{token}.xlsx" if _TOKEN.match(token or "") else None


def stash_upload(request: HttpRequest, key: str, upload: UploadedFile, **meta: Any) -> str:
    """Keep `upload` for a later confirmation step; returns the token the confirm form sends back."""
    directory = _stash_dir()
    directory.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in directory.glob("*.xlsx"):
        # Previews never confirmed leave files behind; a day is long enough to come back to one.
        if now - old.stat().st_mtime > STASH_MAX_AGE:
            old.unlink(missing_ok=True)
    discard_stash(request, key)
    token = secrets.token_urlsafe(24)
    upload.seek(0)
    with _stash_path(token).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    request.session[key] = {"token": token, "name": (upload.name or "tep.xlsx")[:200], **meta}
    return token


def stashed_upload(request: HttpRequest, key: str, token: str) -> tuple[UploadedFile, dict] | None:
    """The file kept by stash_upload for this session and token, with its metadata; None if gone."""
    data = request.session.get(key)
    if not data or data.get("token") != token:
        return None
    path = _stash_path(token)
    if path is None or not path.is_file():
        return None
    upload = SimpleUploadedFile(data["name"], path.read_bytes(), content_type=XLSX.content_type)
    return upload, data


def discard_stash(request: HttpRequest, key: str) -> None:
    data = request.session.pop(key, None)
    path = _stash_path(data.get("token", "")) if data else None
    if path is not None:
        path.unlink(missing_ok=True)
