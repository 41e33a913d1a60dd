"""Deputy groups' yearly plan and summary (代表小组年度活动计划、工作总结). Seed: "帮助代表
小组制定活动计划". One record per group and year; scans hang on it as attachments
(owner_kind "group_plan"). Missing plans and summaries are reminded (app/plans/reminders.py)
and counted in the county's comparison (app/plans/county_figures.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core import dates
from app.core.errors import NotFound, ValidationError
from app.core.records import from_row, new_uuid, now_iso
from app.duties import record_checks as check

if TYPE_CHECKING:
    from app.office import Office

ATTACHMENT_KIND = "group_plan"
TEXT_MAX = 20_000


@dataclass(frozen=True)
class GroupYear:
    """A group's plan and summary of a year (empty texts: not written yet)."""

    group_id: int
    group_name: str
    year: int
    id: int | None = None
    uuid: str = ""
    plan: str = ""
    plan_date: str = ""
    summary: str = ""
    summary_date: str = ""
    members: int = 0

    @property
    def has_plan(self) -> bool:
        return bool(self.plan.strip())

    @property
    def has_summary(self) -> bool:
        return bool(self.summary.strip())

    @property
    def state_label(self) -> str:
        parts = ["有计划" if self.has_plan else "缺计划"]
        parts.append("有总结" if self.has_summary else "缺总结")
        return "，".join(parts)


class GroupPlans:
    """office.group_plans"""

    def __init__(self, office: Office) -> None:
        self._office = office

    def year(self, year: int, *, term_id: int | None = None) -> list[GroupYear]:
        """Every group of the term with its plan and summary of `year`, by name."""
        tid = term_id or self._office.current_term_id()
        rows = self._office.db.query(
            "SELECT g.id AS group_id, g.name AS group_name, ? AS year, p.id, p.uuid,"
            " coalesce(p.plan, '') AS plan, coalesce(p.plan_date, '') AS plan_date,"
            " coalesce(p.summary, '') AS summary, coalesce(p.summary_date, '') AS summary_date,"
            " (SELECT count(*) FROM deputies d WHERE d.group_id = g.id) AS members"
            " FROM deputy_groups g"
            " LEFT JOIN group_year_plans p ON p.group_id = g.id AND p.year = ?"
            " WHERE g.term_id = ? ORDER BY g.name",
            [year, year, tid],
        )
        return [from_row(GroupYear, r) for r in rows]

    def get(self, group_id: int, year: int) -> GroupYear:
        group = self._office.groups.get(group_id)
        found = [g for g in self.year(year, term_id=group.term_id) if g.group_id == group_id]
        if not found:
            raise NotFound(f"找不到编号为 {group_id} 的代表小组")
        return found[0]

    def save(
        self,
        group_id: int,
        year: int,
        *,
        plan: str | None = None,
        plan_date: str | None = None,
        summary: str | None = None,
        summary_date: str | None = None,
    ) -> GroupYear:
        """Write the plan and/or the summary (None leaves a part as it is)."""
        current = self.get(group_id, year)
        errors: dict[str, str] = {}
        values = {
            "plan": current.plan if plan is None else plan,
            "plan_date": current.plan_date if plan_date is None else plan_date,
            "summary": current.summary if summary is None else summary,
            "summary_date": current.summary_date if summary_date is None else summary_date,
        }
        clean = {
            "plan": check.long_text(errors, "plan", values["plan"], label="活动计划",
                                    limit=TEXT_MAX),
            "summary": check.long_text(errors, "summary", values["summary"], label="工作总结",
                                       limit=TEXT_MAX),
        }  # fmt: skip
        for key in ("plan_date", "summary_date"):
            clean[key] = check.day(errors, key, values[key])
            if (
                clean[key]
                and key not in errors
                and clean[key][:4] not in (str(year - 1), str(year), str(year + 1))
            ):
                errors[key] = f"日期不在{year}年前后，请核对：这是{year}年的计划和总结"  # fmt: skip
        if clean["plan"] and not clean["plan_date"] and "plan_date" not in errors:
            clean["plan_date"] = dates.today().isoformat()
        if clean["summary"] and not clean["summary_date"] and "summary_date" not in errors:
            clean["summary_date"] = dates.today().isoformat()
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute(
                "INSERT INTO group_year_plans (uuid, group_id, year, plan, plan_date, summary,"
                " summary_date) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, year)"
                " DO UPDATE SET plan = excluded.plan, plan_date = excluded.plan_date,"
                " summary = excluded.summary, summary_date = excluded.summary_date,"
                " updated_at = ?",
                [new_uuid(), group_id, year, clean["plan"], clean["plan_date"],
                 clean["summary"], clean["summary_date"], now_iso()],
            )  # fmt: skip
        return self.get(group_id, year)

    def missing(self, year: int, *, summaries: bool = False) -> list[GroupYear]:
        """The groups of the current term without a plan (or a summary) for `year`."""
        groups = self.year(year)
        if summaries:
            return [g for g in groups if not g.has_summary]
        return [g for g in groups if not g.has_plan]
