"""A voter's problem raised at a reception becomes a deputy's suggestion, linked both ways,
and the suggestion counts in the deputies' scores and files."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationError
from app.duties.reception_suggestions import draft, item_of_suggestion, make_suggestion
from app.duties.year_file import year_file
from app.office import Office
from tests.app.duties.seed_between_sessions import seed


@pytest.fixture
def raised(office: Office):
    s = seed(office)
    reception = office.receptions.add(
        station_id=s.point.id,
        date="2026-03-05",
        deputy_ids=[s.deputies[1].id, s.deputies[0].id],
        items=[
            dict(
                visitor_name="赵𠮷",
                village="桃源村",
                content="石桥到桃源的村道一下雨就走不了，希望硬化。",
            )
        ],
    )
    return s, reception, reception.items[0]


def count(office: Office, table: str) -> int:
    return office.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_the_item_becomes_a_suggestion_linked_both_ways(office: Office, raised) -> None:
    s, reception, item = raised
    start = draft(office, item.id)
    assert start.lead_deputy_id in reception.deputy_ids
    assert start.title == "关于石桥到桃源的村道一下雨就走不了的建议"
    assert "赵𠮷（桃源村）在桃源村代表联络点反映" in start.content and item.content in start.content
    suggestion = make_suggestion(
        office,
        item.id,
        lead_deputy_id=s.deputies[0].id,
        co_signer_ids=[s.deputies[1].id],
        title="关于硬化石桥至桃源村道的建议",
        category="交通道路",
        received_date="2026-03-08",
    )
    assert (suggestion.source, suggestion.number) == ("reception", "2026-001")
    assert suggestion.source_note == "3月5日桃源村代表联络点接待选民时赵𠮷反映"
    _reception, linked = office.receptions.item(item.id)
    assert linked.handling == "suggestion" and linked.suggestion_uuid == suggestion.uuid
    assert linked.forwarded_to == "王𠮷（建议 2026-001）"
    found = item_of_suggestion(office, suggestion.uuid)
    assert found is not None and found[1].id == item.id

    with pytest.raises(ValidationError, match="已经形成代表建议（编号 2026-001）"):
        make_suggestion(
            office, item.id, lead_deputy_id=s.deputies[0].id, title="x", category="其他"
        )

    # It counts: +3 to the deputy who leads it, +1 to the co-signer, in the file's part ⑥.
    lead = office.scores.deputy(s.deputies[0].id, 2026)
    co = office.scores.deputy(s.deputies[1].id, 2026)

    def points(score):
        return [
            (x.rule_label, x.points) for x in score.lines if x.event.record_kind == "suggestion"
        ]

    assert points(lead) == [("领衔提出建议", 3)] and points(co) == [("附议建议", 1)]
    part = year_file(office, s.deputies[0].id, 2026).part(6)
    assert part.entries[0].text == "领衔建议 2026-001：关于硬化石桥至桃源村道的建议"
    assert part.entries[0].record_id == suggestion.id


def test_a_bad_suggestion_changes_nothing(office: Office, raised) -> None:
    s, _reception, item = raised
    with pytest.raises(ValidationError) as caught:
        make_suggestion(office, item.id, lead_deputy_id=s.deputies[0].id, title="", category="")
    assert set(caught.value.fields) >= {"title", "category"}
    assert count(office, "suggestions") == 0
    _reception, unchanged = office.receptions.item(item.id)
    assert (unchanged.handling, unchanged.suggestion_uuid) == ("answered", "")
    # A refused suggestion earns no points.
    suggestion = make_suggestion(
        office, item.id, lead_deputy_id=s.deputies[0].id, title="关于硬化村道的建议",
        category="交通道路", received_date="2026-03-08",
    )  # fmt: skip
    office.suggestions.refuse(suggestion.id, reason="属于村民自治事项", date="2026-03-09")
    lines = office.scores.deputy(s.deputies[0].id, 2026).lines
    assert not [line for line in lines if line.event.record_kind == "suggestion"]
