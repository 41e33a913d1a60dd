"""The elections issue's story in the GUI: a clerk records a 副镇长's resignation in the
register, prepares a 补选 at a session (post and seat, candidates with their nominators,
monitors), prints the ballot, enters the count and the votes — nobody has more than half
of ALL deputies, so a further vote follows — sees who is elected, prints the 当选公告 and
finds the register updated. The refusals show in Chinese and change nothing."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox

from tests.ui.helpers import save_screenshot, type_text, when_modal
from ui.elections.dialogs import (
    CandidateDialog,
    CountDialog,
    NewElectionDialog,
    ScrutineersDialog,
    VotesDialog,
)
from ui.widgets.record_dialog import RecordDialog


def drive(qtbot, action, trigger):
    """Run `action` on the modal dialog `trigger()` opens; a failed check closes the dialog
    and is raised here."""
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


def pdf_text(qtbot, trigger, screenshot: str, tmp_path: Path) -> str:
    """Print from a button: the PDF is built in the background, previewed, saved."""
    from ui.printing.preview import PdfPreviewDialog

    seen: dict = {}
    target = tmp_path / f"{screenshot}.pdf"

    def in_preview(dialog: PdfPreviewDialog) -> None:
        qtbot.wait(300)  # let QPdfView draw the page before the picture is taken
        save_screenshot(dialog, screenshot)
        dialog.choose_save_path = lambda: target
        seen["path"] = dialog.save_as()
        dialog.accept()

    when_modal(qtbot, in_preview, timeout=15000)
    trigger()
    qtbot.waitUntil(lambda: "path" in seen, timeout=20000)
    return "".join("".join(p.extract_text().split()) for p in PdfReader(seen["path"]).pages)


def test_a_by_election_from_the_register_to_the_notice(qtbot, window, monkeypatch, tmp_path):
    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: infos.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    office = window.office

    # 1. The register: a 副镇长 resigns, accepted by the congress.
    window.go("officials")
    page = window.pages["officials"]
    register = page.register
    assert "各职务均已配齐" in register.checks.text()
    leaving = next(h for h in office.officials.current() if h.post == "deputy_head")
    row = next(
        r for r in range(register.table.rowCount())
        if register.table.item(r, 1).text() == leaving.name
    )  # fmt: skip
    register.table.selectRow(row)

    def resign(dialog: RecordDialog) -> None:
        dialog.form.widgets["end_how"].set_value("resigned")
        dialog.form.widgets["end_date"].clear()
        type_text(dialog.form.widgets["end_date"], "2026-11-10")
        type_text(dialog.form.widgets["note"], "本人书面提出辞职，经大会表决接受")
        assert dialog.accept_values(), dialog.form.messages

    assert drive(qtbot, resign, register.end_holding)
    assert "副镇长空缺 1 名" in register.checks.text()
    save_screenshot(window, "elections_register_vacancy")

    # 2. A session, everyone present; its 选举 tab.
    meeting = office.meetings.add(kind="session", start_date="2026-11-20", place="镇三楼会议室")
    attendance = office.meetings.attendance
    expected = attendance.expected_ids(meeting.id)
    attendance.set_status(meeting.id, expected, "present")
    attendance.set_status(meeting.id, expected[-6:], "leave")  # six on leave
    counts = attendance.counts(meeting.id)
    window.open_record("meetings", meeting.id)
    view = window.pages["meetings"].view
    panel = view.elections
    assert view.tabs.isTabVisible(view.tabs.indexOf(panel))
    view.tabs.setCurrentWidget(panel)
    assert "本次会议还没有选举" in panel.info.text()

    def new(dialog: NewElectionDialog) -> None:
        dialog.kind.set_value("by_election")
        dialog.set_seats(head=1)
        assert not dialog.save()  # the 镇长 is in office
        assert "先在任职登记中登记其离任" in dialog.problems.text()
        dialog.set_seats(head=0, deputy_head=1)
        assert dialog.save()

    drive(qtbot, new, panel.new_election)
    detail = panel.detail
    assert detail.election.title == "补选副镇长"
    assert f"全体代表 <b>{counts.expected}</b> 人" in panel.info.text()
    threshold = counts.expected // 2 + 1
    assert f"至少 <b>{threshold}</b> 票" in panel.info.text()

    # 3. Candidates: one by the presidium, one from outside jointly by deputies.
    free = [
        r[0]
        for r in office.db.execute(
            "SELECT id FROM deputies WHERE presidium_role = '' AND is_township_deputy = 1"
            " AND status = 'serving' AND id NOT IN (SELECT coalesce(deputy_id, 0) FROM"
            " officials WHERE end_date = '') ORDER BY name_strokes"
        )
    ]
    first = office.deputies.get(free[0])

    def presidium(dialog: CandidateDialog) -> None:
        dialog.deputy.set_value(first.id)
        assert dialog.save()

    drive(qtbot, presidium, panel.add_candidate)

    def joint(dialog: CandidateDialog) -> None:
        dialog.is_deputy.setChecked(False)
        type_text(dialog.name, "彭志刚")
        dialog.gender.set_value("男")
        type_text(dialog.birth, "1982-05")
        type_text(dialog.party, "中共党员")
        type_text(dialog.unit, "清溪镇农业综合服务中心主任")
        dialog.nominated_by.set_value("deputies")
        dialog.set_nominators(free[1:10])
        assert not dialog.save()
        assert "须有 10 名以上代表书面联名" in dialog.form.messages["nominators"].error.text()
        dialog.set_nominators(free[1:11])
        assert dialog.save()

    drive(qtbot, joint, panel.add_candidate)
    assert panel.candidates.table.rowCount() == 2
    nominated = [panel.candidates.table.item(r, 7).text() for r in range(2)]
    assert "主席团提名" in nominated and any("10 人联合提名" in t for t in nominated)
    outsider = next(r for r in range(2) if "彭志刚" in panel.candidates.table.item(r, 2).text())
    assert panel.candidates.table.item(outsider, 4).text() == "1982年5月"

    # 4. Monitors: a candidate cannot be one.
    def monitors(dialog: ScrutineersDialog) -> None:
        dialog.picker.set_selected([first.id, free[11]])
        assert not dialog.save()
        assert "是本次选举的候选人，不能担任监票人" in dialog.problems.text()
        dialog.picker.set_selected([free[11], free[12]])
        type_text(dialog.tellers, "人大办 周敏、党政办 李明")
        assert dialog.save()

    drive(qtbot, monitors, panel.choose_scrutineers)
    assert "监票人：" in panel.info.text() and "人大办 周敏" in panel.info.text()
    assert not panel.buttons["votes"].isEnabled()  # nothing to enter before the vote
    save_screenshot(window, "elections_prepared")
    assert panel.start_voting()

    # 5. The ballot.
    ballot = pdf_text(qtbot, panel.print_ballot, "elections_ballot_preview", tmp_path)
    assert "补选票" in ballot and "清溪镇人民政府副镇长（应选1名，候选人2名，差额选举）" in ballot
    assert "彭志刚" in ballot and first.name in ballot and "另选他人" in ballot

    # 6. No result before the ballots are counted; then the count, with a refusal first.
    assert not panel.buttons["votes"].isEnabled() and panel.buttons["count"].isEnabled()
    present = counts.present

    def count(dialog: CountDialog) -> None:
        dialog.fill(present - 1, present, {"deputy_head": (present, 0)})
        assert not dialog.save()
        assert "本次选举无效" in dialog.problems.text()
        dialog.fill(present, present, {"deputy_head": (present - 1, 1)})
        assert dialog.save()

    drive(qtbot, count, panel.count_ballots)
    assert panel.buttons["votes"].isEnabled()
    valid = present - 1

    # 7. The votes: too many refused; then short of the majority of ALL deputies.
    below = threshold - 1  # more than half of those present, not of all deputies
    assert below > present // 2

    def votes(dialog: VotesDialog) -> None:
        dialog.set_votes([present + 1, 0])
        assert not dialog.save()
        assert f"多于收回的选票 {present} 张" in dialog.problems.text()
        before = office.elections.detail(detail.election.id)
        assert before.current_round.sections[0].lines[0].votes_for is None
        dialog.set_votes([below, valid - below])
        assert dialog.save()

    drive(qtbot, votes, panel.enter_votes)
    assert "无人当选" in infos[-1] and "尚缺 1 名" in infos[-1]
    assert panel.buttons["next"].isEnabled()
    assert first.name not in [h.name for h in office.officials.current()]
    save_screenshot(window, "elections_short_of_majority")

    # 8. A further vote among the rest; this time one is elected.
    assert panel.next_round()
    second = office.elections.detail(detail.election.id).current_round
    assert second.round.number == 2
    drive(qtbot, lambda d: (d.fill(present, present, {"deputy_head": (present, 0)}),
                            d.save()), panel.count_ballots)  # fmt: skip
    names = [line.name for line in second.sections[0].on_ballot]
    winner_votes = {first.name: threshold + 5}
    drive(
        qtbot,
        lambda d: (d.set_votes([winner_votes.get(n, present - threshold - 6) for n in names]),
                   d.save()),
        panel.enter_votes,
    )  # fmt: skip
    assert f"{first.name}当选" in infos[-1]
    assert office.elections.get(detail.election.id).status == "done"
    assert f"当选：{first.name}（副镇长）" in panel.votes.note.text()
    save_screenshot(window, "elections_elected")

    # 9. The 当选公告 and the result report.
    notice = pdf_text(qtbot, panel.print_notice, "elections_notice_preview", tmp_path)
    assert "当选公告" in notice and f"{first.name}当选为清溪镇人民政府副镇长" in notice
    report = pdf_text(qtbot, panel.print_result, "elections_result_preview", tmp_path)
    assert "选举结果报告单" in report and "第二次投票" in report
    # The session's whole pack, from the view's 打印 menu.
    menu = view.print_button.menu()
    menu.aboutToShow.emit()
    pack_action = next(a for a in menu.actions() if a.text().startswith("全套会议材料"))
    assert pack_action.isVisible()
    pack = pdf_text(qtbot, pack_action.trigger, "elections_session_pack_preview", tmp_path)
    for part in ("的通知", "会议日程", "代表分组名单", "会议签到表", "补选票", "当选公告"):
        assert part in pack, part

    # 10. The register, updated on the session's date.
    window.go("officials")
    page.refresh()
    rows = [
        [register.table.item(r, c).text() for c in range(8)]
        for r in range(register.table.rowCount())
    ]
    assert ["副镇长", first.name, first.unit, "2026年11月20日", "补选"] in [r[:5] for r in rows]
    assert "各职务均已配齐" in register.checks.text()
    register.scope.set_value(False)
    ended = [r for r in range(register.table.rowCount())
             if register.table.item(r, 1).text() == leaving.name]  # fmt: skip
    assert register.table.item(ended[0], 7).text() == "辞职被接受"
    page.tabs.setCurrentWidget(page.elections)
    assert page.elections.table.rowCount() == 3
    save_screenshot(window, "elections_register_updated")
    page.elections.table.selectRow(0)  # the newest: this by-election
    assert page.elections.open_selected()
    assert window.stack.currentWidget() is window.pages["meetings"]
    assert view.tabs.currentWidget() is panel and panel.detail.election.id == detail.election.id
    assert warnings == []
