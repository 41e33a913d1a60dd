"""The calendar and 本月工作 on the demo, the commands run as a clerk's script would, and
the printed plan read back."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from app.core import dates
from app.deputies.deputies import DeputyQuery
from app.meetings.meetings import MeetingQuery
from app.plans.calendar import parse_year_month

ROOT = Path(__file__).resolve().parents[3]


def run(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_month_view_holds_the_meetings_activities_and_plan_of_the_month(demo_office) -> None:
    office = demo_office
    today = dates.today()
    meetings = [
        m for m in office.meetings.list(MeetingQuery(year=today.year)) if m.start_date[5:7] == "02"
    ]
    entries = office.calendar.month(today.year, 2)
    shown = {(e.kind, e.record_id) for e in entries}
    assert {("meeting", m.id) for m in meetings} <= shown
    assert all(e.date.startswith(f"{today.year}-02") for e in entries)
    # This month's plan items not carried out yet are in the month, for the whole month.
    this_month = office.calendar.month(today.year, today.month)
    pending = [i for i in office.plans.year_items(today.year) if i.month == today.month]
    undone = {i.id for i in pending if not (i.meeting_id or i.activity_id)}
    assert undone and undone <= {e.record_id for e in this_month if e.kind == "plan"}


def test_month_work_says_what_is_overdue_and_due(demo_office) -> None:
    work = demo_office.calendar.month_work()
    overdue = [line for line in work.now if line.level == "overdue"]
    late_items = [
        i
        for i in demo_office.plans.year_items(dates.today().year)
        if i.status == "overdue" and i.month < dates.today().month
    ]
    late_line = next(x for x in overdue if x.page == "plans")
    assert late_items and late_line.record_id == late_items[0].id
    assert f"“{late_items[0].subject}”" in late_line.text and "还没有办理" in late_line.text
    assert any(line.page == "plans" and line.level == "due" for line in work.now)


def test_year_month_as_typed() -> None:
    assert parse_year_month("2026-03") == (2026, 3)
    assert parse_year_month("２０２６年３月") == (2026, 3)


def test_plan_and_calendar_commands(demo_db: Path) -> None:
    year = dates.today().year
    shown = run(demo_db, "plan", "--year", str(year), "--json")
    assert shown.returncode == 0, shown.stderr
    plan = json.loads(shown.stdout)
    assert plan["adopted_meeting_id"] and plan["total"] == len(plan["items"])
    assert plan["done"] + plan["not_done"] == plan["total"]
    added = run(
        demo_db, "plan-item", "add", "--year", str(year), "月份=１", "类型=视察", "内容=视察"
    )
    assert added.returncode == 0, added.stderr
    refused = run(
        demo_db, "plan-item", "add", "--year", str(year), "日期=1999-01-02", "类型=视察", "内容=x"
    )
    assert refused.returncode == 1 and f"不在{year}年内" in refused.stderr
    after = json.loads(run(demo_db, "plan", "--year", str(year), "--json").stdout)
    assert after["total"] == plan["total"] + 1
    cal = run(demo_db, "calendar", "--month", f"{year}-02", "--json")
    assert cal.returncode == 0, cal.stderr
    assert any(e["kind"] == "meeting" for e in json.loads(cal.stdout))
    bad = run(demo_db, "calendar", "--month", "下个月")
    assert bad.returncode == 1 and "2026-03" in bad.stderr


def test_carry_an_item_out_from_the_command_line(demo_db: Path, tmp_path: Path) -> None:
    year = dates.today().year
    run(demo_db, "plan-item", "add", "--year", str(year), "月份=1", "类型=视察", "内容=视察集镇")
    plan = json.loads(run(demo_db, "plan", "--year", str(year), "--json").stdout)
    item = next(i for i in plan["items"] if i["subject"] == "视察集镇")
    day = date(year, 1, 20).isoformat()
    done = run(demo_db, "plan-item", "carry", str(item["id"]), f"日期={day}", "代表=王𠮷,李䶮")
    assert done.returncode == 0, done.stderr
    again = json.loads(run(demo_db, "plan", "--year", str(year), "--json").stdout)
    item = next(i for i in again["items"] if i["subject"] == "视察集镇")
    assert item["status"] == "已完成" and item["activity_id"]


def test_printed_plan_lists_every_item_and_the_tally(demo_office, tmp_path: Path) -> None:
    from app.documents.work_plan import work_plan_pdf

    year = dates.today().year
    office = demo_office
    office.plans.add_item(year=year, month=12, kind="其他", subject="走访慰问困难代表𠮷䶮")
    result = work_plan_pdf(office, year)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(result.data)).pages)
    flat = text.replace("\n", "").replace(" ", "")
    summary = office.plans.summary(year)
    assert f"已完成{summary.done}项" in flat and f"未完成{summary.not_done}项" in flat
    assert "走访慰问困难代表𠮷䶮" in flat
    for item in office.plans.year_items(year):
        assert item.subject.replace(" ", "")[:8] in flat
    draft = work_plan_pdf(office, year, with_outcome=False)
    draft_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(draft.data)).pages)
    assert "完成情况" not in draft_text


def test_roster_training_group_and_term_commands(demo_db: Path, tmp_path: Path) -> None:
    from app.office import Office

    with Office.open(demo_db) as office:
        station = next(s.name for s in office.stations.list())
        ended = office.deputies.rows(
            office.deputies.search(DeputyQuery(term_id=office.current_term_id(), status="ended"))
        )[0].name
    cycle = run(demo_db, "duty-roster", "cycle", "--station", station, "--market", "逢一四七")
    assert cycle.returncode == 0 and "逢一四七" in cycle.stdout, cycle.stderr
    made = run(demo_db, "duty-roster", "make", "--station", station, "--month", "2026-03",
               "--replace")  # fmt: skip
    assert made.returncode == 0, made.stderr
    shown = json.loads(
        run(demo_db, "duty-roster", "show", "--station", station, "--month", "2026-03",
            "--json").stdout
    )  # fmt: skip
    assert [d["date"][-2:] for d in shown["days"]] and all(
        d["date"][-1] in "147" for d in shown["days"]
    )
    refused = run(demo_db, "duty-roster", "add", "--station", station, "--date", "2026-03-02",
                  "--deputies", ended)  # fmt: skip
    assert refused.returncode == 1 and "终止代表资格" in refused.stderr
    pdf = tmp_path / "坐班.pdf"
    printed = run(demo_db, "print", "duty-roster", "--station", station, "--month", "2026-03",
                  "--out", str(pdf))  # fmt: skip
    assert printed.returncode == 0 and pdf.exists(), printed.stderr
    assert run(demo_db, "training", "hours", "--json").returncode == 0
    assert "个代表小组" in run(demo_db, "group-plan").stdout
    overlap = run(demo_db, "term", "new", "--start", "2024-01-01")
    assert overlap.returncode == 1 and "重叠" in overlap.stderr


def test_lunar_cycle_and_new_term_cards_from_the_command_line(demo_db: Path) -> None:
    from app.office import Office
    from app.plans.lunar import lunar_day

    with Office.open(demo_db) as office:
        station = next(s.name for s in office.stations.list())
        chair = next(h.name for h in office.officials.current() if h.post == "chair")
        other = next(
            r.name
            for r in office.deputies.rows(
                office.deputies.search(
                    DeputyQuery(term_id=office.current_term_id(), status="serving")
                )
            )
            if r.name != chair
        )
        number = office.current_term.number + 1
        end = office.current_term.end_date
    cycle = run(demo_db, "duty-roster", "cycle", "--station", station, "--market", "农历逢一四七",
                "--weekends-too")  # fmt: skip
    assert cycle.returncode == 0, cycle.stderr
    assert "即农历每月初一、初四、初七、十一" in cycle.stdout
    assert run(demo_db, "duty-roster", "make", "--station", station, "--month", "2026-02",
               "--replace").returncode == 0  # fmt: skip
    shown = json.loads(
        run(demo_db, "duty-roster", "show", "--station", station, "--month", "2026-02",
            "--json").stdout
    )  # fmt: skip
    assert shown["calendar"] == "lunar" and shown["days"]
    for d in shown["days"]:
        lunar = lunar_day(date.fromisoformat(d["date"]))
        assert lunar.day % 10 in (1, 4, 7) and d["lunar"].endswith(lunar.day_label)
    started = run(demo_db, "term", "new", "--start", end, "--reelect", chair, other,
                  "--number-cards")  # fmt: skip
    assert started.returncode == 0 and "已开始" in started.stdout, started.stderr
    history = run(demo_db, "term", "history", chair).stdout
    assert f"{number}001" in history
    assert "尚未产生" in run(demo_db, "term", "presidium").stdout
