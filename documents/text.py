"""Text rules of NĐ 30/2020/NĐ-CP (Phụ lục I): uppercase agency names, dates, "Số: 05/KH-UBND", recipient lines."""

import datetime as dt
import re
import unicodedata

ISSUER_CODE = "UBND"
BLANK = " " * 6  # room left for the number and date, written by hand before issuing

_PEOPLES_COMMITTEE = re.compile(r"^\s*(?:ủy|uỷ)\s+ban\s+nhân\s+dân\b\s*", re.IGNORECASE)
_PEOPLES_COMMITTEE_SHORT = re.compile(r"^\s*ubnd\b\s*", re.IGNORECASE)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def upper_vi(text: str) -> str:
    """Vietnamese uppercase after NFC, so combining marks become precomposed letters every font has."""
    return nfc(text).upper()


def agency_lines(name: str) -> list[str]:
    """ "Ủy ban nhân dân xã Thanh Sơn" → ["ỦY BAN NHÂN DÂN", "XÃ THANH SƠN"], as the decree's header sets it."""
    name = nfc(name)
    match = _PEOPLES_COMMITTEE.match(name) or _PEOPLES_COMMITTEE_SHORT.match(name)
    if match and name[match.end():].strip():
        return ["ỦY BAN NHÂN DÂN", upper_vi(name[match.end():])]
    return [upper_vi(name)]


def format_number(number: int, series: str, issuer_code: str = ISSUER_CODE) -> str:
    """7 → "07/KH-UBND"; 15 → "15/KH-UBND" (numbers below 10 take a leading zero)."""
    return f"{number:02d}/{series}-{issuer_code}"


def number_text(number: str, *, series: str, issuer_code: str = ISSUER_CODE) -> str:
    """A number as typed ("5", "15/KH-UBND") in its printed form; empty → "      /KH-UBND" (room to write)."""
    number = (number or "").strip()
    if not number:
        return f"{BLANK}/{series}-{issuer_code}"
    if "/" in number:
        return number
    if number.isdigit():
        return format_number(int(number), series, issuer_code)
    return f"{number}/{series}-{issuer_code}"


def number_line(number: str, *, series: str, issuer_code: str = ISSUER_CODE) -> str:
    text = number_text(number, series=series, issuer_code=issuer_code)
    return f"Số:{text}" if text.startswith(BLANK) else f"Số: {text}"


def date_words(day: dt.date) -> str:
    """ "ngày 05 tháng 01 năm 2024": days below 10 and the months 1 and 2 take a leading 0, other months do not."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(*, place: str, issued_on: dt.date | None, year: int) -> str:
    if issued_on is None:
        return f"{nfc(place)}, ngày{BLANK}tháng{BLANK}năm {year}"
    return f"{nfc(place)}, {date_words(issued_on)}"


def recipient_lines(recipients: list[str] | list[tuple[str, str]]) -> list[str]:
    """ "- Sở Nội vụ tỉnh (b/c);" … and "." after the last line, as Phụ lục I writes "Nơi nhận"."""
    texts = []
    for item in recipients:
        text = " ".join(item) if isinstance(item, tuple) else item
        text = nfc(text).lstrip("-•").strip().rstrip(";.").rstrip()
        if text:
            texts.append(text)
    return [f"- {text}{'.' if i == len(texts) - 1 else ';'}" for i, text in enumerate(texts)]


def basis_lines(lines: list[str]) -> list[str]:
    """Each "Căn cứ" line ends with ";" and the last with "." (Phụ lục I)."""
    texts = [nfc(line).rstrip(";.").rstrip() for line in lines if nfc(line)]
    # A clerk's last basis often leads into the body ("…, UBND xã xây dựng kế hoạch … như sau:"): a colon stays.
    return [text if text.endswith(":") else f"{text}{'.' if i == len(texts) - 1 else ';'}"
            for i, text in enumerate(texts)]
