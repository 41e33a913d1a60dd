"""Small helpers shared by the areas: rows to frozen dataclasses, timestamps, uuids."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def new_uuid() -> str:
    import uuid  # here: uuid (and platform, which it imports) is not needed to start

    return str(uuid.uuid4())


def now_iso() -> str:
    return datetime.now().isoformat(timespec="seconds")


def from_row(cls: type[T], row: dict[str, Any] | Any) -> T:
    """Build a frozen dataclass from a row, taking the columns it has fields for.

    Boolean fields get real booleans (SQLite stores 0/1)."""
    data = dict(row)
    kwargs: dict[str, Any] = {}
    for name, is_bool in _fields(cls):
        if name not in data:
            continue
        value = data[name]
        kwargs[name] = bool(value) if is_bool else value
    return cls(**kwargs)


@cache
def _fields(cls: type) -> tuple[tuple[str, bool], ...]:
    return tuple(
        (field.name, field.type in ("bool", bool))
        for field in dataclasses.fields(cls)  # type: ignore[arg-type]
    )


def placeholders(n: int) -> str:
    return ", ".join("?" * n)
