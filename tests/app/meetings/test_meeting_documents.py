"""The meeting forms read back: 会议签到表, 代表请假单, 会议记录, 票决选票 and 票决结果 hold
every value (rare names too), embed their fonts, and refuse what cannot be printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import RendaError
from app.documents.leave_slip import leave_pdf
from app.documents.minutes import minutes_pdf
from app.documents.project_vote import ballot_pdf, vote_result_pdf
from app.documents.signin import signin_pdf
from app.meetings.meetings import MeetingQuery
from tests.app.documents.test_documents import font_table, squeezed, text_of
from tests.app.test_cli import run


@pytest.fixture
def session(demo_office):
    """The demo's first session: attendance, observers, resolutions and a project vote."""
    sessions = demo_office.meetings.search(MeetingQuery(kind="session"))
    return demo_office.meetings.get(sessions[-1])


def test_the_signin_sheet_lists_everyone_with_the_figures_and_the_quorum(
    demo_office, session, tmp_path: Path
):
    result = signin_pdf(demo_office, session.id)
    path = result.save(tmp_path / "签到表.pdf")
    text = squeezed(text_of(path))
    counts = demo_office.meetings.attendance.counts(session.id)
    rows = demo_office.meetings.attendance.rows(session.id)
    figures = "应到（人）实到（人）请假（人）缺席（人）列席（人）" + "".join(
        str(n)
        for n in (counts.expected, counts.present, counts.leave, counts.absent, counts.observers)
    )
    for value in (
        session.title, "会议签到表", figures, f"实到{counts.present}人",
        f"三分之二（{counts.quorum_needed}人）", "■符合法定人数", "签名", "签到统计人",
        "王𠮷", "李䶮", "张𡒄",
    ):  # fmt: skip
        assert squeezed(value) in text, value
    for row in rows:
        assert row.name in text, row.name
    on_leave = next(r for r in rows if r.status == "leave")
    assert on_leave.leave_kind in text
    assert all(row[-5] == "yes" for row in font_table(path)), "every font embedded"
    assert "Helvetica" not in " ".join(row[0] for row in font_table(path))


def test_a_signin_sheet_printed_before_the_meeting_leaves_the_figures_blank(demo_office):
    meeting = demo_office.meetings.add(kind="session", start_date="2026-12-20")
    text = squeezed(text_of(signin_pdf(demo_office, meeting.id).data))
    expected = demo_office.meetings.attendance.counts(meeting.id).expected
    # 应到 is known; the other counts are ruled cells left blank to be written in.
    assert f"应到（人）实到（人）请假（人）缺席（人）列席（人）{expected}出席人数" in text
    assert "□符合法定人数□不足法定人数" in text


def test_leave_slips_of_the_deputies_on_leave(demo_office, session):
    rows = [r for r in demo_office.meetings.attendance.rows(session.id) if r.status == "leave"]
    result = leave_pdf(demo_office, session.id)
    text = squeezed(text_of(result.data))
    assert text.count("代表请假单") == len(rows)
    assert result.pages == (len(rows) + 1) // 2  # two slips to a page
    for row in rows:
        for value in (row.name, row.leave_reason, f"■{row.leave_kind}", row.leave_approved_by):
            assert squeezed(value) in text, value
    other = demo_office.meetings.add(kind="other", title="培训会", start_date="2026-11-02")
    with pytest.raises(RendaError, match="没有登记请假的代表"):
        leave_pdf(demo_office, other.id)


def test_a_blank_leave_slip_for_a_rare_name(demo_office, session):
    deputy = demo_office.deputies.find("张𡒄")[0]
    text = squeezed(text_of(leave_pdf(demo_office, session.id, [deputy.id]).data))
    assert "张𡒄" in text and "□事假□病假" in text


def test_the_minutes_hold_attendance_agenda_minutes_and_resolutions(demo_office, session):
    meetings = demo_office.meetings
    text = squeezed(text_of(minutes_pdf(demo_office, session.id).data))
    for item in meetings.agenda(session.id):
        assert squeezed(item.title) in text
    for r in meetings.resolutions.list(session.id):
        assert squeezed(r.title) in text and squeezed(r.votes_label) in text
    rows = meetings.attendance.rows(session.id)
    for r in rows:
        if r.status in ("leave", "absent", "observer"):
            assert r.name in text, r.name
    assert squeezed(session.minutes.split("\n")[0]) in text
    assert "主持人（签名）" in text and "记录人（签名）" in text


def test_a_long_record_continues_on_the_next_page(demo_office, session):
    demo_office.meetings.set_minutes(
        session.id,
        minutes="\n".join(f"第{i}位代表发言：建议加快通村公路建设。" for i in range(120)),
    )
    result = minutes_pdf(demo_office, session.id)
    assert result.pages >= 3
    assert "第119位代表发言" in text_of(result.data)


def test_the_ballot_and_the_result_of_the_project_vote(demo_office, session):
    projects = demo_office.meetings.projects
    vote = projects.vote_of_meeting(session.id)
    ballot = squeezed(text_of(ballot_pdf(demo_office, session.id).data))
    assert "民生实事项目票决票" in ballot and "不得超过10个" in ballot
    for p in projects.candidates(vote.id):
        assert squeezed(p.name) in ballot
    result = squeezed(text_of(vote_result_pdf(demo_office, session.id).data))
    assert "民生实事项目票决结果" in result and "当选10个项目" in result
    ranking = projects.ranking(vote.id)
    assert result.index(squeezed(ranking[0].name)) < result.index(squeezed(ranking[-1].name))
    presidium = demo_office.meetings.list(MeetingQuery(kind="presidium"))[0]
    with pytest.raises(RendaError, match="还没有设立民生实事项目票决"):
        vote_result_pdf(demo_office, presidium.id)


def test_print_signin_on_the_command_line(demo_db: Path, tmp_path: Path) -> None:
    import json

    session = json.loads(run(demo_db, "meetings", "--kind", "session", "--json").stdout)[0]
    out = tmp_path / "签到表.pdf"
    result = run(demo_db, "print", "signin", "--meeting", str(session["id"]), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "已保存" in result.stdout and session["title"] in text_of(out)
    refused = run(demo_db, "print", "vote-result", "--meeting", "999", "--out", str(out))
    assert refused.returncode == 1 and "找不到编号为 999 的会议" in refused.stderr
