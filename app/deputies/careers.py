"""Résumé and award entries of a deputy (part ⑧ of the file: 获奖情况; the résumé of ①).

The registration form once kept both as free text (`deputies.resume`, `deputies.awards`).
Entries take over without losing what was typed: the text is parsed line by line into
entries, and every change of the entries writes the text anew, so forms and exports that
read the text stay right. If the text was changed elsewhere (the deputy dialog, an import,
the command line) it no longer matches the entries and is newer: it is parsed again."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core import dates
from app.core.chinese import clean_text, to_halfwidth
from app.core.errors import NotFound, ValidationError
from app.core.ids import DeputyId
from app.core.records import from_row, new_uuid, now_iso
from app.deputies.fields import FIELDS_BY_KEY

if TYPE_CHECKING:
    from app.office import Office

DASH = "—"
PRESENT = "至今"


@dataclass(frozen=True)
class ResumeEntry:
    start_date: str  # "1995-03" (or a day, or "")
    end_date: str  # "" means 至今 when there is a start
    text: str
    id: int | None = None
    uuid: str = ""

    @property
    def period(self) -> str:
        if not self.start_date:
            return ""
        end = _dotted(self.end_date) if self.end_date else PRESENT
        return f"{_dotted(self.start_date)}{DASH}{end}"

    def line(self) -> str:
        return f"{self.period}  {self.text}" if self.period else self.text


@dataclass(frozen=True)
class AwardEntry:
    date: str  # "2021", "2021-03" or "2021-03-05"
    title: str
    issuer: str = ""
    note: str = ""
    id: int | None = None
    uuid: str = ""

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    @property
    def date_label(self) -> str:
        return format_award_date(self.date)

    def line(self) -> str:
        text = self.title
        if self.date and not text.startswith(self.date[:4]):
            text = f"{self.date_label} {text}"
        return f"{text}（{self.issuer}）" if self.issuer else text


def _dotted(iso: str) -> str:
    return iso[:7].replace("-", ".")


def format_award_date(iso: str) -> str:
    return f"{iso}年" if len(iso) == 4 else dates.format_date(iso)


def parse_award_date(text: object) -> str:
    """'2021', '2021年', '2021年度', '2021.03', '2021-03-05' -> ISO (year, month or day)."""
    value = re.sub(r"\s+", "", to_halfwidth(clean_text(text)))
    if not value:
        return ""
    match = re.fullmatch(r"(\d{4})年?度?", value)
    if match:
        year = int(match.group(1))
        if not 1949 <= year <= 2100:
            raise dates.DateError(f"“{text}”不是有效年份，请检查")
        return match.group(1)
    return dates.parse_partial_date(value)


_PERIOD = re.compile(
    r"^\s*(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*月?\s*[—\-－~～至到]+\s*"
    r"(?:(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*月?|(至今|今))?\s*(.*)$"
)


def parse_resume(text: str) -> list[ResumeEntry]:
    """One entry per non-empty line; a line that does not start with a period keeps its
    whole text and no dates."""
    entries = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        match = _PERIOD.match(to_halfwidth(line))
        if match and 1 <= int(match.group(2)) <= 12 and match.group(6).strip():
            start = f"{match.group(1)}-{int(match.group(2)):02d}"
            end = ""
            if match.group(3) and 1 <= int(match.group(4)) <= 12:
                end = f"{match.group(3)}-{int(match.group(4)):02d}"
            entries.append(ResumeEntry(start, end, match.group(6).strip()))
        else:
            entries.append(ResumeEntry("", "", line))
    return entries


def parse_awards(text: str) -> list[AwardEntry]:
    """One award per non-empty line; a leading year (or year and month) becomes its date,
    the line stays the title as it was typed."""
    awards = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        match = re.match(r"^(\d{4})\s*[.\-/年]?\s*(?:(\d{1,2})\s*月)?", to_halfwidth(line))
        day = ""
        if match and 1949 <= int(match.group(1)) <= 2100:
            day = match.group(1)
            if match.group(2) and 1 <= int(match.group(2)) <= 12:
                day = f"{day}-{int(match.group(2)):02d}"
        awards.append(AwardEntry(day, line))
    return awards


def render_resume(entries: list[ResumeEntry]) -> str:
    return "\n".join(e.line() for e in entries)


def render_awards(entries: list[AwardEntry]) -> str:
    return "\n".join(a.line() for a in entries)


_KINDS: dict[str, dict[str, Any]] = {
    "resume": {
        "table": "resume_entries",
        "column": "resume",
        "record": ResumeEntry,
        "parse": parse_resume,
        "render": render_resume,
        "fields": ("start_date", "end_date", "text"),
        "when": "start_date",
    },
    "awards": {
        "table": "award_entries",
        "column": "awards",
        "record": AwardEntry,
        "parse": parse_awards,
        "render": render_awards,
        "fields": ("date", "title", "issuer", "note"),
        "when": "date",
    },
}


class Careers:
    """office.careers: the résumé and award entries of deputies."""

    def __init__(self, office: Office) -> None:
        self._office = office

    # ---- reading ----------------------------------------------------------------------

    def _stored(self, kind: str, deputy_id: int) -> list[Any]:
        spec = _KINDS[kind]
        rows = self._office.db.query(
            f"SELECT * FROM {spec['table']} WHERE deputy_id = ? ORDER BY position, id",
            [deputy_id],
        )
        return [from_row(spec["record"], row) for row in rows]

    def _text(self, kind: str, deputy_id: int) -> str:
        row = self._office.db.execute(
            f"SELECT {_KINDS[kind]['column']} FROM deputies WHERE id = ?", [deputy_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"找不到编号为 {deputy_id} 的代表")
        return row[0]

    def _effective(self, kind: str, deputy_id: int) -> list[Any]:
        spec = _KINDS[kind]
        stored = self._stored(kind, deputy_id)
        text = self._text(kind, deputy_id)
        if spec["render"](stored) == text:
            return stored
        return spec["parse"](text)

    def resume(self, deputy_id: int) -> list[ResumeEntry]:
        return self._effective("resume", deputy_id)

    def awards(self, deputy_id: int) -> list[AwardEntry]:
        return self._effective("awards", deputy_id)

    def awards_in_year(self, township_id: int, year: int) -> dict[DeputyId, list[AwardEntry]]:
        """Every deputy's awards dated in `year` (for the score and the yearly file)."""
        rows = self._office.db.execute(
            "SELECT id FROM deputies WHERE township_id = ? AND awards <> ''", [township_id]
        ).fetchall()
        found: dict[DeputyId, list[AwardEntry]] = {}
        for (deputy_id,) in rows:
            hits = [a for a in self.awards(deputy_id) if a.year == year]
            if hits:
                found[DeputyId(deputy_id)] = hits
        return found

    # ---- checking ---------------------------------------------------------------------

    @staticmethod
    def check_resume(values: dict[str, Any]) -> ResumeEntry:
        errors: dict[str, str] = {}
        parsed: dict[str, str] = {}
        for key in ("start_date", "end_date"):
            try:
                parsed[key] = dates.parse_partial_date(values.get(key) or "")[:7]
            except dates.DateError as exc:
                parsed[key] = ""
                errors[key] = str(exc)
            if parsed[key] and len(parsed[key]) == 10:
                parsed[key] = parsed[key][:7]
        text = clean_text(values.get("text"))
        if not text:
            errors["text"] = "请填写单位及职务（经历）"
        elif len(text) > 120:
            errors["text"] = "经历不能超过 120 个字，请分成几条"
        if parsed["end_date"] and not parsed["start_date"] and "start_date" not in errors:
            errors["start_date"] = "填了截止年月，也请填写起始年月"
        if (
            parsed["start_date"]
            and parsed["end_date"]
            and parsed["end_date"] < parsed["start_date"]
            and not errors.keys() & {"start_date", "end_date"}
        ):
            errors["end_date"] = "截止年月早于起始年月，请核对"
        if errors:
            raise ValidationError(errors)
        return ResumeEntry(parsed["start_date"], parsed["end_date"], text)

    @staticmethod
    def check_award(values: dict[str, Any]) -> AwardEntry:
        errors: dict[str, str] = {}
        try:
            day = parse_award_date(values.get("date") or "")
            if not day:
                errors["date"] = "请填写获奖时间，如 2025 或 2025-12"
        except dates.DateError as exc:
            day = ""
            errors["date"] = str(exc)
        if day and day > dates.today().isoformat()[: len(day)]:
            errors["date"] = "获奖时间不能晚于今天"
        title = clean_text(values.get("title"))
        if not title:
            errors["title"] = "请填写荣誉或奖励名称，如“2025年度溪山县优秀人大代表”"
        elif len(title) > 80:
            errors["title"] = "名称不能超过 80 个字"
        issuer = clean_text(values.get("issuer"))
        if len(issuer) > 40:
            errors["issuer"] = "授予单位不能超过 40 个字"
        if errors:
            raise ValidationError(errors)
        return AwardEntry(day, title, issuer, clean_text(values.get("note")))

    # ---- writing ----------------------------------------------------------------------

    def _write(self, kind: str, deputy_id: int, entries: list[Any]) -> list[Any]:
        """Store exactly these entries (keeping the uuids of those that have one) and the
        text they render to, in one transaction."""
        spec = _KINDS[kind]
        self._office.deputies.get(deputy_id)
        text = spec["render"](entries)
        limit = FIELDS_BY_KEY[spec["column"]].max_length
        if len(text) > limit:
            raise ValidationError({"text": f"合计不能超过 {limit} 个字，请精简"})
        fields = spec["fields"]
        with self._office.transaction() as db:
            kept = [e.id for e in entries if e.id is not None]
            db.execute(
                f"DELETE FROM {spec['table']} WHERE deputy_id = ?"
                f" AND id NOT IN ({', '.join('?' * len(kept))})",
                [deputy_id, *kept],
            )
            for position, entry in enumerate(entries):
                values = [getattr(entry, f) for f in fields]
                if entry.id is None:
                    db.execute(
                        f"INSERT INTO {spec['table']} (uuid, deputy_id, position,"
                        f" {', '.join(fields)}) VALUES (?, ?, ?{', ?' * len(fields)})",
                        [new_uuid(), deputy_id, position, *values],
                    )
                else:
                    db.execute(
                        f"UPDATE {spec['table']} SET position = ?,"
                        f" {', '.join(f'{f} = ?' for f in fields)} WHERE id = ?",
                        [position, *values, entry.id],
                    )
            db.execute(
                f"UPDATE deputies SET {spec['column']} = ?, updated_at = ? WHERE id = ?",
                [text, now_iso(), deputy_id],
            )
        return self._stored(kind, deputy_id)

    def _change(self, kind: str, deputy_id: int, index: int | None, entry: Any | None) -> list:
        """Replace (index, entry), append (None, entry) or delete (index, None) one entry
        of the list as shown. A new entry goes where its date puts it; the order of the
        others is the clerk's (old free text may hold undated lines in a meaningful place)."""
        from dataclasses import replace

        current = self._effective(kind, deputy_id)
        stored_ids = {e.id for e in self._stored(kind, deputy_id)}
        current = [e if e.id in stored_ids else replace(e, id=None) for e in current]
        if index is not None and not 0 <= index < len(current):
            raise NotFound("该条目已不存在，请刷新后重试")
        if entry is None and index is not None:
            del current[index]
        elif index is None and entry is not None:
            when = _KINDS[kind]["when"]
            new = getattr(entry, when)
            later = [i for i, e in enumerate(current) if new and getattr(e, when) > new]
            current.insert(later[0] if later else len(current), entry)
        elif index is not None and entry is not None:
            current[index] = replace(entry, id=current[index].id, uuid=current[index].uuid)
        return self._write(kind, deputy_id, current)

    def add_resume(self, deputy_id: int, **values: Any) -> list[ResumeEntry]:
        return self._change("resume", deputy_id, None, self.check_resume(values))

    def update_resume(self, deputy_id: int, index: int, **values: Any) -> list[ResumeEntry]:
        return self._change("resume", deputy_id, index, self.check_resume(values))

    def remove_resume(self, deputy_id: int, index: int) -> list[ResumeEntry]:
        return self._change("resume", deputy_id, index, None)

    def add_award(self, deputy_id: int, **values: Any) -> list[AwardEntry]:
        return self._change("awards", deputy_id, None, self.check_award(values))

    def update_award(self, deputy_id: int, index: int, **values: Any) -> list[AwardEntry]:
        return self._change("awards", deputy_id, index, self.check_award(values))

    def remove_award(self, deputy_id: int, index: int) -> list[AwardEntry]:
        return self._change("awards", deputy_id, index, None)
