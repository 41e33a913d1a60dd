"""Demo records of the work between sessions: two years of activities, monthly receptions
at every station, reports to voters, awards and the stations' "六有" checklists.

Runs once per township after its deputies (app.demo.demo_steps), also at county scale, so
it writes through the facade inside the demo's transaction and keeps to a few thousand
records per township."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta

from app.core import dates
from app.core.progress import Progress
from app.deputies.township import Township
from app.office import Office

INSPECTIONS = [
    "农村饮水安全工程建设情况视察",
    "农村公路建设和养护情况视察",
    "集镇环境卫生整治工作视察",
    "民生实事项目推进情况视察",
    "防汛抗旱和地质灾害防治工作视察",
    "义务教育学校建设情况视察",
]
SURVEYS = [
    "茶叶产业发展情况专题调研",
    "农村留守老人和儿童关爱服务工作调研",
    "乡村旅游发展情况专题调研",
    "农村生活垃圾治理情况调研",
    "村级集体经济发展情况调研",
]
LAW_CHECKS = [
    "《中华人民共和国食品安全法》贯彻实施情况检查",
    "《中华人民共和国森林法》执法检查",
    "《中华人民共和国道路交通安全法》执法检查",
    "《中华人民共和国水污染防治法》执法检查",
]
APPRAISED = ["镇农业综合服务中心", "镇卫生院", "镇财政所", "镇自然资源所", "镇社会事务综合服务中心"]
TRAININGS = ["代表履职能力培训班", "学习贯彻新修改的代表法专题培训", "县人大常委会代表履职培训"]
GROUP_THEMES = ["学习代表法", "收集选民意见建议", "视察组内民生项目", "开展“代表进站”接待活动"]
VISITS = [
    ("村里到镇上的公路坑洼多，雨天泥泞，希望尽快硬化。", "government", "镇交通站"),
    ("组里的自来水经常停水，夏天用水紧张。", "government", "镇水利站"),
    ("河堤有一段去年被冲垮了，汛期前能不能修好？", "government", "镇水利站"),
    ("孩子上学要走很远的山路，希望开通校车。", "government", "镇中心学校"),
    ("村卫生室医生不够，看个小病也要跑镇上。", "government", "镇卫生院"),
    ("低保评定不公开，希望张榜公示。", "village", ""),
    ("山塘淤积严重，灌溉用水不够。", "village", ""),
    ("村里路灯坏了好几个月没人修。", "village", ""),
    ("垃圾收运不及时，路边堆了很多垃圾。", "village", ""),
    ("城乡居民养老保险缴费标准怎么算？想了解一下。", "answered", ""),
    ("危房改造补助什么时候发放？", "answered", ""),
    ("退役军人优抚政策咨询。", "answered", ""),
    ("邻居建房占了我家的宅基地，希望帮忙调解。", "answered", ""),
    ("儿子在外地打工被拖欠工资，不知道怎么办。", "answered", ""),
    ("集镇农贸市场占道经营，上下学时段交通堵塞。", "upper", "县人大代表"),
    ("山区手机信号差，打电话要爬到山顶。", "upper", "县人大代表"),
    ("希望多组织农技培训，特别是茶叶病虫害防治。", "other", ""),
]
RESULTS = {
    "government": ["已列入明年建设计划", "已安排专人现场查看，正在处理", "已处理完毕"],
    "village": ["村委会已召开会议研究，本月内解决", "已处理完毕"],
    "upper": ["已转交县人大代表，由其向县有关部门反映"],
    "other": ["已转告镇农业综合服务中心，纳入下季度培训安排"],
    "answered": ["", "已当场解释政策，来访人表示理解"],
}
# A word of the problem -> the suggestion it became: (title, category).
SUGGESTED = (
    ("路", "关于硬化{village}通组公路的建议", "交通道路"),
    ("自来水", "关于解决{village}集中供水经常停水问题的建议", "饮水安全"),
    ("河堤", "关于汛期前修复{village}水毁河堤的建议", "水利设施"),
    ("上学", "关于为{village}偏远组学生开通校车的建议", "教育"),
    ("卫生室", "关于充实{village}卫生室医务人员的建议", "医疗卫生"),
)
NOT_WITHIN_POWERS = {
    "邻居建房占了我家的宅基地，希望帮忙调解。",
    "儿子在外地打工被拖欠工资，不知道怎么办。",
}


@dataclass
class _Person:
    id: int
    name: str
    station_id: int | None
    group_id: int | None
    is_township: bool
    is_county: bool
    ended: str  # the day the status ended, or ""
    zeal: float = 1.0  # how keen: keen deputies are picked more often, so scores spread


def build_activities_demo(
    office: Office, rng: random.Random, township: Township, progress: Progress
) -> None:
    # A generator of its own, seeded from the shared one without drawing from it, so the
    # townships built after this one stay the same whatever this step does.
    # (str() of the state's numbers: hash() of the state tuple differs between processes.)
    rng = random.Random(str(rng.getstate()[1][:16]))
    today = dates.today()
    term = office.terms.current(township.id)
    assert term is not None
    people = [
        _Person(
            r[0],
            r[1],
            r[2],
            r[3],
            bool(r[4]),
            bool(r[5]),
            r[6] if r[7] == "ended" else "",
            rng.uniform(0.15, 1.0),
        )
        for r in office.db.execute(
            "SELECT id, name, station_id, group_id, is_township_deputy, is_county_deputy,"
            " status_date, status FROM deputies WHERE term_id = ? ORDER BY name_strokes",
            [term.id],
        ).fetchall()
    ]
    years = [today.year - 1, today.year]
    first_day = max(date(years[0], 1, 1), dates.as_date(term.start_date))
    demo = _Demo(office, rng, township, people, first_day, today)
    for year in years:
        progress.check()
        demo.activities(year)
    progress.check()
    demo.receptions()
    demo.suggestions_from_receptions()
    demo.reports(dates.as_date(term.start_date))
    demo.awards(years)
    demo.checklists()


class _Demo:
    def __init__(
        self,
        office: Office,
        rng: random.Random,
        township: Township,
        people: list[_Person],
        first_day: date,
        today: date,
    ) -> None:
        self.office = office
        self.rng = rng
        self.township = township
        self.people = people
        self.first_day = first_day
        self.today = today

    def pick(self, people: list[_Person], k: int) -> list[_Person]:
        """k of them without repeats, the keen ones more likely (weighted reservoir)."""
        ranked = sorted(people, key=lambda p: self.rng.random() ** (1 / p.zeal))
        return ranked[len(ranked) - min(k, len(ranked)) :]

    def serving(self, day: date, *, county: bool = False) -> list[_Person]:
        iso = day.isoformat()
        return [
            p
            for p in self.people
            if (p.is_county if county else p.is_township) and not (p.ended and p.ended < iso)
        ]

    def day_in(self, year: int, month_from: int = 1, month_to: int = 12) -> date | None:
        start = max(date(year, month_from, 1), self.first_day)
        end_month = date(year, month_to, 28)
        end = min(end_month, self.today)
        if end < start:
            return None
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def add_activity(self, day: date | None, **values: object) -> None:
        if day is None:
            return
        deputies = values.pop("deputies")
        activity = self.office.activities.add(
            township_id=self.township.id,
            date=day.isoformat(),
            deputy_ids=[p.id for p in deputies],  # type: ignore[attr-defined]
            **values,
        )
        if self.township.is_home and activity.kind == "视察" and self.rng.random() < 0.5:
            self.office.attachments.add(
                owner_kind="activity",
                owner_uuid=activity.uuid,
                file_name="活动照片.jpg",
                data=activity_photo(self.rng),
            )

    def activities(self, year: int) -> None:
        rng, t = self.rng, self.township.name
        for topic in rng.sample(INSPECTIONS, 4):
            day = self.day_in(year)
            if day:
                who = self.pick(self.serving(day), rng.randint(8, 15))
                self.add_activity(
                    day,
                    kind="视察",
                    topic=f"{t}{topic}",
                    place=f"{t}各村（社区）",
                    deputies=who,
                    plan=f"组织部分代表对{t}{topic[:-2]}开展视察，听取政府有关部门汇报，实地查看。",
                    summary=_summary(rng, topic),
                )
        for kind, topics in (("专题调研", SURVEYS), ("执法检查", LAW_CHECKS)):
            for topic in rng.sample(topics, 2):
                day = self.day_in(year)
                if day:
                    self.add_activity(
                        day,
                        kind=kind,
                        topic=topic,
                        deputies=self.pick(self.serving(day), rng.randint(6, 10)),
                        summary=_summary(rng, topic),
                    )
        unit = rng.choice(APPRAISED)
        day = self.day_in(year, 6, 11)
        if day:
            self.add_activity(
                day,
                kind="工作评议",
                topic=f"对{unit}的工作评议",
                deputies=self.pick(self.serving(day), rng.randint(10, 16)),
                appraised_unit=unit,
                appraisal_result=rng.choice(["满意", "满意", "基本满意"]),
                follow_up=f"{unit}针对评议意见制定了整改清单，"
                f"已落实整改措施 {rng.randint(3, 6)} 项。",
                summary=f"听取了{unit}的工作汇报，"
                f"代表现场测评并提出意见建议 {rng.randint(5, 12)} 条。",
            )
        for topic in rng.sample(TRAININGS, 2):
            day = self.day_in(year)
            if day:
                serving = self.serving(day)
                self.add_activity(
                    day,
                    kind="学习培训",
                    topic=f"{year}年{topic}",
                    organiser_kind="other",
                    organiser="县人大常委会",
                    deputies=self.pick(serving, int(len(serving) * rng.uniform(0.6, 0.9))),
                )
        # Group activities are the meetings demo's group meetings (会议 of kind 小组活动).
        for _ in range(rng.randint(6, 10)):
            day = self.day_in(year)
            if day:
                who = self.pick(self.serving(day), rng.randint(1, 3))
                village = (
                    self.office.stations.get(who[0].station_id).village if who[0].station_id else ""
                )
                self.add_activity(
                    day,
                    kind="走访选民",
                    topic=f"走访{village or '所在选区'}群众，收集意见建议",
                    deputies=who,
                )
        for number in range(2):
            day = self.day_in(year, number * 6 + 1, number * 6 + 6)
            if day:
                county = self.serving(day, county=True)
                self.add_activity(
                    day,
                    kind="列席县级会议",
                    topic=f"列席县人大常委会第{rng.randint(10, 40)}次会议",
                    organiser_kind="other",
                    organiser="县人大常委会",
                    deputies=rng.sample(county, min(len(county), rng.randint(1, 3))),
                )

    def receptions(self) -> None:
        """Every station receives once a month (on a working day of its choosing)."""
        rng = self.rng
        stations = self.office.stations.list(self.township.id)
        month = date(self.first_day.year, self.first_day.month, 1)
        while month <= self.today:
            for station in stations:
                day = month + timedelta(days=rng.randint(0, 25))
                if day > self.today or day < self.first_day:
                    continue
                serving = self.serving(day)
                own = [p for p in serving if p.station_id == station.id] or serving
                on_duty = self.pick(own, rng.choice([1, 2, 2, 3]))
                items = [
                    self.visitor(station.village, day) for _ in range(rng.choice([0, 1, 1, 2, 3]))
                ]
                start = rng.choice(["08:30", "09:00", "14:30"])
                self.office.receptions.add(
                    township_id=self.township.id,
                    station_id=station.id,
                    date=day.isoformat(),
                    start_time=start,
                    end_time=f"{int(start[:2]) + 2:02d}:{start[3:]}",
                    deputy_ids=[p.id for p in on_duty],
                    items=items,
                )
            month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)

    def suggestions_from_receptions(self) -> None:
        """Some problems raised at the stations became deputies' suggestions."""
        from app.duties.reception_suggestions import draft, make_suggestion

        rows = self.office.db.execute(
            "SELECT i.id, i.content, r.date, i.village FROM reception_items i JOIN receptions r"
            " ON r.id = i.reception_id WHERE r.township_id = ? AND i.handling = 'government'"
            " ORDER BY r.date, i.id",
            [self.township.id],
        ).fetchall()
        for item_id, content, day, village in self.rng.sample(rows, min(6, len(rows))):
            start = draft(self.office, item_id)
            match = next((m for m in SUGGESTED if m[0] in content), None)
            gone = {p.id for p in self.people if p.ended}  # only serving deputies propose
            if start.lead_deputy_id in (None, *gone) or match is None:
                continue
            received = min(dates.as_date(day) + timedelta(days=self.rng.randint(2, 10)), self.today)
            suggestion = make_suggestion(
                self.office,
                item_id,
                lead_deputy_id=start.lead_deputy_id,
                title=match[1].format(village=village or "本村"),
                category=match[2],
                received_date=received.isoformat(),
            )
            self.hand_over(suggestion.id, received)

    def hand_over(self, suggestion_id: int, received: date) -> None:
        """Accepted and assigned within days, as the office would (those received in the
        last days wait for the next 交办)."""
        assigned = received + timedelta(days=self.rng.randint(3, 5))
        if assigned > self.today or self.office.mode == "county":
            return  # a county database only holds what townships reported
        # The unit that usually handles this category here, else the first one.
        unit = self.office.db.execute(
            "SELECT u.id FROM handling_units u LEFT JOIN suggestions s ON s.lead_unit_id = u.id"
            " AND s.category = (SELECT category FROM suggestions WHERE id = ?)"
            " WHERE u.township_id = ? AND u.active = 1 GROUP BY u.id"
            " ORDER BY count(s.id) DESC, u.position, u.id LIMIT 1",
            [suggestion_id, self.township.id],
        ).fetchone()
        if unit is None:
            return
        suggestions = self.office.suggestions
        step = {"today": self.today}
        suggestions.accept(suggestion_id, date=assigned.isoformat(), **step)
        suggestions.assign(suggestion_id, lead_unit_id=unit[0], date=assigned.isoformat(), **step)
        # Those of earlier months were answered in time, rated and closed.
        started = assigned + timedelta(days=self.rng.randint(3, 7))
        replied = started + timedelta(days=self.rng.randint(30, 70))
        consulted = replied + timedelta(days=3)
        rated = consulted + timedelta(days=self.rng.randint(5, 15))
        closed = rated + timedelta(days=2)
        if closed > self.today:
            if started <= self.today:
                suggestions.start(suggestion_id, date=started.isoformat(), **step)
            return
        suggestions.start(suggestion_id, date=started.isoformat(), **step)
        result = self.rng.choice(["A", "A", "B"])
        suggestions.reply(
            suggestion_id,
            result_class=result,
            summary="已列入计划，正在组织实施" if result == "B" else "已组织实施，问题已解决",
            date=replied.isoformat(),
            **step,
        )
        suggestions.consult(suggestion_id, date=consulted.isoformat(), **step)
        signers = suggestions.get(suggestion_id).signers
        suggestions.rate(
            suggestion_id,
            ratings={x.deputy_id: ("满意", self.rng.choice(["满意", "基本满意"])) for x in signers},
            date=rated.isoformat(),
            **step,
        )
        suggestions.close(suggestion_id, date=closed.isoformat(), **step)

    def visitor(self, village: str, day: date) -> dict[str, object]:
        rng = self.rng
        content, handling, forwarded = rng.choice(VISITS)
        gender = rng.choice(["男", "男", "女"])
        surname = rng.choice("王李张刘陈杨黄吴周罗唐谭彭曾肖田向石龙")
        given = rng.choice("建国秀英德明桂兰春生玉华金花志强冬梅")
        feedback = ""
        if handling != "answered" and rng.random() < 0.8:
            done = day + timedelta(days=rng.randint(5, 40))
            feedback = done.isoformat() if done <= self.today else ""
        return {
            "visitor_name": surname + given,
            "visitor_gender": gender,
            "visitor_age": str(rng.randint(28, 78)),
            "contact": f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            "village": village,
            "content": content,
            "within_powers": content not in NOT_WITHIN_POWERS,
            "handling": handling,
            "forwarded_to": forwarded or (village if handling == "village" else ""),
            "result": rng.choice(RESULTS[handling]) if feedback or handling == "answered" else "",
            "feedback_date": feedback,
            "feedback_way": rng.choice(["电话", "上门", "当面"]) if feedback else "",
        }

    def reports(self, term_start: date) -> None:
        """About three in four deputies have reported this term, some twice."""
        rng = self.rng
        earliest = max(term_start + timedelta(days=180), date(self.today.year - 3, 1, 1))
        for person in self.people:
            if not person.is_township or rng.random() > 0.5 + person.zeal / 2:
                continue
            for _ in range(rng.choice([1, 1, 1, 2])):
                last = self.today if not person.ended else dates.as_date(person.ended)
                if last <= earliest:
                    continue
                day = earliest + timedelta(days=rng.randint(0, (last - earliest).days))
                voters = rng.randint(50, 120)
                ballots = voters - rng.randint(0, 5)
                unsatisfied = rng.randint(0, max(1, ballots // 20))
                basic = rng.randint(0, ballots // 3)
                station = self.office.stations.get(person.station_id) if person.station_id else None
                self.office.voter_reports.add(
                    township_id=self.township.id,
                    deputy_id=person.id,
                    date=day.isoformat(),
                    place=_meeting_room(station.village) if station else "镇人民政府会议室",
                    voters_present=voters,
                    satisfied=ballots - basic - unsatisfied,
                    basically_satisfied=basic,
                    unsatisfied=unsatisfied,
                )

    def awards(self, years: list[int]) -> None:
        rng = self.rng
        county = self.township.county or "县"
        for person in rng.sample(self.people, max(2, len(self.people) // 12)):
            year = rng.choice(years[:1])  # last year's awards are given in its first months
            self.office.careers.add_award(
                person.id,
                date=str(year),
                title=rng.choice(
                    [
                        f"{year}年度{county}优秀人大代表",
                        f"{year}年度{self.township.name}优秀人大代表",
                    ]
                ),
                issuer=f"{county}人大常委会",
            )

    def checklists(self) -> None:
        items = self.office.reference.values("station_checklist")
        for index, station in enumerate(self.office.stations.list(self.township.id)):
            done = len(items) if index == 0 else self.rng.randint(len(items) - 3, len(items))
            marks = {item: (i < done, "") for i, item in enumerate(items)}
            self.office.receptions.set_checklist(station.id, marks)


def _meeting_room(village: str) -> str:
    committee = "居民委员会" if village.endswith("社区") else "村民委员会"
    return f"{village}{committee}会议室"


def _summary(rng: random.Random, topic: str) -> str:
    points = rng.randint(3, 8)
    subject = topic[:-2] if topic.endswith(("视察", "调研", "检查")) else topic
    return (
        f"代表们实地察看了{rng.randint(3, 6)}个点，听取了有关部门的情况汇报，"
        f"围绕{subject}提出意见建议 {points} 条，"
        "已形成报告交镇人民政府研究办理。"
    )


def activity_photo(rng: random.Random) -> bytes:
    """A plain picture standing for a photo of the activity (the demo has no real ones)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (190, 215, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 210, 480, 320), fill=(120, 160, 90))
    for i in range(rng.randint(4, 7)):
        x = 40 + i * 60
        draw.ellipse((x, 150, x + 26, 176), fill=(236, 200, 170))
        draw.rectangle((x - 4, 176, x + 30, 250), fill=(40, 40, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
