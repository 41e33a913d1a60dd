"""取消 or Esc in a filled form asks before the typed input is thrown away; an untouched
form closes at once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.helpers import type_text


def test_cancel_asks_before_dropping_a_typed_deputy(qtbot, demo_office, monkeypatch) -> None:
    import ui.widgets.form as form
    from ui.deputies.deputy_dialog import DeputyDialog

    asked = []
    clerk = {"gives_up": False}

    def answer(parent, title, text):
        asked.append(text)
        return clerk["gives_up"]

    monkeypatch.setattr(form, "confirm", answer)
    dialog = DeputyDialog(demo_office, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.cancel()
    assert asked == [] and not dialog.isVisible()  # nothing typed: no question

    dialog = DeputyDialog(demo_office, None)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.widget("name"), "王𠮷")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 1 and dialog.isVisible()  # the clerk said no: the input stays
    assert dialog.widget("name").text() == "王𠮷"

    clerk["gives_up"] = True
    dialog.cancel()
    assert len(asked) == 2 and not dialog.isVisible()
