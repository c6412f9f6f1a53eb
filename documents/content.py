"""An official paper as data: what every renderer (PDF, Word) prints, built by each app's content builder.

An app DESCRIBES its document with these classes (plans/documents/, campaigns/documents.py, awards/documents.py)
and hands it to documents.render or documents.services.document_issue; it never lays out a page itself.
Every string is plain text as the user typed it: the renderers escape it exactly once.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from . import text as t

Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Stamp:
    """What issuing adds to a document: its number, its date and how to verify it."""

    number: str
    issued_on: dt.date
    code: str
    url: str


@dataclass
class Heading:
    """ "I. MỤC ĐÍCH, YÊU CẦU" (level 1, a part) or "1. Mục đích" (level 2, an item): bold, kept with the next."""

    kind: ClassVar[str] = "heading"
    text: str
    level: int = 1
    align: Align = "left"


@dataclass
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    indent: bool = True
    align: Align = "justify"
    bold: bool = False
    italic: bool = False


@dataclass
class Article:
    """ "Điều 1. …": the label bold, the text regular (Phụ lục I)."""

    kind: ClassVar[str] = "article"
    number: int
    text: str

    @property
    def label(self) -> str:
        return f"Điều {self.number}."


@dataclass
class Column:
    title: str
    width: float  # share of the text width; a table's shares add up to 1
    align: Align = "left"


@dataclass
class Row:
    """A row: one text per column (a list of lines for several lines), or one merged bold group row."""

    cells: list[str | list[str]]
    group: bool = False
    bold: bool = False


@dataclass
class Table:
    kind: ClassVar[str] = "table"
    columns: list[Column]
    rows: list[Row]
    font_size: float = 13
    note: str = ""  # printed under the table in italics: what a computed column means

    def __post_init__(self) -> None:
        total = sum(column.width for column in self.columns)
        if abs(total - 1) > 0.001:
            raise ValueError(f"Column widths add up to {total}, not 1")

    @property
    def css_widths(self) -> list[str]:
        # A dot, whatever the locale: "7,000%" would not be CSS.
        return [f"{column.width * 100:.3f}%" for column in self.columns]

    def row_is_tall(self, row: "Row") -> bool:
        """A row that may be taller than a page: kept whole it would lose the repeated header in WeasyPrint
        (issue #2679), so only such a row may break. Estimated from the text: ~2.3 mm a character, 6 mm a line,
        against the 257 mm of a page."""
        lines = 0
        for column, cell in zip(self.columns, row.cells, strict=False):
            per_line = max(1, int(column.width * 165 / (2.3 * self.font_size / 13)))
            lines = max(lines, sum(1 + len(line) // per_line for line in cell_lines(cell)))
        return lines * 6 * self.font_size / 13 > 200

    def view_rows(self) -> list[dict]:
        return [
            {"group": row.group, "bold": row.bold, "cells": row.cells, "tall": self.row_is_tall(row),
             "view": [{"align": column.align, "lines": cell_lines(cell)}
                      for column, cell in zip(self.columns, row.cells, strict=False)]}
            for row in self.rows
        ]


@dataclass
class Signature:
    """ "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" / name; the authority line may be empty."""

    title: str
    name: str = ""
    authority: str = ""
    caption: str = ""  # above the block, e.g. the party's name in a pledge


@dataclass
class Annex:
    """A Phụ lục or a list attached to the document; its pages are numbered separately."""

    heading: str  # "PHỤ LỤC" or "DANH SÁCH"
    title: str
    reference: str = ""  # "(Kèm theo Quyết định số … ngày … của …)"
    blocks: list = field(default_factory=list)
    landscape: bool = False


Block = Heading | Paragraph | Article | Table


@dataclass
class Document:
    kind: str  # documents.models.Kind value or a kind that is never issued ("pledge", "summary" …)
    series: str  # "KH", "BC", "QĐ" … (Phụ lục III)
    issuer: str  # the issuing body as named, e.g. "Ủy ban nhân dân xã Thanh Sơn"
    place: str
    year: int
    title: str  # "KẾ HOẠCH"
    summary: str = ""  # trích yếu
    parent_body: str = ""  # "cơ quan chủ quản": blank for a UBND xã unless the organization sets one
    number: str = ""
    issued_on: dt.date | None = None
    issuer_code: str = t.ISSUER_CODE
    header_lines: list[str] | None = None  # a paper with no issuing body (a pledge) prints these instead
    addressee: list[str] = field(default_factory=list)  # "Kính gửi:"
    authority_line: str = ""  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …" above the Căn cứ of a decision
    legal_bases: list[str] = field(default_factory=list)
    preamble: str = ""  # "QUYẾT ĐỊNH:" after the Căn cứ
    blocks: list[Block] = field(default_factory=list)
    signature: Signature | None = None
    signatures: list[Signature] = field(default_factory=list)  # a grid of two columns (pledge)
    recipients: list[str] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    draft: bool = False
    stamp: Stamp | None = None
    show_number: bool = True
    header_share: float = 0.38  # width of the agency column; a long agency line (a council) needs more
    header_size: float = 13  # agency and Quốc hiệu, 12–13 pt (Phụ lục I); 12 where both lines are long

    def stamped(self, stamp: Stamp) -> "Document":
        from dataclasses import replace

        return replace(self, number=stamp.number, issued_on=stamp.issued_on, stamp=stamp, draft=False)

    # What the header prints, derived once here so both renderers print the same text.
    @property
    def parent_line(self) -> str:
        return t.upper_vi(self.parent_body)

    @property
    def agency_lines(self) -> list[str]:
        if self.header_lines is not None:
            return [t.upper_vi(line) for line in self.header_lines]
        return t.agency_lines(self.issuer)

    @property
    def number_line(self) -> str:
        return t.number_line(self.number, series=self.series, issuer_code=self.issuer_code)

    @property
    def number_text(self) -> str:
        return t.number_text(self.number, series=self.series, issuer_code=self.issuer_code).strip()

    @property
    def date_line(self) -> str:
        return t.date_line(place=self.place, issued_on=self.issued_on, year=self.year)

    @property
    def recipient_lines(self) -> list[str]:
        return t.recipient_lines(self.recipients)

    @property
    def basis_lines(self) -> list[str]:
        return t.basis_lines(self.legal_bases)

    @property
    def verification_line(self) -> str:
        if self.stamp is None:
            return ""
        return f"Mã xác thực: {self.stamp.code} · Kiểm tra bản gốc tại: {self.stamp.url}"

    def text_blocks(self) -> list[str]:
        """The document's text, block by block, as both renderers must print it (used by the parity tests)."""
        lines: list[str] = []
        if self.parent_line:
            lines.append(self.parent_line)
        lines += self.agency_lines
        if self.show_number:
            lines.append(self.number_line)
        lines += ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", self.date_line, self.title]
        if self.summary:
            lines.append(self.summary)
        if self.addressee:
            lines.append("Kính gửi: " + self.addressee[0] if len(self.addressee) == 1 else "Kính gửi:")
            if len(self.addressee) > 1:
                lines += [f"- {a}" for a in self.addressee]
        if self.authority_line:
            lines.append(self.authority_line)
        lines += self.basis_lines
        if self.preamble:
            lines.append(self.preamble)
        for block in self.blocks:
            lines += block_texts(block)
        if self.recipients:
            lines.append("Nơi nhận:")
            lines += self.recipient_lines
        for signature in [*([self.signature] if self.signature else []), *self.signatures]:
            lines += [s for s in (signature.caption, signature.authority, signature.title, signature.name) if s]
        for annex in self.annexes:
            lines += [annex.heading, annex.title] + ([annex.reference] if annex.reference else [])
            for block in annex.blocks:
                lines += block_texts(block)
        return lines


def cell_lines(cell: str | list[str]) -> list[str]:
    if isinstance(cell, list):
        return [line for line in cell] or [""]
    return (cell or "").splitlines() or [""]


def block_texts(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [block.text]
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Article):
        return [f"{block.label} {block.text}"]
    if isinstance(block, Table):
        lines = [column.title for column in block.columns]
        for row in block.rows:
            for cell in row.cells:
                lines += [line for line in cell_lines(cell) if line]
        if block.note:
            lines.append(block.note)
        return lines
    raise TypeError(f"Unknown block {type(block).__name__}")
