"""The election papers read back: the ballot (a section per post, candidates in 姓氏笔画
order, boxes, write-in lines, instructions), the count sheet before the count and the
result report after it, the 当选公告; fonts embedded, rare names printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.chinese import stroke_sort_key
from app.core.errors import RendaError
from app.documents.election_forms import (
    election_ballot_pdf,
    election_notice_pdf,
    election_result_pdf,
)
from tests.app.documents.test_documents import font_table, squeezed, text_of


@pytest.fixture
def first(demo_office):
    rows = sorted(demo_office.elections.list(), key=lambda r: r.meeting_date)
    return demo_office.elections.detail(rows[0].id)


def test_the_ballot_has_a_section_per_post_in_stroke_order(demo_office, first, tmp_path: Path):
    path = election_ballot_pdf(demo_office, first.election.id).save(tmp_path / "选票.pdf")
    text = squeezed(text_of(path))
    assert "选举票" in text and "无记名投票" in text and "按姓氏笔画为序" in text
    for p in first.posts:
        heading = f"{p.full_label}（应选{p.post.seats}名，候选人{len(p.candidates)}名"
        assert heading in text, heading
        names = [c.name for c in p.candidates]
        assert names == sorted(names, key=stroke_sort_key)
        positions = [text.index(n) for n in names]
        assert positions == sorted(positions), p.label
    assert "王𠮷" in text  # a presidium member with a rare name
    assert text.count("另选他人：") == sum(p.post.seats for p in first.posts)
    assert all(row[-5] == "yes" for row in font_table(path)), "every font embedded"


def test_the_result_report_and_the_notice(demo_office, tmp_path: Path):
    later = max(demo_office.elections.list(), key=lambda r: r.meeting_date)
    d = demo_office.elections.detail(later.id)
    result = election_result_pdf(demo_office, later.id)
    assert result.pages == 2
    text = squeezed(text_of(result.data))
    assert "选举结果报告单" in text and "第一次投票" in text and "第二次投票" in text
    assert f"全体代表{d.total_deputies}人，当选须得赞成票{d.threshold}票以上" in text
    assert "得票相等，再次投票" in text and "尚缺1名" in text
    for _p, c in d.elected:
        assert f"{c.name}当选为清溪镇人民政府副镇长" in text
    notice = squeezed(text_of(election_notice_pdf(demo_office, later.id).data))
    assert "当选公告" in notice and "以无记名投票方式补选" in notice


def test_papers_printed_before_the_vote_state_no_counts(demo_office):
    meeting = demo_office.meetings.add(kind="session", start_date="2026-12-20")
    election = demo_office.elections.add(
        meeting_id=meeting.id, kind="by_election", posts=[("副镇长", 1)]
    )
    with pytest.raises(RendaError) as caught:
        election_ballot_pdf(demo_office, election.id)
    assert "还没有候选人" in caught.value.message or "差额" in caught.value.message
    ids = [
        r[0]
        for r in demo_office.db.execute(
            "SELECT id FROM deputies WHERE presidium_role = '' AND is_township_deputy = 1"
            " AND status = 'serving' ORDER BY id DESC LIMIT 12"
        )
    ]
    demo_office.elections.add_candidate(election.id, post="副镇长", deputy_id=ids[0])
    with pytest.raises(RendaError) as caught:
        election_ballot_pdf(demo_office, election.id)  # one candidate for a vice post
    assert "差额" in caught.value.message
    demo_office.elections.add_candidate(
        election.id, post="副镇长", deputy_id=ids[1], nominated_by="deputies",
        nominator_ids=ids[2:12],
    )  # fmt: skip
    assert election_ballot_pdf(demo_office, election.id).pages == 1
    sheet = squeezed(text_of(election_result_pdf(demo_office, election.id).data))
    assert "计票单" in sheet and "选举结果报告单" not in sheet
    assert "发出选票　　　张" in sheet.replace(" ", "") or "发出选票张" in sheet
    assert "当选公告" not in sheet
    with pytest.raises(RendaError):
        election_notice_pdf(demo_office, election.id)
