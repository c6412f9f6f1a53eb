"""Text folding for accent- and case-insensitive matching of Vietnamese text.

"Báo cáo" and "bao cao" fold to the same key; "đ" folds to "d" (NFD does not decompose it,
so it is mapped by hand). Dashes and spacing are normalised too, because the seed plan mixes
"Văn hóa – Xã hội", "Văn hóa - Xã hội" and double spaces.
"""

import re
import unicodedata

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "đ": "d", "Đ": "d"})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form of `text`."""
    text = (text or "").translate(_DASHES)
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text).strip().lower()


def unit_key(text: str) -> str:
    """Matching key for a unit name: folded, without punctuation or the spacing around dashes."""
    key = fold(text)
    key = re.sub(r"\s*-\s*", "-", key)
    key = re.sub(r"[.,;:]+$", "", key).strip()
    return key
