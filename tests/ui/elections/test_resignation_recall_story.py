"""Resignations and recalls in the GUI, in a session's 选举 tab, 辞职、罢免: a 副镇长's
resignation put to the session and accepted (the register records 辞职被接受 on the
session's date); a recall of the 镇长 moved by deputies jointly — refused with too few
movers — which the session does not carry (the register stays); a deputy's own
resignation ending their status; the 表决票 and the result with its 公告 printed. Counts
that do not add up are refused in Chinese and change nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.elections.rules import elected_threshold
from tests.ui.elections.test_by_election_story import drive, pdf_text
from tests.ui.helpers import save_screenshot, type_text
from ui.elections.removal_dialogs import RemovalDialog, RemovalVoteDialog


def _select(panel, removal_id: int) -> None:
    panel.select(removal_id)
    assert panel.table.selected() == removal_id


def _snapshot(office) -> tuple:
    return tuple(
        office.db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
        for t in ("removals", "removal_movers", "officials", "deputy_status_changes")
    )


def test_resignation_recall_and_a_deputys_resignation(qtbot, window, monkeypatch, tmp_path):
    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: infos.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    office = window.office

    meeting = office.meetings.add(kind="session", start_date="2026-11-20", place="镇三楼会议室")
    attendance = office.meetings.attendance
    expected = attendance.expected_ids(meeting.id)
    attendance.set_status(meeting.id, expected, "present")
    attendance.set_status(meeting.id, expected[-6:], "leave")
    counts = attendance.counts(meeting.id)
    need = elected_threshold(counts.expected)
    window.open_record("meetings", meeting.id)
    view = window.pages["meetings"].view
    view.tabs.setCurrentWidget(view.elections)
    view.elections.sections.setCurrentWidget(view.elections.removals)
    panel = view.elections.removals
    assert f"即赞成 {need} 票以上" in panel.info.text().replace("<b>", "").replace("</b>", "")

    # 1. A 副镇长 asks to resign; the session accepts it.
    leaving = next(h for h in office.officials.current() if h.post == "deputy_head")

    def resignation(dialog: RemovalDialog) -> None:
        dialog.person.set_value(leaving.id)
        dialog.reason.setPlainText("因工作调动，请求辞去副镇长职务")
        type_text(dialog.submitted, "2026-11-02")
        assert dialog.save()

    assert drive(qtbot, resignation, lambda: panel.add("resignation"))
    r = office.elections.removals.of_meeting(meeting.id)[0]
    assert panel.table.selected() == r.id
    before = _snapshot(office)

    def too_many(dialog: RemovalVoteDialog) -> None:
        dialog.fill(counts.present, 1, 0)
        assert not dialog.save()
        assert f"多于出席的 {counts.present} 名代表" in dialog.problems.text()
        dialog.fill(need + 2, 3, 1)
        save_screenshot(dialog, "removals_vote_dialog")
        assert dialog.save()

    assert drive(qtbot, too_many, panel.record_vote)
    assert before != _snapshot(office)
    ended = office.officials.get(leaving.id)
    assert (ended.ended_label, ended.end_date) == ("辞职被接受", "2026-11-20")
    assert "已记入任职登记" in infos[-1]

    # 2. Deputies move to recall the 镇长: too few first, then one fifth; the vote fails.
    head = next(h for h in office.officials.current() if h.post == "head")
    free = [
        row[0]
        for row in office.db.execute(
            "SELECT id FROM deputies WHERE term_id = ? AND is_township_deputy = 1"
            " AND status = 'serving' AND presidium_role = '' AND id NOT IN (?, ?) ORDER BY id",
            [meeting.term_id, head.deputy_id or 0, leaving.deputy_id or 0],
        )
    ]
    needed = office.elections.removals.movers_needed(meeting.id)
    written = _snapshot(office)

    def recall(dialog: RemovalDialog) -> None:
        dialog.person.set_value(head.id)
        dialog.moved_by.set_value("deputies")
        dialog.signers.set_ids(free[: needed - 1])
        dialog.reason.setPlainText("推进民生实事不力")
        assert f"至少 {needed} 名" in dialog.signers.count.text()
        assert not dialog.save()
        message = dialog.form.messages["movers"].error.text()
        assert f"至少 {needed} 人联名" in message and f"现只有 {needed - 1} 人" in message
        assert _snapshot(office) == written  # nothing written
        dialog.signers.set_ids(free[:needed])
        save_screenshot(dialog, "removals_recall_dialog")
        assert dialog.save()

    assert drive(qtbot, recall, lambda: panel.add("recall"))
    motion = next(x for x in office.elections.removals.of_meeting(meeting.id) if x.kind == "recall")
    assert len(motion.movers) == needed

    def fails(dialog: RemovalVoteDialog) -> None:
        dialog.fill(need - 5, counts.present - need, 2)
        assert dialog.save()

    register_before = office.db.execute("SELECT * FROM officials").fetchall()
    _select(panel, motion.id)
    assert drive(qtbot, fails, panel.record_vote)
    assert "任职登记不作变动" in infos[-1]
    assert office.db.execute("SELECT * FROM officials").fetchall() == register_before
    assert office.officials.get(head.id).current

    # 3. A deputy's own resignation ends their status through the status history.
    deputy_id = free[-1]

    def own(dialog: RemovalDialog) -> None:
        dialog.person.set_value(deputy_id)
        dialog.reason.setPlainText("因迁居外省，书面提出辞去代表职务")
        assert dialog.save()

    assert drive(qtbot, own, lambda: panel.add("deputy_resignation"))
    own_r = next(
        x for x in office.elections.removals.of_meeting(meeting.id)
        if x.kind == "deputy_resignation"
    )  # fmt: skip

    def accept(dialog: RemovalVoteDialog) -> None:
        dialog.fill(need + 10, 0, 0)
        assert dialog.save()

    _select(panel, own_r.id)
    assert drive(qtbot, accept, panel.record_vote)
    deputy = office.deputies.get(deputy_id)
    assert (deputy.status, deputy.status_reason) == ("ended", "辞职被接受")
    assert office.deputies.status_history(deputy_id)[-1].date == "2026-11-20"

    # The table shows every vote as recorded.
    rows = {
        panel.table.table.item(i, 1).text(): panel.table.table.item(i, 6).text()
        for i in range(panel.table.table.rowCount())
    }
    assert rows[leaving.name].startswith("通过") and rows[head.name] == "未通过"
    for size, name in (((1024, 768), "removals_tab_1024"), ((1366, 768), "removals_tab_1366")):
        window.resize(*size)
        qtbot.wait(50)
        save_screenshot(window, name)

    # 4. The papers: the recall's 表决票 and the accepted resignation's result and notice.
    _select(panel, motion.id)
    ballot = pdf_text(qtbot, panel.print_ballot, "removals_ballot", tmp_path)
    assert "罢免表决票" in ballot and f"关于罢免{head.name}" in ballot
    _select(panel, r.id)
    result = pdf_text(qtbot, panel.print_result, "removals_result", tmp_path)
    assert f"全体代表{counts.expected}人" in result and f"赞成{need + 2}票" in result
    assert "公告" in result and f"决定接受{leaving.name}辞去" in result

    # 5. 任职与选举 lists every vote and opens it in its session.
    window.go("officials")
    page = window.pages["officials"]
    page.tabs.setCurrentWidget(page.removals)
    listed = page.removals.table
    names = [listed.item(i, 3).text() for i in range(listed.rowCount())]
    assert {leaving.name, head.name} <= set(names)
    for size, name in (
        ((1024, 768), "officials_removals_1024"),
        ((1366, 768), "officials_removals_1366"),
    ):
        window.resize(*size)
        qtbot.wait(50)
        save_screenshot(window, name)
    listed.selectRow(names.index(head.name))
    assert page.removals.open_selected()
    assert view.elections.sections.currentWidget() is panel
    assert panel.table.selected() == motion.id
