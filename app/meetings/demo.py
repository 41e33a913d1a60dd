"""Demo meetings of a township: two years of sessions (two a year), quarterly presidium
meetings and group activities, with realistic attendance (some leave, rare absences),
resolutions, and one livelihood-project vote with its progress and rating.

Runs per township after its deputies (app.demo.demo_steps), also at county scale, so it
goes through the facade but keeps the number of calls small."""

from __future__ import annotations

import random
from datetime import date, timedelta

from app.core import dates
from app.core.progress import Progress
from app.deputies.township import Township
from app.meetings.attendance import LEAVE_KINDS
from app.meetings.meetings import Meeting
from app.meetings.rules import quorum_needed
from app.office import Office

LEAVE_REASONS = {
    "事假": ["外出务工", "家中有事", "参加县里培训", "外出办理合作社业务", "子女婚事"],
    "病假": ["住院治疗", "身体不适", "术后康复"],
}
SESSION_AGENDA = [
    ("听取和审议{t}人民政府工作报告", "{t}长"),
    ("听取和审议{t}人大主席团工作报告", "人大主席"),
    ("审查和批准{t}财政预算执行情况和预算草案的报告", "财政所所长"),
    ("听取代表建议、批评和意见办理情况的报告", "人大副主席"),
]
SESSION_RESOLUTIONS = [
    "关于{t}人民政府工作报告的决议",
    "关于{t}人大主席团工作报告的决议",
    "关于{t}财政预算的决议",
]
PRESIDIUM_AGENDA = [
    ("研究代表建议办理工作", "人大副主席"),
    ("听取民生实事项目推进情况汇报", "{t}人民政府副{t1}长"),
    ("研究部署下季度代表活动", "人大主席"),
]
GROUP_TOPICS = [
    "视察农村饮水安全工程",
    "集中接待选民",
    "调研人居环境整治",
    "学习代表法",
    "视察通村公路建设",
    "调研农业产业发展",
]
PROJECTS = [
    ("集镇污水管网改造", 380, "镇村建设办"),
    ("桃源村至石桥村通村公路提质", 260, "交通站"),
    ("中心小学运动场改造", 150, "中心学校"),
    ("卫生院发热门诊建设", 120, "卫生院"),
    ("农村安全饮水巩固提升", 210, "水利站"),
    ("集镇农贸市场升级", 300, "市场监管所"),
    ("山塘清淤整治二十口", 90, "水利站"),
    ("村级养老服务站建设", 80, "民政办"),
    ("集镇路灯亮化", 60, "镇村建设办"),
    ("垃圾中转站改造", 140, "环卫站"),
    ("高标准农田建设一千亩", 450, "农业综合服务中心"),
    ("村卫生室标准化建设", 70, "卫生院"),
    ("便民服务中心改造", 95, "党政办"),
    ("集镇停车场建设", 180, "镇村建设办"),
    ("河道护岸修复", 220, "水利站"),
    ("农村危房改造", 130, "镇村建设办"),
    ("幼儿园扩建", 260, "中心学校"),
    ("油茶低改五百亩", 75, "农业综合服务中心"),
    ("村组道路安保工程", 110, "交通站"),
    ("文化广场建设", 85, "综合文化站"),
]


def demo_meetings(
    office: Office, rng: random.Random, township: Township, progress: Progress
) -> None:
    """Two years of meetings of one township, up to today."""
    # Draw from a copy: the steps after this one get the same random stream whether or
    # not meetings are in the demo, so their demo data (and tests) do not shift.
    own = random.Random()
    own.setstate(rng.getstate())
    rng = own
    term = office.terms.current(township.id)
    if term is None:
        return
    today = dates.today()
    chair = _chair_name(office, term.id)
    absent_once: set[int] = set()
    place = f"{township.name}人民政府三楼会议室"
    for year in (today.year - 1, today.year):
        progress.check()
        sessions = []
        for month, day in (
            (rng.choice([1, 2, 3]), rng.randint(8, 25)),
            (rng.choice([8, 9, 10]), rng.randint(8, 25)),
        ):
            when = date(year, month, day)
            if when >= today:
                continue
            meeting = office.meetings.add(
                term_id=term.id,
                kind="session",
                start_date=when.isoformat(),
                start_time="08:30",
                end_date=(when + timedelta(days=1)).isoformat(),
                end_time="12:00",
                place=place,
                chair="大会主席团",
                recorder="人大办公室",
            )
            _agenda(office, meeting, township, SESSION_AGENDA)
            _attend(office, rng, meeting, leave_share=0.06, absent_once=absent_once)
            _observers(office, rng, meeting, township)
            _resolutions(office, rng, meeting, township)
            _minutes(office, meeting, township)
            office.meetings.mark_held(meeting.id)
            sessions.append(meeting)
        for quarter in range(4):
            when = date(year, quarter * 3 + 2, rng.randint(5, 25))
            if when >= today:
                continue
            meeting = office.meetings.add(
                term_id=term.id,
                kind="presidium",
                start_date=when.isoformat(),
                start_time="09:00",
                end_time="11:30",
                place=f"{township.name}人大主席团办公室",
                chair=chair,
                recorder="人大办公室",
            )
            _agenda(office, meeting, township, PRESIDIUM_AGENDA)
            _attend(office, rng, meeting, leave_share=0.08, absent_once=None)
            _minutes(office, meeting, township)
            office.meetings.mark_held(meeting.id)
        for group in office.groups.list(term.id):
            for quarter in range(4):
                when = date(year, quarter * 3 + rng.randint(1, 3), rng.randint(3, 27))
                if when >= today or rng.random() < 0.1:
                    continue
                meeting = office.meetings.add(
                    term_id=term.id,
                    kind="group",
                    group_id=group.id,
                    start_date=when.isoformat(),
                    start_time="14:30",
                    end_time="17:00",
                    place=f"{group.name.removesuffix('代表小组')}片区代表活动室",
                    chair=_leader(office, group.leader_id),
                )
                topic = rng.choice(GROUP_TOPICS)
                office.meetings.add_agenda_items(meeting.id, [(topic, meeting.chair)])
                _attend(office, rng, meeting, leave_share=0.12, absent_once=None)
                office.meetings.set_minutes(
                    meeting.id,
                    minutes=f"{group.name}组织代表{topic}。代表们实地察看、座谈交流，"
                    "梳理群众反映的问题，形成意见建议提交主席团。",
                )
                office.meetings.mark_held(meeting.id)
        if year == today.year - 1 and sessions:
            _project_vote(office, rng, sessions[0], sessions[-1], year, today)


def _chair_name(office: Office, term_id: int) -> str:
    row = office.db.execute(
        "SELECT name FROM deputies WHERE term_id = ? AND presidium_role = 'chair'", [term_id]
    ).fetchone()
    return row[0] if row else ""


def _leader(office: Office, leader_id: int | None) -> str:
    return office.deputies.get(leader_id).name if leader_id else ""


def _agenda(
    office: Office, meeting: Meeting, township: Township, items: list[tuple[str, str]]
) -> None:
    t, t1 = township.name, township.name[-1]
    office.meetings.add_agenda_items(
        meeting.id, [(title.format(t=t, t1=t1), who.format(t=t1, t1=t1)) for title, who in items]
    )


def _attend(
    office: Office,
    rng: random.Random,
    meeting: Meeting,
    *,
    leave_share: float,
    absent_once: set[int] | None,
) -> None:
    attendance = office.meetings.attendance
    ids = attendance.expected_ids(meeting.id)
    attendance.set_status(meeting.id, ids, "present")
    on_leave = [i for i in ids if rng.random() < leave_share]
    if meeting.applies_quorum:  # a real office reschedules rather than miss the quorum
        on_leave = on_leave[: max(0, len(ids) - quorum_needed(len(ids)) - 1)]
    for deputy_id in on_leave:
        kind = rng.choice(LEAVE_KINDS)
        attendance.set_leave(
            meeting.id,
            deputy_id,
            kind=kind,
            reason=rng.choice(LEAVE_REASONS[kind]),
            approved_by="主席团" if meeting.kind == "session" else "人大主席",
            date=(
                dates.as_date(meeting.start_date) - timedelta(days=rng.randint(1, 5))
            ).isoformat(),
        )
    # A rare unapproved absence, never twice for the same deputy (that would end their status).
    if absent_once is not None and rng.random() < 0.5:
        candidates = [i for i in ids if i not in on_leave and i not in absent_once]
        if candidates:
            deputy_id = rng.choice(candidates)
            absent_once.add(deputy_id)
            attendance.set_status(meeting.id, [deputy_id], "absent")


def _observers(office: Office, rng: random.Random, meeting: Meeting, township: Township) -> None:
    t1 = township.name[-1]
    for name, unit in rng.sample(
        [
            ("刘建华", f"{township.name}党委书记"),
            ("周志刚", f"{township.name}人民政府副{t1}长"),
            ("杨秀兰", f"{township.name}财政所所长"),
            ("覃国庆", "县人大常委会代表工作委员会干部"),
            ("向明", f"{township.name}派出所所长"),
        ],
        rng.randint(2, 4),
    ):
        office.meetings.attendance.add_observer(meeting.id, name=name, unit=unit)


def _resolutions(office: Office, rng: random.Random, meeting: Meeting, township: Township) -> None:
    counts = office.meetings.attendance.counts(meeting.id)
    for title in SESSION_RESOLUTIONS:
        against = rng.choice([0, 0, 0, 1])
        abstain = rng.choice([0, 0, 1, 2])
        office.meetings.resolutions.add(
            meeting.id,
            title=title.format(t=township.name),
            text=f"{meeting.title}审议并批准该报告。",
            votes_for=counts.present - against - abstain,
            votes_against=against,
            votes_abstain=abstain,
        )


def _minutes(office: Office, meeting: Meeting, township: Township) -> None:
    counts = office.meetings.attendance.counts(meeting.id)
    items = "；".join(
        f"{i}. {a.title}" for i, a in enumerate(office.meetings.agenda(meeting.id), 1)
    )
    office.meetings.set_minutes(
        meeting.id,
        minutes=f"{meeting.title}于{dates.format_date(meeting.start_date)}在{meeting.place}举行。"
        f"{counts.summary}，符合法定人数。\n会议议程：{items}。\n"
        "与会人员认真审议，充分发表意见，会议圆满完成各项议程。",
    )


def _project_vote(
    office: Office, rng: random.Random, session: Meeting, last: Meeting, year: int, today: date
) -> None:
    projects = office.meetings.projects
    vote = projects.open_vote(session.id, places=10)
    for name, investment, unit in PROJECTS:
        projects.add_candidate(
            vote.id,
            name=name,
            investment=investment,
            description=f"{name}，总投资约 {investment} 万元，{year}年内完成。",
            planned_completion=f"{year}-{rng.randint(9, 12):02d}",
            lead_unit=unit,
        )
    counts = office.meetings.attendance.counts(session.id)
    present, need = counts.present, counts.majority_needed
    # Ten clear winners above the majority of all deputies, ten well below it, all counts
    # distinct (no tie at the last place) and within what ten marks per ballot allow.
    while True:
        high = rng.sample(range(need, present + 1), 10)
        low = rng.sample(range(present // 20, present // 4), 10)
        if sum(high) + sum(low) <= present * 10:
            break
    candidates = projects.candidates(vote.id)
    shuffled = rng.sample(candidates, len(candidates))
    votes = {p.id: n for p, n in zip(shuffled, high + low, strict=True)}
    projects.record_results(vote.id, votes)
    start = dates.as_date(session.start_date)
    for project in projects.elected(year=year, township_id=session.township_id):
        for step, percent in ((60, 30), (150, 70), (250, 100)):
            day = start + timedelta(days=step + rng.randint(0, 20))
            if day >= today:
                break
            done = percent == 100 and rng.random() < 0.85
            projects.add_progress(
                project.id,
                date=day.isoformat(),
                status="completed" if done else "in_progress",
                percent=100 if done else min(percent, 95),
                note="已完成并通过验收" if done else "按计划推进",
            )
        rating_day = date(year, 12, 20)
        if rating_day < today:
            expected = office.meetings.attendance.counts(last.id).present
            unsatisfied = rng.randint(0, 3)
            basic = rng.randint(3, 12)
            projects.rate(
                project.id,
                satisfied=expected - basic - unsatisfied,
                basic=basic,
                unsatisfied=unsatisfied,
                date=rating_day.isoformat(),
            )
