"""The issue's story in the GUI: a clerk records an inspection with five deputies, a voters'
reception and a deputy's report to voters; the deputies' files and the scores show them at
once, each point traceable; bad input is refused in Chinese and changes nothing."""

from __future__ import annotations

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox

from app.deputies.deputies import DeputyQuery
from tests.ui.helpers import save_screenshot, type_text
from ui.duties.activity_dialog import ActivityDialog
from ui.duties.file_tabs import CareerTab, YearFileTab
from ui.duties.reception_dialog import ReceptionDialog
from ui.duties.reception_suggestion_dialog import ReceptionSuggestionDialog
from ui.duties.score_rules_dialog import POINTS, ScoreRulesDialog
from ui.widgets.record_dialog import RecordDialog

TOPIC = "石桥村人饮工程专项视察"
PROBLEM = "石桥村三组到镇上的路一下雨就走不了，希望尽快硬化。"


def when_dialog(qtbot, cls, action, *, timeout: int = 5000) -> None:
    """Run `action(dialog)` once a modal dialog of class `cls` is open; unlike
    tests.ui.helpers.when_modal it waits past other modal dialogs (a dialog's own
    sub-dialog opens while the first is still modal)."""
    state = {"waited": 0}

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, cls) and dialog.isVisible():
            action(dialog)
            return
        state["waited"] += 20
        if state["waited"] < timeout:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def count(office, table: str) -> int:
    return office.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def five_deputies(office) -> list[int]:
    ids = office.deputies.search(
        DeputyQuery(term_id=office.current_term_id(), level="township", status="serving")
    )
    rows = office.deputies.rows(ids)
    rare = [r.id for r in rows if r.name in ("王𠮷", "李䶮", "张𡒄")]
    return rare + [r.id for r in rows if r.id not in rare][:2]


def test_a_clerk_records_between_sessions_and_files_and_scores_follow(
    qtbot, window, monkeypatch
) -> None:
    office = window.office
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text) or 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    five = five_deputies(office)
    wang = five[0]
    score_before = office.scores.deputy(wang, 2026).total

    # 1. An inspection with five deputies.
    window.go("activities")
    activities = window.pages["activities"]

    def record_inspection(dialog: ActivityDialog) -> None:
        dialog.kind.set_value("视察")
        dialog.date.setText("2026-03-02")
        type_text(dialog.topic, TOPIC)
        type_text(dialog.picker.filter, "王𠮷")
        visible = [
            r
            for r in range(dialog.picker.table.rowCount())
            if not dialog.picker.table.isRowHidden(r)
        ]
        assert [dialog.picker.table.item(r, 0).text() for r in visible] == ["王𠮷"]
        dialog.picker.filter.clear()
        dialog.picker.set_selected(five)
        assert dialog.picker.count.text() == "已选 5 名"
        save_screenshot(dialog, "activity_dialog")
        assert dialog.save()

    when_dialog(qtbot, ActivityDialog, record_inspection)
    activities.add_button.click()
    activity_id = activities.selected_id()
    activity = office.activities.get(activity_id)
    assert activity.topic == TOPIC and set(activity.deputy_ids) == set(five)
    assert "王𠮷" in activities.detail.toPlainText() and "参加代表（5 名）" in (
        activities.detail.toPlainText()
    )
    save_screenshot(window, "activities_page_after_inspection")

    # 2. A reception: refused without a station, then recorded with its visitor.
    window.go("receptions")
    receptions = window.pages["receptions"]
    receptions.select_station(0)
    before = count(office, "receptions")
    station = office.stations.list()[1]

    def receive(dialog: ReceptionDialog) -> None:
        dialog.date.setText("2026-03-05")
        dialog.start_time.setText("9:00")
        dialog.end_time.setText("11:30")
        dialog.picker.set_selected([wang])

        def visitor(item: RecordDialog) -> None:
            type_text(item.form.widgets["visitor_name"], "赵𠮷")
            item.form.widgets["visitor_gender"].set_value("男")
            item.form.widgets["visitor_age"].setText("61")
            type_text(item.form.widgets["content"], PROBLEM)
            item.form.widgets["handling"].set_value("government")
            assert not item.accept_values()  # forwarded to whom?
            assert "请填写转交的部门" in item.form.messages["forwarded_to"].error.text()
            type_text(item.form.widgets["forwarded_to"], "镇交通站")
            save_screenshot(item, "reception_visitor_dialog")
            assert item.accept_values()

        when_dialog(qtbot, RecordDialog, visitor)
        dialog.add_visitor_button.click()
        assert dialog.visitors.rowCount() == 1
        assert not dialog.save()
        assert dialog.form.messages["station_id"].error.text() == "请选择接待选民的联络站（点）"
        assert count(office, "receptions") == before
        save_screenshot(dialog, "reception_dialog_no_station")
        dialog.station.set_value(station.id)
        assert dialog.save()

    when_dialog(qtbot, ReceptionDialog, receive)
    receptions.add_button.click()
    reception = office.receptions.get(receptions.selected_id())
    assert reception.station_id == station.id and reception.time_label == "09:00—11:30"
    assert reception.items[0].visitor_name == "赵𠮷"
    assert receptions.items.item(0, 3).text() == PROBLEM
    save_screenshot(window, "receptions_page_after_reception")

    # 2b. The visitor's problem becomes a suggestion of the deputy on duty, linked both ways.
    receptions.items.selectRow(0)
    assert receptions.suggest_button.isEnabled()

    def suggest(dialog: ReceptionSuggestionDialog) -> None:
        assert dialog.lead.value() == wang  # the deputy on duty leads it
        assert "赵𠮷" in dialog.content.toPlainText()
        dialog.title.clear()
        type_text(dialog.title, "关于硬化石桥村三组通组公路的建议")
        assert not dialog.save()  # no category yet
        assert dialog.form.messages["category"].error.text() == "请选择类别"
        assert count(office, "suggestions") == suggestions_before
        dialog.category.set_value("交通道路")
        dialog.picker.set_selected([five[1]])
        save_screenshot(dialog, "reception_suggestion_dialog")
        assert dialog.save()

    suggestions_before = count(office, "suggestions")
    when_dialog(qtbot, ReceptionSuggestionDialog, suggest)
    receptions.suggest_button.click()  # the question afterwards goes to the 建议办理 page
    suggestion = office.suggestions.get(window.pages["suggestions"].list.selected_id())
    assert (
        suggestion.title == "关于硬化石桥村三组通组公路的建议" and suggestion.source == "reception"
    )
    assert window.stack.currentWidget() is window.pages["suggestions"]
    detail = window.pages["suggestions"].list.detail
    assert "查看接待记录" in detail.values["source"].text()
    save_screenshot(window, "suggestion_from_reception")
    detail.values["source"].linkActivated.emit(str(reception.id))
    assert window.stack.currentWidget() is receptions and receptions.selected_id() == reception.id
    receptions.items.selectRow(0)
    assert "已形成建议" in receptions.items.item(0, 5).text()
    assert not receptions.suggest_button.isEnabled()
    assert receptions.open_suggestion_button.isEnabled()

    # 3. A report to voters: more ratings than voters is refused, then fixed.
    window.go("reports")
    reports = window.pages["reports"]
    reports_before = count(office, "voter_reports")

    def report(dialog: RecordDialog) -> None:
        widgets = dialog.form.widgets
        widgets["deputy_id"].set_value(wang)
        widgets["date"].setText("2026-03-10")
        type_text(widgets["place"], "石桥村村民委员会会议室")
        widgets["voters_present"].setText("60")
        widgets["satisfied"].setText("50")
        widgets["basically_satisfied"].setText("20")
        assert not dialog.accept_values()
        assert dialog.form.messages["satisfied"].error.text() == (
            "测评票数合计 70 票，多于到会选民 60 人，请核对"
        )
        assert count(office, "voter_reports") == reports_before
        save_screenshot(dialog, "report_dialog_too_many_ratings")
        widgets["basically_satisfied"].setText("8")
        assert dialog.accept_values()

    when_dialog(qtbot, RecordDialog, report)
    reports.add_button.click()
    saved = office.voter_reports.get(reports.selected_id())
    assert (saved.satisfied, saved.basically_satisfied, saved.result) == (50, 8, "满意")
    save_screenshot(window, "reports_page")

    # 4. The deputy's file shows all three at once, each line opening its record.
    window.open_deputy(wang)
    file_page = window.file_page
    tab = next(t for t in file_page.tab_widgets if isinstance(t, YearFileTab))
    file_page.tabs.setCurrentWidget(tab)
    tab.year.set_value(2026)
    text = tab.view.toPlainText()
    assert TOPIC in text and station.name in text and "石桥村村民委员会会议室" in text
    assert f"领衔建议 {suggestion.number}：关于硬化石桥村三组通组公路的建议" in text
    score = tab.file.score
    traced = {(line.event.record_kind, line.event.record_id): line for line in score.lines}
    new = [traced[("activity", activity.id)], traced[("reception", reception.id)],
           traced[("voter_report", saved.id)], traced[("suggestion", suggestion.id)]]  # fmt: skip
    assert [line.raw_points for line in new] == [3, 1, 5, 3]  # the default rules
    # A rule's yearly cap may already be used up by the demo's records: then it says so.
    assert all(line.points == line.raw_points or "年度上限" in line.note for line in new)
    assert score.total == min(100, score_before + sum(line.points for line in new))
    save_screenshot(window, "deputy_year_file")
    tab.open_link(QUrl(f"trace:reception/{reception.id}"))
    assert window.stack.currentWidget() is receptions
    assert receptions.selected_id() == reception.id

    # 5. The scores page: every point of another of the five traced to the inspection.
    window.go("scores")
    scores = window.pages["scores"]
    scores.year.set_value(2026)
    scores.select_deputy(five[1])
    rows = [scores.lines.item(r, 4).text() for r in range(scores.lines.rowCount())]
    row = rows.index(f"视察：{TOPIC}")
    assert scores.lines.item(row, 2).text() == "+3"
    save_screenshot(window, "scores_page")
    scores.open_line(row)
    assert window.stack.currentWidget() is activities
    assert activities.selected_id() == activity.id

    # 6. A rule with text for points is refused, nothing saved; a number is taken.
    window.go("scores")
    dialog = ScoreRulesDialog(office, window)
    qtbot.addWidget(dialog)
    dialog.set_cell("activity:视察", POINTS, "三分")
    assert not dialog.save()
    assert "“参加视察”的分值应是数字" in dialog.errors.text()
    assert count(office, "score_rules") == 0
    save_screenshot(dialog, "score_rules_refused")
    dialog.set_cell("activity:视察", POINTS, "5")
    assert dialog.save()
    scores.reload()
    scores.select_deputy(five[1])
    assert scores.lines.item(row, 2).text() == "+5"
    assert warnings == []


def test_career_entries_from_the_file(qtbot, window, monkeypatch) -> None:
    office = window.office
    wang = five_deputies(office)[0]
    window.open_deputy(wang)
    tab = next(t for t in window.file_page.tab_widgets if isinstance(t, CareerTab))
    window.file_page.tabs.setCurrentWidget(tab)
    resume_rows = tab.resume.rowCount()
    assert resume_rows >= 2  # the demo's typed résumé, read line by line

    def award(dialog: RecordDialog) -> None:
        dialog.form.widgets["date"].setText("明年")
        assert not dialog.accept_values()
        dialog.form.widgets["date"].setText("2025")
        type_text(dialog.form.widgets["title"], "2025年度溪山县优秀人大代表")
        assert dialog.accept_values()

    when_dialog(qtbot, RecordDialog, award)
    tab.act("award", "add")
    assert tab.awards.item(tab.awards.rowCount() - 1, 1).text() == "2025年度溪山县优秀人大代表"
    basic = window.file_page.tab_widgets[0]
    assert "2025年度溪山县优秀人大代表" in basic.values["awards"].text()
    save_screenshot(window, "deputy_career_tab")
    year_tab = next(t for t in window.file_page.tab_widgets if isinstance(t, YearFileTab))
    year_tab.year.set_value(2025)
    assert "2025年度溪山县优秀人大代表" in year_tab.view.toPlainText()


def test_meetings_count_in_the_file_and_the_score_and_open_from_it(qtbot, window) -> None:
    office = window.office
    row = office.db.execute(
        "SELECT a.deputy_id, m.id, substr(m.start_date, 1, 4) FROM meeting_attendance a"
        " JOIN meetings m ON m.id = a.meeting_id WHERE m.kind = 'session' AND m.status = 'held'"
        " AND a.status = 'leave' ORDER BY m.start_date DESC LIMIT 1"
    ).fetchone()
    deputy_id, meeting_id, year = row[0], row[1], int(row[2])
    window.open_deputy(deputy_id)
    tab = next(t for t in window.file_page.tab_widgets if isinstance(t, YearFileTab))
    window.file_page.tabs.setCurrentWidget(tab)
    tab.year.set_value(year)
    meeting = office.meetings.get(meeting_id)
    assert f"{meeting.title}：请假" in tab.view.toPlainText()
    leave = [x for x in tab.file.score.lines if x.event.record_id == meeting_id]
    assert [(x.event.record_kind, x.points) for x in leave] == [("meeting", -1)]
    save_screenshot(window, "deputy_year_file_meetings")
    tab.open_link(QUrl(f"trace:meeting/{meeting_id}"))
    page = window.pages["meetings"]
    assert window.stack.currentWidget() is page
    assert page.stack.currentWidget() is page.view and page.view.meeting.id == meeting_id
