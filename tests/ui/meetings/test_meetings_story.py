"""The meetings issue's story, as a clerk does it in the GUI: a session from start to end,
with attendance and the quorum, agenda, minutes, two resolutions, a project vote of 20
candidates for 10 places; then the deputies' files show it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.meetings.meetings import MeetingQuery
from tests.ui.helpers import save_screenshot, type_text, when_modal
from ui.meetings.meeting_dialog import MeetingDialog
from ui.meetings.project_dialogs import PasteCandidatesDialog, VotesDialog
from ui.meetings.resolution_dialog import ResolutionDialog
from ui.widgets.record_dialog import RecordDialog

CANDIDATES = [
    ("集镇污水管网改造", 380, "2026-12", "镇村建设办"),
    ("桃源村至石桥村通村公路提质", 260, "2026-10", "交通站"),
    ("中心小学运动场改造", 150, "2026-09", "中心学校"),
    ("卫生院发热门诊建设", 120, "2026-08", "卫生院"),
    ("农村安全饮水巩固提升", 210, "2026-12", "水利站"),
    ("集镇农贸市场升级", 300, "2026-11", "市场监管所"),
    ("山塘清淤整治二十口", 90, "2026-06", "水利站"),
    ("村级养老服务站建设", 80, "2026-10", "民政办"),
    ("集镇路灯亮化", 60, "2026-07", "镇村建设办"),
    ("垃圾中转站改造", 140, "2026-12", "环卫站"),
    ("高标准农田建设一千亩", 450, "2026-12", "农业综合服务中心"),
    ("村卫生室标准化建设", 70, "2026-09", "卫生院"),
    ("便民服务中心改造", 95, "2026-08", "党政办"),
    ("集镇停车场建设", 180, "2026-12", "镇村建设办"),
    ("河道护岸修复", 220, "2026-11", "水利站"),
    ("农村危房改造", 130, "2026-12", "镇村建设办"),
    ("幼儿园扩建", 260, "2026-12", "中心学校"),
    ("油茶低改五百亩", 75, "2026-11", "农业综合服务中心"),
    ("村组道路安保工程", 110, "2026-10", "交通站"),
    ("文化广场建设", 85, "2026-09", "综合文化站"),
]


def drive(qtbot, action, trigger):
    """Run `action` on the modal dialog `trigger()` opens; a failed check closes the dialog
    (so the test fails instead of waiting forever) and is raised here."""
    errors: list[BaseException] = []

    def run(dialog) -> None:
        try:
            action(dialog)
        except BaseException as exc:
            errors.append(exc)
            dialog.reject()

    when_modal(qtbot, run)
    result = trigger()
    if errors:
        raise errors[0]
    return result


def _fill_record(values: dict[str, str]):
    def fill(dialog: RecordDialog) -> None:
        for key, value in values.items():
            widget = dialog.form.widgets[key]
            if hasattr(widget, "set_value"):
                widget.set_value(value)
            else:
                widget.clear()
                type_text(widget, value)
        assert dialog.accept_values(), dialog.form.messages

    return fill


def test_a_session_from_start_to_end_in_the_gui(qtbot, window, monkeypatch) -> None:
    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: infos.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    office = window.office
    window.go("meetings")
    page = window.pages["meetings"]
    before = page.model.rowCount()

    # An end before the start is refused at the field; then the session is created.
    def create(dialog: MeetingDialog) -> None:
        assert dialog.kind.value() == "session"
        assert dialog.title_edit.text().endswith("人民代表大会第五次会议")
        for edit, text in (
            (dialog.start_date, "2026-11-20"),
            (dialog.start_time, "14:30"),
            (dialog.end_time, "09:00"),
        ):
            type_text(edit, text)
        type_text(dialog.place, "清溪镇人民政府三楼会议室")
        assert not dialog.save()
        assert "早于开始时间" in dialog.form.messages["end_time"].error.text()
        assert office.meetings.list(MeetingQuery(year=2026, kind="session"))[0].start_date < (
            "2026-11-20"
        )
        dialog.start_time.clear()
        type_text(dialog.start_time, "08:30")
        dialog.end_time.clear()
        type_text(dialog.end_time, "12:00")
        assert dialog.save()

    drive(qtbot, create, lambda: page.add_button.click())
    view = page.view
    assert page.stack.currentWidget() is view
    assert view.tabs.currentWidget() is view.attendance
    meeting = view.meeting
    assert meeting.title == "清溪镇第十七届人民代表大会第五次会议"
    assert page.model.rowCount() == before + 1

    # Attendance: nothing marked, no quorum; all present in one click; then a few others.
    grid = view.attendance
    expected = len(grid.model.rows)
    assert expected == 66 and "不足法定人数" in grid.quorum.text()
    grid.buttons["all"].click()
    assert "符合法定人数" in grid.quorum.text() and f"实到 {expected} 人" in grid.summary.text()
    grid.show()
    grid.table.setFocus()
    qtbot.keyClicks(grid.find, "ly")  # pinyin initials find 李䶮 among others
    assert "李䶮" in [r.name for r in grid.selected_rows()]
    grid.find.clear()
    type_text(grid.find, "李䶮")
    assert [r.name for r in grid.selected_rows()] == ["李䶮"]
    grid.table.setFocus()
    qtbot.keyClick(grid.table, Qt.Key.Key_2)
    assert grid.selected_rows()[0].status == "leave"

    def leave(dialog: RecordDialog) -> None:
        dialog.form.widgets["leave_kind"].set_value("病假")
        type_text(dialog.form.widgets["leave_reason"], "住院治疗")
        type_text(dialog.form.widgets["leave_date"], "2026-11-18")
        assert dialog.accept_values()

    drive(qtbot, leave, lambda: qtbot.keyClick(grid.table, Qt.Key.Key_Return))
    on_leave = grid.selected_rows()[0]
    assert on_leave.leave_label == "病假：住院治疗（主席团批准）"
    absent_row = next(
        r
        for r in grid.model.rows
        if r.deputy_id and not office.meetings.attendance.unapproved_absences(r.deputy_id)
    )
    grid.select_deputies([absent_row.deputy_id])
    qtbot.keyClick(grid.table, Qt.Key.Key_3)
    assert any("第一次" in text for text in infos)
    counts = office.meetings.attendance.counts(meeting.id)
    assert (counts.present, counts.leave, counts.absent) == (expected - 2, 1, 1)
    assert f"现出席 {expected - 2} 人，符合法定人数" in grid.quorum.text()
    observer = _fill_record({"name": "刘建华", "unit": "清溪镇党委书记"})
    drive(qtbot, observer, lambda: grid.buttons["observer"].click())
    assert grid.model.rows[-1].name == "刘建华" and "列席 1 人" in grid.summary.text()
    save_screenshot(window, "meetings_story_attendance")

    # Agenda, in order.
    view.tabs.setCurrentWidget(view.agenda)
    for title, presenter in (
        ("听取和审议清溪镇人民政府工作报告", "镇长"),
        ("审查和批准清溪镇2027年财政预算", "财政所所长"),
    ):
        item = _fill_record({"title": title, "presenter": presenter})
        drive(qtbot, item, view.agenda.add)
    assert [a.title for a in office.meetings.agenda(meeting.id)][
        1
    ] == "审查和批准清溪镇2027年财政预算"

    # Minutes.
    view.tabs.setCurrentWidget(view.minutes)
    type_text(view.minutes.text, "会议听取和审议了政府工作报告，代表们踊跃发言。")
    view.minutes.save_button.click()
    assert "踊跃发言" in office.meetings.get(meeting.id).minutes

    # Two resolutions; more votes than deputies present, and 'passed' without a majority of
    # ALL deputies, are refused at the field and nothing is saved.
    view.tabs.setCurrentWidget(view.resolutions)
    present = expected - 2

    def refused_then_saved(dialog: ResolutionDialog) -> None:
        type_text(dialog.form.widgets["title"], "关于清溪镇人民政府工作报告的决议")
        for key, value in (("votes_for", present + 1), ("votes_against", 0), ("votes_abstain", 0)):
            type_text(dialog.form.widgets[key], str(value))
        assert not dialog.save()
        assert "超过出席的" in dialog.form.messages["votes_for"].error.text()
        dialog.form.widgets["votes_for"].setText("30")
        dialog.form.widgets["passed"].set_value(True)
        assert not dialog.save()
        assert "不能记为通过" in dialog.form.messages["passed"].error.text()
        assert office.meetings.resolutions.list(meeting.id) == []
        dialog.form.widgets["votes_for"].setText(str(present - 2))
        dialog.form.widgets["votes_abstain"].setText("2")
        assert "通过" in dialog.verdict.text()
        assert dialog.save()

    drive(qtbot, refused_then_saved, lambda: view.resolutions.add())

    def second(dialog: ResolutionDialog) -> None:
        dialog.form.widgets["kind"].set_value("决定")
        type_text(dialog.form.widgets["title"], "关于2027年民生实事项目的决定")
        for key, value in (("votes_for", present), ("votes_against", 0), ("votes_abstain", 0)):
            type_text(dialog.form.widgets[key], str(value))
        assert dialog.save()

    drive(qtbot, second, lambda: view.resolutions.add())
    resolutions = office.meetings.resolutions.list(meeting.id)
    assert [(r.kind, r.passed) for r in resolutions] == [("决议", True), ("决定", True)]
    assert view.resolutions.table.rowCount() == 2

    # The project vote: 20 candidates pasted from a spreadsheet, 10 places.
    view.tabs.setCurrentWidget(view.projects)
    assert view.tabs.isTabVisible(view.tabs.indexOf(view.projects))
    drive(qtbot, _fill_record({"places": "10"}), lambda: view.projects.open_button.click())

    def paste(dialog: PasteCandidatesDialog) -> None:
        dialog.text.setPlainText(
            "项目名称\t总投资\t计划完成\t责任单位\n"
            + "\n".join(f"{n}\t{i}\t{d}\t{u}" for n, i, d, u in CANDIDATES)
        )
        assert "读到 20 个项目" in dialog.count.text()
        assert dialog.save()

    drive(qtbot, paste, lambda: view.projects.paste_candidates())
    assert view.projects.table.table.rowCount() == 20

    votes = [present - i for i in range(10)] + [9 - i for i in range(10)]  # 10 marks each

    def enter(dialog: VotesDialog) -> None:
        dialog.set_votes([present + 1, *votes[1:]])
        assert not dialog.save()
        assert "超过出席的" in dialog.problems.text()
        dialog.set_votes(votes)
        assert dialog.save()

    drive(qtbot, enter, lambda: view.projects.enter_votes())
    ranking = office.meetings.projects.ranking(
        office.meetings.projects.vote_of_meeting(meeting.id).id
    )
    assert [p.name for p in ranking if p.elected] == [c[0] for c in CANDIDATES[:10]]
    assert "当选 10 个项目" in view.projects.info.text()
    save_screenshot(window, "meetings_story_project_vote")

    # Held, with the quorum met.
    view.held_button.click()
    assert office.meetings.get(meeting.id).held
    assert "已召开" in view.details.text()
    save_screenshot(window, "meetings_story_view")

    # The deputies' files show it.
    for row, status, note in ((on_leave, "请假", "病假：住院治疗"), (absent_row, "缺席", "")):
        window.open_deputy(row.deputy_id)
        tab = next(t for t in window.file_page.tab_widgets if type(t).__name__ == "MeetingsFileTab")
        window.file_page.tabs.setCurrentWidget(tab)
        cells = [tab.meetings.item(0, c).text() for c in range(5)]
        assert cells[2:] == [meeting.title, status, note]
    save_screenshot(window, "meetings_story_file")

    # Double-click in the file opens the meeting.
    tab.meetings.selectRow(0)
    tab._open()
    assert window.stack.currentWidget() is page and page.view.meeting.id == meeting.id


def test_a_second_unapproved_absence_offers_to_end_the_status(qtbot, window, monkeypatch) -> None:
    questions: list[str] = []

    def answer(_parent, _title, text, *_a):
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    office = window.office
    row = office.db.execute(
        "SELECT a.deputy_id FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id"
        " JOIN deputies d ON d.id = a.deputy_id"
        " WHERE m.kind = 'session' AND a.status = 'absent' AND d.status = 'serving'"
    ).fetchone()
    deputy_id = row[0]
    meeting = office.meetings.add(kind="session", start_date="2026-11-20")
    office.meetings.attendance.set_status(
        meeting.id, office.meetings.attendance.expected_ids(meeting.id), "present"
    )
    window.open_record("meetings", meeting.id)
    grid = window.pages["meetings"].view.attendance
    window.pages["meetings"].view.tabs.setCurrentWidget(grid)
    grid.select_deputies([deputy_id])
    changed: list = []
    window.context.deputies_changed.connect(changed.append)
    assert grid.mark("absent")
    assert any("第六十二条" in q and "是否现在登记终止" in q for q in questions)
    deputy = office.deputies.get(deputy_id)
    assert deputy.status == "ended"
    assert deputy.status_reason == "未经批准两次不出席本级人民代表大会会议"
    assert changed == [[deputy_id]]


def test_reminders_on_the_home_page_open_the_meeting(qtbot, window) -> None:
    office = window.office
    meeting = office.meetings.add(kind="other", title="代表培训会", start_date="2026-11-01")
    window.pages["home"].refresh()
    home = window.pages["home"]
    row = next(i for i, r in enumerate(home.reminders) if r.record_id == meeting.id)
    assert "已过会议日期" in home.list.item(row).text()
    home._open(home.list.item(row))
    page = window.pages["meetings"]
    assert window.stack.currentWidget() is page and page.view.meeting.id == meeting.id
    save_screenshot(window, "meetings_from_reminder")


def test_the_list_filters_by_kind_and_year(qtbot, window) -> None:
    from datetime import date

    page = window.pages["meetings"]
    page.kind.set_value("session")
    page.year.set_value(date.today().year - 1)
    page.apply_filters()
    assert page.model.rowCount() == 2
    titles = [page.model.index(r, 2).data() for r in range(page.model.rowCount())]
    assert all("人民代表大会第" in t for t in titles)
    QApplication.processEvents()


def test_the_meetings_forms_print_from_the_meeting_view(qtbot, window, tmp_path, monkeypatch):
    from pypdf import PdfReader

    from ui.printing.preview import PdfPreviewDialog

    office = window.office
    session = office.meetings.search(MeetingQuery(kind="session"))[-1]
    window.open_record("meetings", session)
    view = window.pages["meetings"].view
    saved = iter(tmp_path / f"{i}.pdf" for i in range(10))
    monkeypatch.setattr(PdfPreviewDialog, "choose_save_path", lambda self: next(saved))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)

    def print_from_menu(text: str, screenshot: str = "") -> str:
        seen: dict = {}

        def in_preview(dialog) -> None:
            if screenshot:
                qtbot.wait(300)  # let QPdfView draw the page before the picture is taken
                save_screenshot(dialog, screenshot)
            seen["path"] = dialog.save_as()
            dialog.accept()

        when_modal(qtbot, in_preview, timeout=15000)
        action = next(a for a in view.print_button.menu().actions() if a.text().startswith(text))
        action.trigger()
        qtbot.waitUntil(lambda: "path" in seen, timeout=20000)
        return "".join(p.extract_text() for p in PdfReader(seen["path"]).pages)

    signin = print_from_menu("会议签到表", "meetings_print_preview_signin")
    assert "会议签到表" in signin and "王𠮷" in signin
    view.tabs.setCurrentWidget(view.attendance)
    deputy = office.deputies.find("李䶮")[0]
    view.attendance.select_deputies([deputy.id])
    leave = print_from_menu("代表请假单")
    assert leave.count("代表请假单") == 1 and "李䶮" in leave
    assert "会议记录" in print_from_menu("会议记录")
    assert "民生实事项目票决票" in print_from_menu("民生实事项目票决票")
    assert "当选" in print_from_menu("民生实事项目票决结果")


def test_held_without_quorum_asks_for_the_reason(qtbot, window, monkeypatch) -> None:
    office = window.office
    meeting = office.meetings.add(kind="presidium", start_date="2026-11-20")
    members = office.meetings.attendance.expected_ids(meeting.id)
    office.meetings.attendance.set_status(meeting.id, members[:5], "present")
    window.open_record("meetings", meeting.id)
    view = window.pages["meetings"].view

    def cancel(dialog: RecordDialog) -> None:
        assert "不足法定人数" in dialog.windowTitle()
        dialog.reject()

    drive(qtbot, cancel, view.held_button.click)
    assert not office.meetings.get(meeting.id).held
    reason = _fill_record({"quorum_note": "多名成员参加县人代会，经主任会议同意如期召开"})
    drive(qtbot, reason, view.held_button.click)
    held = office.meetings.get(meeting.id)
    assert held.held and held.quorum_note.startswith("多名成员")
    assert "不足法定人数仍召开的原因" in view.details.text()


def test_the_expected_list_is_adjusted_from_the_grid(qtbot, window) -> None:
    office = window.office
    meeting = office.meetings.add(kind="other", title="代表培训会", start_date="2026-11-10")
    window.open_record("meetings", meeting.id)
    grid = window.pages["meetings"].view.attendance
    chosen = [d.id for d in office.deputies.find("王𠮷") + office.deputies.find("李䶮")]

    def pick(dialog) -> None:
        dialog.picker.set_selected(chosen)
        assert "已选 2 名" in dialog.picker.count.text()
        assert dialog.save()

    drive(qtbot, pick, grid.adjust_expected)
    assert [r.name for r in grid.model.rows] == ["王𠮷", "李䶮"]
    assert "应到 2 人" in grid.summary.text()


def test_progress_and_rating_of_an_elected_project(qtbot, window, monkeypatch) -> None:
    from ui.meetings.project_dialogs import ProgressDialog

    office = window.office
    session = office.meetings.search(MeetingQuery(kind="session"))[-1]
    window.open_record("meetings", session)
    panel = window.pages["meetings"].view.projects
    vote = office.meetings.projects.vote_of_meeting(session)
    elected = next(p for p in office.meetings.projects.ranking(vote.id) if p.elected)
    row = next(r for r in range(panel.table.table.rowCount()) if panel.projects[r].id == elected.id)
    panel.table.table.selectRow(row)

    def progress(dialog: ProgressDialog) -> None:
        before = dialog.table.rowCount()
        note = _fill_record(
            {"date": "2026-11-20", "status": "completed", "percent": "100", "note": "验收合格"}
        )
        drive(qtbot, note, dialog.add)
        assert dialog.table.rowCount() == before + 1
        assert "已完成 100%" in dialog.state.text()
        dialog.accept()

    drive(qtbot, progress, panel.show_progress)
    rating = _fill_record(
        {"rating_satisfied": "50", "rating_basic": "10", "rating_unsatisfied": "2"}
    )
    drive(qtbot, rating, panel.rate)
    project = office.meetings.projects.get(elected.id)
    assert project.completed_date == "2026-11-20"
    assert project.satisfaction_label.startswith("满意 50，基本满意 10，不满意 2")
    assert project.satisfaction_short in panel.table.table.item(row, 9).text()
