"""换届 in the GUI on a copy of the demo: an overlapping start is refused with nothing
changed; the new term starts with re-elected deputies, whose file shows their record of
the term before, one double-click away; the old term's records are unchanged."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.core import dates
from app.deputies.deputies import DeputyQuery
from tests.ui.duties.test_between_sessions import when_dialog
from tests.ui.helpers import save_screenshot
from ui.plans.new_term_dialog import NewTermDialog
from ui.plans.term_history_tab import TermHistoryTab


def test_a_clerk_starts_the_next_term(qtbot, window, monkeypatch) -> None:
    office = window.office
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: 0)
    old = office.current_term
    # The first session of the new congress was held today: the old term ends today.
    today = dates.today().isoformat()
    office.terms.update(old.id, number=old.number, start_date=old.start_date, end_date=today)
    serving = office.deputies.search(DeputyQuery(term_id=old.id, status="serving"))
    chosen = serving[:5]
    old_rows = office.db.execute("SELECT * FROM deputies WHERE term_id = ?", [old.id]).fetchall()
    window.go("plans")
    page = window.pages["plans"]

    cards: list[str] = []

    def start(dialog: NewTermDialog) -> None:
        nonlocal cards
        assert dialog.number.text() == str(old.number + 1)
        dialog.start_date.setText("2021-06-01")
        dialog.picker.set_selected(chosen)
        assert not dialog.save()  # overlaps the current term
        assert "重叠" in dialog.form.messages["start_date"].error.text()
        assert office.current_term.id == old.id
        dialog.start_date.setText(today)
        # Card numbers: one typed by hand, the rest numbered in order around it.
        prefix = str(old.number + 1)
        assert dialog.picker.prefix.text() == prefix
        dialog.picker.set_card(chosen[1], f"{prefix}001")
        assert dialog.picker.number_cards()
        cards = [dialog.picker.card(i) for i in chosen]
        assert len(set(cards)) == len(chosen) and f"{prefix}001" == cards[1]
        assert cards[0] == f"{prefix}002"
        # A number used twice is marked at once and refused on saving, nothing changed.
        dialog.picker.set_card(chosen[2], cards[0])
        assert "代表证号重复" in dialog.picker.repeat_note.text()
        assert not dialog.save()
        assert "代表证号相同" in dialog.picker_messages.error.text()
        assert office.current_term.id == old.id
        dialog.picker.set_card(chosen[2], f"{prefix}099")
        assert dialog.picker.repeat_note.text() == ""
        cards[2] = f"{prefix}099"
        save_screenshot(dialog, "new_term_dialog")
        assert dialog.save()

    when_dialog(qtbot, NewTermDialog, start)
    page.new_term_button.click()
    new_term = office.current_term
    assert new_term.number == old.number + 1
    rows = office.db.execute("SELECT * FROM deputies WHERE term_id = ?", [old.id]).fetchall()
    assert rows == old_rows
    new_ids = office.deputies.search(DeputyQuery(term_id=new_term.id))
    assert len(new_ids) == len(chosen)
    assert sorted(office.deputies.get(i).card_number for i in new_ids) == sorted(cards)
    # The old term's posts ended as 届满 today; the new presidium waits for the elections.
    assert not [h for h in office.officials.current() if h.term_id == old.id]
    page.tabs.setCurrentWidget(page.term_tab)
    assert "尚未产生" in page.term_tab.presidium.text()
    assert not page.term_tab.end_posts_button.isVisible()
    qtbot.wait(50)
    save_screenshot(window, "plans_term_tab")

    window.open_deputy(new_ids[0])
    file_page = window.file_page
    tab = next(w for w in file_page.tab_widgets if isinstance(w, TermHistoryTab))
    file_page.tabs.setCurrentWidget(tab)
    assert tab.list.count() == 1 and old.name[:3] in tab.list.item(0).text()
    earlier_id = tab.list.item(0).data(0x0100)
    assert office.deputies.get(earlier_id).term_id == old.id
    qtbot.wait(50)
    save_screenshot(window, "term_history_tab")
    tab._open(tab.list.item(0))
    assert file_page.deputy.id == earlier_id


def test_a_term_begun_ahead_ends_the_old_posts_on_its_day(qtbot, window, monkeypatch) -> None:
    """A new term entered before its first session: the old posts stay until that day;
    then the 换届 tab offers to end them as 届满 in one click (and 工作台 says so)."""
    from datetime import date, timedelta

    from app.core import dates as dates_module
    from app.plans.new_term import Reelected

    office = window.office
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    old = office.current_term
    first_day = date.fromisoformat(old.end_date) + timedelta(days=1)
    serving = office.deputies.search(DeputyQuery(term_id=old.id, status="serving"))
    result = office.new_term.start(
        number=old.number + 1, start_date=first_day.isoformat(), reelected=[Reelected(serving[0])]
    )
    assert result.posts_pending
    window.go("plans")
    page = window.pages["plans"]
    page.tabs.setCurrentWidget(page.term_tab)
    page.reload()
    assert page.term_tab.open_posts.isHidden() is False
    # The day comes.
    monkeypatch.setattr(dates_module, "today", lambda: first_day)
    assert any("没有按届满结束" in r.text for r in office.reminders(first_day))
    page.term_tab.end_posts_button.click()
    assert office.new_term.old_posts_open() == []
    ended = [h for h in office.officials.list() if h.term_id == old.id and h.end_how == "term_end"]
    assert len(ended) == result.posts_pending
    assert {h.end_date for h in ended} == {first_day.isoformat()}
    assert page.term_tab.end_posts_button.isHidden()
    qtbot.wait(20)
    save_screenshot(window, "plans_term_tab_after")
