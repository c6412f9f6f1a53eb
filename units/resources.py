"""Excel import and export of the unit catalog (django-import-export). The file is read by core.importing,
the checked reader every import shares."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from import_export import fields, resources, widgets
from import_export.results import Result

from core.importing import Sheet, is_blank

from .models import Organization, Unit, User
from .permissions import ensure_can_edit_org
from .text import fold, unit_key

_is_blank = is_blank


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
