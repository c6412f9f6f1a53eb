"""Upload checks by content, not by file name: a renamed .exe is not a PDF."""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile


@dataclass(frozen=True)
class Kind:
    label: str
    extension: str
    content_type: str


PDF = Kind("PDF", "pdf", "application/pdf")
PNG = Kind("ảnh PNG", "png", "image/png")
JPEG = Kind("ảnh JPEG", "jpg", "image/jpeg")
DOCX = Kind("Word (.docx)", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = Kind("Excel (.xlsx)", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

DOCUMENT_KINDS = (PDF, PNG, JPEG, DOCX, XLSX)


def sniff(upload: UploadedFile) -> Kind | None:
    """Identify the file from its bytes."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return None


def validate_upload(
    upload: UploadedFile, *, allowed: tuple[Kind, ...] = DOCUMENT_KINDS, max_size: int | None = None,
    field_label: str = "Tệp",
) -> Kind:
    max_size = max_size or settings.MAX_UPLOAD_SIZE
    if upload.size > max_size:
        raise ValidationError(
            f"{field_label} lớn hơn {max_size // (1024 * 1024)} MB ({upload.size / (1024 * 1024):.1f} MB).",
            code="too_large",
        )
    kind = sniff(upload)
    if kind not in allowed:
        names = ", ".join(k.label for k in allowed)
        raise ValidationError(
            f"{field_label} không đúng định dạng (nội dung tệp không phải {names}).", code="bad_type"
        )
    return kind


def validate_transparent_png(upload: UploadedFile, *, field_label: str = "Ảnh", max_size: int | None = None) -> None:
    """A PNG (by its bytes) that Pillow can decode and that has transparency (an alpha channel or a tRNS entry).

    Signature and seal images are laid over the document text, so an opaque image would hide what it covers.
    """
    validate_upload(upload, allowed=(PNG,), max_size=max_size, field_label=field_label)
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.load()
            transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            size = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(f"{field_label}: không đọc được ảnh PNG ({error}).", code="bad_image") from error
    finally:
        upload.seek(0)
    if not transparent:
        raise ValidationError(
            f"{field_label} phải là ảnh PNG có nền trong suốt (kênh alpha); ảnh này có nền đặc.", code="opaque",
        )
    if min(size) < 32:
        raise ValidationError(f"{field_label} quá nhỏ ({size[0]}×{size[1]} điểm ảnh).", code="too_small")
