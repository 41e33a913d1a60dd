"""Demo data: a realistic township (or a county of twenty, or a prefecture's hundred
townships with five years of suggestions) to try renda and to measure it.

    python -m app --db demo.sqlite demo [--scale township|county|prefecture] [--seed N]

Everything goes through the same facade the GUI uses, so demo records pass the same checks.
This module assembles: the township and its deputies come from app/deputies/demo.py, and
each later area adds its records through `demo_steps()`."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.db.audit import bulk_unaudited
from app.deputies.demo import (
    COUNTY,
    HOME_TOWNSHIP,
    PREFECTURE_TOWNSHIP_NAMES,
    TOWNSHIP_NAMES,
    build_deputies,
    build_township,
)
from app.deputies.township import Township
from app.office import Office

__all__ = ["SCALES", "TOWNSHIP_NAMES", "DemoResult", "build_demo", "demo_steps"]

# scale -> (townships, years of suggestions). A prefecture keeps five years: about
# 500,000 suggestions, what the budgets of DESIGN.md are measured against.
# "township_large" is one township database as large as a county's townships (5,000
# suggestions): the benchmarks' county-scale packages are made from twenty of them.
SCALES = {"township": (1, 2), "township_large": (1, 2), "county": (20, 2), "prefecture": (100, 5)}


@dataclass
class DemoResult:
    townships: int
    deputies: int


DemoStep = Callable[[Office, random.Random, Township, Progress], None]


def demo_steps(scale: str = "township") -> list[DemoStep]:
    """The demo records of later areas, run once per township after its deputies, in this
    order. Each area adds its step here (a function in its own app/<area>/demo.py)."""
    from functools import partial

    from app.duties.demo import build_activities_demo
    from app.elections.demo import demo_elections
    from app.meetings.demo import demo_meetings
    from app.oversight.demo import demo_oversight
    from app.plans.demo import (
        demo_duty_roster,
        demo_group_plans_and_deeds,
        demo_plans,
        demo_training_hours,
    )
    from app.suggestions.demo import demo_suggestions

    return [
        demo_meetings,
        demo_elections,
        partial(demo_suggestions, years=SCALES[scale][1], large=scale != "township"),
        build_activities_demo,
        demo_plans,
        demo_duty_roster,
        demo_group_plans_and_deeds,
        demo_training_hours,
        demo_oversight,
    ]


def build_demo(
    office: Office,
    *,
    scale: str = "township",
    seed: int = 2026,
    progress: Progress = NO_PROGRESS,
    township_name: str = HOME_TOWNSHIP,
) -> DemoResult:
    """Fill an empty office database with a demo township (`township_name`, one of
    TOWNSHIP_NAMES), a county of twenty or a prefecture of a hundred (`scale`)."""
    if office.townships.list():
        raise RendaError("演示数据只能写入空数据库，请另选一个新文件")
    if scale not in SCALES:
        raise RendaError(
            "规模只能是 township（一个乡镇）、county（二十个乡镇）"
            "或 prefecture（一百个乡镇、五年的建议）"
        )
    # The demo is for looking around: nobody signs in (app/access).
    office.settings.set("login_required", False)
    rng = random.Random(seed)
    alone = scale in ("township", "township_large")
    names = [township_name] if alone else TOWNSHIP_NAMES
    if scale == "prefecture":
        names = PREFECTURE_TOWNSHIP_NAMES
    if not alone:
        office.setup_county(county=COUNTY)
    steps = demo_steps(scale)
    total = 0
    for index, name in enumerate(names):
        progress.report(index, len(names), f"正在生成{name}的演示数据")
        # Made-up records, not anyone's work: one event in the trail instead of a row for
        # each of them (the county demo builds 2.3x faster, measured).
        with office.transaction(), bulk_unaudited(office.db):
            office.access.record("demo", f"生成演示数据：{name}")
            number = TOWNSHIP_NAMES.index(name) if name in TOWNSHIP_NAMES else index
            township = build_township(office, rng, name, number, home=alone)
            size = 68 if scale == "township" else rng.randint(80, 118)
            total += build_deputies(office, rng, township, size, with_rare=(index == 0))
            for step in steps:
                step(office, rng, township, progress)
    progress.report(len(names), len(names), "演示数据已生成")
    return DemoResult(len(names), total)
