"""Every list exports what it shows: the page's columns, its filtered rows (all of them),
dates as dates, numbers as numbers, contacts as masked text unless the clerk says
otherwise, rare characters intact."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core.errors import RendaError
from app.duties.activities import ActivityQuery
from app.duties.receptions import ReceptionQuery
from app.exchange import list_exports as le
from app.exchange.lists import (
    activity_columns,
    attendance_columns,
    in_file,
    meeting_columns,
    on_screen,
    reception_columns,
    suggestion_columns,
    value_text,
)
from app.meetings.meetings import MeetingQuery, MeetingRow
from app.office import Office
from app.suggestions.records import SuggestionQuery

HEADER_ROW = 3  # title, the note of filters, then the header


def read(path: Path, sheet: int = 0) -> tuple[list[str], list[list]]:
    """The header and the rows of a sheet of an exported file."""
    ws = load_workbook(path).worksheets[sheet]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=HEADER_ROW)]
    return rows[0], rows[1:]


def column(header: list[str], rows: list[list], title: str) -> list:
    i = header.index(title)
    return [r[i] for r in rows]


def titles(columns: list) -> list[str]:
    return [c.title for c in in_file(columns)]


def wang(office: Office) -> int:
    return office.deputies.find("王𠮷")[0].id


def latest_session(office: Office) -> MeetingRow:
    return office.meetings.list(MeetingQuery(kind="session"))[0]


def test_meetings_of_a_year_and_kind(demo_office: Office, tmp_path: Path) -> None:
    year = latest_session(demo_office).start_date[:4]
    query = MeetingQuery(kind="session", year=int(year))
    result = le.export_meetings(demo_office, tmp_path / "会议.xlsx", query)
    header, rows = read(result.path)
    assert header == titles(meeting_columns(county=False))
    count = len(demo_office.meetings.search(query))
    assert result.rows == len(rows) == count < len(demo_office.meetings.search(MeetingQuery()))
    assert all(
        isinstance(d, datetime) and d.year == int(year) for d in column(header, rows, "日期")
    )
    assert set(column(header, rows, "类别")) == {"人代会"}
    assert all(isinstance(n, int) for n in column(header, rows, "应到"))
    note = load_workbook(result.path).active["A2"].value
    assert f"{year}年" in note and f"共 {count} 次" in note


def test_a_meetings_attendance_with_the_details_of_each_leave(
    demo_office: Office, tmp_path: Path
) -> None:
    session = latest_session(demo_office)
    result = le.export_attendance(demo_office, tmp_path / "出席.xlsx", session.id)
    header, rows = read(result.path)
    assert header == ["序号", *titles(attendance_columns())]
    assert "请假说明" not in header and "请假事由" in header
    attendance = demo_office.meetings.attendance.rows(session.id)
    assert result.rows == len(rows) == len(attendance)
    assert column(header, rows, "序号")[:3] == [1, 2, 3]
    assert "王𠮷" in column(header, rows, "姓名")
    on_leave = [r for r in rows if r[header.index("出席情况")] == "请假"]
    assert len(on_leave) == session.leave
    assert all(r[header.index("请假事由")] for r in on_leave)
    leave_dates = [d for d in column(header, rows, "请假日期") if d]
    assert all(isinstance(d, datetime) for d in leave_dates)


def test_a_meetings_resolutions(demo_office: Office, tmp_path: Path) -> None:
    session = latest_session(demo_office)
    result = le.export_resolutions(demo_office, tmp_path / "决议.xlsx", session.id)
    header, rows = read(result.path)
    assert header[:3] == ["序号", "类别", "名称"] and len(rows) == session.resolutions
    assert all(isinstance(n, int) for n in column(header, rows, "赞成"))


def test_suggestions_as_filtered_with_the_due_marks(demo_office: Office, tmp_path: Path) -> None:
    query = SuggestionQuery(status="open")
    result = le.export_suggestions(demo_office, tmp_path / "建议.xlsx", query)
    header, rows = read(result.path)
    today, soon = demo_office.suggestions.due_bounds(None)
    assert header == titles(suggestion_columns(county=False, due=(today, soon)))
    assert result.rows == len(rows) == len(demo_office.suggestions.search(query)) > 10
    deadlines = [d for d in column(header, rows, "答复期限") if d]
    assert deadlines and all(isinstance(d, datetime) for d in deadlines)
    marks = column(header, rows, "期限提醒")
    assert any(m and m.startswith("逾期") for m in marks)
    note = load_workbook(result.path).active["A2"].value
    assert "未办结" in note and f"共 {len(rows)} 件" in note
    mine = SuggestionQuery(deputy_id=wang(demo_office))
    _header, rows = read(le.export_suggestions(demo_office, tmp_path / "王.xlsx", mine).path)
    assert any("王𠮷" in r[2] for r in rows)


def test_handling_units_and_the_years_rates(demo_office: Office, tmp_path: Path) -> None:
    header, rows = read(le.export_units(demo_office, tmp_path / "单位.xlsx").path)
    assert header[:3] == ["承办单位", "联系人", "联系电话"]
    assert len(rows) == len(demo_office.handling_units.list())
    ws = load_workbook(tmp_path / "单位.xlsx").active
    phone = ws.cell(row=HEADER_ROW + 1, column=3)
    assert phone.data_type == "s" and phone.number_format == "@"
    year = demo_office.suggestions.years()[0]
    result = le.export_suggestion_stats(demo_office, tmp_path / "统计.xlsx", year)
    header, rows = read(result.path)
    assert header[0] == "承办单位" and rows[-1][0] == "合计"
    ws = load_workbook(result.path).active
    share = ws.cell(row=ws.max_row, column=header.index("按期答复率") + 1)
    assert isinstance(share.value, float) and share.number_format == "0.0%"


def test_activities_of_a_kind(demo_office: Office, tmp_path: Path) -> None:
    query = ActivityQuery(year=demo_office.activities.years()[0], kind="视察")
    result = le.export_activities(demo_office, tmp_path / "活动.xlsx", query)
    header, rows = read(result.path)
    assert header == titles(activity_columns(county=False))
    assert len(rows) == len(demo_office.activities.search(query)) > 0
    assert set(column(header, rows, "类型")) == {"视察"}
    assert all(isinstance(n, int) for n in column(header, rows, "参加代表"))


def test_receptions_and_their_visitors_masked_unless_asked(
    demo_office: Office, tmp_path: Path
) -> None:
    station = demo_office.stations.list()[0]
    demo_office.receptions.add(
        station_id=station.id,
        date="2026-03-05",
        deputy_ids=[wang(demo_office)],
        items=[dict(visitor_name="赵𠮷", contact="13812345678", content="村道要硬化")],
    )
    query = ReceptionQuery(station_id=station.id, year=2026)  # the year of the one added
    result = le.export_receptions(demo_office, tmp_path / "接待.xlsx", query)
    header, rows = read(result.path)
    assert header == titles(reception_columns(county=False))
    assert result.rows == len(rows) == len(demo_office.receptions.search(query))
    assert set(column(header, rows, "联络站（点）")) == {station.name}
    assert any("王𠮷" in names for names in column(header, rows, "坐班代表"))
    visitors_header, visitors = read(result.path, sheet=1)
    assert "来访人" in visitors_header and "反馈日期" in visitors_header
    ours = next(v for v in visitors if v[visitors_header.index("来访人")] == "赵𠮷")
    assert ours[visitors_header.index("联系方式")] == "138****5678"
    assert isinstance(ours[visitors_header.index("接待日期")], datetime)
    demo_office.settings.set("mask_sensitive", False)
    shown = le.export_receptions(demo_office, tmp_path / "接待2.xlsx", query)
    ws = load_workbook(shown.path).worksheets[1]
    contact = visitors_header.index("联系方式") + 1
    cell = next(
        ws.cell(row=r, column=contact)
        for r in range(HEADER_ROW + 1, ws.max_row + 1)
        if ws.cell(row=r, column=contact - 3).value == "赵𠮷"
    )
    assert cell.value == "13812345678" and cell.data_type == "s"


def test_reports_of_a_year(demo_office: Office, tmp_path: Path) -> None:
    demo_office.voter_reports.add(
        deputy_id=wang(demo_office),
        date="2025-06-01",
        place="桃源村村委会",
        voters_present=60,
        satisfied=50,
        basically_satisfied=8,
        unsatisfied=1,
    )
    result = le.export_reports(demo_office, tmp_path / "述职.xlsx", 2025)
    header, rows = read(result.path)
    assert len(rows) == len(demo_office.voter_reports.list(year=2025))
    mine = next(r for r in rows if r[1] == "王𠮷")
    assert isinstance(mine[0], datetime) and mine[3] == 60
    assert mine[header.index("满意率")] == pytest.approx(58 / 59)


def test_scores_of_a_year_with_every_point(demo_office: Office, tmp_path: Path) -> None:
    year = latest_session(demo_office).start_date[:4]
    result = le.export_scores(demo_office, tmp_path / "积分.xlsx", int(year))
    header, rows = read(result.path)
    scores = demo_office.scores.year(int(year))
    assert header[:3] == ["名次", "姓名", "代表小组"] and len(rows) == len(scores.scores)
    assert "王𠮷" in column(header, rows, "姓名")
    assert all(isinstance(t, int | float) for t in column(header, rows, "总分"))
    lines_header, lines = read(result.path, sheet=1)
    assert lines_header[:3] == ["姓名", "日期", "积分项目"]
    assert len(lines) == sum(len(s.lines) for s in scores.scores)
    assert load_workbook(result.path).sheetnames == ["履职积分", "积分明细"]


def test_the_basic_data_lists(demo_office: Office, tmp_path: Path) -> None:
    header, rows = read(le.export_terms(demo_office, tmp_path / "届次.xlsx").path)
    assert header == ["届次", "开始日期", "届满日期", "状态"]
    assert isinstance(rows[0][1], datetime) and "本届" in column(header, rows, "状态")
    header, rows = read(le.export_constituencies(demo_office, tmp_path / "选区.xlsx").path)
    assert len(rows) == len(demo_office.constituencies.list())
    assert all(isinstance(n, int) for n in column(header, rows, "现有代表"))
    group = demo_office.groups.get(demo_office.deputies.get(wang(demo_office)).group_id)
    demo_office.groups.update(group.id, name=group.name, leader_id=wang(demo_office))
    header, rows = read(le.export_groups(demo_office, tmp_path / "小组.xlsx").path)
    assert header[:3] == ["代表小组", "组长", "成员数"]
    assert [group.name, "王𠮷"] == next(r[:2] for r in rows if r[0] == group.name)
    counts = demo_office.groups.member_counts()
    assert column(header, rows, "成员数") == [
        counts.get(g.id, 0) for g in demo_office.groups.list()
    ]
    header, rows = read(le.export_stations(demo_office, tmp_path / "联络站.xlsx").path)
    assert len(rows) == len(demo_office.stations.list()) and header[1] == "类型"


def test_an_empty_list_is_not_exported(demo_office: Office, tmp_path: Path) -> None:
    target = tmp_path / "空.xlsx"
    with pytest.raises(RendaError, match="没有导出"):
        le.export_meetings(demo_office, target, MeetingQuery(text="没有这个会议"))
    assert not target.exists()


def test_the_screen_shows_the_values_the_file_holds() -> None:
    assert value_text("date", "2026-03-12") == "2026年3月12日"
    assert value_text("date", "2025") == "2025年"
    assert value_text("percent", 0.875) == "87.5%" and value_text("percent", None) == ""
    assert value_text("number", 62.5) == "62.5" and value_text("number", 3.0) == "3"
    assert value_text("number", 0) == "0"
    shown = on_screen(attendance_columns())
    assert [c.title for c in shown][-1] == "请假说明"


def test_the_suggestions_export_has_received_and_reply_dates_and_co_signers(
    demo_office: Office, tmp_path: Path
) -> None:
    result = le.export_suggestions(demo_office, tmp_path / "建议.xlsx", SuggestionQuery())
    header, rows = read(result.path)
    for name in ("收到日期", "附议代表", "答复日期"):
        assert name in header
    by_number = {r[header.index("编号")]: r for r in rows}
    checked = 0
    for sid in demo_office.suggestions.search(SuggestionQuery()):
        s = demo_office.suggestions.get(sid)
        row = by_number[s.number]
        received = row[header.index("收到日期")]
        assert received.date().isoformat() == s.received_date
        co = [x.name for x in s.signers if x.role != "lead"]
        assert (row[header.index("附议代表")] or "") == "、".join(co)
        replied = row[header.index("答复日期")]
        assert (replied.date().isoformat() if replied else "") == s.replied_date
        checked += bool(co) and bool(s.replied_date)
    assert checked > 0
