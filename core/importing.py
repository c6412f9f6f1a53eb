"""The one safe way in for every imported file (plan Excel and Word, units, households, award register).

An Office file is a ZIP archive: before anything opens it, the archive's own directory is read and the
uncompressed sizes of its entries are summed, so a 1 MB file that would expand to 1 GiB is refused without
expanding a byte. Then the content is identified by its bytes (core.uploads), the rows are counted while they
are read (the cap stops a 100 000-row sheet at row 2 001, not after reading it all), and a cell holding a
formula is refused: a `=HYPERLINK(...)` typed as a name must not travel on into every export.

Between the preview and the confirmation the upload is kept under MEDIA_ROOT/private/tmp, known only to the
session that uploaded it (stash_upload / stashed_upload / discard_stash).
"""

import re
import secrets
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.http import HttpRequest

from .uploads import DOCX, XLSX, Kind, validate_upload

MAX_IMPORT_SIZE = 5 * 1024 * 1024
MAX_ROWS = 2000
# Real plans and registers expand to a few MB; an archive may not promise more than this in total …
MAX_EXPANDED = 100 * 1024 * 1024
# … nor expand more than this many times its own size (XML compresses ~10-30 times; a bomb ~1000 times).
MAX_RATIO = 150
MAX_ENTRIES = 2000
FORMULA_PREVIEW = 40
# Stored by a spreadsheet in front of text that would otherwise be read as a formula; see core.exporting.
FORMULA_START = ("=", "+", "-", "@")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def check_archive(upload: UploadedFile, *, label: str, max_expanded: int = MAX_EXPANDED,
                  max_ratio: int = MAX_RATIO) -> None:
    """Refuse a ZIP whose directory promises too much, before any entry is decompressed.

    Only the central directory is read (zipfile does that when it opens an archive); sizes are the
    declared ones, and a decompressor never writes more than the declared size (zipfile checks it), so
    the sum bounds the memory that opening the file can take.
    """
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(f"Không đọc được {label} (tệp hỏng).", code="damaged") from error
    finally:
        upload.seek(0)
    if len(entries) > MAX_ENTRIES:
        raise ValidationError(f"{label} có quá nhiều thành phần ({len(entries)}); không phải tệp văn phòng thông "
                              "thường.", code="zip_entries")
    expanded = sum(entry.file_size for entry in entries)
    compressed = max(sum(entry.compress_size for entry in entries), 1)
    if expanded > max_expanded:
        raise ValidationError(
            f"{label} khi giải nén lớn {_mb(expanded)} MB, quá giới hạn {_mb(max_expanded)} MB; "
            "tệp không được mở. Hãy chỉ để lại phần dữ liệu cần nhập.", code="zip_bomb",
        )
    if expanded > 1024 * 1024 and expanded / compressed > max_ratio:
        raise ValidationError(
            f"{label} nén bất thường (giải nén ra gấp {expanded // compressed} lần); tệp không được mở.",
            code="zip_bomb",
        )


def open_office_file(upload: UploadedFile, *, kind: Kind, label: str, max_size: int = MAX_IMPORT_SIZE) -> None:
    """Size, archive and content checks shared by every Excel and Word import."""
    if upload.size is not None and upload.size > max_size:
        raise ValidationError(
            f"{label} lớn hơn {max_size // (1024 * 1024)} MB ({_mb(upload.size)} MB).", code="too_large"
        )
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        raise ValidationError(f"{label} không đúng định dạng (nội dung tệp không phải {kind.label}).",
                              code="bad_type")
    check_archive(upload, label=label)
    validate_upload(upload, allowed=(kind,), max_size=max_size, field_label=label)


# --- reading the first sheet of a workbook -------------------------------------------------------------


@dataclass
class Sheet:
    """The first sheet of a workbook (or a table of a Word file): its header row and its non-empty data rows."""

    header: list[str]
    header_line: int
    # (row number the user sees, values padded to the header's width)
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _formula_text(value: Any) -> str:
    text = str(getattr(value, "text", value) or "")
    return text if len(text) <= FORMULA_PREVIEW else text[: FORMULA_PREVIEW - 1] + "…"


def _unescape(value: Any) -> Any:
    """Text our own exports wrote as "'=…" (core.exporting.neutralise) reads back as typed."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def read_xlsx(upload: UploadedFile, *, max_rows: int = MAX_ROWS, max_size: int = MAX_IMPORT_SIZE) -> Sheet:
    """Read the first sheet of an .xlsx upload, or raise ValidationError with Vietnamese messages."""
    from openpyxl import load_workbook

    open_office_file(upload, kind=XLSX, label="Tệp Excel", max_size=max_size)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=False)
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
    except ValidationError:
        raise
    except Exception as error:  # a damaged sheet fails while it is read, not when it is opened
        raise ValidationError("Không đọc được tệp Excel (tệp hỏng hoặc không phải .xlsx).") from error
    finally:
        workbook.close()


def _too_many_rows(max_rows: int) -> ValidationError:
    return ValidationError(
        f"Tệp có hơn {max_rows:,} dòng dữ liệu (tối đa {max_rows:,} dòng); hãy chia thành nhiều tệp.".replace(",", "."),
        code="too_many_rows",
    )


def _read_rows(worksheet, *, max_rows: int) -> Sheet:
    sheet: Sheet | None = None
    formulas: list[str] = []
    for line, cells in enumerate(worksheet.iter_rows(), start=1):
        values = [_unescape(getattr(cell, "value", None)) for cell in cells]
        for column, cell in enumerate(cells):
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
                name = sheet.header[column] if sheet and column < len(sheet.header) else f"thứ {column + 1}"
                formulas.append(
                    f"Dòng {line}, cột “{name}”: ô chứa công thức “{_formula_text(value)}”. "
                    "Hãy bỏ công thức, chỉ để lại chữ hoặc số."
                )
        if all(is_blank(value) for value in values):
            continue
        if sheet is None:
            header = [str(value).strip() if value is not None else "" for value in values]
            while header and not header[-1]:
                header.pop()
            sheet = Sheet(header=header, header_line=line)
            continue
        if len(sheet.rows) >= max_rows:
            raise _too_many_rows(max_rows)
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


# --- opening a Word file ----------------------------------------------------------------------------------

MAX_DOCX_BLOCKS = 20000  # paragraphs and table rows together; a 30-page plan has a few hundred


def read_docx(upload: UploadedFile, *, max_size: int = MAX_IMPORT_SIZE, max_rows: int = MAX_ROWS):
    """Open a .docx upload after the size, archive and content checks; returns the python-docx Document."""
    import docx

    open_office_file(upload, kind=DOCX, label="Tệp Word", max_size=max_size)
    try:
        document = docx.Document(upload)
    except Exception as error:  # python-docx raises many kinds for a damaged file
        raise ValidationError("Không đọc được tệp Word (tệp hỏng hoặc không phải .docx).") from error
    body = document.element.body
    rows = len(body.findall(".//{*}tr"))
    if rows > max_rows:
        raise _too_many_rows(max_rows)
    if rows + len(body.findall(".//{*}p")) > MAX_DOCX_BLOCKS:
        raise ValidationError("Tệp Word quá dài để nhập như một kế hoạch.", code="too_many_rows")
    return document


# --- an upload kept between the preview and the confirmation ------------------------------------------

STASH_MAX_AGE = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_CONTENT_TYPES = {"xlsx": XLSX.content_type, "docx": DOCX.content_type}


def _stash_dir() -> Path:
    # Under MEDIA_ROOT/private, never under static: only the session that uploaded a file knows its name.
    return Path(settings.MEDIA_ROOT) / "private" / "tmp"


def _extension(name: str) -> str:
    extension = (name or "").rsplit(".", 1)[-1].lower()
    return extension if extension in _CONTENT_TYPES else "upload"


def _stash_path(token: str, name: str) -> Path | None:
    return _stash_dir() / f"{token}.{_extension(name)}" if _TOKEN.match(token or "") else None


def stash_upload(request: HttpRequest, key: str, upload: UploadedFile, **meta: Any) -> str:
    """Keep `upload` for a later confirmation step; returns the token the confirm form sends back."""
    directory = _stash_dir()
    directory.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in directory.iterdir():
        # Previews never confirmed leave files behind; a day is long enough to come back to one.
        if now - old.stat().st_mtime > STASH_MAX_AGE:
            old.unlink(missing_ok=True)
    discard_stash(request, key)
    token = secrets.token_urlsafe(24)
    name = (upload.name or "tep")[:200]
    upload.seek(0)
    with _stash_path(token, name).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    upload.seek(0)
    request.session[key] = {"token": token, "name": name, **meta}
    return token


def stash_update(request: HttpRequest, key: str, **meta: Any) -> None:
    """Change the metadata kept with the stashed upload (the corrections typed in the preview)."""
    data = request.session.get(key)
    if data:
        request.session[key] = {**data, **meta}


def stashed_upload(request: HttpRequest, key: str, token: str) -> tuple[UploadedFile, dict] | None:
    """The file kept by stash_upload for this session and token, with its metadata; None if gone."""
    data = request.session.get(key)
    if not data or data.get("token") != token:
        return None
    path = _stash_path(token, data["name"])
    if path is None or not path.is_file():
        return None
    upload = SimpleUploadedFile(data["name"], path.read_bytes(),
                                content_type=_CONTENT_TYPES.get(_extension(data["name"]), "application/octet-stream"))
    return upload, data


def discard_stash(request: HttpRequest, key: str) -> None:
    data = request.session.pop(key, None)
    path = _stash_path(data.get("token", ""), data.get("name", "")) if data else None
    if path is not None:
        path.unlink(missing_ok=True)
