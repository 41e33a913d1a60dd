"""What a coded cell of an office's roster means: 汉 → 汉族, 本科 → 大学本科, 党员 → 中共党员.

Offices write short forms and old names; the table of synonyms is data/roster_synonyms.json
(56 ethnic groups per GB/T 3304, political status per GB/T 4762, education, categories,
gender, presidium roles, yes/no words). A value is understood, in this order, as

1. a value of the office's own list, compared without spaces and full-width forms;
2. what the clerk said it means at an earlier import (`value_mappings`, remembered);
3. a synonym of the table whose value the office's list has;
4. the same after dropping decorations (本科（在职）, 中央党校大学, 大专学历).

What is still not understood is left to the clerk, who maps it to a list value in the
preview; the mapping is remembered when the import is written."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from app.core.chinese import clean_text, to_halfwidth
from app.core.paths import data_path
from app.deputies.fields import DEPUTY_FIELDS, FIELDS_BY_KEY

if TYPE_CHECKING:
    from app.office import Office

# The fields whose cells are read as codes, and the table section each uses.
LIST_FIELDS = {f.key: f.ref for f in DEPUTY_FIELDS if f.kind == "ref"}
CODED_KINDS = ("ref", "gender", "bool", "role")
BLANK_WORDS = {"/", "-", "--", "—", "——", "－", "／", "\\"}

_SPACE = re.compile(r"\s+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_SEPARATORS = re.compile(r"[/、,，;；·.]")


def normalise(text: object) -> str:
    """The form values are compared in: half-width, no spaces, lower case."""
    value = to_halfwidth(clean_text(text))
    value = value.replace("【", "[").replace("】", "]")
    return _SPACE.sub("", value).lower()


def _loose(key: str) -> str:
    """Without separators: 中专/中技 = 中专、中技 = 中专中技."""
    return _SEPARATORS.sub("", key)


@dataclass(frozen=True)
class Section:
    values: dict[str, str]  # normalised synonym -> canonical value
    decorations: tuple[str, ...]


@cache
def synonym_table() -> dict[str, Section]:
    """Field key (or "yes_no") -> its synonyms, from data/roster_synonyms.json."""
    spec = json.loads(data_path("roster_synonyms.json").read_text(encoding="utf-8"))
    table: dict[str, Section] = {}
    for key, section in spec["fields"].items():
        values: dict[str, str] = {}
        for canonical, words in section["values"].items():
            for word in [canonical, *words]:
                values.setdefault(normalise(word), canonical)
                values.setdefault(_loose(normalise(word)), canonical)
        decorations = tuple(
            sorted((normalise(d) for d in section.get("decorations", ())), key=len, reverse=True)
        )
        table[key] = Section(values, decorations)
    return table


def _strip_decorations(key: str, decorations: tuple[str, ...]) -> str:
    for word in decorations:
        key = key.replace(word, "")
    return _EMPTY_BRACKETS.sub("", key)


@dataclass(frozen=True)
class Reading:
    """One coded cell read: `value` is None when the cell is not understood."""

    value: Any
    how: str  # "exact" | "synonym" | "mapping" (this time) | "remembered" | "unknown" | "blank"


UNKNOWN = Reading(None, "unknown")


class ValueReader:
    """Reads the coded cells of one import against the office's lists and mappings."""

    def __init__(
        self,
        lists: dict[str, list[str]],
        mappings: dict[tuple[str, str], str],
        given: dict[tuple[str, str], str] | None = None,
    ) -> None:
        self._lists = {key: set(values) for key, values in lists.items()}
        self._by_key = {
            key: {
                k: value for value in values for k in (normalise(value), _loose(normalise(value)))
            }
            for key, values in lists.items()
        }
        self._mappings = {(lk, normalise(src)): value for (lk, src), value in mappings.items()}
        self._given = {(lk, normalise(src)): value for (lk, src), value in (given or {}).items()}
        self._table = synonym_table()
        self._cache: dict[tuple[str, str], Reading] = {}

    @classmethod
    def for_office(
        cls, office: Office, extra: dict[tuple[str, str], str] | None = None
    ) -> ValueReader:
        lists = {
            ref: [item.value for item in office.reference.items(ref)]
            for ref in LIST_FIELDS.values()
        }
        # A remembered value the office has since removed from its list is forgotten.
        usable = {
            k: v for k, v in remembered(office).items() if v == "" or v in set(lists.get(k[0], ()))
        }
        return cls(lists, usable, extra)

    def read(self, field_key: str, text: str) -> Reading:
        """The value of a coded field for a cell's text (already known not blank)."""
        cache_key = (field_key, text)
        found = self._cache.get(cache_key)
        if found is None:
            found = self._read(field_key, text)
            if len(self._cache) < 100_000:
                self._cache[cache_key] = found
        return found

    def _read(self, field_key: str, text: str) -> Reading:
        key = normalise(text)
        if key in BLANK_WORDS:
            return Reading("", "blank")
        spec = FIELDS_BY_KEY[field_key]
        if spec.kind == "ref":
            return self._read_list(spec.ref, field_key, text, key)
        sections = [field_key, "yes_no"] if spec.kind == "bool" else [field_key]
        for section in sections:
            table = self._table.get(section)
            if table is None:
                continue
            canonical = table.values.get(key, table.values.get(_loose(key)))
            if canonical is not None:
                value: Any = canonical
                if spec.kind == "bool":
                    value = canonical == "是"
                plain = clean_text(text)
                return Reading(value, "exact" if plain == canonical else "synonym")
        return UNKNOWN

    def _read_list(self, list_key: str, field_key: str, text: str, key: str) -> Reading:
        plain = clean_text(text)
        if plain in self._lists.get(list_key, ()):
            return Reading(plain, "exact")
        own = self._by_key.get(list_key, {})
        if key in own:
            return Reading(own[key], "exact")
        mapped = self._given.get((list_key, key))
        if mapped is not None:
            return Reading(mapped, "mapping")
        mapped = self._mappings.get((list_key, key))
        if mapped is not None:
            return Reading(mapped, "remembered")
        table = self._table.get(field_key)
        if table is None:
            return UNKNOWN
        for candidate in (key, _strip_decorations(key, table.decorations)):
            if not candidate:
                continue
            if candidate in own and candidate != key:
                return Reading(own[candidate], "synonym")
            canonical = table.values.get(candidate, table.values.get(_loose(candidate)))
            if canonical is not None and canonical in self._lists.get(list_key, ()):
                return Reading(canonical, "synonym")
        return UNKNOWN

    def suggestions(self, list_key: str, text: str) -> list[str]:
        """List values that share characters with an unknown text, closest first."""
        key = normalise(text)
        scored = []
        for value in self._lists.get(list_key, ()):
            shared = len(set(key) & set(normalise(value)))
            if shared:
                scored.append((-shared, len(value), value))
        return [value for *_rest, value in sorted(scored)][:5]


# ---- the clerk's mappings ----------------------------------------------------------------


def remembered(office: Office) -> dict[tuple[str, str], str]:
    """(list key, normalised source) -> list value ("" for 留空), as remembered."""
    rows = office.db.execute("SELECT list_key, source, value FROM value_mappings").fetchall()
    return {(list_key, source): value for list_key, source, value in rows}


def remember(office: Office, mappings: dict[tuple[str, str], str]) -> None:
    """Keep what the clerk said values mean, for the next import (inside the caller's
    transaction when there is one)."""
    if not mappings:
        return
    with office.transaction() as db:
        for (list_key, source), value in mappings.items():
            db.execute(
                "INSERT INTO value_mappings (list_key, source, value) VALUES (?, ?, ?)"
                " ON CONFLICT (list_key, source) DO UPDATE SET value = excluded.value",
                [list_key, normalise(source), value],
            )


def forget(office: Office, list_key: str, source: str) -> None:
    with office.transaction() as db:
        db.execute(
            "DELETE FROM value_mappings WHERE list_key = ? AND source = ?",
            [list_key, normalise(source)],
        )
