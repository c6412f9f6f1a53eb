"""Moving a plan's texts to another year: "năm 2024" → "năm 2025", "năm 2023" → "năm 2024".

Only the years around the plan's own year move: the year before (last year's results, "tổng kết năm
2023"), the year itself and the year after ("phương hướng nhiệm vụ công tác 2025", "Dự thảo kế hoạch …
năm 2025"). Older years are dates of laws and standing documents ("Luật Thi đua, khen thưởng ngày
26/11/2003", "… ngày 16/11/2013") that stay true next year, so they are never touched. A period such as
"giai đoạn 2021–2025" is fixed too: a range moves only when both its ends are in that window
("năm học 2023 – 2024" → "năm học 2024 – 2025").

A shifted full date ("ngày 03/01/2024" of the district's plan) is flagged: next year's document will
have its own number and date, which only the officer knows. The preview shows every change for review.
"""

import re
from dataclasses import dataclass

# A 4-digit number not glued to other digits, optionally the start of a range "2023–2024".
_YEAR = re.compile(r"(?<!\d)(?P<first>\d{4})(?:(?P<dash>\s*[-–—]\s*)(?P<second>\d{4}))?(?!\d)")
_DATE_BEFORE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*$")


@dataclass(frozen=True)
class Piece:
    """A run of text before and after the shift; unchanged runs have old == new."""

    old: str
    new: str
    is_date: bool = False

    @property
    def changed(self) -> bool:
        return self.old != self.new


def year_window(from_year: int) -> set[int]:
    return {from_year - 1, from_year, from_year + 1}


def shift_pieces(text: str, from_year: int, delta: int) -> list[Piece]:
    """`text` cut into unchanged runs and shifted years, in order; joined, they give both versions."""
    text = text or ""
    window = year_window(from_year)
    pieces: list[Piece] = []
    position = 0

    def keep(end: int) -> None:
        if end > position:
            pieces.append(Piece(text[position:end], text[position:end]))

    for match in _YEAR.finditer(text):
        first, second = int(match["first"]), match["second"] and int(match["second"])
        if second:
            if not (delta and first in window and second in window):
                continue
            keep(match.start())
            old = match.group(0)
            pieces.append(Piece(old, f"{first + delta}{match['dash']}{second + delta}"))
        else:
            if not delta or first not in window:
                continue
            keep(match.start())
            is_date = bool(_DATE_BEFORE.search(text, 0, match.start()))
            pieces.append(Piece(match["first"], str(first + delta), is_date=is_date))
        position = match.end()
    keep(len(text))
    return pieces


def shift_years(text: str, from_year: int, delta: int) -> str:
    """`text` with every year of the plan's window moved by `delta` years (see the module docstring)."""
    return "".join(piece.new for piece in shift_pieces(text, from_year, delta))
