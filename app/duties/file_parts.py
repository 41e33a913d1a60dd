"""Where areas that read the duties' records (and so may not be imported by them) register
their entries of the yearly file (app.duties.year_file.part_sources); app.areas registers
them at start. Kept apart from year_file so that registering loads nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Each a function (office, deputy, year) -> list[FileEntry].
REGISTERED_PART_SOURCES: list[Callable[[Any, Any, int], list[Any]]] = []


def register_part_source(source: Callable[[Any, Any, int], list[Any]]) -> None:
    if source not in REGISTERED_PART_SOURCES:
        REGISTERED_PART_SOURCES.append(source)
