"""The suggestion commands, run as a clerk's script runs them: a real process, real file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.test_cli import run


def test_list_filter_search_and_show(demo_db: Path) -> None:
    listed = run(demo_db, "suggestions", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) >= 60 and {"number", "title", "status", "unit", "due"} <= set(rows[0])
    overdue = json.loads(run(demo_db, "suggestions", "--overdue", "--json").stdout)
    assert overdue and all(r["due"] == "逾期" for r in overdue)
    closed = json.loads(run(demo_db, "suggestions", "--status", "closed", "--json").stdout)
    assert closed and all(r["status"] == "已办结" for r in closed)
    found = json.loads(run(demo_db, "suggestions", "--search", "饮水", "--json").stdout)
    titled = {r["number"] for r in rows if "饮水" in r["title"]}
    assert titled and titled <= {r["number"] for r in found}
    shown = run(demo_db, "suggestion", "show", overdue[0]["number"], "--json")
    data = json.loads(shown.stdout)
    assert data["timeline"][0]["action"] == "登记"
    assert "督办" in data["next_actions"] and "办结" not in data["next_actions"]


def test_a_suggestion_through_its_steps_and_the_refusals(demo_db: Path) -> None:
    added = run(
        demo_db, "suggestion", "add", "--lead", "王𠮷", "--co", "李䶮", "--title",
        "关于维修王家桥的建议", "--category", "交通道路", "--content", "王家桥桥面破损。",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    number = added.stdout.split("：")[1].split("《")[0]
    unit = json.loads(run(demo_db, "units", "--json").stdout)[6]["name"]
    refused = run(demo_db, "suggestion", "close", number)
    assert refused.returncode == 1
    assert "现在是“已登记”，不能“办结”" in refused.stderr
    assigned = run(demo_db, "suggestion", "assign", number, "--unit", unit)
    assert assigned.returncode == 0, assigned.stderr
    early = run(demo_db, "suggestion", "reply", number, "--class", "A", "--date", "2020-01-01")
    assert early.returncode == 1 and "答复日期早于交办日期" in early.stderr
    assert run(demo_db, "suggestion", "reply", number, "--class", "A").returncode == 0
    assert run(demo_db, "suggestion", "consult", number).returncode == 0
    rated = run(demo_db, "suggestion", "rate", number, "--all", "满意,满意")
    assert rated.returncode == 0, rated.stderr
    closed = run(demo_db, "suggestion", "close", number)
    assert closed.returncode == 0 and "已办结" in closed.stdout
    data = json.loads(run(demo_db, "suggestion", "show", number, "--json").stdout)
    assert [e["action"] for e in data["timeline"]] == [
        "登记", "立案", "交办", "答复", "征询意见", "录入满意度", "办结",
    ]  # fmt: skip
    assert len(data["replies"]) == 2 and len(data["ratings"]) == 2
    motion = run(
        demo_db, "suggestion", "add", "--motion", "--lead", "王𠮷", "--co", "李䶮", "张𡒄",
        "--title", "关于建设污水处理厂的议案", "--category", "生态环境", "--content", "污水直排",
        "--proposal", "建设污水处理厂",
    )  # fmt: skip
    assert motion.returncode == 1 and "议案须由 5 名以上代表联名提出" in motion.stderr


def test_units_and_yearly_rates(demo_db: Path) -> None:
    assert (
        run(demo_db, "unit", "add", "清溪镇文化广播站", "--phone", "0743-5221234").returncode == 0
    )
    bad = run(demo_db, "unit", "add", "清溪镇林业站", "--phone", "123")
    assert bad.returncode == 1 and "联系电话" in bad.stderr
    stats = run(demo_db, "suggestion-stats", "--json")
    assert stats.returncode == 0, stats.stderr
    data = json.loads(stats.stdout)
    assert data["total"]["收到"] > 0 and data["groups"]
    assert {"按期答复率", "过程满意率", "结果满意率", "办成率", "A类占比"} <= set(data["total"])
