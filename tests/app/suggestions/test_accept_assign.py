"""立案并交办: the usual next step after registering, taken in one go; it is recorded as the
two steps it is, and nothing is written when either is refused."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationError
from tests.app.suggestions.test_suggestions import register


def test_accept_and_assign_in_one_step_records_both(town) -> None:
    office = town.office
    s = register(town)
    offered = [a.key for a in office.suggestions.combined_actions(s)]
    assert offered == ["accept_assign"]
    done = office.suggestions.act(
        s.id,
        "accept_assign",
        lead_unit_id=town.units["水利站"],
        date="2026-03-05",
        operator="刘敏",
    )
    assert done.status == "assigned" and done.lead_unit_name == "清溪镇水利站"
    steps = [(e.action, e.from_status, e.to_status) for e in office.suggestions.events(s.id)]
    assert steps[-2:] == [("accept", "registered", "accepted"), ("assign", "accepted", "assigned")]
    assert office.suggestions.combined_actions(done) == []  # only offered while registered


def test_a_refused_assignment_leaves_the_suggestion_registered(town) -> None:
    office = town.office
    s = register(town)
    before = office.suggestions.events(s.id)
    with pytest.raises(ValidationError) as refused:
        office.suggestions.act(s.id, "accept_assign", lead_unit_id=None, date="2026-03-05")
    assert "lead_unit_id" in refused.value.fields
    assert office.suggestions.get(s.id).status == "registered"
    assert office.suggestions.events(s.id) == before


def test_a_motion_is_not_offered_the_combined_step(town) -> None:
    d = town.deputies
    motion = register(
        town,
        title="关于加快桃源村饮水工程建设的议案",
        kind="motion",
        co_signer_ids=[d["李䶮"], d["张三"], d["刘芳"], d["陈明"], d["赵丽"]],
        proposal="由镇政府统筹资金，年内完成管网铺设。",
    )
    assert town.office.suggestions.combined_actions(motion) == []


def test_the_list_shows_the_newest_year_first_even_when_last_year_is_entered_late(
    town,
) -> None:
    """A clerk who enters last year's suggestions in January still sees this year's on top."""
    from app.suggestions.records import SuggestionQuery

    this_year = register(town, title="关于修缮桃源村山塘的建议", received_date="2026-03-01")
    late = register(town, title="关于整治集镇排水的建议", received_date="2025-11-20")
    ids = town.office.suggestions.search(SuggestionQuery())
    assert ids.index(this_year.id) < ids.index(late.id)
