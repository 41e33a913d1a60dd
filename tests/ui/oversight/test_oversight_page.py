"""The issue's story in the GUI: a clerk runs a work appraisal from the session's vote to
the closing verdict, prints the ballot and the result sheet, is refused in Chinese (more
ballots counted than returned, feedback before the opinions were sent, closing without
feedback) with nothing changed, and sees overdue feedback on 工作台 and in the open
opinions."""

from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.core import dates
from app.meetings.meetings import MeetingQuery
from tests.ui.helpers import save_screenshot, type_text, when_modal
from ui.oversight.dialogs import SurveyPicker
from ui.widgets.record_dialog import RecordDialog


def when_dialog(qtbot, cls, action, *, timeout: int = 5000) -> None:
    """Run `action(dialog)` once a modal dialog of class `cls` is open."""
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


def pdf_text(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace(" ", "")


def snapshot(office) -> list:
    return [
        list(office.db.execute(f"SELECT * FROM {t} ORDER BY 1"))
        for t in ("appraisals", "appraisal_stages", "ratings", "oversight_opinions")
    ]


def day(days_ago: int) -> str:
    return (dates.today() - timedelta(days=days_ago)).isoformat()


def fill(dialog: RecordDialog, values: dict) -> None:
    for key, value in values.items():
        widget = dialog.form.widgets[key]
        if hasattr(widget, "set_value"):
            widget.set_value(value)
        elif hasattr(widget, "setPlainText"):
            widget.setPlainText(value)
        else:
            widget.clear()
            type_text(widget, value)


def error_at(dialog: RecordDialog, key: str) -> str:
    return dialog.form.messages[key].error.text()


def test_a_clerk_runs_an_appraisal_from_the_vote_to_the_verdict(qtbot, window) -> None:
    office = window.office
    window.go("oversight")
    page = window.pages["oversight"]
    tab = page.appraisals
    sessions = office.meetings.list(MeetingQuery(kind="session"))
    autumn = sessions[0]  # the latest session; the demo's votes were at the spring ones

    # 1. The session's vote chooses the subject.
    def vote(dialog: RecordDialog) -> None:
        fill(
            dialog, {"meeting_id": autumn.id, "places": "1", "votes": "镇文化站𠮷=40\n镇司法所=20"}
        )
        assert dialog.accept_values()

    when_dialog(qtbot, RecordDialog, vote)
    tab.vote_button.click()
    a = tab.current()
    assert a.title == "对镇文化站𠮷的工作评议" and a.votes_for == 40
    assert tab.table.item(tab.table.currentRow(), 1).text() == "待动员"

    # 2. The stages, with a survey activity linked.
    for stage, days_ago, record in (
        ("mobilize", 60, "印发评议方案"),
        ("survey", 45, "走访群众"),
        ("review", 30, "听取汇报，代表评议"),
    ):

        def step(dialog: RecordDialog, d=days_ago, r=record) -> None:
            fill(dialog, {"done_date": day(d), "record": r})
            assert dialog.accept_values()

        when_dialog(qtbot, RecordDialog, step)
        tab.stage_buttons[stage].click()

    def link(dialog: SurveyPicker) -> None:
        dialog.activities.item(0).setCheckState(Qt.CheckState.Checked)
        assert dialog.accept_values()

    when_dialog(qtbot, SurveyPicker, link)
    tab.link_button.click()
    assert len(tab.current().activity_ids) == 1

    # 3. The 测评: more counted than returned is refused at the field, nothing written.
    before = snapshot(office)

    def rate(dialog: RecordDialog) -> None:
        fill(
            dialog,
            {
                "date": day(30),
                "issued": "30",
                "returned": "29",
                "satisfied": "20",
                "basic": "8",
                "unsatisfied": "5",
            },
        )
        assert not dialog.accept_values()
        assert error_at(dialog, "unsatisfied") == (
            "满意、基本满意、不满意合计 33 票，多于收回票数（29），请核对"
        )
        assert snapshot(office) == before
        save_screenshot(dialog, "appraisal_rating_refused")
        fill(dialog, {"unsatisfied": "1"})
        assert dialog.accept_values()

    when_dialog(qtbot, RecordDialog, rate)
    tab.rating_button.click()
    a = tab.current()
    assert a.rating.result == "满意" and a.rating.tally.invalid == 0
    assert "满意率 96.6%" in tab.detail.text()

    # 4. The ballot and the result sheet print.
    seen: dict = {}

    def preview(dialog) -> None:
        seen.setdefault("texts", []).append(pdf_text(dialog.result.data))
        dialog.reject()

    for button in (tab.ballot_button, tab.result_button):
        count = len(seen.get("texts", []))
        when_modal(qtbot, preview, timeout=15000)
        button.click()
        qtbot.waitUntil(lambda c=count: len(seen.get("texts", [])) > c, timeout=20000)
    ballot, result = seen["texts"]
    assert ballot.count("工作评议测评票") == 3 and "镇文化站𠮷" in ballot
    for figure in ("30张", "29张", "20票", "8票", "1票", "96.6%"):
        assert figure in result, figure

    # 5. Rectification: closing without feedback and feedback before sending are refused.
    def rectify(dialog: RecordDialog) -> None:
        fill(dialog, {"sent_date": day(25), "content": "一、加强文化下乡；二、公开办事流程"})
        assert dialog.accept_values()

    when_dialog(qtbot, RecordDialog, rectify)
    tab.rectify_button.click()
    before = snapshot(office)

    def close_early(dialog: RecordDialog) -> None:
        fill(dialog, {"closed_date": day(1), "verdict": "done"})
        assert not dialog.accept_values()
        assert "还没有书面反馈整改情况，不能结束评议" in error_at(dialog, "closed_date")
        dialog.reject()

    when_dialog(qtbot, RecordDialog, close_early)
    tab.close_button.click()

    def feedback(dialog: RecordDialog) -> None:
        fill(dialog, {"feedback_date": day(26), "feedback": "已整改"})
        assert not dialog.accept_values()
        assert "早于意见送交日期" in error_at(dialog, "feedback_date")
        assert snapshot(office) == before
        fill(dialog, {"feedback_date": day(5), "feedback": "已整改 3 项"})
        assert dialog.accept_values()

    when_dialog(qtbot, RecordDialog, feedback)
    tab.feedback_button.click()

    def check(dialog: RecordDialog) -> None:
        fill(dialog, {"check_date": day(3), "check_note": "回访属实"})
        assert dialog.accept_values()

    when_dialog(qtbot, RecordDialog, check)
    tab.check_button.click()

    def close(dialog: RecordDialog) -> None:
        fill(dialog, {"closed_date": day(1), "verdict": "done", "closing_note": "整改到位"})
        assert dialog.accept_values()

    when_dialog(qtbot, RecordDialog, close)
    tab.close_button.click()
    a = tab.current()
    assert a.status() == "已结束（已落实）" and a.rectification.closed_date == day(1)
    assert not tab.rating_button.isEnabled()
    save_screenshot(window, "oversight_appraisal_closed")


def test_overdue_feedback_shows_on_the_home_page_and_in_the_open_opinions(qtbot, window) -> None:
    office = window.office
    overdue = [o for o in office.opinions.list(open_only=True) if o.state() == "overdue"]
    assert overdue  # the demo leaves some unanswered past their deadline
    home = window.pages["home"]
    home.refresh()
    texts = [r.text for r in home.reminders if r.area == "监督" and r.level == "overdue"]
    assert any("还没有书面反馈" in t for t in texts)
    window.go("oversight")
    page = window.pages["oversight"]
    page.tabs.setCurrentWidget(page.opinions)
    table = page.opinions.table
    assert table.rowCount() == len(office.opinions.list(open_only=True))
    assert f"逾期未反馈 {len(overdue)} 项" in page.opinions.count.text()
    assert table.item(0, 0).text().startswith("逾期")
    assert table.item(0, 0).foreground().color().name() == "#c62828"
    qtbot.wait(100)
    save_screenshot(window, "oversight_open_opinions")

    # A review opinion of a session, answered from the list.
    def add(dialog: RecordDialog) -> None:
        fill(
            dialog,
            {
                "topic": "镇人民政府工作报告",
                "content": "加快集镇污水管网建设",
                "sent_date": day(10),
            },
        )
        dialog.form.widgets["meeting_id"].setCurrentIndex(1)
        assert dialog.accept_values()

    when_dialog(qtbot, RecordDialog, add)
    page.opinions.add_button.click()
    added = max(office.opinions.list(), key=lambda o: o.id)
    assert added.source == "meeting" and added.state() == "sent"
    tab = page.opinions
    row = next(
        r
        for r in range(table.rowCount())
        if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == added.id
    )

    def edit(dialog: RecordDialog) -> None:
        fill(dialog, {"content": "加快集镇污水管网建设，年内完成主管网铺设"})
        assert dialog.accept_values()

    table.selectRow(row)
    when_dialog(qtbot, RecordDialog, edit)
    tab.edit_button.click()
    assert office.opinions.get(added.id).content.endswith("年内完成主管网铺设")

    def answer(dialog: RecordDialog) -> None:
        fill(dialog, {"feedback_date": day(2), "feedback": "主管网已开工"})
        assert dialog.accept_values()

    table.selectRow(
        next(
            r
            for r in range(table.rowCount())
            if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == added.id
        )
    )
    when_dialog(qtbot, RecordDialog, answer)
    tab.feedback_button.click()

    def finish(dialog: RecordDialog) -> None:
        fill(dialog, {"closed_date": day(1), "verdict": "partly"})
        assert dialog.accept_values()

    table.selectRow(
        next(
            r
            for r in range(table.rowCount())
            if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == added.id
        )
    )
    when_dialog(qtbot, RecordDialog, finish)
    tab.close_button.click()
    closed = office.opinions.get(added.id)
    assert closed.verdict_label == "部分落实" and not closed.is_open()
    assert all(
        table.item(r, 0).data(Qt.ItemDataRole.UserRole) != added.id for r in range(table.rowCount())
    )  # only open ones are listed
