"""Resignations and recalls on the command line, as a clerk's script runs them: a real
process on a copy of the demo (which holds an accepted resignation and a failed recall)."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from tests.app.elections.test_cli_elections import ok
from tests.app.test_cli import run


def _text(path: Path) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_the_demo_holds_an_accepted_resignation_and_a_failed_recall(demo_db: Path) -> None:
    removals = json.loads(ok(demo_db, "removals", "--json"))
    by_kind = {r["kind"]: r for r in removals}
    assert by_kind["resignation"]["passed"] is True
    recall = by_kind["recall"]
    assert recall["passed"] is False and recall["moved_by"] == "deputies"
    assert len(recall["movers"]) * 5 >= recall["total_deputies"]  # one fifth or more
    assert recall["votes_for"] <= recall["total_deputies"] // 2  # not a majority of all
    holdings = json.loads(ok(demo_db, "officials", "--json"))
    resigned = next(h for h in holdings if h["id"] == by_kind["resignation"]["holding_id"])
    assert (resigned["ended"], resigned["to"]) == ("辞职被接受", by_kind["resignation"]["date"])
    head = next(h for h in holdings if h["id"] == recall["holding_id"])
    assert head["to"] == ""  # the failed recall left the 镇长 in office


def test_a_recall_from_the_command_line(demo_db: Path, tmp_path: Path) -> None:
    ok(demo_db, "meeting", "add", "--kind", "session", "--date", "2026-11-20", "--time", "8:30")
    meeting = json.loads(ok(demo_db, "meetings", "--json"))[0]["id"]
    ok(demo_db, "meeting", "attend", str(meeting), "--all", "present")
    vice = json.loads(ok(demo_db, "officials", "--current", "--post", "副镇长", "--json"))[0]
    deputies = json.loads(
        ok(demo_db, "deputies", "--status", "serving", "--level", "township", "--json")
    )
    names = [d["name"] for d in deputies if not d["presidium_role"]]
    names = [n for n in names if names.count(n) == 1][:20]
    total = len(json.loads(ok(demo_db, "deputies", "--status", "serving", "--level",
                               "township", "--json")))  # fmt: skip
    needed = -(-total // 5)
    few = [a for n in names[: needed - 1] for a in ("--mover", n)]
    args = ["removal", "add", "--meeting", str(meeting), "--kind", "罢免",
            "--official", str(vice["id"]), "--reason", "长期不履行职责"]  # fmt: skip
    refused = run(demo_db, *args, *few)
    assert refused.returncode == 1 and f"现只有 {needed - 1} 人" in refused.stderr
    assert json.loads(ok(demo_db, "removals", "--meeting", str(meeting), "--json")) == []
    enough = [a for n in names[:needed] for a in ("--mover", n)]
    out = ok(demo_db, *args, *enough)
    removal = out.split("编号 ")[1].split("）")[0]
    over = run(demo_db, "removal", "vote", removal, "--for", str(total), "--against", "1",
               "--abstain", "0")  # fmt: skip
    assert over.returncode == 1 and "多于出席" in over.stderr
    voted = ok(demo_db, "removal", "vote", removal, "--for", str(total // 2 + 1),
               "--against", "3", "--abstain", "1")  # fmt: skip
    assert "通过" in voted and "已记入" in voted
    ended = json.loads(ok(demo_db, "officials", "--post", "副镇长", "--json"))
    assert next(h for h in ended if h["id"] == vice["id"])["ended"] == "罢免"
    ballot, result = tmp_path / "ballot.pdf", tmp_path / "result.pdf"
    ok(demo_db, "print", "removal-ballot", "--removal", removal, "--out", str(ballot))
    ok(demo_db, "print", "removal-result", "--removal", removal, "--out", str(result))
    assert "罢免表决票" in _text(ballot) and vice["name"] in _text(ballot)
    text = _text(result)
    assert f"赞成{total // 2 + 1}票" in text and "罢免案获得通过" in text
    assert f"决定罢免{vice['name']}" in text  # the notice after the count
