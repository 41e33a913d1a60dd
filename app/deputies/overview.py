"""The township at a glance: the figures the home page and reports start with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.deputies.deputies import DeputyQuery

if TYPE_CHECKING:
    from app.office import Office


@dataclass(frozen=True)
class Overview:
    term_name: str
    serving: int
    township_deputies: int
    county_deputies: int
    presidium: int
    female: int
    groups: int
    constituencies: int
    stations: int


def overview(office: Office) -> Overview | None:
    term = office.current_term
    if term is None:
        return None

    def serving(**kw: object) -> int:
        return office.deputies.count(DeputyQuery(term_id=term.id, status="serving", **kw))

    female = office.db.execute(
        "SELECT count(*) FROM deputies WHERE term_id = ? AND status = 'serving' AND gender = 'F'",
        [term.id],
    ).fetchone()[0]
    return Overview(
        term_name=term.name,
        serving=serving(),
        township_deputies=serving(level="township"),
        county_deputies=serving(level="county"),
        presidium=serving(presidium_only=True),
        female=female,
        groups=len(office.groups.list()),
        constituencies=len(office.constituencies.list()),
        stations=len(office.stations.list()),
    )
