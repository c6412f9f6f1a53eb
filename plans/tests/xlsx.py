"""Workbooks built in memory for import tests (no binary fixtures)."""

import io
import os
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

HEADER = ["Quý", "TT", "Nội dung", "Đơn vị/Bộ phận thực hiện", "Hạn hoàn thành"]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "ke-hoach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX_TYPE)


def oversized_xlsx(size: int) -> bytes:
    """A real workbook padded past `size` bytes with an incompressible member."""
    buffer = io.BytesIO(xlsx_bytes([["I", 1, "Nội dung", "UBND xã", None]]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/media/padding.bin", os.urandom(size + 1024))
    return buffer.getvalue()


# Part of the seed plan (2024), written as a commune would type it.
SEED_ROWS = [
    ["QUÝ I", 1, "Ban hành Kế hoạch công tác TĐKT năm 2024.",
     "- UBND xã - Công chức Văn hóa – Xã hội xã", None],
    ["QUÝ I", 2, "Phát động phong trào thi đua năm 2024.",
     "- UBND xã - HD TĐKT xã - Công chức Văn hóa – Xã hội", None],
    ["Quý II", 3, "Báo cáo sơ kết công tác TĐKT 6 tháng đầu năm 2024",
     "HĐ TĐKT xã\nCông chức Văn hóa – Xã hội xã", "15/06/2024"],
    ["II", "09", "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2024",
     "hđ tđkt xa; Các đơn vị liên quan.", None],
    ["3", 5, "Cử công chức phụ trách TĐKT xã tham dự lớp bồi dưỡng", "UBND xã", None],
    ["quý iv", 6, "Dự thảo kế hoạch công tác TĐKT năm 2025", "Công chức Văn hóa – Xã hội xã", None],
]
