"""Office settings: the numbers DOMAIN.md marks *(configurable)*, and the clerk's choices.

Areas register their defaults in `DEFAULTS`; a stored value overrides the default."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.office import Office

DEFAULTS: dict[str, Any] = {
    # "township": one township's office; "county": imports the packages of many townships.
    "office_mode": "township",
    "county_name": "",
    # Sensitive fields (ID number, phone, address) are masked in lists and exports.
    "mask_sensitive": True,
    # A term lasts five years (older terms were three).
    "term_years": 5,
}


class Settings:
    def __init__(self, office: Office) -> None:
        self._office = office

    def get(self, key: str) -> Any:
        row = self._office.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        if row is None:
            if key not in DEFAULTS:
                raise KeyError(key)
            return DEFAULTS[key]
        return json.loads(row[0])

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        with self._office.transaction() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value, ensure_ascii=False)],
            )

    def all(self) -> dict[str, Any]:
        values = dict(DEFAULTS)
        for key, value in self._office.db.execute("SELECT key, value FROM settings").fetchall():
            values[key] = json.loads(value)
        return values
