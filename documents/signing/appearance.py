"""The visible signature in the electronic-document form of Decree 30/2020 (Phụ lục I, chữ ký số):

the signer's signature image (blue, transparent PNG) at the signature block, the issuing body's seal (red) laid over
about the left third of it, and under them the signer's name, the body and the signing time (ISO 8601, Vietnam).
Without images the same information is drawn as text in a thin frame.
"""

import datetime as dt
import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from .signers import VIETNAM

SIGNATURE_BLUE = (0, 51, 153)
SEAL_RED = (218, 37, 29)
TEXT_BLUE = (0.0, 0.2, 0.6)
# Decree 30 writes the organization's signature information in Times New Roman 10; Liberation Serif has its metrics.
TEXT_SIZE = 8
TEXT_HEIGHT = 3 * (TEXT_SIZE + 2) + 4  # three lines and a margin


@dataclass(frozen=True)
class AppearanceText:
    signer_name: str
    organization: str
    signed_at: dt.datetime

    def lines(self) -> str:
        when = self.signed_at.astimezone(VIETNAM).isoformat(timespec="seconds")
        return f"Ký bởi: {self.signer_name}\nCơ quan: {self.organization}\nThời gian ký: {when}"


def _tinted(png: bytes, color: tuple[int, int, int]) -> Image.Image:
    """The image's shape (its alpha) in one ink colour: Decree 30 fixes the colours, not the scan's."""
    source = Image.open(io.BytesIO(png))
    source.load()
    alpha = source.convert("RGBA").getchannel("A")
    ink = Image.new("RGBA", source.size, (*color, 255))
    ink.putalpha(alpha)
    return ink


def _scaled_to_height(image: Image.Image, height: int) -> Image.Image:
    width = max(1, round(image.width * height / image.height))
    return image.resize((width, height), Image.LANCZOS)


def composed_image(*, signature_png: bytes | None, seal_png: bytes | None, height: int = 300) -> Image.Image | None:
    """The signature with the seal over its left third, as one transparent RGBA image (None without images)."""
    signature = (
        _scaled_to_height(_tinted(signature_png, SIGNATURE_BLUE), round(height * 0.8)) if signature_png else None
    )
    seal = _scaled_to_height(_tinted(seal_png, SEAL_RED), height) if seal_png else None
    if signature is None and seal is None:
        return None
    if seal is None:
        return signature
    if signature is None:
        return seal
    # The seal's right edge falls one third into the signature.
    signature_x = max(0, seal.width - signature.width // 3)
    canvas = Image.new("RGBA", (signature_x + signature.width, height), (0, 0, 0, 0))
    canvas.alpha_composite(signature, (signature_x, (height - signature.height) // 2))
    canvas.alpha_composite(seal, (0, 0))
    return canvas


@cache
def _font_factory() -> GlyphAccumulatorFactory:
    return GlyphAccumulatorFactory(str(_font_at_1000_upem(Path(settings.SIGNING_APPEARANCE_FONT))))


def _font_at_1000_upem(path: Path) -> Path:
    """A copy of the font scaled to 1000 units per em.

    pyHanko 0.38 writes the glyph widths (/W) in the font's own units, which PDF reads as 1/1000 em: a 2048-unit
    font such as Liberation Serif comes out with letters twice as far apart. Scaling the font fixes the widths.
    """
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    data = path.read_bytes()
    target = Path(tempfile.gettempdir()) / f"thanhson-signing-{hashlib.sha256(data).hexdigest()[:16]}.ttf"
    if not target.exists():
        font = TTFont(io.BytesIO(data))
        if font["head"].unitsPerEm == 1000:
            return path
        scale_upem(font, 1000)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(partial))
        partial.replace(target)  # atomic: two processes never read a half-written font
    return target


def stamp_style(*, image: Image.Image | None) -> TextStampStyle:
    """pyHanko's text stamp: our three lines at the bottom, the composed image above them filling the rest."""
    text_style = TextBoxStyle(font=_font_factory(), font_size=TEXT_SIZE, text_color=TEXT_BLUE, leading=TEXT_SIZE + 2)
    if image is None:
        return TextStampStyle(
            stamp_text="%(lines)s", text_box_style=text_style, border_width=1, border_color=TEXT_BLUE,
            inner_content_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(4),
            ),
        )
    return TextStampStyle(
        stamp_text="%(lines)s", text_box_style=text_style, border_width=0,
        background=PdfImage(image), background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins(left=2, right=2, top=2, bottom=TEXT_HEIGHT + 4),
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MIN,
            margins=layout.Margins(left=2, right=2, top=2, bottom=2),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
    )
