"""The session's whole paper pack in one PDF: before the session it states no counts that
are not known; after it, the results, resolutions and notices are in."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import RendaError
from app.documents.session_pack import session_pack_pdf
from app.meetings.meetings import MeetingQuery
from tests.app.documents.test_documents import font_table, squeezed, text_of
from tests.app.test_cli import run


def test_a_pack_printed_before_the_session_leaves_the_counts_blank(demo_office, tmp_path):
    office = demo_office
    office.settings.set("session_notice_days", 10)
    meeting = office.meetings.add(kind="session", start_date="2026-12-20", place="镇三楼会议室")
    office.meetings.add_agenda_items(meeting.id, [("补选镇人民政府副镇长", "大会主席团")])
    election = office.elections.add(meeting_id=meeting.id, kind="by_election",
                                    posts=[("副镇长", 1)])  # fmt: skip
    free = [
        r[0]
        for r in office.db.execute(
            "SELECT id FROM deputies WHERE presidium_role = '' AND is_township_deputy = 1"
            " AND status = 'serving' ORDER BY id DESC LIMIT 12"
        )
    ]
    office.elections.add_candidate(election.id, post="副镇长", deputy_id=free[0])
    office.elections.add_candidate(
        election.id, post="副镇长", deputy_id=free[1], nominated_by="deputies",
        nominator_ids=free[2:12],
    )  # fmt: skip
    on_leave = office.deputies.get(free[5])
    office.meetings.attendance.set_leave(
        meeting.id, on_leave.id, kind="病假", reason="住院治疗", approved_by="主席团"
    )
    result = session_pack_pdf(office, meeting.id)
    path = result.save(tmp_path / "材料.pdf")
    text = squeezed(text_of(path))
    for part in (
        f"关于召开{meeting.title}的通知", "2026年12月10日", "请携带", "会议日程",
        "补选镇人民政府副镇长", "代表分组名单", "组长", "会议签到表", "补选票",
        "计票单", "代表请假单", on_leave.name, "住院治疗",
    ):  # fmt: skip
        assert part in text, part
    # Nothing that is not known yet.
    for unknown in ("实到0人", "不足法定人数，", "选举结果报告单", "当选公告", "■不足法定人数"):
        assert unknown not in text, unknown
    assert "□符合法定人数□不足法定人数" in text
    assert all(row[-5] == "yes" for row in font_table(path))


def test_a_pack_after_the_session_has_the_results(demo_office):
    office = demo_office
    later = max(office.elections.list(), key=lambda r: r.meeting_date)
    text = squeezed(text_of(session_pack_pdf(office, later.meeting_id).data))
    for part in ("选举结果报告单", "当选公告", "第二次投票", "表决结果：赞成"):
        assert part in text, part
    presidium = office.meetings.search(MeetingQuery(kind="presidium"))[0]
    with pytest.raises(RendaError):
        session_pack_pdf(office, presidium)


def test_the_pack_from_the_command_line(demo_db: Path, tmp_path: Path):
    out = tmp_path / "会议材料.pdf"
    import json

    session = json.loads(run(demo_db, "meetings", "--kind", "session", "--json").stdout)[0]
    result = run(demo_db, "print", "session-pack", "--meeting", str(session["id"]),
                 "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.exists() and "会议通知" not in result.stderr
