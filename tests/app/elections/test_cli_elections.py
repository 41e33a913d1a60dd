"""Elections and the register on the command line, as a clerk's script runs them: a real
process on a copy of the demo."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from tests.app.documents.test_documents import squeezed, text_of
from tests.app.test_cli import run


def ok(db: Path, *args: str) -> str:
    result = run(db, *args)
    assert result.returncode == 0, (args, result.stderr)
    return result.stdout


def test_the_register_and_the_elections_as_json(demo_db: Path) -> None:
    holdings = json.loads(ok(demo_db, "officials", "--json"))
    assert {"post", "name", "from", "to", "began", "ended"} <= set(holdings[0])
    assert {h["ended"] for h in holdings} >= {"", "辞职被接受", "调离"}
    current = json.loads(ok(demo_db, "officials", "--current", "--post", "副镇长", "--json"))
    assert len(current) == 3 and all(h["to"] == "" for h in current)
    elections = json.loads(ok(demo_db, "elections", "--json"))
    assert [e["rounds"] for e in elections] == [2, 1]
    assert {"id", "meeting_id", "posts", "rounds", "elected"} <= set(elections[0])
    shown = json.loads(ok(demo_db, "election", "show", str(elections[0]["id"]), "--json"))
    assert shown["rounds"][0]["sections"][0]["reason"] == "tie"
    assert shown["threshold"] == shown["total_deputies"] // 2 + 1
    assert "任职记录" in ok(demo_db, "officials")


def test_a_by_election_for_the_head_from_the_command_line(demo_db: Path, tmp_path: Path) -> None:
    added = ok(
        demo_db, "meeting", "add", "--kind", "session", "--date", "2026-11-20", "--time", "8:30"
    )
    meeting = json.loads(ok(demo_db, "meetings", "--json"))[0]["id"]
    ok(demo_db, "meeting", "attend", str(meeting), "--all", "present")
    assert "第五次会议" in added
    # The 镇长 is in office: no by-election until the register says he left.
    refused = run(demo_db, "election", "add", "--meeting", str(meeting), "--kind", "补选",
                  "--post", "镇长=1")  # fmt: skip
    assert refused.returncode == 1 and "先在任职登记中登记其离任" in refused.stderr
    head = json.loads(ok(demo_db, "officials", "--current", "--post", "镇长", "--json"))[0]
    ok(demo_db, "official", "end", str(head["id"]), "--date", "2026-11-01", "--how", "调离")
    out = ok(demo_db, "election", "add", "--meeting", str(meeting), "--kind", "补选",
             "--post", "镇长=1")  # fmt: skip
    election = out.split("编号 ")[1].split("）")[0]
    ok(demo_db, "election", "candidate", election, "--post", "镇长", "--name", "彭志刚",
       "--gender", "男", "--birth", "1982-05", "--party", "中共党员",
       "--unit", "清溪镇党委副书记")  # fmt: skip
    # A monitor who is a candidate is refused; a nomination by nine deputies too.
    deputies = json.loads(ok(demo_db, "deputies", "--status", "serving", "--level", "township",
                             "--json"))  # fmt: skip
    names = [d["name"] for d in deputies if not d["presidium_role"]][-14:]
    nine = [arg for n in names[:9] for arg in ("--nominator", n)]
    short = run(demo_db, "election", "candidate", election, "--post", "镇长",
                "--deputy", names[10], *nine)  # fmt: skip
    assert short.returncode == 1 and "须有 10 名以上代表书面联名" in short.stderr
    assert "联名提名代表：" in short.stderr
    not_yet = run(demo_db, "election", "start", election)
    assert not_yet.returncode == 1 and "请先推选监票人" in not_yet.stderr
    ok(demo_db, "election", "scrutineers", election, "--monitor", names[11],
       "--monitor", names[12], "--teller", "人大办周敏")  # fmt: skip
    ok(demo_db, "election", "start", election)
    ballot = tmp_path / "选票.pdf"
    ok(demo_db, "print", "election-ballot", "--election", election, "--out", str(ballot))
    text = squeezed(text_of(ballot))
    assert "补选票" in text and "清溪镇人民政府镇长（应选1名，候选人1名，等额选举）" in text
    early = run(demo_db, "election", "votes", election, "彭志刚=50")
    assert early.returncode == 1 and "还没有清点选票" in early.stderr
    blank = tmp_path / "计票单.pdf"
    ok(demo_db, "print", "election-result", "--election", election, "--out", str(blank))
    assert "计票单" in squeezed(text_of(blank))
    ok(demo_db, "election", "count", election, "--issued", "66", "--returned", "66",
       "--valid", "65", "--invalid", "1")  # fmt: skip
    too_many = run(demo_db, "election", "votes", election, "彭志刚=67")
    assert too_many.returncode == 1 and "多于收回的选票 66 张" in too_many.stderr
    result = ok(demo_db, "election", "votes", election, "彭志刚=60", "--against", "彭志刚=3",
                "--abstain", "彭志刚=2")  # fmt: skip
    assert "彭志刚当选" in result
    head = json.loads(ok(demo_db, "officials", "--current", "--post", "镇长", "--json"))
    assert [(h["name"], h["from"], h["began"]) for h in head] == [("彭志刚", "2026-11-20", "补选")]
    report = tmp_path / "结果.pdf"
    ok(demo_db, "print", "election-result", "--election", election, "--out", str(report))
    text = squeezed(text_of(report))
    for value in ("选举结果报告单", "发出选票66张", "有效票65张", "彭志刚", "当选", "当选公告",
                  "彭志刚当选为清溪镇人民政府镇长", "人大办周敏"):  # fmt: skip
        assert value in text, value
    assert len(PdfReader(report).pages) == 2
    notice = tmp_path / "公告.pdf"
    ok(demo_db, "print", "election-notice", "--election", election, "--out", str(notice))
    assert "现予公告" in squeezed(text_of(notice))
