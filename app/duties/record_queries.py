"""WHERE clauses of the lists of the work between sessions (activities, receptions,
reports to voters), built one condition at a time with their parameters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.office import Office


class Where:
    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> Where:
        self.clauses.append(clause)
        self.params.extend(params)
        return self

    def township(self, office: Office, column: str, township_id: int | None) -> Where:
        """This township; none given: the home township (every township in county mode)."""
        if township_id is None and office.mode == "township":
            township_id = office.home_township_id(required=False)
        return self.add(f"{column} = ?", township_id) if township_id is not None else self

    def year(self, column: str, year: int | None) -> Where:
        if year is None:
            return self
        return self.add(f"{column} >= ? AND {column} < ?", f"{year}-01-01", f"{year + 1}-01-01")

    def equal(self, column: str, value: Any) -> Where:
        return self.add(f"{column} = ?", value) if value not in (None, "") else self

    @property
    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else ""
