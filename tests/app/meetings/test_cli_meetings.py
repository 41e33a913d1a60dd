"""Meetings on the command line, run as a clerk's script would: a real process, a real file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.test_cli import run


def test_a_session_recorded_from_the_command_line(demo_db: Path) -> None:
    added = run(
        demo_db,
        "meeting", "add", "--kind", "session", "--date", "2026-11-20", "--time", "8:30",
        "--place", "镇人民政府三楼会议室",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "人民代表大会第" in added.stdout
    meeting_id = json.loads(run(demo_db, "meetings", "--json").stdout)[0]["id"]
    steps = [
        ("meeting", "agenda", str(meeting_id), "--item", "听取政府工作报告|镇长",
         "--item", "审查预算"),
        ("meeting", "attend", str(meeting_id), "--all", "present"),
        (
            "meeting", "attend", str(meeting_id), "--deputy", "李䶮", "--status", "leave",
            "--leave-kind", "病假", "--reason", "住院治疗", "--approved-by", "主席团",
        ),
        ("meeting", "attend", str(meeting_id), "--observer", "刘建华|清溪镇党委书记"),
        (
            "meeting", "resolution", str(meeting_id), "--title", "关于政府工作报告的决议",
            "--for", "60", "--against", "1", "--abstain", "2",
        ),
        ("meeting", "held", str(meeting_id)),
    ]  # fmt: skip
    for step in steps:
        result = run(demo_db, *step)
        assert result.returncode == 0, (step, result.stderr)
    shown = json.loads(run(demo_db, "meeting", "show", str(meeting_id), "--json").stdout)
    assert shown["status"] == "已召开" and shown["when"] == "2026年11月20日 08:30"
    assert [a["title"] for a in shown["agenda"]] == ["听取政府工作报告", "审查预算"]
    assert shown["counts"]["leave"] == 1 and shown["counts"]["observers"] == 1
    assert shown["counts"]["has_quorum"] is True
    leave = next(a for a in shown["attendance"] if a["name"] == "李䶮")
    assert leave["leave"] == "病假：住院治疗（主席团批准）"
    assert shown["resolutions"][0]["result"] == "通过"


def test_refusals_are_in_chinese_and_change_nothing(demo_db: Path) -> None:
    before = run(demo_db, "meetings", "--json").stdout
    late = run(
        demo_db,
        "meeting", "add", "--kind", "presidium", "--date", "2026-11-20",
        "--time", "10:00", "--end-time", "9:00",
    )  # fmt: skip
    assert late.returncode == 1
    assert "结束时间：结束时间早于开始时间" in late.stderr
    session = json.loads(run(demo_db, "meetings", "--kind", "session", "--json").stdout)[0]
    too_many = run(
        demo_db,
        "meeting", "resolution", str(session["id"]), "--title", "关于某事的决议",
        "--for", str(session["present"] + 1), "--against", "0", "--abstain", "0",
    )  # fmt: skip
    assert too_many.returncode == 1
    assert f"超过出席的 {session['present']} 名代表" in too_many.stderr
    not_passed = run(
        demo_db,
        "meeting", "resolution", str(session["id"]), "--title", "关于某事的决议",
        "--for", "10", "--against", "0", "--abstain", "0", "--passed", "yes",
    )  # fmt: skip
    assert not_passed.returncode == 1 and "不能记为通过" in not_passed.stderr
    assert run(demo_db, "meetings", "--json").stdout == before


def test_meetings_lists_by_year_and_the_vote_shows_its_ranking(demo_db: Path) -> None:
    from datetime import date

    year = date.today().year - 1
    rows = json.loads(run(demo_db, "meetings", "--year", str(year), "--json").stdout)
    assert rows and all(r["date"].startswith(str(year)) for r in rows)
    session = [r for r in rows if r["kind"] == "session"][-1]
    vote = json.loads(run(demo_db, "vote", "show", str(session["id"]), "--json").stdout)
    ranks = [c["rank"] for c in vote["candidates"]]
    assert ranks == sorted(ranks) and sum(c["elected"] for c in vote["candidates"]) == 10
