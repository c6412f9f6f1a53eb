"""The scoring engine, pure: totals from criteria and points, and a ranking where ties share a rank.

Used for a Cụm thi đua of communes and for a commune scoring its own thôn and đoàn thể alike.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

REGULAR, BONUS, PENALTY = "regular", "bonus", "penalty"
ZERO = Decimal("0")


@dataclass(frozen=True)
class Item:
    id: int
    kind: str  # REGULAR, BONUS or PENALTY
    max_points: Decimal


@dataclass
class Total:
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO
    missing: int = 0  # criteria without points

    @property
    def value(self) -> Decimal:
        return self.base + self.bonus - self.penalty

    @property
    def complete(self) -> bool:
        return self.missing == 0


def total(items: Sequence[Item], points: dict[int, Decimal | None]) -> Total:
    """Regular criteria and bonus items add up, penalty items subtract; a missing regular point counts as
    missing (the total is incomplete), a missing bonus or penalty simply counts 0."""
    result = Total()
    for item in items:
        value = points.get(item.id)
        if value is None:
            if item.kind == REGULAR:
                result.missing += 1
            continue
        if item.kind == PENALTY:
            result.penalty += value
        elif item.kind == BONUS:
            result.bonus += value
        else:
            result.base += value
    return result


@dataclass
class Ranked:
    key: object
    score: Decimal | None
    rank: int | None = None  # None: not ranked (scores incomplete)
    tied: bool = False
    extra: dict = field(default_factory=dict)


def rank(entries: Iterable[tuple[object, Decimal | None]]) -> list[Ranked]:
    """Competition ranking ("1224"): equal scores share a rank and the next rank is skipped.
    Entries without a score come last, unranked, in their given order."""
    entries = list(entries)
    scored = sorted((e for e in entries if e[1] is not None), key=lambda e: e[1], reverse=True)
    result: list[Ranked] = []
    for position, (key, score) in enumerate(scored, start=1):
        if result and result[-1].score == score:
            current = result[-1].rank
            result[-1].tied = True
            result.append(Ranked(key=key, score=score, rank=current, tied=True))
        else:
            result.append(Ranked(key=key, score=score, rank=position))
    result.extend(Ranked(key=key, score=None) for key, score in entries if score is None)
    return result
