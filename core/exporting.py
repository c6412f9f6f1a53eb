"""The one rule every spreadsheet export follows: text that a spreadsheet would run as a formula is defused.

A name typed as `=HYPERLINK("http://…","Nguyễn Văn A")`, or a note starting with "+", "-" or "@", becomes a
live formula when the exported file is opened (CSV injection, OWASP). Such text is written with a leading
apostrophe and as a string cell: Excel and LibreOffice show it as typed and never evaluate it, and
core.importing reads our own "'=…" back as "=…". Numbers and dates are left alone.
"""

from collections.abc import Iterable
from typing import Any

from .importing import FORMULA_START

# Tab and carriage return also start a formula in some spreadsheet programs (OWASP).
_DANGEROUS = (*FORMULA_START, "\t", "\r")


def neutralise(value: Any) -> Any:
    """The value as it may safely be written to a cell."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def write_cell(cell, value: Any) -> None:
    """Write `value` to an openpyxl cell; text always stays text."""
    value = neutralise(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def append_row(sheet, values: Iterable[Any]) -> None:
    """sheet.append(values), with every text defused."""
    sheet.append([neutralise(value) for value in values])


class SafeExportMixin:
    """For django-import-export resources: every exported field goes through neutralise()."""

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))


class SafeExportAdminMixin:
    """Put before import_export's ExportMixin / ImportExportMixin in a ModelAdmin: whatever resource the admin
    exports with (its own or the generated one), every field goes through neutralise()."""

    def get_export_resource_classes(self, request):
        return [
            cls if issubclass(cls, SafeExportMixin) else type(f"Safe{cls.__name__}", (SafeExportMixin, cls), {})
            for cls in super().get_export_resource_classes(request)
        ]
