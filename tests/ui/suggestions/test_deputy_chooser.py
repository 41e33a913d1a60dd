"""The lead deputy of a suggestion is found by typing: pinyin initials, a name or part of a
unit narrow the seventy names to the few that match, and choosing one sets the lead."""

from __future__ import annotations

from PySide6.QtTest import QTest

from tests.ui.helpers import type_text


def offered(chooser) -> list[str]:
    popup = chooser.completer().popup()
    return [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]


def choose_first(chooser) -> None:
    popup = chooser.completer().popup()
    popup.setCurrentIndex(popup.model().index(0, 0))
    chooser.completer().activated[str].emit(popup.model().index(0, 0).data())


def test_the_lead_is_found_by_pinyin_initials_or_part_of_a_name(qtbot, demo_office) -> None:
    from ui.suggestions.suggestion_dialog import SuggestionDialog

    dialog = SuggestionDialog(demo_office)
    qtbot.addWidget(dialog)
    dialog.show()
    chooser = dialog.lead
    wang = demo_office.deputies.find("王𠮷")[0]

    chooser.lineEdit().clear()
    QTest.keyClicks(chooser.lineEdit(), "wj")
    assert any(label.startswith("王𠮷") for label in offered(chooser))
    assert len(offered(chooser)) < 5  # a few, not seventy
    choose_first(chooser)
    assert chooser.value() == wang.id

    chooser.lineEdit().clear()
    type_text(chooser.lineEdit(), "李")
    labels = offered(chooser)
    assert labels and all("李" in label for label in labels)

    # A half-typed name that matches nobody does not change the chosen lead.
    chooser.set_value(wang.id)
    chooser.lineEdit().setText("没有这个人")
    chooser.lineEdit().editingFinished.emit()
    assert chooser.value() == wang.id and chooser.currentText().startswith("王𠮷")
