"""Values of suggestion handling as the areas hand them out: a suggestion, a line of the
list, a step of its history, a reply letter and a rating."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NewType

from app.core import dates
from app.suggestions.rules import (
    ACTION_LABELS,
    KINDS,
    RATINGS,
    SOURCES,
    STATUSES,
    SUPERVISION_REASONS,
)

SuggestionId = NewType("SuggestionId", int)


@dataclass(frozen=True)
class Signer:
    deputy_id: int
    name: str
    role: str  # lead | co


@dataclass(frozen=True)
class UnitRole:
    unit_id: int
    name: str
    role: str  # lead | assist


@dataclass(frozen=True)
class Suggestion:
    id: SuggestionId
    uuid: str
    township_id: int
    term_id: int
    kind: str
    year: int
    seq: int
    number: str
    motion_number: str
    motion_seq: int
    title: str
    content: str
    proposal: str
    category: str
    source: str
    source_note: str
    received_date: str
    lead_deputy_id: int
    status: str
    round: int
    is_complex: bool
    is_key: bool
    lead_unit_id: int | None
    assigned_date: str
    reply_due: str
    deadline: str
    first_reply_date: str
    replied_on_time: int | None
    replied_date: str
    result_class: str
    consulted_date: str
    feedback_due: str
    closed_date: str
    meeting_id: int | None = None  # the congress session it was made at
    created_at: str = ""
    updated_at: str = ""
    signers: tuple[Signer, ...] = ()
    units: tuple[UnitRole, ...] = ()

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def source_label(self) -> str:
        return SOURCES[self.source]

    @property
    def lead_name(self) -> str:
        return next((s.name for s in self.signers if s.role == "lead"), "")

    @property
    def co_signers(self) -> list[Signer]:
        return [s for s in self.signers if s.role == "co"]

    @property
    def lead_unit_name(self) -> str:
        return next((u.name for u in self.units if u.role == "lead"), "")

    @property
    def assist_unit_names(self) -> list[str]:
        return [u.name for u in self.units if u.role == "assist"]


@dataclass(frozen=True)
class SuggestionRow:
    """One line of the list, with the names of linked records."""

    id: SuggestionId
    number: str
    kind: str
    title: str
    lead_name: str
    co_count: int
    category: str
    source: str
    status: str
    is_key: bool
    lead_unit_name: str
    received_date: str
    deadline: str
    result_class: str
    satisfaction: str  # worst result rating of the latest round: satisfied | basic | unsatisfied
    township_name: str
    replied_on_time: int | None
    co_signers: str = ""  # 附议代表, in their order, joined by 、
    replied_date: str = ""  # the latest reply (ISO)

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def satisfaction_label(self) -> str:
        return RATINGS.get(self.satisfaction, "")

    def due_state(self, today_iso: str, soon_iso: str) -> str:
        """overdue | due_soon | '' for a suggestion whose reply is owed."""
        from app.suggestions.rules import DUE_STATUSES

        if self.status not in DUE_STATUSES or not self.deadline:
            return ""
        if self.deadline < today_iso:
            return "overdue"
        return "due_soon" if self.deadline <= soon_iso else ""


@dataclass(frozen=True)
class Event:
    """One step of the handling: kept forever, shown in the timeline."""

    id: int
    suggestion_id: int
    action: str
    from_status: str
    to_status: str
    date: str
    operator: str
    note: str
    details: dict[str, Any]
    recorded_at: str

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.to_status, "")

    @property
    def description(self) -> str:
        """What happened, in a sentence the clerk reads in the timeline."""
        d = self.details
        parts: list[str] = []
        if self.action == "register":
            parts.append(f"{d.get('lead', '')}领衔")
            if d.get("co"):
                parts.append("附议：" + "、".join(d["co"]))
            parts.append(f"来源：{SOURCES.get(d.get('source', ''), '')}")
        elif self.action in ("assign", "reassign"):
            parts.append(f"主办：{d.get('lead_unit', '')}")
            if d.get("assist_units"):
                parts.append("协办：" + "、".join(d["assist_units"]))
            due = dates.format_date(d.get("reply_due", ""))
            parts.append(f"答复期限：{due}" + ("（复杂建议）" if d.get("complex") else ""))
        elif self.action in ("refuse", "give_back"):
            if d.get("unit"):
                parts.append(f"{d['unit']}退回")
            parts.append(f"理由：{d.get('reason', '')}")
        elif self.action == "start" and d.get("unit"):
            parts.append(f"{d['unit']}签收")
        elif self.action == "supervise":
            parts.append(SUPERVISION_REASONS.get(d.get("reason", ""), d.get("reason", "")))
            parts.append(d.get("method", ""))
            if d.get("new_deadline"):
                parts.append(f"限{dates.format_date(d['new_deadline'])}前答复")
        elif self.action in ("reply", "follow_up"):
            label = f"{d.get('class', '')}类（{d.get('class_label', '')}）"
            if d.get("previous_class"):
                label = f"由{d['previous_class']}类改为" + label
            parts.append(label)
            parts.append(f"{d.get('unit', '')}答复 {d.get('letters', 0)} 名代表")
            if d.get("late_days"):
                parts.append(f"超期 {d['late_days']} 天")
        elif self.action == "consult":
            parts.append(f"{dates.format_date(d.get('feedback_due', ''))}前收回征询意见表")
        elif self.action == "rate":
            for aspect, title in (("process", "办理过程"), ("result", "办理结果")):
                counts = d.get(aspect, {})
                text = "，".join(f"{RATINGS[c]} {counts[c]}" for c in RATINGS if counts.get(c))
                parts.append(f"{title}：{text}")
        elif self.action == "rehandle":
            parts.append(f"第 {d.get('round', 2)} 次办理")
            parts.append(f"限{dates.format_date(d.get('deadline', ''))}前重新答复")
        elif self.action == "convert":
            parts.append(f"原议案编号 {d.get('motion_number', '')}，建议编号 {d.get('number', '')}")
        elif self.action == "edit":
            parts.append("更正了：" + "、".join(d.get("fields", [])))
        return "；".join(p for p in parts if p)


@dataclass(frozen=True)
class Reply:
    id: int
    round: int
    kind: str  # reply | follow_up
    deputy_id: int
    deputy_name: str
    unit_name: str
    date: str
    result_class: str
    summary: str


@dataclass(frozen=True)
class Rating:
    id: int
    round: int
    deputy_id: int
    deputy_name: str
    process: str
    result: str
    comment: str
    date: str

    @property
    def process_label(self) -> str:
        return RATINGS[self.process]

    @property
    def result_label(self) -> str:
        return RATINGS[self.result]


@dataclass(frozen=True)
class SuggestionQuery:
    """What the list shows. None means no filter on that field."""

    text: str = ""
    township_id: int | None = None
    year: int | None = None
    status: str | None = None  # a status, "open" (not final) or "followed" (closed B/C)
    unit_id: int | None = None  # as lead or assisting unit
    category: str | None = None
    kind: str | None = None
    source: str | None = None
    deputy_id: int | None = None  # as lead or co-signer
    meeting_id: int | None = None  # made at this congress session
    due: str | None = None  # overdue | due_soon | flagged (either)
    key_only: bool = False
    sort: str = "registered"  # a key of app.suggestions.suggestions.SORT_KEYS
    descending: bool = True
