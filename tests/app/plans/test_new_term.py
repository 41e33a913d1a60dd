"""换届: the next term starts in one step; re-elected deputies are carried over with their
identity and photo and linked to their records of the term before; nothing of the old
term changes; an overlapping term, an ended deputy or a repeated card number is refused
and nothing is written."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationError
from app.deputies.deputies import DeputyQuery
from app.plans.new_term import Reelected

TABLES = ("terms", "deputies", "deputy_groups", "constituencies", "deputy_term_links")


def counts(office) -> dict[str, int]:
    return {t: office.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def snapshot(office, term_id: int) -> list[tuple]:
    return office.db.execute(
        "SELECT * FROM deputies WHERE term_id = ? ORDER BY id", [term_id]
    ).fetchall()


def test_refusals_change_nothing(demo_office) -> None:
    office = demo_office
    current = office.current_term
    before = counts(office)
    ended = office.deputies.search(DeputyQuery(term_id=current.id, status="ended"))[0]
    serving = office.deputies.search(DeputyQuery(term_id=current.id, status="serving"))
    with pytest.raises(ValidationError) as overlap:
        office.new_term.start(number=18, start_date="2026-06-01")
    assert "重叠" in overlap.value.fields["start_date"]
    with pytest.raises(ValidationError) as number:
        office.new_term.start(number=17, start_date=current.end_date)
    assert "在第十七届之后" in number.value.fields["number"]
    with pytest.raises(ValidationError) as gone:
        office.new_term.start(number=18, start_date=current.end_date, reelected=[Reelected(ended)])
    assert "已终止代表资格" in gone.value.fields["reelected"]
    with pytest.raises(ValidationError) as same_card:
        office.new_term.start(
            number=18,
            start_date=current.end_date,
            reelected=[Reelected(serving[0], "18001"), Reelected(serving[1], "１８００１")],
        )
    assert "代表证号相同" in same_card.value.fields["reelected"]
    assert counts(office) == before
    assert office.current_term.id == current.id


def test_reelected_deputies_carry_over_and_the_old_term_is_kept(demo_office) -> None:
    office = demo_office
    old_term = office.current_term
    serving = office.deputies.search(DeputyQuery(term_id=old_term.id, status="serving"))
    chosen = serving[:10]
    with_photo = next(i for i in chosen if office.deputies.get(i).has_photo)
    old_rows = snapshot(office, old_term.id)
    result = office.new_term.start(
        number="１８",
        start_date=old_term.end_date,
        reelected=[Reelected(i, f"18{k:03d}") for k, i in enumerate(chosen)],
    )
    assert office.current_term.number == 18 and office.current_term.id == result.term.id
    assert snapshot(office, old_term.id) == old_rows  # nothing of the old term changed
    assert len(office.groups.list(result.term.id)) == len(office.groups.list(old_term.id))
    assert result.constituencies == len(office.constituencies.list(old_term.id))
    new_ids = office.deputies.search(DeputyQuery(term_id=result.term.id))
    assert sorted(new_ids) == sorted(result.deputies.values())
    for k, old_id in enumerate(chosen):
        old, new = office.deputies.get(old_id), office.deputies.get(result.deputies[old_id])
        assert (new.name, new.id_number, new.birth_date, new.gender) == (
            old.name, old.id_number, old.birth_date, old.gender,
        )  # fmt: skip
        assert new.is_reelected and new.card_number == f"18{k:03d}"
        old_c = office.constituencies.get(old.constituency_id) if old.constituency_id else None
        if old_c:
            assert office.constituencies.get(new.constituency_id).number == old_c.number
        assert [r.deputy_id for r in office.new_term.earlier(new.id)] == [old_id]
        assert [r.deputy_id for r in office.new_term.later(old_id)] == [new.id]
    new_with_photo = result.deputies[with_photo]
    assert office.deputies.photo(new_with_photo) == office.deputies.photo(with_photo)
    assert result.text.startswith("已开始第十八届")
    # Begun ahead of its first session: the old posts end on that day, not before.
    assert result.posts_ended == 0 and result.posts_pending == len(office.new_term.old_posts_open())
    assert result.posts_pending and "届时在“年度工作—换届”中结束" in result.text
    with pytest.raises(ValidationError, match="到那天才能结束"):
        office.new_term.end_old_posts()


def test_the_new_presidium_comes_from_the_first_sessions_elections(demo_office) -> None:
    """换届 on the first session's day: the old term's posts end as 届满 (its deputies'
    records keep the roles they had), card numbers are numbered for the clerk, and the
    presidium the session elects is the new term's, with no role typed by hand."""
    from app.core import dates
    from app.plans.new_term import numbered_cards

    office = demo_office
    old = office.current_term
    today = dates.today().isoformat()
    office.terms.update(old.id, number=old.number, start_date=old.start_date, end_date=today)
    open_before = [h for h in office.officials.current() if h.term_id == old.id]
    assert open_before  # the demo's chair, vice-chairs, members, head …
    chair = next(h.deputy_id for h in open_before if h.post == "chair")
    serving = office.deputies.search(DeputyQuery(term_id=old.id, status="serving"))
    chosen = [chair, *[i for i in serving if i != chair][:7]]
    old_rows = snapshot(office, old.id)
    cards = numbered_cards(old.number + 1, len(chosen))
    assert cards[:2] == [f"{old.number + 1}001", f"{old.number + 1}002"]
    result = office.new_term.start(
        number=old.number + 1,
        start_date=today,
        reelected=[Reelected(i, c) for i, c in zip(chosen, cards, strict=True)],
    )
    assert result.posts_ended == len(open_before) and "届满" in result.text
    assert snapshot(office, old.id) == old_rows  # roles kept on the old term's records
    ended = [office.officials.get(h.id) for h in open_before]
    assert {(h.end_date, h.end_how) for h in ended} == {(today, "term_end")}
    assert office.new_term.old_posts_open() == []
    waiting = office.new_term.presidium()
    assert not waiting.elected and "尚未产生" in waiting.text
    told = [r for r in office.reminders() if r.area == "换届"]
    assert [r.page for r in told] == ["officials"] and "主席团尚未产生" in told[0].text
    new = [result.deputies[i] for i in chosen]
    assert [office.deputies.get(i).card_number for i in new] == cards

    # The first session of the new congress elects the chair and two members.
    session = office.meetings.add(kind="session", start_date=today, place="镇会议室")
    attendance = office.meetings.attendance
    present = attendance.expected_ids(session.id)
    attendance.set_status(session.id, present, "present")
    elections = office.elections
    election = elections.add(meeting_id=session.id, posts=[("chair", 1), ("member", 2)])
    elections.add_candidate(election.id, post="chair", deputy_id=new[0])
    for i in new[1:3]:
        elections.add_candidate(election.id, post="member", deputy_id=i)
    elections.set_scrutineers(election.id, monitors=[new[5]])
    first = elections.start_voting(election.id)
    n = len(present)
    elections.count_ballots(election.id, issued=n, returned=n, valid=n, invalid=0)
    votes = {line.candidate_id: n - 1 for section in first.sections for line in section.lines}
    elections.record_votes(election.id, votes=votes)

    presidium = office.new_term.presidium()
    assert presidium.elected
    assert presidium.names("chair") == [office.deputies.get(new[0]).name]
    assert sorted(presidium.names("member")) == sorted(
        office.deputies.get(i).name for i in new[1:3]
    )
    assert session.title in presidium.text or presidium.sessions
    assert office.deputies.get(new[0]).presidium_role == "chair"
    assert {office.deputies.get(i).presidium_role for i in new[1:3]} == {"member"}
    assert snapshot(office, old.id) == old_rows
    assert office.new_term.presidium(old.id).holdings == ()  # the old term's have ended
    assert not [r for r in office.reminders() if r.area == "换届"]


def test_card_numbers_are_numbered_and_repeats_refused(demo_office) -> None:
    from app.plans.new_term import numbered_cards

    assert numbered_cards("18", 3) == ["18001", "18002", "18003"]
    # One width for all, so the numbers sort as they count.
    assert numbered_cards("１８", 2, first="９９９") == ["180999", "181000"]
    assert numbered_cards("", 2, first=7) == ["007", "008"]
    with pytest.raises(ValidationError, match="起始编号"):
        numbered_cards("18", 2, first="一")
    office = demo_office
    current = office.current_term
    serving = office.deputies.search(DeputyQuery(term_id=current.id, status="serving"))
    before = counts(office)
    with pytest.raises(ValidationError) as same:
        office.new_term.start(
            number=18,
            start_date=current.end_date,
            reelected=[Reelected(serving[0], ""), Reelected(serving[1], ""),
                       Reelected(serving[2], "18005"), Reelected(serving[3], "18005")],
        )  # fmt: skip
    message = same.value.fields["reelected"]
    assert "代表证号相同（18005）" in message and message.count("相同") == 1  # blanks are no repeat
    assert counts(office) == before
