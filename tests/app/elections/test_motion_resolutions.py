"""议案 → 决议: a motion the presidium put on the agenda links to the resolution the
session passed on it, and both show the link; wrong links are refused in Chinese and
change nothing. (Kept with the session's fixture of the elections tests.)"""

from __future__ import annotations

from datetime import date

import pytest

from app.core.errors import ValidationError


def _motion(town, title: str = "关于加快桃源村饮水工程建设的议案"):
    office = town.office
    signers = [town.id(n) for n in ("李䶮", "张一", "刘二", "陈三", "杨四")]
    return office.suggestions.register(
        lead_deputy_id=town.id("王𠮷"),
        co_signer_ids=signers,
        title=title,
        category="饮水安全",
        content="桃源村饮水管网老化，夏季经常停水。",
        proposal="由镇政府统筹资金，年内完成管网铺设。",
        kind="motion",
        received_date="2025-03-01",
        today=date(2025, 3, 1),
    )


def test_a_motion_on_the_agenda_links_to_the_resolution_passed(town) -> None:
    office = town.office
    motion = _motion(town)
    links = office.suggestions.motions
    passed = office.meetings.resolutions.add(
        town.session.id,
        title="关于加快桃源村饮水工程建设的决议",
        votes_for=16,
        votes_against=1,
        votes_abstain=1,
    )
    with pytest.raises(ValidationError) as caught:
        links.link(motion.id, passed.id)  # not on the agenda yet
    assert "列入大会议程" in caught.value.message
    office.suggestions.to_agenda(motion.id, date="2025-03-05", today=date(2025, 3, 5))
    assert links.on_agenda(motion.township_id) == [
        (motion.id, f"{motion.number}《{motion.title}》")
    ]
    failed = office.meetings.resolutions.add(
        town.session.id, title="关于另一事项的决议", votes_for=5, votes_against=10, votes_abstain=3
    )
    with pytest.raises(ValidationError) as caught:
        links.link(motion.id, failed.id)
    assert "未获通过" in caught.value.message
    assert links.resolution_of(motion.id) is None
    link = links.link(motion.id, passed.id)
    assert link.resolution_title == passed.title and link.meeting_id == town.session.id
    assert "2025年3月12日通过" in link.resolution_label
    assert [x.suggestion_id for x in links.of_resolution(passed.id)] == [motion.id]
    assert [x.suggestion_id for x in links.of_meeting(town.session.id)] == [motion.id]
    assert links.on_agenda(motion.township_id) == []
    with pytest.raises(ValidationError) as caught:
        links.link(motion.id, passed.id)
    assert "已关联" in caught.value.message
    links.unlink(motion.id)
    assert links.resolution_of(motion.id) is None
    links.link(motion.id, passed.id)
    # Deleting the resolution drops the link; the motion stays.
    office.meetings.resolutions.remove(passed.id)
    assert links.resolution_of(motion.id) is None
    assert office.suggestions.get(motion.id).status == "on_agenda"
