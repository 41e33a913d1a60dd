"""The congress's votes on who leaves: an official's resignation accepted, a recall motion
by the presidium or one fifth of deputies jointly, a deputy's own resignation; each passes
with more than half of ALL deputies and updates the register (or the deputy's status
history) on the session's date; a failed vote or bad input changes nothing."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationError
from app.elections.rules import check_vote, recall_movers_needed


def _snapshot(office) -> tuple:
    db = office.db
    return tuple(
        db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
        for t in ("removals", "removal_movers", "officials", "deputy_status_changes", "deputies")
    )


def test_movers_needed_is_one_fifth_or_more_of_all_deputies() -> None:
    assert recall_movers_needed(20) == 4
    assert recall_movers_needed(21) == 5  # 4.2 deputies: five are one fifth or more
    assert recall_movers_needed(70) == 14
    assert recall_movers_needed(70, share=10) == 7
    assert recall_movers_needed(0) == 1


def test_vote_counts_cannot_exceed_the_deputies_present() -> None:
    assert check_vote(votes_for=10, against=5, abstain=3, present=18, expected=20) == {}
    errors = check_vote(votes_for=10, against=6, abstain=3, present=18, expected=20)
    assert "合计 19 票，多于出席的 18 名代表" in errors["votes_for"]
    assert (
        "没有应到代表名单"
        in check_vote(votes_for=1, against=0, abstain=0, present=0, expected=0)["votes_for"]
    )


def test_an_accepted_resignation_ends_the_holding_on_the_session_date(town) -> None:
    office = town.office
    head = office.officials.add(post="deputy_head", start_date="2022-01-05", name="彭志刚")
    removals = office.elections.removals
    r = removals.add(
        meeting_id=town.session.id,
        kind="resignation",
        holding_id=head.id,
        reason="因工作调动",
        submitted_date="2025-03-01",
    )
    assert r.moved_label == "本人书面提出" and r.result_label == "待表决"
    assert r.title == "关于接受彭志刚辞去清溪镇人民政府副镇长职务的决定"
    assert office.officials.get(head.id).current  # nothing happens before the vote
    done = removals.record_vote(r.id, votes_for=11, against=5, abstain=2)
    # 20 deputies: 11 is more than half of all, though only 18 attended.
    assert done.passed and done.total_deputies == 20 and done.threshold == 11
    ended = office.officials.get(head.id)
    assert (ended.end_date, ended.ended_label) == ("2025-03-12", "辞职被接受")
    assert ended.end_meeting_id == town.session.id
    # The count entered by mistake is taken back: the holding is current again.
    removals.undo_vote(r.id)
    assert office.officials.get(head.id).current and not removals.get(r.id).voted


def test_a_failed_vote_changes_nothing_in_the_register(town) -> None:
    office = town.office
    head = office.officials.add(post="head", start_date="2022-01-05", name="彭志刚")
    removals = office.elections.removals
    r = removals.add(meeting_id=town.session.id, kind="resignation", holding_id=head.id)
    before = office.db.execute("SELECT * FROM officials").fetchall()
    # 10 of 20 is half, not more than half: not accepted.
    failed = removals.record_vote(r.id, votes_for=10, against=6, abstain=2)
    assert failed.voted and not failed.passed and failed.result_label == "未通过"
    assert office.db.execute("SELECT * FROM officials").fetchall() == before
    # A failed vote does not block another motion about the same holding.
    again = removals.add(
        meeting_id=town.session.id, kind="recall", holding_id=head.id, reason="严重失职"
    )
    assert again.moved_label == "主席团提出"


def test_a_recall_by_deputies_needs_one_fifth_and_keeps_the_movers(town) -> None:
    office = town.office
    vice = office.officials.add(
        post="vice_chair", start_date="2022-01-05", deputy_id=town.id("张一")
    )
    removals = office.elections.removals
    three = [town.id(n) for n in ("刘二", "陈三", "杨四")]
    before = _snapshot(office)
    with pytest.raises(ValidationError) as caught:
        removals.add(
            meeting_id=town.session.id,
            kind="recall",
            holding_id=vice.id,
            moved_by="deputies",
            mover_ids=three,
            reason="不履行职责",
        )
    assert "至少 4 人联名" in caught.value.message and "现只有 3 人" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        removals.add(
            meeting_id=town.session.id,
            kind="recall",
            holding_id=vice.id,
            moved_by="deputies",
            mover_ids=[*three, town.id("赵五")],
        )
    assert "罢免案应当写明罢免理由" in caught.value.message
    assert _snapshot(office) == before
    r = removals.add(
        meeting_id=town.session.id,
        kind="recall",
        holding_id=vice.id,
        moved_by="deputies",
        mover_ids=[*three, town.id("王𠮷")],
        reason="长期不履行职责",
    )
    assert sorted(removals.mover_ids(r.id)) == sorted([*three, town.id("王𠮷")])
    assert "等 4 人联名提出" in r.moved_label
    with pytest.raises(ValidationError) as caught:
        removals.record_vote(r.id, votes_for=12, against=5, abstain=2)  # 19 > 18 present
    assert "多于出席的 18 名代表" in caught.value.message
    assert not removals.get(r.id).voted
    done = removals.record_vote(r.id, votes_for=12, against=4, abstain=2)
    assert done.passed
    holding = office.officials.get(vice.id)
    assert holding.ended_label == "罢免" and holding.end_date == "2025-03-12"
    assert office.deputies.get(town.id("张一")).presidium_role == ""  # the roster follows
    # Attendance cannot now drop below the ballots of the vote.
    attendance = office.meetings.attendance
    with pytest.raises(ValidationError) as caught:
        attendance.set_status(town.session.id, [town.id("王𠮷"), town.id("李䶮")], "absent")
    assert "出席代表不能少于 18 人" in caught.value.message


def test_a_presidium_member_cannot_be_recalled_and_nothing_is_written(town) -> None:
    office = town.office
    member = office.officials.add(post="member", start_date="2022-01-05", deputy_id=town.id("张一"))
    before = _snapshot(office)
    with pytest.raises(ValidationError) as caught:
        office.elections.removals.add(
            meeting_id=town.session.id, kind="recall", holding_id=member.id, reason="x"
        )
    assert "地方组织法第三十一条" in caught.value.message
    assert _snapshot(office) == before


def test_a_deputys_resignation_ends_their_status_through_the_history(town) -> None:
    office = town.office
    deputy_id = town.id("李䶮")
    member = office.officials.add(post="member", start_date="2022-01-05", deputy_id=deputy_id)
    removals = office.elections.removals
    r = removals.add(
        meeting_id=town.session.id,
        kind="deputy_resignation",
        deputy_id=deputy_id,
        reason="因工作调动离开本镇",
    )
    assert r.title == "关于接受李䶮辞去清溪镇人民代表大会代表职务的决定"
    removals.record_vote(r.id, votes_for=15, against=1, abstain=1)
    deputy = office.deputies.get(deputy_id)
    assert deputy.status == "ended" and deputy.status_reason == "辞职被接受"
    history = office.deputies.status_history(deputy_id)
    assert [(h.status, h.date) for h in history][-1] == ("ended", "2025-03-12")
    holding = office.officials.get(member.id)
    assert holding.ended_label == "辞职被接受" and deputy.presidium_role == ""
    # The same resignation cannot be put twice.
    with pytest.raises(ValidationError):
        removals.add(meeting_id=town.session.id, kind="deputy_resignation", deputy_id=deputy_id)
    removals.undo_vote(r.id)
    assert office.deputies.get(deputy_id).status == "serving"
    assert office.officials.get(member.id).current


def test_a_removal_with_a_vote_cannot_be_deleted_nor_its_holding(town) -> None:
    office = town.office
    head = office.officials.add(post="head", start_date="2022-01-05", name="彭志刚")
    removals = office.elections.removals
    r = removals.add(meeting_id=town.session.id, kind="resignation", holding_id=head.id)
    with pytest.raises(ValidationError) as caught:
        office.officials.remove(head.id)
    assert "辞职或罢免记录" in caught.value.message
    removals.record_vote(r.id, votes_for=3, against=10, abstain=2)
    with pytest.raises(ValidationError):
        removals.delete(r.id)
    removals.undo_vote(r.id)
    removals.delete(r.id)
    assert removals.of_meeting(town.session.id) == []


def test_the_session_pack_holds_the_ballot_and_a_blank_count_before_the_vote(town) -> None:
    import io

    from pypdf import PdfReader

    from app.documents.session_pack import session_pack_pdf

    office = town.office
    head = office.officials.add(post="head", start_date="2022-01-05", name="彭志刚")
    r = office.elections.removals.add(
        meeting_id=town.session.id,
        kind="recall",
        holding_id=head.id,
        reason="严重失职，群众反映强烈",
    )

    def text() -> str:
        data = session_pack_pdf(office, town.session.id).data
        return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)

    before = text()
    assert "罢免表决票" in before and "关于罢免彭志刚清溪镇人民政府镇长职务的议案" in before
    # Before the vote the figures are blank lines to fill in, never 0; no notice yet.
    assert "表决结果赞成票，反对票，弃权票。" in before
    assert "获得通过" not in before and "现予公告" not in before
    office.elections.removals.record_vote(r.id, votes_for=15, against=2, abstain=1)
    after = text()
    assert "赞成15票" in after and "决定罢免彭志刚的清溪镇人民政府镇长职务" in after


def test_a_resignation_left_without_a_vote_after_the_session_is_reminded(town) -> None:
    from datetime import date

    from app.elections.reminders import removal_reminders

    office = town.office
    head = office.officials.add(post="head", start_date="2022-01-05", name="彭志刚")
    r = office.elections.removals.add(
        meeting_id=town.session.id, kind="resignation", holding_id=head.id
    )
    assert removal_reminders(office, date(2025, 3, 12)) == []  # the session's own day
    later = removal_reminders(office, date(2025, 3, 20))
    assert len(later) == 1 and "尚未登记表决结果" in later[0].text
    assert (later[0].page, later[0].record_id) == ("meetings", town.session.id)
    office.elections.removals.record_vote(r.id, votes_for=12, against=3, abstain=1)
    assert removal_reminders(office, date(2025, 3, 20)) == []
