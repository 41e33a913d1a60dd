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
