"""The issue's story in the GUI: a clerk takes one suggestion through every state, with a
return from a wrong unit and a 不满意 rating with re-handling; the timeline shows it all,
and the rates change. Forbidden steps are not offered; bad input is refused at the field."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QMessageBox

from app.core import dates
from app.suggestions.stats import yearly_rates
from tests.ui.helpers import save_screenshot, type_text, when_modal
from ui.suggestions.step_dialog import SuggestionStepDialog
from ui.suggestions.suggestion_dialog import SuggestionDialog


def buttons(page) -> list[str]:
    return list(page.detail.action_buttons)


def step(qtbot, page, action: str, fill=lambda d: None) -> None:
    """Click the step's button in the detail and fill its dialog."""

    def act(dialog: SuggestionStepDialog) -> None:
        assert dialog.action == action
        fill(dialog)
        assert dialog.save(), dialog.form.messages

    when_modal(qtbot, act)
    page.detail.action_buttons[action].click()


def test_one_suggestion_through_every_state(qtbot, window, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest_fail(a))
    office = window.office
    year = dates.today().year
    before = yearly_rates(office, year).total
    window.go("suggestions")
    page = window.pages["suggestions"].list
    units = {u.name: u.id for u in office.handling_units.list()}
    deputies = {d.name: d.id for d in office.deputies.rows(office.deputies.search(_serving()))}

    def register(dialog: SuggestionDialog) -> None:
        dialog.lead.set_value(deputies["王𠮷"])
        dialog.co.set_checked([deputies["李䶮"], deputies["张𡒄"]])
        dialog.category.set_value("水利设施")
        type_text(dialog.title, "关于修缮𠮷家湾山塘的建议")
        type_text(dialog.content, "𠮷家湾山塘塘坝渗漏，下游三十亩稻田缺水。")
        assert dialog.save(), dialog.form.messages

    when_modal(qtbot, register)
    page.add_button.click()
    s = page.detail.suggestion
    assert s is not None and s.title == "关于修缮𠮷家湾山塘的建议"
    assert page.selected_id() == s.id
    assert buttons(page) == ["accept_assign", "accept", "refuse", "edit", "mark_key", "withdraw"]

    step(qtbot, page, "accept")
    assert "close" not in buttons(page) and "reply" not in buttons(page)
    step(qtbot, page, "assign", lambda d: d.fields["lead_unit_id"].set_value(units["清溪镇财政所"]))
    assert page.detail.suggestion.status == "assigned"
    step(qtbot, page, "give_back", lambda d: type_text(d.fields["reason"], "山塘归水利站管理"))
    assert page.detail.suggestion.status == "returned"
    assert buttons(page) == ["reassign", "mark_key", "withdraw"]

    def reassign(dialog: SuggestionStepDialog) -> None:
        dialog.fields["lead_unit_id"].set_value(units["清溪镇水利站"])
        dialog.fields["assist_unit_ids"].set_checked([units["清溪镇财政所"]])

    step(qtbot, page, "reassign", reassign)
    step(qtbot, page, "start")

    def supervise(dialog: SuggestionStepDialog) -> None:
        dialog.fields["method"].setCurrentText("现场督办")
        dialog.note.setPlainText("已现场查看，正在编制维修方案")

    step(qtbot, page, "supervise", supervise)
    step(qtbot, page, "reply", lambda d: d.fields["result_class"].set_value("B"))
    step(qtbot, page, "consult")

    def unhappy(dialog: SuggestionStepDialog) -> None:
        table = dialog.fields["ratings"]
        table.cellWidget(0, 2).set_value("unsatisfied")
        table.item(0, 3).setText("没有实质进展")

    step(qtbot, page, "rate", unhappy)
    assert page.detail.suggestion.status == "unsatisfied"
    assert "close" not in buttons(page)  # not closed before handling again
    middle = yearly_rates(office, year).total
    save_screenshot(window, "suggestion_story_unsatisfied")

    step(qtbot, page, "rehandle")
    assert page.detail.suggestion.round == 2
    step(qtbot, page, "reply", lambda d: d.fields["result_class"].set_value("A"))
    step(qtbot, page, "consult")
    step(qtbot, page, "rate")  # every deputy 满意 (the default)
    step(qtbot, page, "close")
    s = page.detail.suggestion
    assert (s.status, s.result_class) == ("closed", "A")
    assert buttons(page) == []

    timeline = page.detail.timeline
    steps = [timeline.item(r, 1).text() for r in range(timeline.rowCount())]
    assert steps == [
        "登记", "立案", "交办", "退回", "重新交办", "开始办理", "督办", "答复", "征询意见",
        "录入满意度", "重新办理", "答复", "征询意见", "录入满意度", "办结",
    ]  # fmt: skip
    states = [timeline.item(r, 2).text() for r in range(timeline.rowCount())]
    assert "已退回" in states and "不满意" in states and "重新办理中" in states
    assert "清溪镇财政所退回" in timeline.item(3, 3).text()
    assert all(timeline.item(r, 4).text() for r in range(timeline.rowCount()))  # operator
    save_screenshot(window, "suggestion_story_closed")

    after = yearly_rates(office, year).total
    assert after.received == before.received + 1 and after.replied == before.replied + 1
    assert middle.result_ok < middle.ratings  # the 不满意 counted …
    assert after.ratings == before.ratings + 3 and after.result_ok == before.result_ok + 3
    assert after.solved == before.solved + 1  # … and the A after re-handling
    stats = window.pages["suggestions"]
    stats.tabs.setCurrentWidget(stats.stats)
    stats.stats.year.set_value(year)
    assert f"收到建议 <b>{after.received}</b> 件" in stats.stats.summary.text()
    save_screenshot(window, "suggestion_stats")


def pytest_fail(args) -> None:
    raise AssertionError(f"unexpected message box: {args}")


def _serving():
    from app.deputies.deputies import DeputyQuery

    return DeputyQuery(status="serving")


def test_a_reply_dated_before_the_assignment_is_refused_at_the_field(qtbot, window) -> None:
    office = window.office
    window.go("suggestions")
    page = window.pages["suggestions"].list
    sid = office.db.execute(
        "SELECT id FROM suggestions WHERE status = 'handling' ORDER BY id LIMIT 1"
    ).fetchone()[0]
    page.show_record(sid)
    before = office.suggestions.get(sid)
    events = len(office.suggestions.events(sid))
    early = (dates.as_date(before.assigned_date) - timedelta(days=1)).isoformat()
    outcome = {}

    def reply(dialog: SuggestionStepDialog) -> None:
        dialog.fields["result_class"].set_value("A")
        dialog.date.setText(early)
        outcome["saved"] = dialog.save()
        outcome["message"] = dialog.form.messages["date"].error.text()
        save_screenshot(dialog, "suggestion_reply_refused")
        dialog.reject()

    when_modal(qtbot, reply)
    page.detail.action_buttons["reply"].click()
    assert outcome["saved"] is False
    assert outcome["message"].startswith("答复日期早于交办日期")
    assert office.suggestions.get(sid) == before
    assert len(office.suggestions.events(sid)) == events


def test_a_motion_with_four_signers_is_refused_at_the_signers(qtbot, window) -> None:
    office = window.office
    count = office.db.execute("SELECT count(*) FROM suggestions").fetchone()[0]
    dialog = SuggestionDialog(office)
    qtbot.addWidget(dialog)
    dialog.kind.set_value("motion")
    choices = [dialog.lead.itemData(i) for i in range(1, 5)]
    dialog.lead.set_value(choices[0])
    dialog.co.set_checked(choices[1:])
    dialog.category.set_value("生态环境")
    type_text(dialog.title, "关于建设集镇污水处理厂的议案")
    type_text(dialog.content, "集镇生活污水直排河道。")
    type_text(dialog.proposal, "建设日处理五百吨的污水处理厂。")
    assert "现在 4 名" in dialog.hint.text()
    assert not dialog.save()
    assert "5 名以上代表联名" in dialog.form.messages["co_signer_ids"].error.text()
    assert office.db.execute("SELECT count(*) FROM suggestions").fetchone()[0] == count
    dialog.show()
    save_screenshot(dialog, "suggestion_motion_refused")


def test_a_new_suggestion_is_accepted_and_assigned_in_one_step(qtbot, window) -> None:
    office = window.office
    window.go("suggestions")
    page = window.pages["suggestions"].list
    units = {u.name: u.id for u in office.handling_units.list()}
    lead = office.deputies.rows(office.deputies.search(_serving()))[0]

    def register(dialog: SuggestionDialog) -> None:
        dialog.lead.set_value(lead.id)
        dialog.category.set_value("水利设施")
        type_text(dialog.title, "关于疏浚𠮷家湾水渠的建议")
        assert dialog.save(), dialog.form.messages

    when_modal(qtbot, register)
    page.add_button.click()
    s = page.detail.suggestion
    assert buttons(page)[0] == "accept_assign"

    def assign(dialog: SuggestionStepDialog) -> None:
        assert dialog.windowTitle().startswith("立案并交办")
        dialog.fields["lead_unit_id"].set_value(next(iter(units.values())))

    step(qtbot, page, "accept_assign", assign)
    done = office.suggestions.get(s.id)
    assert done.status == "assigned"
    assert "accept_assign" not in buttons(page)
    actions = [e.action for e in office.suggestions.events(s.id)]
    assert actions[-2:] == ["accept", "assign"]
