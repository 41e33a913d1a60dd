"""Checks shared by the records of the work between sessions (activities, receptions,
reports to voters): each adds a Chinese message to `errors` under its field and returns
the cleaned value, so a form can show every problem at once."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from app.core import dates
from app.core.chinese import clean_text
from app.core.ids import DeputyId
from app.core.records import placeholders

if TYPE_CHECKING:
    from app.office import Office


def text(
    errors: dict[str, str],
    key: str,
    value: object,
    *,
    label: str,
    limit: int = 80,
    required: str = "",
) -> str:
    """One line of text; `required` is the message when it is blank and must not be."""
    cleaned = clean_text(value)
    if not cleaned and required:
        errors[key] = required
    elif len(cleaned) > limit:
        errors[key] = f"{label}不能超过 {limit} 个字"
    return cleaned


def long_text(
    errors: dict[str, str], key: str, value: object, *, label: str, limit: int = 20000
) -> str:
    """Several lines (a plan, a summary): line ends unified, the lines' own spacing kept."""
    raw = "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n")
    cleaned = "\n".join(unicodedata.normalize("NFC", line).rstrip() for line in raw.split("\n"))
    cleaned = cleaned.strip("\n")
    if len(cleaned) > limit:
        errors[key] = f"{label}不能超过 {limit} 个字"
    return cleaned


def day(
    errors: dict[str, str],
    key: str,
    value: object,
    *,
    required: str = "",
    today: date | None = None,
    allow_future: bool = False,
) -> str:
    try:
        iso = dates.parse_date(str(value or ""))
    except dates.DateError as exc:
        errors[key] = str(exc)
        return ""
    if not iso and required:
        errors[key] = required
    elif iso and not allow_future and iso > (today or dates.today()).isoformat():
        errors[key] = "日期不能晚于今天"
    elif iso and iso < "1949-10-01":
        errors[key] = "日期太早，请核对年份"
    return iso


def count(
    errors: dict[str, str],
    key: str,
    value: object,
    *,
    label: str,
    minimum: int = 0,
    maximum: int = 100000,
) -> int:
    """A whole number typed by the clerk; blank counts as 0 where 0 is allowed."""
    raw = clean_text(value).replace(",", "").replace("，", "")
    if not raw and minimum <= 0:
        return 0
    try:
        number = int(raw)
    except ValueError:
        errors[key] = f"{label}应填整数，如 {max(minimum, 1) * 12}"
        return 0
    if number < minimum:
        errors[key] = f"{label}不能小于 {minimum}" if minimum else f"{label}不能是负数"
    elif number > maximum:
        errors[key] = f"{label}不能大于 {maximum}"
    return number


def deputies(
    office: Office,
    errors: dict[str, str],
    key: str,
    ids: Iterable[object],
    *,
    township_id: int,
    on: str,
    required: str = "",
) -> list[DeputyId]:
    """Deputies of this township who were in office on the day `on` (ISO, may be '')."""
    wanted = list(dict.fromkeys(int(i) for i in ids if i not in (None, "")))  # type: ignore[call-overload]
    if not wanted:
        if required:
            errors[key] = required
        return []
    rows = office.db.execute(
        "SELECT d.id, d.name, d.township_id, d.status, d.status_date, t.start_date,"
        " t.end_date, t.number FROM deputies d JOIN terms t ON t.id = d.term_id"
        f" WHERE d.id IN ({placeholders(len(wanted))})",
        wanted,
    ).fetchall()
    found = {r[0]: r for r in rows}
    problems = []
    for deputy_id in wanted:
        row = found.get(deputy_id)
        if row is None or row[2] != township_id:
            problems.append(f"编号为 {deputy_id} 的代表不是本乡镇的代表")
            continue
        _id, name, _t, status, status_date, start, end, _number = row
        if on and (on < start or (end and on > end)):
            problems.append(f"{name}的任期（{dates.format_date(start)}起）不包括这一天，请核对")
        elif on and status == "ended" and status_date and on > status_date:
            problems.append(f"{name}已于{dates.format_date(status_date)}终止代表资格")
    if problems:
        errors[key] = "；".join(problems)
    return [DeputyId(i) for i in wanted]


def clock(errors: dict[str, str], key: str, value: object) -> str:
    """A time of day: '9:00', '09:00', '9点', '0930' -> '09:00'."""
    from app.core.chinese import to_halfwidth

    raw = to_halfwidth(clean_text(value)).replace("：", ":").replace("点", ":").rstrip(":")
    if not raw:
        return ""
    if raw.isdigit() and len(raw) in (3, 4):
        raw = f"{raw[:-2]}:{raw[-2:]}"
    elif raw.isdigit():
        raw = f"{raw}:00"
    parts = raw.split(":")
    try:
        hour, minute = int(parts[0]), int(parts[1]) if len(parts) > 1 and parts[1] else 0
        if len(parts) > 2 or not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise ValueError
    except ValueError:
        errors[key] = f"无法识别时间“{value}”，请按“09:00”的格式填写"
        return ""
    return f"{hour:02d}:{minute:02d}"
