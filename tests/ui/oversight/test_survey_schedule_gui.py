"""In the GUI: the clerk plans the days of every stage (a refusal stays at its field and
changes nothing), links a reception of voters to the survey and opens it from the
appraisal, sees on the reception which appraisal it served and goes back, and a review
opinion's reminder on 工作台 opens the 审议意见 tab with that opinion selected."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from app.core import dates
from tests.ui.helpers import save_screenshot, when_modal
from tests.ui.oversight.test_oversight_page import error_at, fill, pdf_text, when_dialog
from ui.oversight.dialogs import SurveyPicker
from ui.widgets.record_dialog import RecordDialog


def day(offset: int) -> str:
    return (dates.today() + timedelta(days=offset)).isoformat()


def stages(office) -> list:
    return list(office.db.execute("SELECT * FROM appraisal_stages ORDER BY id"))


def open_appraisal(window):
    """The 监督 page with a new appraisal of this year selected."""
    office = window.office
    a = office.appraisals.add(subject="镇便民服务中心𠮷", year=dates.today().year)
    window.go("oversight")
    page = window.pages["oversight"]
    page.show_record(a.id)
    tab = page.appraisals
    assert tab.current().id == a.id
    return page, tab, a


def test_the_clerk_plans_every_stage_and_sees_the_plan(qtbot, window) -> None:
    office = window.office
    _page, tab, a = open_appraisal(window)
    assert tab.plan_dates_button.isEnabled()
    before = stages(office)

    def plan(dialog: RecordDialog) -> None:
        assert list(dialog.form.widgets) == ["mobilize", "survey", "review", "rating", "rectify"]
        fill(dialog, {"review": day(20), "rating": day(10)})
        assert not dialog.accept_values()
        assert error_at(dialog, "rating").startswith("不能早于“评议”的计划日期")
        assert stages(office) == before
        QApplication.processEvents()
        save_screenshot(dialog, "appraisal_plan_refused")
        fill(
            dialog,
            {
                "mobilize": day(-3),
                "survey": day(2),
                "review": day(5),
                "rating": day(5),
                "rectify": day(90),
            },
        )
        save_screenshot(dialog, "appraisal_plan_dialog")
        assert dialog.accept_values()

    when_dialog(qtbot, RecordDialog, plan)
    tab.plan_dates_button.click()
    shown = office.appraisals.get(a.id)
    assert shown.stage("rating").planned_date == day(5)
    text = tab.detail.text()
    assert f"计划{dates.format_date(day(5))}" in text  # 评议 and 测评 planned
    assert f"计划{dates.format_date(day(-3))}，已逾期" in text  # 动员 not done yet
    # The table marks the appraisal late (red) as a stage is past its day.
    row = tab.table.currentRow()
    assert tab.table.item(row, 0).foreground().color().name() == "#c62828"

    # The calendar of 年度工作 lists the planned 测评; a double click opens the appraisal.
    window.go("plans")
    plans = window.pages["plans"]
    plans.tabs.setCurrentIndex(1)
    coming = plans.coming_list
    texts = [coming.item(i).text() for i in range(coming.count())]
    line = next(
        i for i, t in enumerate(texts) if t.startswith(f"{dates.format_date(day(5))}　测评")
    )
    assert a.title in texts[line] and "待办" in texts[line]
    coming.itemDoubleClicked.emit(coming.item(line))
    assert window.stack.currentWidget() is window.pages["oversight"]
    assert tab.current().id == a.id

    # 工作台 reminds of what is late and what comes soon; a click opens the appraisal.
    home = window.pages["home"]
    home.refresh()
    mine = [r for r in home.reminders if a.title in r.text]
    assert {r.level for r in mine} == {"overdue", "due"}
    window.go("home")
    home._open(home.list.item(home.reminders.index(mine[0])))
    assert window.stack.currentWidget() is window.pages["oversight"]
    assert tab.current().id == a.id


def test_a_reception_links_to_the_survey_and_both_open_each_other(qtbot, window) -> None:
    office = window.office
    _page, tab, a = open_appraisal(window)
    chosen: dict = {}

    def link(dialog: SurveyPicker) -> None:
        first = dialog.activities.item(0)
        chosen["activity"] = first.data(Qt.ItemDataRole.UserRole)
        first.setCheckState(Qt.CheckState.Checked)
        dialog.tabs.setCurrentWidget(dialog.receptions)
        item = dialog.receptions.item(0)
        chosen["id"] = item.data(Qt.ItemDataRole.UserRole)
        item.setCheckState(Qt.CheckState.Checked)
        save_screenshot(dialog, "appraisal_survey_picker")
        assert dialog.accept_values()

    when_dialog(qtbot, SurveyPicker, link)
    tab.link_button.click()
    reception_id = chosen["id"]
    linked = office.appraisals.get(a.id)
    assert (linked.reception_ids, linked.activity_ids) == ((reception_id,), (chosen["activity"],))
    assert f"reception:{reception_id}" in tab.detail.text()
    assert "接待选民 1 次" in tab.detail.text()

    # The appraisal opens the reception on its page ...
    tab.detail.linkActivated.emit(f"reception:{reception_id}")
    receptions = window.pages["receptions"]
    assert window.stack.currentWidget() is receptions
    assert receptions.selected_id() == reception_id
    # ... which says which appraisal it served, and opens it back.
    assert a.title in receptions.served.text() and receptions.served.isVisible()
    qtbot.wait(200)
    save_screenshot(window, "reception_served_appraisal")
    receptions.served.linkActivated.emit(str(a.id))
    assert window.stack.currentWidget() is window.pages["oversight"]
    assert tab.current().id == a.id

    # The activity likewise, from its detail on the activities page.
    tab.detail.linkActivated.emit(f"activity:{chosen['activity']}")
    activities = window.pages["activities"]
    assert window.stack.currentWidget() is activities
    assert activities.selected_id() == chosen["activity"]
    assert a.title in activities.detail.toPlainText()
    activities.detail.anchorClicked.emit(QUrl(f"appraisal:{a.id}"))
    assert window.stack.currentWidget() is window.pages["oversight"]
    assert tab.current().id == a.id


def test_a_review_opinion_reminder_opens_its_tab_and_selects_it(qtbot, window, monkeypatch) -> None:
    office = window.office
    home = window.pages["home"]
    home.refresh()
    reminder = next(r for r in home.reminders if r.page == "oversight/opinions" and r.record_id)
    opinion = office.opinions.get(reminder.record_id)
    assert opinion.topic in reminder.text and not opinion.appraisal_id
    home._open(home.list.item(home.reminders.index(reminder)))
    page = window.pages["oversight"]
    assert window.stack.currentWidget() is page
    assert page.tabs.currentWidget() is page.opinions
    table = page.opinions.table
    assert table.item(table.currentRow(), 0).data(Qt.ItemDataRole.UserRole) == opinion.id
    # The opinion in full below the list, and its feedback form printed.
    assert opinion.content.splitlines()[0] in page.opinions.detail.text()
    assert opinion.state_label() in page.opinions.detail.text()
    qtbot.wait(200)
    save_screenshot(window, "oversight_opinion_from_reminder")
    seen: dict = {}

    def preview(dialog) -> None:
        seen["text"] = pdf_text(dialog.result.data)
        dialog.reject()

    when_modal(qtbot, preview, timeout=15000)
    page.opinions.form_button.click()
    qtbot.waitUntil(lambda: "text" in seen, timeout=20000)
    assert "审议意见办理情况反馈表" in seen["text"] and opinion.topic in seen["text"]

    # A closed opinion (from the calendar, say) shows with the closed ones listed.
    closed = next(o for o in office.opinions.list() if not o.is_open() and not o.appraisal_id)
    window.open_record("oversight/opinions", closed.id)
    assert not page.opinions.open_only.isChecked()
    assert table.item(table.currentRow(), 0).data(Qt.ItemDataRole.UserRole) == closed.id
    # A closing recorded by mistake is undone with the same button.
    assert page.opinions.close_button.text() == "取消办结"
    monkeypatch.setattr("ui.oversight.oversight_page.confirm", lambda *_a: True)
    page.opinions.close_button.click()
    reopened = office.opinions.get(closed.id)
    assert reopened.is_open() and reopened.verdict == ""
    # 本月工作 and the calendar link to an opinion the same way.
    window.pages["home"]._open_link(f"oversight/opinions:{opinion.id}")
    assert table.item(table.currentRow(), 0).data(Qt.ItemDataRole.UserRole) == opinion.id
    # The plain page key still opens the appraisals.
    window.open_record("oversight", office.appraisals.ids()[0])
    assert page.tabs.currentWidget() is page.appraisals
