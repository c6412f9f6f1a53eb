"""Hostile Office files built in memory: a real zip bomb and a sheet of 100 000 rows (no binary fixtures)."""

import io
import struct
import zipfile
import zlib

MiB = 1024 * 1024

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SMALL_PARTS = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "xl/workbook.xml": WORKBOOK,
               "xl/_rels/workbook.xml.rels": WORKBOOK_RELS}


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def zip_bomb_xlsx(expanded: int = 1024 * MiB) -> bytes:
    """A valid .xlsx whose sheet is `expanded` bytes of zeros deflated to about a thousandth of that.

    Deflating a GiB takes seconds; instead one MiB is deflated with a full flush (which resets the
    compressor), so the same output repeated is the deflate stream of the whole GiB. The CRC is the true one.
    """
    assert expanded % MiB == 0
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(MiB)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = block * (expanded // MiB) + compressor.flush()
    crc = 0
    for _ in range(expanded // MiB):
        crc = zlib.crc32(zeros, crc)
    entries = [(name, _deflate(text.encode()), zlib.crc32(text.encode()), len(text.encode()))
               for name, text in SMALL_PARTS.items()]
    entries.append(("xl/worksheets/sheet1.xml", stream, crc, expanded))
    out = io.BytesIO()
    central = []
    for name, data, checksum, size in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, checksum, len(data), size,
                              len(encoded), 0))
        out.write(encoded)
        out.write(data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, checksum, len(data),
                                   size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def _column(index: int) -> str:
    return chr(ord("A") + index)


def many_rows_xlsx(rows: list[list], *, header: list[str], count: int) -> bytes:
    """A valid .xlsx with `header` and `count` data rows cycling through `rows` ("{n}" in a text becomes the row's
    number), written as sheet XML directly: openpyxl would take longer to write it than the import may take to
    refuse it."""
    def cell(column: int, value) -> str:
        ref = f"{_column(column)}%(line)d"
        if isinstance(value, int):
            return f'<c r="{ref}"><v>{value}</v></c>'
        text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace("%", "%%").replace("{n}", "%(n)d")
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'

    templates = ['<row r="%(line)d">' + "".join(cell(i, v) for i, v in enumerate(row)) + "</row>" for row in rows]
    head = '<row r="1">' + "".join(cell(i, v) for i, v in enumerate(header)).replace("%(line)d", "1") + "</row>"
    body = "".join(templates[n % len(templates)] % {"line": n + 2, "n": n} for n in range(count))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + head + body + "</sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in SMALL_PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()
