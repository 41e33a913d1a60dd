"""An election at a session, step by step: nominations, scrutineers, the 差额 check, the
count of ballots, the votes, a tie and a further vote, and the register updated on the
session's date. Each refusal is in Chinese and changes nothing."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationError


def snapshot(office) -> dict[str, list]:
    """Everything an election writes, to show a refusal changed nothing."""
    tables = (
        "elections", "election_posts", "election_candidates", "election_nominators",
        "election_scrutineers", "election_rounds", "election_sections", "election_votes",
        "officials",
    )  # fmt: skip
    found = {t: office.db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    found["roles"] = office.db.execute("SELECT id, presidium_role FROM deputies").fetchall()
    return found


def by_election(town, seats: int = 1, names: tuple[str, ...] = ("张一", "刘二")):
    elections = town.office.elections
    election = elections.add(
        meeting_id=town.session.id, kind="by_election", posts=[("副镇长", seats)]
    )
    for i, name in enumerate(names):
        if i < seats:
            elections.add_candidate(election.id, post="副镇长", deputy_id=town.id(name))
        else:  # the presidium nominates no more than the seats: the others jointly
            elections.add_candidate(
                election.id, post="副镇长", deputy_id=town.id(name), nominated_by="deputies",
                nominator_ids=town.ten(*names, "赵五"),
            )  # fmt: skip
    return election


def refused(call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_a_by_election_from_nomination_to_the_register(town) -> None:
    office, elections = town.office, town.office.elections
    election = elections.add(meeting_id=town.session.id, kind="by_election", posts=[("副镇长", 2)])
    assert election.title == "补选副镇长" and election.status == "preparing"
    elections.add_candidate(election.id, post="副镇长", deputy_id=town.id("张一"))
    elections.add_candidate(election.id, post="副镇长", deputy_id=town.id("刘二"))
    joint = elections.add_candidate(
        election.id,
        post="deputy_head",
        name="彭志刚",
        gender="男",
        birth_date="1982.05",
        political_status="中共党员",
        unit="镇农业综合服务中心主任",
        nominated_by="deputies",
        nominator_ids=town.ten("张一", "刘二"),
    )
    assert joint.deputy_id is None and len(joint.nominators) == 10
    assert joint.nominated_label.startswith("代表") and "10 人联合提名" in joint.nominated_label
    elections.set_scrutineers(
        election.id, monitors=[town.id("赵五"), town.id("黄六")], tellers=["人大办 王敏"]
    )
    first = elections.start_voting(election.id)
    # The ballot's order is 姓氏笔画: 刘 (6) before 张 (7) before 彭 (12).
    assert [line.name for line in first.sections[0].lines] == ["刘二", "张一", "彭志刚"]
    elections.count_ballots(election.id, issued=18, returned=18, valid=17, invalid=1)
    ids = {line.name: line.candidate_id for line in first.sections[0].lines}
    # 20 deputies: 11 votes needed. 张一 passes; 刘二 and 彭志刚 tie across the last seat.
    outcome = elections.record_votes(
        election.id, votes={ids["张一"]: 12, ids["刘二"]: 11, ids["彭志刚"]: 11}
    )
    assert outcome.threshold == 11 and outcome.total_deputies == 20
    post = outcome.posts[0]
    assert post.elected == ("张一",) and set(post.tied) == {"刘二", "彭志刚"}
    assert post.reason == "tie" and not outcome.complete
    assert "再次投票" in outcome.summary
    second = elections.next_round(election.id)
    assert second.round.number == 2 and second.sections[0].section.seats == 1
    assert {line.name for line in second.sections[0].lines} == {"刘二", "彭志刚"}
    elections.count_ballots(election.id, issued=18, returned=18, valid=18, invalid=0)
    ids = {line.name: line.candidate_id for line in second.sections[0].lines}
    outcome = elections.record_votes(election.id, votes={ids["彭志刚"]: 12, ids["刘二"]: 6})
    assert outcome.complete and outcome.posts[0].elected == ("彭志刚",)
    detail = elections.detail(election.id)
    assert detail.election.status == "done" and len(detail.rounds) == 2
    assert [c.name for _p, c in detail.elected] == ["张一", "彭志刚"]
    # All rounds are kept, with their counts.
    assert detail.rounds[0].round.ballots_issued == 18
    assert detail.rounds[0].sections[0].result.tied
    # The register: both from the session's date, as 补选.
    held = [h for h in office.officials.current() if h.post == "deputy_head"]
    assert sorted(h.name for h in held) == ["张一", "彭志刚"]
    assert {h.start_date for h in held} == {"2025-03-12"}
    assert {h.began_label for h in held} == {"补选"}
    assert all(h.start_meeting_id == town.session.id for h in held)
    listed = elections.list()
    assert listed[0].rounds == 2 and "彭志刚（副镇长）" in listed[0].elected


def test_too_few_elected_leads_to_another_vote_among_the_rest(town) -> None:
    elections = town.office.elections
    election = by_election(town, seats=1, names=("张一", "刘二"))
    elections.set_scrutineers(election.id, monitors=[town.id("赵五")])
    first = elections.start_voting(election.id)
    elections.count_ballots(election.id, issued=18, returned=18, valid=18, invalid=0)
    ids = {line.name: line.candidate_id for line in first.sections[0].lines}
    # 10 of the 18 present is a majority of those present, not of all 20 deputies.
    outcome = elections.record_votes(election.id, votes={ids["张一"]: 10, ids["刘二"]: 8})
    assert outcome.posts[0].elected == () and outcome.posts[0].reason == "short"
    assert "尚缺 1 名" in outcome.summary
    assert town.office.officials.current() == []
    second = elections.next_round(election.id)
    assert [line.name for line in second.sections[0].lines] == ["刘二", "张一"]  # 姓氏笔画


def test_invalid_ballots_count_against_nobody_but_limit_the_votes(town) -> None:
    elections = town.office.elections
    election = by_election(town)
    elections.set_scrutineers(election.id, monitors=[town.id("赵五")])
    first = elections.start_voting(election.id)
    # Three ballots marked more people than the one seat: invalid.
    elections.count_ballots(election.id, issued=18, returned=18, valid=15, invalid=3)
    ids = [line.candidate_id for line in first.sections[0].lines]
    before = snapshot(town.office)
    error = refused(elections.record_votes, election.id, votes={ids[0]: 16, ids[1]: 0})
    assert "多于有效票 15 张" in error.message
    error = refused(elections.record_votes, election.id, votes={ids[0]: 10, ids[1]: 8})
    assert "每张最多选 1 人" in error.message
    assert snapshot(town.office) == before
    outcome = elections.record_votes(election.id, votes={ids[0]: 11, ids[1]: 4})
    assert outcome.complete
    detail = elections.detail(election.id)
    assert detail.rounds[0].sections[0].section.ballots_invalid == 3


def test_more_votes_than_ballots_returned_is_refused_and_changes_nothing(town) -> None:
    elections = town.office.elections
    election = by_election(town)
    elections.set_scrutineers(election.id, monitors=[town.id("赵五")])
    first = elections.start_voting(election.id)
    elections.count_ballots(election.id, issued=18, returned=17, valid=17, invalid=0)
    ids = [line.candidate_id for line in first.sections[0].lines]
    before = snapshot(town.office)
    error = refused(elections.record_votes, election.id, votes={ids[0]: 18, ids[1]: 0})
    assert "得票 18 票，多于收回的选票 17 张" in error.message
    assert snapshot(town.office) == before
    # More returned than issued: the vote is void by law.
    error = refused(
        elections.count_ballots, election.id, issued=17, returned=18, valid=18, invalid=0
    )
    assert "本次选举无效" in error.message
    # More issued than deputies present.
    error = refused(
        elections.count_ballots, election.id, issued=19, returned=19, valid=19, invalid=0
    )
    assert "多于出席的 18 名代表" in error.message
    assert snapshot(town.office) == before


def test_a_result_before_the_ballots_are_counted_is_refused(town) -> None:
    elections = town.office.elections
    election = by_election(town)
    elections.set_scrutineers(election.id, monitors=[town.id("赵五")])
    first = elections.start_voting(election.id)
    ids = [line.candidate_id for line in first.sections[0].lines]
    before = snapshot(town.office)
    error = refused(elections.record_votes, election.id, votes={ids[0]: 12, ids[1]: 6})
    assert "还没有清点选票" in error.message
    assert snapshot(town.office) == before


def test_a_slate_outside_the_差额_rules_is_refused(town) -> None:
    office, elections = town.office, town.office.elections
    election = elections.add(meeting_id=town.session.id, posts=[("人大副主席", 1), ("人大主席", 1)])
    elections.add_candidate(election.id, post="vice_chair", deputy_id=town.id("张一"))
    elections.set_scrutineers(election.id, monitors=[town.id("赵五")])
    elections.add_candidate(election.id, post="chair", deputy_id=town.id("刘二"))
    before = snapshot(office)
    # One candidate for one vice-chair: 等额, but a vice post needs one to three more.
    error = refused(elections.start_voting, election.id)
    assert "人大副主席应选 1 名，候选人应比应选名额多 1 至 3 人" in error.message
    assert snapshot(office) == before
    # A chair may have one more candidate than seats, not two more.
    elections.add_candidate(
        election.id, post="chair", deputy_id=town.id("陈三"),
        nominated_by="deputies", nominator_ids=town.ten("陈三", "刘二", "赵五"),
    )  # fmt: skip
    before = snapshot(office)
    error = refused(
        elections.add_candidate, election.id, post="chair", deputy_id=town.id("杨四"),
        nominated_by="deputies", nominator_ids=town.ten("杨四", "陈三", "刘二", "赵五"),
    )  # fmt: skip
    assert "人大主席应选 1 名，候选人应比应选名额多 1 人" in error.message
    assert snapshot(office) == before
    # Four more than seats for a vice post is too many (three signers suffice here).
    office.settings.set("election_joint_nominators", 3)
    signers = [
        town.id(n) for n in ("孙十", "马明", "朱亮", "胡平", "郭强", "何军", "林涛", "罗勇", "周七")
    ]
    for i, name in enumerate(("杨四", "吴八", "徐九")):
        elections.add_candidate(
            election.id, post="vice_chair", deputy_id=town.id(name),
            nominated_by="deputies", nominator_ids=signers[3 * i : 3 * i + 3],
        )  # fmt: skip
    error = refused(
        elections.add_candidate, election.id, post="vice_chair", deputy_id=town.id("黄六"),
        nominated_by="deputies", nominator_ids=[town.id("高华"), town.id("王𠮷"), town.id("李䶮")],
    )  # fmt: skip
    assert "1 至 3 人（2 至 4 名）" in error.message
    # The numbers are settings: no single nominee for a chair.
    office.settings.set("election_chief_single", False)
    solo = elections.add(meeting_id=town.session.id, posts=[("镇长", 1)])
    elections.add_candidate(solo.id, post="head", name="彭志刚", gender="男")
    elections.set_scrutineers(solo.id, monitors=[town.id("赵五")])
    assert "现有候选人 1 名" in refused(elections.start_voting, solo.id).message


def test_the_presidium_nominates_no_more_than_the_seats(town) -> None:
    elections = town.office.elections
    election = by_election(town, seats=1, names=("张一",))
    error = refused(elections.add_candidate, election.id, post="副镇长", deputy_id=town.id("刘二"))
    assert "主席团提名的候选人人数不应超过应选名额" in error.message


def test_a_nomination_by_fewer_than_ten_deputies_is_refused(town) -> None:
    office, elections = town.office, town.office.elections
    election = by_election(town, names=("张一",))
    before = snapshot(office)
    nine = town.ten("刘二")[:9]
    error = refused(
        elections.add_candidate, election.id, post="副镇长", deputy_id=town.id("刘二"),
        nominated_by="deputies", nominator_ids=nine + nine[:1],  # a name twice counts once
    )  # fmt: skip
    assert "须有 10 名以上代表书面联名" in error.message and "现只有 9 名" in error.message
    assert snapshot(office) == before
    # A deputy who has left cannot sign.
    office.deputies.set_status(nine[0], status="ended", date="2025-01-05", reason="死亡")
    error = refused(
        elections.add_candidate, election.id, post="副镇长", deputy_id=town.id("刘二"),
        nominated_by="deputies", nominator_ids=town.ten("刘二"),
    )  # fmt: skip
    assert "不是在任代表" in error.message
    # The number is a setting.
    office.settings.set("election_joint_nominators", 5)
    added = elections.add_candidate(
        election.id, post="副镇长", deputy_id=town.id("刘二"),
        nominated_by="deputies", nominator_ids=nine[1:6],
    )  # fmt: skip
    assert len(added.nominators) == 5


def test_a_candidate_cannot_be_a_scrutineer(town) -> None:
    office, elections = town.office, town.office.elections
    election = by_election(town, names=("张一",))
    elections.set_scrutineers(election.id, monitors=[town.id("赵五")], tellers=["人大办 王敏"])
    before = snapshot(office)
    error = refused(
        elections.add_candidate, election.id, post="副镇长", deputy_id=town.id("赵五"),
        nominated_by="deputies", nominator_ids=town.ten("赵五"),
    )  # fmt: skip
    assert "赵五是本次选举的监票人，候选人不能担任监票人" in error.message
    error = refused(elections.set_scrutineers, election.id, monitors=[town.id("张一")])
    assert "张一是本次选举的候选人，不能担任监票人" in error.message
    assert snapshot(office) == before
    # Monitors are deputies of the session: an outsider cannot be one.
    error = refused(elections.set_scrutineers, election.id, monitors=["王敏"])
    assert "监票人应从代表中推选" in error.message


def test_the_presidium_posts_are_filled_from_the_deputies_and_set_their_roles(town) -> None:
    office, elections = town.office, town.office.elections
    election = elections.add(meeting_id=town.session.id, posts=[("人大主席", 1)])
    error = refused(elections.add_candidate, election.id, post="chair", name="彭志刚")
    assert "应从本级人民代表大会代表中选出" in error.message
    elections.add_candidate(election.id, post="chair", deputy_id=town.id("王𠮷"))
    elections.set_scrutineers(election.id, monitors=[town.id("赵五"), town.id("黄六")])
    first = elections.start_voting(election.id)
    elections.count_ballots(election.id, issued=18, returned=18, valid=18, invalid=0)
    line = first.sections[0].lines[0]
    elections.record_votes(
        election.id, votes={line.candidate_id: 16}, against={line.candidate_id: 1},
        abstain={line.candidate_id: 1},
    )  # fmt: skip
    chair = office.deputies.get(town.id("王𠮷"))
    assert chair.presidium_role == "chair"
    holding = office.officials.current()[0]
    assert holding.name == "王𠮷" and holding.post_label == "人大主席"
    # Another chair cannot be elected while the post is held.
    error = refused(elections.add, meeting_id=town.session.id, posts=[("人大主席", 1)])
    assert "由王𠮷担任" in error.message and "先在任职登记中登记其离任" in error.message
    # The holding ends: the role goes, the history stays.
    office.officials.end(holding.id, date="2025-06-30", how="resigned", note="辞职")
    assert office.deputies.get(town.id("王𠮷")).presidium_role == ""
    history = office.officials.of_deputy(town.id("王𠮷"))
    assert [(h.post, h.ended_label) for h in history] == [("chair", "辞职被接受")]


def test_write_ins_are_counted_and_may_be_elected(town) -> None:
    office, elections = town.office, town.office.elections
    election = by_election(town, seats=1, names=("张一", "刘二"))
    elections.set_scrutineers(election.id, monitors=[town.id("赵五")])
    first = elections.start_voting(election.id)
    elections.count_ballots(election.id, issued=18, returned=18, valid=18, invalid=0)
    ids = [line.candidate_id for line in first.sections[0].lines]
    error = refused(
        elections.record_votes, election.id, votes={ids[0]: 2, ids[1]: 3},
        write_ins=[("副镇长", "张一", 1)],
    )  # fmt: skip
    assert "是候选人" in error.message
    outcome = elections.record_votes(
        election.id, votes={ids[0]: 2, ids[1]: 3}, write_ins=[("副镇长", "李䶮", 13)]
    )
    assert outcome.posts[0].elected == ("李䶮",)
    holding = office.officials.current()[0]
    assert holding.deputy_id == town.id("李䶮")
    # Undoing the result removes the write-in and the holding.
    assert "已撤销第一次投票的计票结果" in elections.undo(election.id)
    assert office.officials.current() == []
    assert len(elections.candidates(election.id, include_write_ins=True)) == 2


def test_undo_steps_back_one_step_at_a_time(town) -> None:
    office, elections = town.office, town.office.elections
    election = by_election(town)
    elections.set_scrutineers(election.id, monitors=[town.id("赵五")])
    first = elections.start_voting(election.id)
    elections.count_ballots(election.id, issued=18, returned=18, valid=18, invalid=0)
    ids = [line.candidate_id for line in first.sections[0].lines]
    elections.record_votes(election.id, votes={ids[0]: 12, ids[1]: 6})
    assert elections.get(election.id).status == "done"
    # An election with a result cannot be deleted; its result is in the register.
    assert "已登记计票结果" in refused(elections.delete, election.id).message
    elections.undo(election.id)
    assert elections.get(election.id).status == "voting" and office.officials.current() == []
    assert "清点选票" in elections.undo(election.id)
    assert "开始投票" in elections.undo(election.id)
    assert elections.get(election.id).status == "preparing"
    elections.delete(election.id)
    assert elections.list() == []


def test_an_election_is_held_at_a_session_only(town) -> None:
    presidium = town.office.meetings.add(kind="presidium", start_date="2025-03-20")
    error = refused(town.office.elections.add, meeting_id=presidium.id, posts=[("副镇长", 1)])
    assert "只能在人民代表大会会议上进行" in error.message
    error = refused(town.office.elections.add, meeting_id=town.session.id, posts=[("局长", 1)])
    assert "没有“局长”这个职务" in error.message
    error = refused(town.office.elections.add, meeting_id=town.session.id, posts=[("镇长", 2)])
    assert "只设一名" in error.message


def test_attendance_cannot_fall_below_the_ballots_issued(town) -> None:
    office, elections = town.office, town.office.elections
    election = by_election(town)
    elections.set_scrutineers(election.id, monitors=[town.id("赵五")])
    elections.start_voting(election.id)
    elections.count_ballots(election.id, issued=18, returned=18, valid=18, invalid=0)
    error = refused(
        office.meetings.attendance.set_status, town.session.id, [town.id("张一")], "leave"
    )
    assert "已发出选票 18 张，出席代表不能少于 18 人" in error.message
