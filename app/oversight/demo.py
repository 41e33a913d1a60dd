"""Demo oversight of a township: each demo year the spring session votes on which offices
to appraise and the chosen ones go through every stage (the latest still rectifying), one
township leader reports on his or her duties to the deputies, and every session's review
opinions are sent to the government, most answered, some overdue. Everything is written
through office.appraisals and office.opinions, with the checks a clerk's input gets."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.core import dates
from app.duties.activities import ActivityQuery
from app.duties.receptions import ReceptionQuery
from app.meetings.meetings import MeetingQuery

if TYPE_CHECKING:
    from app.core.progress import Progress
    from app.deputies.township import Township
    from app.meetings.meetings import MeetingRow
    from app.office import Office

CANDIDATES = [
    "镇农业综合服务中心",
    "镇卫生院",
    "镇财政所",
    "镇自然资源所",
    "镇社会事务综合服务中心",
    "镇综合行政执法队",
]
LEADERS = [("副镇长", "周建华"), ("副镇长", "吴𠮷芳"), ("镇长", "郑国强")]
REPORTS = [
    (
        "镇人民政府工作报告",
        "一、加快集镇污水管网建设，年内完成主管网铺设。\n"
        "二、加强农村公路养护，明确管护主体和资金来源。\n三、提高农村饮水安全保障水平。",
    ),
    (
        "财政预算执行情况和财政预算草案的报告",
        "一、压减一般性支出，严控“三公”经费。\n二、加大对民生实事项目的投入，资金及时足额拨付。",
    ),
    (
        "代表建议办理情况的报告",
        "一、对列入计划逐步解决的建议，明确办理时限。\n"
        "二、加强与领衔代表的沟通，办理前见面、办理中沟通、办理后回访。",
    ),
]
FEEDBACK = "已召开专题会议研究，制定了落实方案，已完成 {done} 项，其余 {left} 项正在推进。"


def demo_oversight(
    office: Office, rng: random.Random, township: Township, progress: Progress
) -> None:
    """The oversight step of the demo (app.demo.demo_steps)."""
    rng = random.Random(str(rng.getstate()[1][:16]) + "oversight")
    today = dates.today()
    sessions = sorted(
        office.meetings.list(MeetingQuery(township_id=township.id, kind="session")),
        key=lambda m: m.start_date,
    )
    sessions = [m for m in sessions if m.start_date <= today.isoformat()]
    for index, session in enumerate(sessions):
        progress.check()
        later = sessions[index + 1] if index + 1 < len(sessions) else None
        # The first opinion of the latest session waits for its answer; the second of the
        # session before it was never answered and is overdue.
        unanswered = {0} if later is None else {1} if index == len(sessions) - 2 else set()
        _opinions(office, rng, township, session, later, today, unanswered)
    _projects(office, rng, township, today)
    years = sorted({m.start_date[:4] for m in sessions})
    for year in years:
        spring = next(m for m in sessions if m.start_date[:4] == year)
        latest = year == years[-1]
        _appraisals(office, rng, township, spring.id, spring.start_date, today, latest=latest)
        _duty_appraisal(office, rng, township, int(year), today, latest=latest)


def _day(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()


def _opinions(
    office: Office,
    rng: random.Random,
    township: Township,
    session: MeetingRow,
    later: MeetingRow | None,
    today: date,
    unanswered: set[int],
) -> None:
    meeting_id, held = session.id, session.start_date
    for n, (topic, content) in enumerate(rng.sample(REPORTS, 2)):
        sent = _day(held, rng.randint(5, 12))
        if sent > today.isoformat():
            continue
        opinion = office.opinions.add(
            township_id=township.id,
            source="meeting",
            meeting_id=meeting_id,
            topic=topic,
            content=content,
            sent_date=sent,
        )
        if n in unanswered:
            continue
        answered = _day(opinion.deadline, -rng.randint(3, 20))
        if answered > today.isoformat():
            continue
        office.opinions.record_feedback(
            opinion.id,
            date=answered,
            feedback=FEEDBACK.format(done=rng.randint(2, 4), left=rng.randint(0, 2)),
        )
        if later is not None and later.start_date <= today.isoformat():
            office.opinions.close(
                opinion.id,
                date=max(later.start_date, answered),
                verdict=rng.choice(["done", "done", "partly"]),
                reported_meeting_id=later.id,
            )


def _tally(rng: random.Random, voters: int, good: float) -> dict[str, int]:
    returned = voters - rng.randint(0, 2)
    counted = returned - rng.randint(0, 1)
    satisfied = int(counted * good)
    basic = int((counted - satisfied) * rng.uniform(0.5, 0.8))
    return {
        "issued": voters,
        "returned": returned,
        "satisfied": satisfied,
        "basic": basic,
        "unsatisfied": counted - satisfied - basic,
    }


def _appraisals(
    office: Office,
    rng: random.Random,
    township: Township,
    session_id: int,
    held: str,
    today: date,
    *,
    latest: bool,
) -> None:
    voters = len(office.meetings.attendance.expected_ids(session_id))
    # A 乡 has 乡 offices: 乡卫生院, not 镇卫生院.
    level = township.name[-1] if township.name[-1] in "乡镇" else "镇"
    candidates = [c.replace("镇", level, 1) for c in rng.sample(CANDIDATES, 4)]
    votes = {
        c: int(voters * share) for c, share in zip(candidates, (0.8, 0.65, 0.35, 0.15), strict=True)
    }
    chosen = office.appraisals.choose_by_vote(session_id, votes, places=2, total=voters)
    year = int(held[:4])
    inspections = office.activities.rows(
        office.activities.search(ActivityQuery(township_id=township.id, year=year))
    )
    for n, a in enumerate(chosen):
        start = _day(held, 20 + 30 * n)
        plan = {
            "mobilize": start,
            "survey": _day(start, 45),
            "review": _day(start, 100),
            "rating": _day(start, 100),
            "rectify": _day(start, 200),
        }
        appraisals = office.appraisals
        appraisals.update(
            a.id,
            plan=f"按照“动员、调查、评议、测评、整改”五个环节，组织代表对{a.subject}"
            "依法履职、服务群众、作风建设等情况开展工作评议，促进其改进工作。",
        )
        appraisals.plan_stages(a.id, plan)
        if plan["mobilize"] > today.isoformat():
            continue
        appraisals.set_stage(
            a.id,
            "mobilize",
            done_date=plan["mobilize"],
            record=f"印发《关于开展对{a.subject}工作评议的实施方案》，召开动员会。",
        )
        window = (plan["mobilize"], plan["survey"])
        linked = [
            r.id
            for r in inspections
            if r.kind in ("视察", "专题调研") and window[0] <= r.date <= window[1]
        ]
        linked += [r.id for r in inspections if r.kind == "工作评议" and a.subject in r.topic]
        heard = office.receptions.search(ReceptionQuery(township_id=township.id, year=year))
        visits = [r.id for r in office.receptions.rows(heard) if window[0] <= r.date <= window[1]]
        appraisals.link(a.id, {"activities": linked[:3], "receptions": visits[:4]})
        if plan["survey"] > today.isoformat():
            continue
        appraisals.set_stage(
            a.id,
            "survey",
            done_date=plan["survey"],
            record=f"代表分组走访服务对象 {rng.randint(20, 60)} 户，召开座谈会 {rng.randint(2, 4)} "
            f"次，收集意见建议 {rng.randint(10, 30)} 条。",
        )
        if plan["review"] > today.isoformat():
            continue
        appraisals.set_stage(
            a.id,
            "review",
            done_date=plan["review"],
            record=f"{a.subject}负责人报告工作，代表逐一发言评议。",
        )
        members = max(voters // 2, 12)
        a = appraisals.record_rating(
            a.id,
            date=plan["review"],
            place="镇人民政府三楼会议室",
            **_tally(rng, members, rng.uniform(0.45, 0.75)),
        )
        sent = _day(plan["review"], 7)
        if sent > today.isoformat():
            continue
        appraisals.send_rectification(
            a.id,
            sent_date=sent,
            content=f"一、{a.subject}服务群众的主动性有待加强，请建立走访服务对象制度。\n"
            "二、办事流程不够公开，请在便民服务中心公示办事指南和时限。\n"
            "三、对代表调查中收集的意见建议逐条研究，限期整改。",
        )
        # The latest year's second appraisal is still rectifying.
        if latest and n == 1:
            continue
        answered = _day(sent, rng.randint(60, 85))
        if answered > today.isoformat():
            continue
        appraisals.record_feedback(
            a.id,
            date=answered,
            feedback=f"{a.subject}制定了整改清单，逐项明确责任人和时限，"
            f"已完成整改 {rng.randint(4, 8)} 项。",
        )
        checked = _day(answered, 30)
        if checked > today.isoformat():
            continue
        appraisals.record_check(
            a.id, date=checked, note="代表回访服务对象，整改情况基本属实，群众反映较好。"
        )
        appraisals.close(a.id, date=_day(checked, 5), verdict="done", note="整改到位，评议结束。")


def _duty_appraisal(
    office: Office, rng: random.Random, township: Township, year: int, today: date, *, latest: bool
) -> None:
    post, name = LEADERS[year % len(LEADERS)]
    a = office.appraisals.add(
        township_id=township.id,
        kind="duty",
        subject=name,
        post=post,
        year=year,
        plan="听取述职报告，代表测评，提出意见。",
    )
    report = f"{year}-09-20"
    if report > today.isoformat():
        office.appraisals.set_stage(a.id, "review", planned_date=report)
        return
    office.appraisals.set_stage(
        a.id, "review", done_date=report, record=f"{post}{name}向代表报告履职情况。"
    )
    office.appraisals.record_rating(a.id, date=report, **_tally(rng, 40, rng.uniform(0.6, 0.8)))
    sent = _day(report, 10)
    if sent > today.isoformat():
        return
    office.appraisals.send_rectification(
        a.id,
        sent_date=sent,
        content="一、加强对分管领域安全生产的督促检查。\n二、多深入村组听取群众意见。",
    )
    if latest:
        return
    answered = _day(sent, 70)
    office.appraisals.record_feedback(a.id, date=answered, feedback="已逐项落实。")
    office.appraisals.close(a.id, date=_day(answered, 10), verdict="done")


def _projects(office: Office, rng: random.Random, township: Township, today: date) -> None:
    """The presidium presses one unfinished livelihood project a year (民生实事督办)."""
    unfinished = [
        p for p in office.meetings.projects.elected(township_id=township.id) if p.percent_done < 100
    ]
    for project in unfinished[:2]:
        sent = (today - timedelta(days=rng.randint(20, 150))).isoformat()
        opinion = office.opinions.add(
            township_id=township.id,
            source="project",
            project_id=project.id,
            topic="民生实事项目督办",
            recipient=project.lead_unit or "镇人民政府",
            content=f"“{project.name}”进度滞后于计划，请查明原因，倒排工期，按期完成。",
            sent_date=sent,
        )
        if opinion.deadline < today.isoformat() and rng.random() < 0.5:
            office.opinions.record_feedback(
                opinion.id, date=opinion.deadline, feedback="已倒排工期，增加施工力量。"
            )
