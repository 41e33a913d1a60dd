"""The commands of the work between sessions, run as a clerk's script runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.test_cli import run


def test_record_and_score_between_sessions_from_the_command_line(demo_db: Path) -> None:
    five = "王𠮷,李䶮,张𡒄"
    roster = json.loads(run(demo_db, "deputies", "--json", "--status", "serving").stdout)
    extra = [r["name"] for r in roster if r["name"] not in five and r["level_code"] != "county"]
    names = ",".join([five, *extra[:2]])
    added = run(
        demo_db,
        "activity",
        "add",
        "类型=视察",
        "日期=2026-03-02",
        "主题=石桥村人饮工程专项视察",
        f"代表={names}",
        "组织=主席团",
    )
    assert added.returncode == 0, added.stderr
    listed = json.loads(run(demo_db, "activities", "--search", "人饮工程专项", "--json").stdout)
    assert listed[0]["kind"] == "视察" and len(listed[0]["deputies"]) == 5

    refused = run(demo_db, "reception", "add", "日期=2026-03-05", "代表=王𠮷")
    assert refused.returncode == 1
    assert "联络站：请选择接待选民的联络站（点）" in refused.stderr
    received = run(
        demo_db,
        "reception",
        "add",
        "联络站=清溪镇人大代表联络站",
        "日期=2026-03-05",
        "时间=09:00-11:30",
        "代表=王𠮷",
        "--visitor",
        "姓名=张三;性别=男;反映问题=桥头那盏路灯坏了;处理方式=转村（社区）办理;转交=清溪社区",
    )
    assert received.returncode == 0, received.stderr
    found = json.loads(run(demo_db, "receptions", "--search", "桥头那盏路灯", "--json").stdout)
    assert found[0]["visitors"][0]["handling"] == "转村（社区）办理"

    too_many = run(
        demo_db,
        "report",
        "add",
        "代表=王𠮷",
        "日期=2026-03-10",
        "地点=清溪社区居委会",
        "到会人数=60",
        "满意=50",
        "基本满意=20",
    )
    assert too_many.returncode == 1
    assert "满意：测评票数合计 70 票，多于到会选民 60 人，请核对" in too_many.stderr

    scores = json.loads(
        run(demo_db, "scores", "--year", "2026", "--deputy", "王𠮷", "--json").stdout
    )
    lines = scores[0]["lines"]
    assert {"activity", "reception"} <= {line["record_kind"] for line in lines}
    assert scores[0]["total"] == min(100, 60 + sum(line["points"] for line in lines))

    bad_rule = run(demo_db, "score-rules", "activity:视察=三分")
    assert bad_rule.returncode == 1 and "分值应是数字" in bad_rule.stderr
    rules = json.loads(run(demo_db, "score-rules", "--json").stdout)
    assert next(r for r in rules["rules"] if r["key"] == "activity:视察")["points"] == 3


def test_career_entries_from_the_command_line(demo_db: Path) -> None:
    added = run(demo_db, "career", "add-award", "王𠮷", "时间=2025", "名称=2025年度优秀人大代表")
    assert added.returncode == 0, added.stderr
    shown = json.loads(run(demo_db, "career", "show", "王𠮷", "--json").stdout)
    number = [a["title"] for a in shown["awards"]].index("2025年度优秀人大代表") + 1
    refused = run(demo_db, "career", "edit-award", "王𠮷", str(number), "时间=明年")
    assert refused.returncode == 1 and "时间：" in refused.stderr
    removed = run(demo_db, "career", "remove-award", "王𠮷", str(number))
    assert removed.returncode == 0 and "2025年度优秀人大代表" not in removed.stdout
