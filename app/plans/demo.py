"""Demo work plans: for each demo year a plan adopted at the year's first presidium
meeting, whose items are the sessions, presidium meetings and activities the demo already
holds (so most items are done, linked to their records), each quarter's group activities
marked done by hand, a round of reports to voters, a few items left undone in months that
have passed (the reminders show them) and some still to come."""

from __future__ import annotations

import random
from datetime import date, timedelta

from app.core import dates
from app.core.errors import ValidationError
from app.core.progress import Progress
from app.deputies.deputies import DeputyQuery
from app.deputies.township import Township
from app.duties.activities import ActivityQuery
from app.meetings.meetings import MeetingQuery
from app.office import Office
from app.plans.rules import ACTIVITY_KINDS, month_end

PRESIDIUM_SUBJECTS = [
    "审议确定{y}年镇人大工作要点，研究代表建议交办工作",
    "听取民生实事项目推进情况汇报，研究部署代表视察活动",
    "听取代表建议办理情况汇报，研究下半年代表活动",
    "研究筹备人民代表大会有关事项，审议主席团工作报告（草稿）",
]
LEADS = ["人大主席", "人大副主席", "人大主席团", "人大办公室"]
UNDONE = [
    (4, "survey", "农村集体经济发展情况专题调研", "人大副主席"),
    (6, "law_check", "《中华人民共和国安全生产法》贯彻实施情况执法检查", "人大主席团"),
]
# Still to come: (months after this one, kind, subject, lead); December's presidium
# meeting prepares next year's plan.
COMING = [
    (0, "training", "全镇人大代表集中学习培训（代表法、履职知识）", "人大办公室"),
    (0, "inspection", "视察冬季森林防火和安全生产工作", "人大副主席"),
    (1, "survey", "农村人居环境整治情况专题调研", "人大副主席"),
    (2, "appraisal", "对镇便民服务中心开展工作评议", "人大主席团"),
]
YEAR_END = ("presidium", "研究{n}年镇人大工作要点（草案），听取代表建议办理情况汇报", "人大主席")


def demo_plans(office: Office, rng: random.Random, township: Township, progress: Progress) -> None:
    """A work plan for last year and this year."""
    own = random.Random()
    own.setstate(rng.getstate())
    rng = own
    if office.terms.current(township.id) is None:
        return
    today = dates.today()
    plans = office.plans
    tid = township.id
    for year in (today.year - 1, today.year):
        progress.check()
        plan = plans.create(year=year, township_id=tid)
        meetings = sorted(
            office.meetings.list(MeetingQuery(year=year, township_id=tid)),
            key=lambda m: m.start_date,
        )
        presidium = [m for m in meetings if m.kind == "presidium"]
        if presidium:
            plans.adopt(plan.id, meeting_id=presidium[0].id)
        quarter = 0
        for m in meetings:
            if m.kind == "session":
                subject = "召开" + m.title.removeprefix(township.name)
                lead = "人大主席团"
            elif m.kind == "presidium":
                subject = PRESIDIUM_SUBJECTS[quarter % len(PRESIDIUM_SUBJECTS)].format(y=year)
                quarter += 1
                lead = "人大主席"
            else:
                continue
            item = plans.add_item(
                year=year, township_id=tid, month=m.start_date[5:7], kind=m.kind,
                subject=subject, lead=lead,
            )  # fmt: skip
            plans.link(item.id, meeting_id=m.id)
        wanted = set(ACTIVITY_KINDS.values())
        codes = {label: code for code, label in ACTIVITY_KINDS.items()}
        ids = office.activities.search(ActivityQuery(year=year, township_id=tid))
        for a in sorted(office.activities.rows(ids), key=lambda r: r.date):
            if a.kind not in wanted or rng.random() < 0.25:
                continue  # some activities came up during the year, unplanned
            item = plans.add_item(
                year=year, township_id=tid, month=a.date[5:7], kind=codes[a.kind],
                subject=a.topic, lead=rng.choice(LEADS),
            )  # fmt: skip
            plans.link(item.id, activity_id=a.id)
        for q in range(4):
            month = q * 3 + 3
            item = plans.add_item(
                year=year, township_id=tid, month=month, kind="group",
                subject=f"各代表小组开展第{'一二三四'[q]}季度活动", lead="各代表小组组长",
            )  # fmt: skip
            end = month_end(year, month)
            if end < today:
                plans.mark_done(item.id, date=end.isoformat(), note="各代表小组均已开展活动")
        report = plans.add_item(
            year=year, township_id=tid, month=10, kind="voter_report",
            subject="组织部分代表向原选区选民述职", lead="人大办公室",
        )  # fmt: skip
        if year < today.year:
            plans.mark_done(report.id, date=date(year, 10, 28).isoformat(), note="8 名代表述职")
        if year == today.year:
            for month, kind, subject, lead in UNDONE:
                if month < today.month:
                    plans.add_item(
                        year=year, township_id=tid, month=month, kind=kind,
                        subject=subject, lead=lead,
                    )  # fmt: skip
            for ahead, kind, subject, lead in COMING:
                if today.month + ahead <= 12:
                    plans.add_item(
                        year=year, township_id=tid, month=today.month + ahead, kind=kind,
                        subject=subject, lead=lead,
                    )  # fmt: skip
            kind, subject, lead = YEAR_END
            plans.add_item(
                year=year, township_id=tid, month=12, kind=kind,
                subject=subject.format(n=year + 1), lead=lead,
            )  # fmt: skip


# (kind, days, calendar): markets by the solar and the lunar calendar, and weekdays.
CYCLES = [
    ("market", "369", "solar"),
    ("market", "147", "lunar"),
    ("market", "258", "solar"),
    ("weekday", "135", "solar"),
]


def demo_duty_roster(
    office: Office, rng: random.Random, township: Township, progress: Progress
) -> None:
    """Each liaison station of the home township on a market-day cycle (one by the lunar
    calendar, 逢农历一四七; one on weekdays), its deputies taking turns: last month, this
    month and next (within the term)."""
    if not township.is_home or office.terms.current(township.id) is None:
        return
    today = dates.today()
    months = []
    for step in (-1, 0, 1):
        index = today.year * 12 + today.month - 1 + step
        months.append((index // 12, index % 12 + 1))
    roster = office.duty_roster
    for n, station in enumerate(office.stations.list(township.id)):
        progress.check()
        kind, days, calendar = CYCLES[n % len(CYCLES)]
        roster.set_cycle(
            station.id, kind=kind, days=days, calendar=calendar, per_day=2,
            start_time="09:00", end_time="12:00",
        )  # fmt: skip
        if not roster.station_deputies(station.id):
            continue
        for year, month in months:
            try:
                roster.make_month(station.id, year, month)
            except ValidationError:
                continue  # no duty day left in the term that month


GROUP_PLAN = (
    "一、每季度至少开展一次小组活动，围绕{focus}开展视察、调研。\n"
    "二、组织小组代表每月到联络站坐班接待选民，收集意见建议。\n"
    "三、年中组织部分代表向原选区选民述职。\n"
    "四、认真学习代表法，参加镇人大组织的集中培训。"
)
GROUP_SUMMARY = (
    "全年开展小组活动四次，视察调研{focus}等工作，提出建议{n}件；"
    "小组代表坐班接待选民{m}人次，均已登记办理。"
)
FOCUS = ["农村饮水安全", "通村公路建设", "人居环境整治", "农业产业发展", "集镇建设", "养老服务"]
GOOD_DEEDS = [
    ("为{v}孤寡老人修缮房屋", "房屋已修缮完毕，老人入住"),
    ("帮助{v}村民联系销售滞销柑橘两万斤", "柑橘全部售出"),
    ("自筹资金为{v}修复组级道路三百米", "道路已通车"),
    ("为{v}留守儿童捐赠学习用品", "惠及学生三十余名"),
    ("协调解决{v}灌溉用水纠纷", "双方达成协议"),
    ("帮助{v}困难户申请临时救助", "救助金已发放"),
]


def demo_group_plans_and_deeds(
    office: Office, rng: random.Random, township: Township, progress: Progress
) -> None:
    """Groups' plans and summaries (last year complete, this year's plans but one), and
    some 为民办实事 by deputies."""
    own = random.Random()
    own.setstate(rng.getstate())
    rng = own
    term = office.terms.current(township.id)
    if term is None:
        return
    today = dates.today()
    groups = office.groups.list(term.id)
    for n, group in enumerate(groups):
        focus = FOCUS[n % len(FOCUS)]
        for year in (today.year - 1, today.year):
            if year == today.year and n == len(groups) - 1:
                continue  # one group still without this year's plan: the reminder shows it
            summary = (
                GROUP_SUMMARY.format(focus=focus, n=rng.randint(2, 6), m=rng.randint(20, 60))
                if year < today.year
                else ""
            )
            office.group_plans.save(
                group.id,
                year,
                plan=GROUP_PLAN.format(focus=focus),
                plan_date=date(year, 2, rng.randint(10, 28)).isoformat(),
                summary=summary,
                summary_date=date(year, 12, 28).isoformat() if summary else "",
            )
    villages = [s.village for s in office.stations.list(township.id) if s.village] or ["本镇"]
    serving = [
        d.id
        for d in office.deputies.rows(
            office.deputies.search(DeputyQuery(term_id=term.id, status="serving"))
        )
    ]
    if not serving:
        return
    for k in range(8):
        progress.check()
        deed, result = GOOD_DEEDS[k % len(GOOD_DEEDS)]
        village = rng.choice(villages)
        day = today - timedelta(days=rng.randint(5, 500))
        if day.isoformat() < term.start_date:
            continue
        office.activities.add(
            township_id=township.id,
            kind="为民办实事",
            date=day.isoformat(),
            topic=deed.format(v=village),
            place=village,
            organiser_kind="other",
            organiser="代表本人",
            deputy_ids=[rng.choice(serving)],
            summary=result,
        )


def demo_training_hours(
    office: Office, rng: random.Random, township: Township, progress: Progress
) -> None:
    """Mode and hours of most of the demo's trainings (one left for the clerk to fill)."""
    if not township.is_home:
        return
    today = dates.today()
    for year in (today.year - 1, today.year):
        trainings = office.trainings.year(year)
        for n, t in enumerate(trainings):
            if year == today.year and n == len(trainings) - 1:
                continue
            mode = "集中培训" if n % 3 != 2 else "线上自学"
            office.trainings.set(
                t.activity_id,
                mode=mode,
                hours=rng.choice([4, 6, 8]) if mode == "集中培训" else 2,
                organiser_level="county" if n % 2 else "township",
            )
