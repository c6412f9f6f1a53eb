"""Where the visible signature goes: a page and a rectangle in PDF points (origin bottom-left, as PDF draws)."""

import io
import re
import unicodedata
from dataclasses import dataclass

import pdfplumber

# The blank space Decree 30 leaves between the authority line ("CHỦ TỊCH") and the signer's name is about 30 mm
# in our layout (static/css/document.css, .doc-signature__space); the box stays inside it.
DEFAULT_WIDTH = 200.0
DEFAULT_HEIGHT = 80.0
GAP = 2.0


@dataclass(frozen=True)
class SignatureBox:
    page: int  # 0-based page index
    x1: float
    y1: float
    x2: float
    y2: float

    def __post_init__(self) -> None:
        if self.page < 0 or self.x2 <= self.x1 or self.y2 <= self.y1:
            raise ValueError(f"Vị trí chữ ký không hợp lệ: {self}")

    @property
    def rect(self) -> tuple[int, int, int, int]:
        return (round(self.x1), round(self.y1), round(self.x2), round(self.y2))


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def signature_box_find(
    content: bytes, *, marker: str, width: float = DEFAULT_WIDTH, height: float = DEFAULT_HEIGHT,
) -> SignatureBox | None:
    """The box just above the last line reading `marker` (the signer's name under the signature block).

    The last occurrence wins: the name also appears earlier in some documents (a plan's body, an annex), and the
    signature block closes the document. None when the marker is not in the text.
    """
    wanted = _normal(marker)
    if not wanted:
        return None
    found = None
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for index, page in enumerate(pdf.pages):
            for line in page.extract_text_lines(strip=True):
                if wanted in _normal(line["text"]):
                    found = (index, line, float(page.height), float(page.width))
    if found is None:
        return None
    index, line, page_height, page_width = found
    # Centre on the marker's line: the name is centred under the block, so the line's middle is the block's.
    centre = (line["x0"] + line["x1"]) / 2
    x1 = max(0.0, centre - width / 2)
    x2 = min(page_width, x1 + width)
    # pdfplumber measures `top` from the page top; PDF's y grows upwards from the bottom (our PDFs, from
    # WeasyPrint, have their media box at the origin).
    y1 = page_height - line["top"] + GAP
    return SignatureBox(page=index, x1=x1, y1=y1, x2=x2, y2=min(page_height, y1 + height))
