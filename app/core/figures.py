"""A figure of the county's comparison of townships (DOMAIN.md §7): a label and a function
that computes it for every township at once (township id -> value) for a year (None: this
year; figures of the present, like the deputies serving, ignore it). Each area defines its
own in `app/<area>/county_figures.py`; `app.county.figures` lists them in column order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.office import Office

Values = dict[int, float]


@dataclass(frozen=True)
class CountyFigure:
    key: str
    label: str  # the column header, with its unit: 在任代表（名）, 按期答复率（%）
    # (office, [year,] *, townships: Sequence[int] | None = None) -> Values: the year's
    # figure when by_year; only these townships' when given (the others' are kept).
    compute: Callable[..., Values]
    kind: str = "count"  # count | percent
    higher_is_better: bool | None = None  # for marking the best township; None: no ranking
    by_year: bool = False  # compute takes the year (the county's evaluation of a past year)

    def values(
        self, office: Office, year: int | None = None, townships: Sequence[int] | None = None
    ) -> Values:
        if self.by_year:
            return self.compute(office, year, townships=townships)
        return self.compute(office, townships=townships)


def within(column: str, townships: Sequence[int] | None) -> tuple[str, list[int]]:
    """An SQL condition, with its leading AND, keeping the rows of `townships` (`column`
    names their township), and its parameters; nothing when None (every township)."""
    if townships is None:
        return "", []
    return f" AND {column} IN ({', '.join('?' * len(townships))})", [int(t) for t in townships]
