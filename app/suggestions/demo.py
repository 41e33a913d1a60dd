"""Demo suggestions: two years of a township's suggestions in every state of handling.

Each suggestion is first planned as the steps a clerk would record (立案, 交办, 退回 …,
with dates), walking the rules' table: a step is planned only if the rules allow it from
the state reached, and planning stops at today. A township's plans then go through the
facade, exactly as the GUI records them. A county's (about 5,000 a township, 100,000 in
all, for the benchmarks) are written in bulk by `BulkWriter` (demo_writer.py), which
produces the same rows as the facade would: tests/app/suggestions/test_demo_suggestions.py
checks that, plan by plan.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from app.core import dates
from app.suggestions.deadlines import add_months
from app.suggestions.demo_texts import (
    REASONS,
    REPLY_SUMMARIES,
    TOPICS,
    UNITS,
    UNSATISFIED_COMMENTS,
    Topic,
)
from app.suggestions.demo_writer import BulkWriter
from app.suggestions.rules import (
    ACTION_BY_KEY,
    MOTION_MIN_SIGNERS,
    STATUSES,
    SUPERVISION_METHODS,
    Snapshot,
    outcome_of_ratings,
    refusal,
)

if TYPE_CHECKING:
    from app.core.progress import Progress
    from app.deputies.township import Township
    from app.office import Office

TOWNSHIP_PER_YEAR = 36
COUNTY_PER_TOWNSHIP = 5_000
CLERKS = ("陈秀兰", "刘敏", "张丽华", "王芳")


@dataclass
class Plan:
    """One suggestion as the clerk will record it: registration, then its steps."""

    kind: str
    signers: list[int]
    topic: Topic
    title: str
    content: str
    proposal: str
    source: str
    source_note: str
    received: str
    is_complex: bool
    operator: str
    steps: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


@dataclass
class _Context:
    rng: random.Random
    today: date
    township: str
    villages: list[str]
    deputies: list[int]
    units: dict[str, int]  # UNITS key -> unit id
    months: int
    complex_months: int
    rehandle_months: int
    classes: list[str]


class _Planner:
    """Walks one suggestion through the rules with realistic delays, up to today."""

    def __init__(self, ctx: _Context, plan: Plan, force: frozenset[str] = frozenset()) -> None:
        self.ctx = ctx
        self.plan = plan
        self.force = force  # paths this one must take: wrong_unit, unhappy, refuse, withdraw
        self.snap = Snapshot(kind=plan.kind, status="registered")
        self.day = date.fromisoformat(plan.received)
        self.deadline: date | None = None
        self.result = ""

    def step(self, action: str, after_days: int = 0, **inputs: Any) -> bool:
        """Plan `action` `after_days` later if the rules allow it and the day has come."""
        day = self.day + timedelta(days=after_days)
        if day > self.ctx.today or refusal(self.snap, action) is not None:
            return False
        self.day = day
        self.plan.steps.append((action, day.isoformat(), inputs))
        target = ACTION_BY_KEY[action].target(self.snap.status)
        if action == "rate":
            target = outcome_of_ratings([v[:2] for v in inputs["ratings"].values()])
        self.snap = Snapshot(
            kind="suggestion" if action == "convert" else self.snap.kind,
            status=target,
            round=self.snap.round + (action == "rehandle"),
            is_key=(self.snap.is_key or action == "mark_key") and action != "unmark_key",
            result_class=inputs.get("result_class", self.snap.result_class),
            solved_class=self.ctx.classes[0],
        )
        return True

    def run(self, assign_day: date | None) -> None:
        rng = self.ctx.rng
        if self.plan.kind == "motion":
            if "agenda" in self.force:
                self.step("to_agenda", rng.randint(1, 3), note="主席团会议决定列入大会议程")
                return
            if not self.step("convert", rng.randint(1, 3), note="主席团会议决定作为建议办理"):
                return
        elif "refuse" in self.force or rng.random() < 0.04:
            self.step("refuse", rng.randint(1, 4), reason=rng.choice(_REFUSALS))
            return
        elif not self.step("accept", rng.randint(0, 3)):
            return
        if "withdraw" in self.force or rng.random() < 0.02:
            self.step("withdraw", rng.randint(1, 10), note="代表书面提出撤回，问题已自行解决")
            return
        if not self._assign(assign_day):
            return
        if rng.random() < 0.08:
            self.step("mark_key", 0, note="主席团会议确定为重点督办建议")
        self.step("start", rng.randint(1, 5))
        self._handle(first=True)

    def _assign(self, assign_day: date | None) -> bool:
        rng, topic, units = self.ctx.rng, self.plan.topic, self.ctx.units
        wait = (assign_day - self.day).days if assign_day else rng.randint(1, 4)
        wrong = "wrong_unit" in self.force or rng.random() < 0.08
        first = topic.wrong_unit if wrong else topic.unit
        assist = []
        if rng.random() < 0.25:
            assist = [units[rng.choice([k for k in units if k not in (topic.unit, first)])]]
        if not self.step(
            "assign",
            max(wait, 0),
            lead_unit_id=units[first],
            assist_unit_ids=assist,
            is_complex=self.plan.is_complex,
        ):
            return False
        if wrong:
            reason = f"该事项不属于本单位职责，建议交{self.ctx.township}{UNITS[topic.unit][0]}办理"
            if not self.step("give_back", rng.randint(2, 8), reason=reason):
                return False
            if not self.step(
                "reassign",
                rng.randint(1, 5),
                lead_unit_id=units[topic.unit],
                assist_unit_ids=assist,
                is_complex=self.plan.is_complex,
            ):
                return False
        months = self.ctx.complex_months if self.plan.is_complex else self.ctx.months
        self.deadline = add_months(self.day, months)
        return True

    def _handle(self, *, first: bool) -> None:
        rng = self.ctx.rng
        assert self.deadline is not None
        today = self.ctx.today
        late = rng.random() < 0.12
        if today - timedelta(days=120) < self.deadline < today and rng.random() < 0.5:
            # Recently due: often still unanswered (逾期), as in any real office.
            late, reply_day = True, today + timedelta(days=rng.randint(5, 40))
        elif late:
            reply_day = self.deadline + timedelta(days=rng.randint(5, 70))
        else:
            span = max((self.deadline - self.day).days, 10)
            reply_day = self.day + timedelta(days=rng.randint(span // 4, span - 2))
        if self.snap.is_key and first:
            check = self.day + timedelta(days=rng.randint(25, 45))
            if check < reply_day:
                self.step(
                    "supervise",
                    (check - self.day).days,
                    reason="key",
                    method="现场督办",
                    note="实地查看办理进展，督促按期答复",
                )
        if late and today > self.deadline + timedelta(days=3):
            urge = self.deadline + timedelta(days=rng.randint(3, 10))
            if urge < reply_day:
                new_deadline = urge + timedelta(days=rng.randint(15, 30))
                self.step(
                    "supervise",
                    max((urge - self.day).days, 0),
                    reason="overdue",
                    method=rng.choice(SUPERVISION_METHODS[:2]),
                    new_deadline=new_deadline.isoformat(),
                    note="已超过答复期限，限期答复",
                )
        classes = self.ctx.classes
        if first:
            index = rng.choices(range(3), weights=(55, 30, 15))[0]
        else:
            index = rng.choices(range(2), weights=(70, 30))[0]
        self.result = classes[min(index, len(classes) - 1)]
        summary = rng.choice(REPLY_SUMMARIES[min(index, 2)])
        if not self.step(
            "reply", max((reply_day - self.day).days, 0), result_class=self.result, summary=summary
        ):
            return
        if not self.step("consult", rng.randint(2, 7)):
            return
        unhappy = (first and "unhappy" in self.force) or rng.random() < (0.12 if first else 0.08)
        ratings = self._ratings(unhappy)
        if not self.step("rate", rng.randint(6, 25), ratings=ratings):
            return
        if unhappy and first:
            if self.step(
                "rehandle", rng.randint(1, 5), note="代表对办理结果不满意，交承办单位重新办理"
            ):
                self.deadline = add_months(self.day, self.ctx.rehandle_months)
                self._handle(first=False)
            return
        note = "经重新办理，代表仍不满意，已向代表说明情况" if unhappy else ""
        if not self.step("close", rng.randint(1, 10), note=note):
            return
        if self.result != classes[0] and rng.random() < 0.35:
            self.step(
                "follow_up",
                rng.randint(90, 300),
                result_class=classes[0],
                summary="列入计划的事项已实施完成",
                note="跟踪落实，再次答复代表",
            )

    def _ratings(self, unhappy: bool) -> dict[int, tuple[str, str, str]]:
        rng = self.ctx.rng
        solved = self.result == self.ctx.classes[0]
        out = {}
        for i, deputy_id in enumerate(self.plan.signers):
            process = "satisfied" if rng.random() < 0.75 else "basic"
            if unhappy and i == 0:
                out[deputy_id] = (process, "unsatisfied", rng.choice(UNSATISFIED_COMMENTS))
                continue
            result = "satisfied" if solved and rng.random() < 0.8 else "basic"
            out[deputy_id] = (process, result, "")
        return out


_REFUSALS = ("属于代表个人或家庭事务", "涉及正在诉讼、仲裁的事项", "没有具体内容")


def _text(ctx: _Context, topic: Topic) -> tuple[str, str, str]:
    rng = ctx.rng
    v, w = rng.sample(ctx.villages, 2)

    def fill(text: str) -> str:
        return text.format(v=v, w=w, t=ctx.township)

    title = fill(topic.title)
    problem = "，".join(fill(p) for p in topic.problem)
    proposal = fill(rng.choice(topic.proposal))
    content = f"{problem}。{rng.choice(REASONS)}。{proposal}。"
    return title, content, proposal


def plan_year(ctx: _Context, year: int, count: int, session_day: date) -> list[Plan]:
    """A year's suggestions: most made during the session (交办会 two weeks later), the
    rest between sessions, a few from voter receptions, a motion or two, and a few
    received in the last days. Some take the rare paths on purpose (a wrong unit, a
    refusal, a withdrawal, 不满意), so that every state occurs."""
    rng = ctx.rng
    plans: list[Plan] = []
    at_session = count * 11 // 20
    meeting = session_day + timedelta(days=rng.randint(12, 20))
    motions = max(1, min(count // 30, 3))
    end = min(date(year, 12, 20), ctx.today)
    forced = {
        2: {"wrong_unit"},
        3: {"unhappy"},
        at_session: {"wrong_unit"},
        at_session + 1: {"refuse"},
        at_session + 2: {"withdraw"},
        at_session + 3: {"unhappy"},
    }
    fresh = 3 if end == ctx.today else 0
    for i in range(count + fresh):
        topic = rng.choice(TOPICS)
        title, content, proposal = _text(ctx, topic)
        kind, source, note = "suggestion", "session", ""
        force = set(forced.get(i, ()))
        if i < motions:
            kind = "motion"
            if (year + i) % 2 == 0:
                force.add("agenda")
        if i < at_session:
            received, assign_day = session_day, meeting
        else:
            start = session_day + timedelta(days=30)
            if i >= count:
                start = max(session_day, ctx.today - timedelta(days=10))
            if start > end:
                continue
            received = start + timedelta(days=rng.randint(0, (end - start).days))
            source, assign_day = "between", None
            if rng.random() < 0.15:
                source = "reception"
                station = rng.choice(ctx.villages)
                note = f"{received.month}月{received.day}日{station}代表联络点接待选民时群众反映"
        if received > ctx.today:
            continue
        if kind == "motion":
            size = rng.randint(MOTION_MIN_SIGNERS, 9)
        else:
            size = rng.choice([1, 1, 1, 2, 2, 3, 4])
        signers = rng.sample(ctx.deputies, min(size, len(ctx.deputies)))
        plan = Plan(
            kind=kind,
            signers=signers,
            topic=topic,
            title=title.replace("的建议", "的议案") if kind == "motion" else title,
            content=content,
            proposal=proposal if kind == "motion" else "",
            source=source,
            source_note=note,
            received=received.isoformat(),
            is_complex=rng.random() < 0.1,
            operator=rng.choice(CLERKS[:2]),
        )
        _Planner(ctx, plan, frozenset(force)).run(assign_day if kind == "suggestion" else None)
        plans.append(plan)
    return sorted(plans, key=lambda p: p.received)


def states_passed(plan: Plan) -> list[str]:
    """The state after registration and after each step of the plan."""
    states = ["registered"]
    for action, _day, inputs in plan.steps:
        target = ACTION_BY_KEY[action].target(states[-1])
        if action == "rate":
            target = outcome_of_ratings([v[:2] for v in inputs["ratings"].values()])
        states.append(target)
    return states


def cover_states(plans: list[Plan]) -> None:
    """Make every state of the rules occur: for a state no plan ends in, stop the most
    recent plan that passes through it there (its later steps have not happened yet)."""
    finals = Counter(states_passed(p)[-1] for p in plans)
    taken: set[int] = set()
    for state in STATUSES:
        if finals[state]:
            continue
        for index in sorted(range(len(plans)), key=lambda i: plans[i].received, reverse=True):
            passed = states_passed(plans[index])
            # Keep the only plan that ends in some state, and each plan cut already.
            if index in taken or state not in passed or finals[passed[-1]] < 2:
                continue
            cut = len(passed) - 1 - passed[::-1].index(state)
            plans[index].steps = plans[index].steps[:cut]
            taken.add(index)
            finals[passed[-1]] -= 1
            finals[state] += 1
            break


def demo_suggestions(
    office: Office,
    rng: random.Random,
    township: Township,
    progress: Progress,
    years: int = 2,
    large: bool | None = None,
) -> None:
    """Demo step (app.demo.demo_steps): units and `years` years of suggestions. A `large`
    township (a county's, by default) holds COUNTY_PER_TOWNSHIP of them, however many
    years they span, written in bulk."""
    county = office.mode == "county" if large is None else large
    ctx = _context(office, rng, township)
    per_year = COUNTY_PER_TOWNSHIP // years if county else TOWNSHIP_PER_YEAR
    plans: list[Plan] = []
    sessions = sorted(
        dates.as_date(start) for _id, _name, start in office.suggestions.sessions(township.id)
    )
    for year in range(ctx.today.year - years + 1, ctx.today.year + 1):
        session = date(year, 1, rng.randint(8, 24))
        # The year's first congress session of the meetings demo, where there is one:
        # suggestions made "during the session" then belong to a real meeting record.
        session = next((s for s in sessions if s.year == year), session)
        if session <= ctx.today:
            plans += plan_year(ctx, year, per_year, session)
    cover_states(plans)
    if county:
        BulkWriter(office, township.id).write(plans)
    else:
        office.settings.set("suggestion_operator", CLERKS[0])
        apply_plans(office, plans, township.id)
        _resolve_motions(office, rng, township)


def _resolve_motions(office: Office, rng: random.Random, township: Township) -> None:
    """Each motion on a session's agenda becomes a resolution the session passes (议案 →
    决议), linked both ways."""
    sessions = sorted(
        (start, meeting_id) for meeting_id, _name, start in office.suggestions.sessions(township.id)
    )
    today = dates.today().isoformat()
    for motion_id, _label in office.suggestions.motions.on_agenda(township.id):
        motion = office.suggestions.get(motion_id)
        session = next(
            (mid for start, mid in sessions if motion.received_date <= start <= today), None
        )
        if session is None:
            continue
        counts = office.meetings.attendance.counts(session)
        if counts.present == 0 or counts.present < counts.majority_needed:
            continue
        against = rng.randint(0, 2)
        resolution = office.meetings.resolutions.add(
            session,
            kind="决议",
            title=motion.title.removesuffix("的议案") + "的决议",
            text=f"会议审议了代表{motion.lead_name}等提出的{motion.title}，决定：{motion.proposal}",
            votes_for=counts.present - against - 1,
            votes_against=against,
            votes_abstain=1,
        )
        office.suggestions.motions.link(motion_id, resolution.id)


def _context(office: Office, rng: random.Random, township: Township) -> _Context:
    stations = office.stations.list(township.id)
    villages = [s.village for s in stations if s.village.endswith("村")] or [township.name]
    term = office.terms.current(township.id)
    assert term is not None
    deputies = [
        r[0]
        for r in office.db.execute(
            "SELECT id FROM deputies WHERE term_id = ? AND status = 'serving'"
            " AND is_township_deputy = 1 ORDER BY id",
            [term.id],
        )
    ]
    from faker import Faker

    faker = Faker("zh_CN")
    faker.seed_instance(rng.randint(0, 10**9))
    units = {}
    for key, (name, contact) in UNITS.items():
        unit = office.handling_units.add(
            name=f"{township.name}{name}",
            contact=contact,
            phone=faker.phone_number(),
            township_id=township.id,
        )
        units[key] = unit.id
    settings = office.settings
    return _Context(
        rng=rng,
        today=dates.today(),
        township=township.name,
        villages=villages,
        deputies=deputies,
        units=units,
        months=int(settings.get("suggestion_reply_months")),
        complex_months=int(settings.get("suggestion_complex_months")),
        rehandle_months=int(settings.get("suggestion_rehandle_months")),
        classes=[c for c, _ in office.suggestions.classes()],
    )


def apply_plans(office: Office, plans: list[Plan], township_id: int) -> list[int]:
    """Record the plans through the facade, as the clerk would in the GUI."""
    ids = []
    for plan in plans:
        s = office.suggestions.register(
            kind=plan.kind,
            lead_deputy_id=plan.signers[0],
            co_signer_ids=plan.signers[1:],
            title=plan.title,
            content=plan.content,
            proposal=plan.proposal,
            category=plan.topic.category,
            source=plan.source,
            source_note=plan.source_note,
            meeting_id=office.suggestions.session_for(plan.received, township_id)
            if plan.source == "session"
            else None,
            received_date=plan.received,
            is_complex=plan.is_complex,
            operator=plan.operator,
            township_id=township_id,
        )
        for action, day, inputs in plan.steps:
            office.suggestions.act(s.id, action, date=day, operator=plan.operator, **inputs)
        ids.append(s.id)
    return ids
