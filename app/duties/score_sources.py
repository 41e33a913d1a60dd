"""The duty score's sources of this area: activities, receptions on duty at a liaison
station, reports to voters and awards. Each turns a township's records of one year into
events that name the record that earned them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.ids import DeputyId
from app.duties.scoring import RuleSpec, ScoreEvent, ScoreSource
from app.duties.voter_reports import verdict

if TYPE_CHECKING:
    from app.office import Office

# DOMAIN.md §6: +3 per inspection or survey; the rest in proportion.
ACTIVITY_POINTS = {
    "视察": (3, None),
    "专题调研": (3, None),
    "执法检查": (3, None),
    "工作评议": (3, None),
    "学习培训": (1, 4),
    "小组活动": (2, None),
    "走访选民": (1, 6),
    "列席县级会议": (2, None),
    "为民办实事": (2, None),  # the seeds count them ("办理实事好事781件"); added by app/plans
}
OTHER_ACTIVITY = (1, None)


def activity_label(kind: str) -> str:
    if kind in ("走访选民", "列席县级会议", "为民办实事"):
        return kind
    if kind == "学习培训":  # one whose hours are recorded counts by its hours (app/plans)
        return "学习培训（未填学时的按次）"
    if kind == "其他":
        return "参加其他代表活动"
    return f"参加{kind}"


def _year(year: int) -> list[str]:
    return [f"{year}-01-01", f"{year + 1}-01-01"]


def _activity_rules(office: Office) -> list[RuleSpec]:
    kinds = office.reference.values("activity_kinds")
    used = [
        r[0]
        for r in office.db.execute("SELECT DISTINCT kind FROM activities ORDER BY kind").fetchall()
    ]
    specs = []
    for kind in [*kinds, *[k for k in used if k not in kinds]]:
        points, cap = ACTIVITY_POINTS.get(kind, OTHER_ACTIVITY)
        specs.append(RuleSpec("activity", kind, activity_label(kind), points, cap))
    return specs


def _activity_events(office: Office, township_id: int, year: int) -> list[ScoreEvent]:
    rows = office.db.execute(
        "SELECT ad.deputy_id, a.kind, a.date, a.id, a.topic FROM activity_deputies ad"
        " JOIN activities a ON a.id = ad.activity_id"
        " WHERE a.township_id = ? AND a.date >= ? AND a.date < ?",
        [township_id, *_year(year)],
    ).fetchall()
    return [
        ScoreEvent(DeputyId(d), "activity", kind, day, "activity", aid, f"{kind}：{topic}")
        for d, kind, day, aid, topic in rows
    ]


def _reception_events(office: Office, township_id: int, year: int) -> list[ScoreEvent]:
    rows = office.db.execute(
        "SELECT rd.deputy_id, r.date, r.id, s.name,"
        " (SELECT count(*) FROM reception_items WHERE reception_id = r.id)"
        " FROM reception_deputies rd JOIN receptions r ON r.id = rd.reception_id"
        " JOIN liaison_stations s ON s.id = r.station_id"
        " WHERE r.township_id = ? AND r.date >= ? AND r.date < ?",
        [township_id, *_year(year)],
    ).fetchall()
    return [
        ScoreEvent(
            DeputyId(d),
            "reception",
            "",
            day,
            "reception",
            rid,
            f"在{station}接待选民（来访 {visitors} 人次）"
            if visitors
            else f"在{station}坐班接待选民",
        )
        for d, day, rid, station, visitors in rows
    ]


def _report_events(office: Office, township_id: int, year: int) -> list[ScoreEvent]:
    rows = office.db.execute(
        "SELECT deputy_id, date, id, place, satisfied, basically_satisfied, unsatisfied"
        " FROM voter_reports WHERE township_id = ? AND date >= ? AND date < ?",
        [township_id, *_year(year)],
    ).fetchall()
    return [
        ScoreEvent(
            DeputyId(d),
            "voter_report",
            "",
            day,
            "voter_report",
            rid,
            f"在{place}向选民述职，测评结果：{verdict(s, b, u)}",
        )
        for d, day, rid, place, s, b, u in rows
    ]


def _award_events(office: Office, township_id: int, year: int) -> list[ScoreEvent]:
    events = []
    for deputy_id, awards in office.careers.awards_in_year(township_id, year).items():
        for award in awards:
            # An award known by its year alone counts at the year's end.
            day = award.date if len(award.date) == 10 else f"{award.date}-01"[:10]
            if len(award.date) == 4:
                day = f"{year}-12-31"
            events.append(
                ScoreEvent(
                    deputy_id, "award", "", day, "deputy_awards", deputy_id, f"获得{award.title}"
                )
            )
    return events


ACTIVITY = ScoreSource("代表活动", _activity_rules, _activity_events)
RECEPTION = ScoreSource(
    "接待选民",
    lambda _office: [RuleSpec("reception", "", "在联络站（点）坐班接待选民", 1, 6)],
    _reception_events,
)
VOTER_REPORT = ScoreSource(
    "向选民述职",
    lambda _office: [RuleSpec("voter_report", "", "向选民述职", 5, 5)],
    _report_events,
)
AWARD = ScoreSource(
    "表彰奖励",
    lambda _office: [RuleSpec("award", "", "获得表彰奖励", 5, 10)],
    _award_events,
)


def _suggestion_events(office: Office, township_id: int, year: int) -> list[ScoreEvent]:
    """Every signer of a suggestion or motion received in the year; a refused or withdrawn
    one earns nothing."""
    rows = office.db.execute(
        "SELECT ss.deputy_id, s.kind, ss.role, s.received_date, s.id, s.number, s.title"
        " FROM suggestion_signers ss JOIN suggestions s ON s.id = ss.suggestion_id"
        " WHERE s.township_id = ? AND s.year = ?"  # the year it was received, indexed
        " AND s.status NOT IN ('refused', 'withdrawn')",
        [township_id, year],
    ).fetchall()
    return [
        ScoreEvent(
            DeputyId(d),
            kind,
            role,
            day,
            "suggestion",
            sid,
            f"{'领衔' if role == 'lead' else '附议'}{'议案' if kind == 'motion' else '建议'}"
            f" {number}：{title}",
        )
        for d, kind, role, day, sid, number, title in rows
    ]


SUGGESTION = ScoreSource(
    "建议、议案",
    lambda _office: [
        RuleSpec("suggestion", "lead", "领衔提出建议", 3),
        RuleSpec("suggestion", "co", "附议建议", 1, 5),
        RuleSpec("motion", "lead", "领衔提出议案", 5),
        RuleSpec("motion", "co", "附议议案", 2),
    ],
    _suggestion_events,
)


# Attendance of held meetings: (kind, attendance status) -> default rule. DOMAIN.md §6 names
# the deduction for leave from a session; the rest follows the same scale.
MEETING_RULES = (
    ("session", "present", "出席人民代表大会会议", 1, None),
    ("session", "leave", "人代会请假（每次）", -1, None),
    ("session", "absent", "人代会无故缺席", -3, None),
    ("presidium", "present", "出席主席团会议", 0.5, None),
    ("presidium", "absent", "主席团会议无故缺席", -1, None),
    ("group", "present", "参加代表小组会议", 1, None),
    ("group", "absent", "代表小组会议无故缺席", -1, None),
    ("other", "present", "参加其他会议", 0.5, 4),
)


def _meeting_events(office: Office, township_id: int, year: int) -> list[ScoreEvent]:
    """Each deputy's attendance at the meetings held in the year; kinds of attendance
    without a rule (leave from a group meeting …) count nothing and are not listed."""
    ruled = {f"{kind}_{status}" for kind, status, *_rest in MEETING_RULES}
    rows = office.db.execute(
        "SELECT a.deputy_id, m.kind, a.status, m.start_date, m.id, m.title"
        " FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id"
        " WHERE m.township_id = ? AND m.status = 'held'"
        " AND a.deputy_id IS NOT NULL AND m.start_date >= ? AND m.start_date < ?",
        [township_id, *_year(year)],
    ).fetchall()
    labels = {"present": "出席", "leave": "请假", "absent": "缺席"}
    return [
        ScoreEvent(
            DeputyId(d),
            "meeting",
            f"{kind}_{status}",
            day,
            "meeting",
            mid,
            f"{title}（{labels[status]}）",
        )
        for d, kind, status, day, mid, title in rows
        if f"{kind}_{status}" in ruled
    ]


MEETING = ScoreSource(
    "会议",
    lambda _office: [
        RuleSpec("meeting", f"{kind}_{status}", label, points, cap)
        for kind, status, label, points, cap in MEETING_RULES
    ],
    _meeting_events,
)
