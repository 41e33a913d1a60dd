"""A figure of the county's comparison of townships (DOMAIN.md §7): a label and a function
that computes it for every township at once (township id -> value). Each area defines its
own in `app/<area>/county_figures.py`; `app.county.figures` lists them in column order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.office import Office

Values = dict[int, float]


@dataclass(frozen=True)
class CountyFigure:
    key: str
    label: str  # the column header, with its unit: 在任代表（名）, 按期答复率（%）
    compute: Callable[[Office], Values]
    kind: str = "count"  # count | percent
    higher_is_better: bool | None = None  # for marking the best township; None: no ranking
