"""The officials' register: holdings by hand and from elections, their end, the rule
checks (no government post for the presidium, the number of vice-chairs, vacancies), the
roster's presidium roles following the register, and the upgrade of an old database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.core.errors import ValidationError
from app.office import Office

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_a_holding_by_hand_ends_and_keeps_its_history(town) -> None:
    officials = town.office.officials
    head = officials.add(post="head", start_date="2021-12-28", name="彭志刚", gender="男")
    assert head.post_label == "镇长" and head.current and head.began_label == "选举"
    with pytest.raises(ValidationError) as caught:
        officials.add(post="head", start_date="2022-03-01", name="王强")
    assert "已由彭志刚担任，没有空缺" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        officials.end(head.id, date="2021-01-01", how="transferred")
    assert "早于任职日期" in caught.value.message
    ended = officials.end(head.id, date="2024-06-30", how="transferred", note="调任县里工作")
    assert ended.ended_label == "调离" and ended.period_label == "2021年12月28日 至 2024年6月30日"
    successor = officials.add(
        post="head", start_date="2024-09-10", start_how="by_election", name="王强"
    )
    assert [h.name for h in officials.list()] == ["王强", "彭志刚"]  # the current first
    assert [h.name for h in officials.on("2023-01-01")] == ["彭志刚"]
    with pytest.raises(ValidationError):
        officials.reopen(head.id)  # 王强 holds the post now
    officials.remove(successor.id)
    assert officials.reopen(head.id).current


def test_presidium_posts_need_a_deputy_and_set_the_roster_role(town) -> None:
    office = town.office
    with pytest.raises(ValidationError) as caught:
        office.officials.add(post="member", start_date="2021-12-28", name="彭志刚")
    assert "应从本级人民代表大会代表中选出" in caught.value.message
    member = office.officials.add(post="member", start_date="2021-12-28", deputy_id=town.id("张一"))
    assert office.deputies.get(town.id("张一")).presidium_role == "member"
    vice = office.officials.add(
        post="vice_chair", start_date="2023-03-01", start_how="by_election",
        deputy_id=town.id("张一"),
    )  # fmt: skip
    assert office.deputies.get(town.id("张一")).presidium_role == "vice_chair"
    office.officials.remove(vice.id)
    assert office.deputies.get(town.id("张一")).presidium_role == "member"
    office.officials.end(member.id, date="2024-01-01", how="resigned")
    assert office.deputies.get(town.id("张一")).presidium_role == ""


def test_the_checks_name_what_breaks_the_rules_and_the_vacancies(town) -> None:
    office = town.office
    notes = office.officials.check()
    assert [n.text for n in notes if n.kind == "vacancy"] == [
        "人大主席空缺", "人大副主席空缺 2 名", "镇长空缺", "副镇长空缺 3 名",
    ]  # fmt: skip
    office.officials.add(post="chair", start_date="2021-12-28", deputy_id=town.id("王𠮷"))
    office.officials.add(post="member", start_date="2021-12-28", deputy_id=town.id("张一"))
    office.officials.add(post="deputy_head", start_date="2021-12-28", deputy_id=town.id("张一"))
    # A deputy who is a presidium member in the roster only.
    office.deputies.update(town.id("刘二"), presidium_role="member")
    texts = [n.text for n in office.officials.check() if n.kind == "warning"]
    assert any("张一担任主席团成员，同时担任副镇长" in t for t in texts)
    assert any("刘二在代表名册中的主席团职务是“主席团成员”，任职登记中是“无”" in t for t in texts)
    vacancies = [n.text for n in office.officials.check() if n.kind == "vacancy"]
    assert "人大主席空缺" not in vacancies and "副镇长空缺 2 名" in vacancies
    # The number of vice-chairs is a setting.
    office.settings.set("election_vice_chairs_max", 1)
    office.officials.add(post="vice_chair", start_date="2021-12-28", deputy_id=town.id("陈三"))
    with pytest.raises(ValidationError) as caught:
        office.officials.add(post="vice_chair", start_date="2021-12-28", deputy_id=town.id("杨四"))
    assert "没有空缺" in caught.value.message


def test_the_demo_register_holds_the_history_and_breaks_no_rule(demo_office) -> None:
    office = demo_office
    assert office.officials.check() == []
    holdings = office.officials.list()
    ended = {h.ended_label for h in holdings if not h.current}
    assert {"辞职被接受", "调离"} <= ended
    assert {h.began_label for h in holdings} == {"选举", "补选"}
    roles = dict(
        office.db.execute("SELECT id, presidium_role FROM deputies WHERE presidium_role <> ''")
    )
    register = {h.deputy_id: h.post for h in office.officials.current() if h.post in (
        "chair", "vice_chair", "member")}  # fmt: skip
    assert roles == register
    first, later = sorted(office.elections.list(), key=lambda r: r.meeting_date)
    assert first.kind == "election" and "人大主席 1 名" in first.posts
    assert later.kind == "by_election" and later.rounds == 2
    detail = office.elections.detail(later.id)
    assert detail.rounds[0].sections[0].result.tied  # a tie, then a second vote
    assert detail.election.status == "done"


def test_an_old_database_gets_its_presidium_roles_into_the_register(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema-0.1.0.sqlite", path)
    with Office.open(path) as office:
        roles = office.db.execute(
            "SELECT id, presidium_role FROM deputies WHERE presidium_role <> ''"
        ).fetchall()
        held = office.officials.current()
        assert sorted((h.deputy_id, h.post) for h in held) == sorted(roles)
        assert len(held) == 11
        assert all("升级数据库时" in h.note for h in held)
        assert office.elections.list() == []
