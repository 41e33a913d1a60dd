"""A name character the input method lacks is found by its reading, offline, and inserted;
the dialog sends the clerk to no web dictionary."""

from __future__ import annotations

from app.core.chinese import rare_characters, stroke_count


def test_rare_characters_are_found_by_reading_fewest_strokes_first() -> None:
    assert "𠮷" in rare_characters("ji") and "䶮" in rare_characters("ＹＡＮ ")
    found = rare_characters("yan")
    strokes = [stroke_count(ch) or 99 for ch in found]
    assert strokes == sorted(strokes)
    assert rare_characters("") == [] and rare_characters("燕") == []


def test_the_dialog_finds_and_inserts_by_reading(qtbot) -> None:
    from ui.widgets.rare_char import RareCharDialog

    dialog = RareCharDialog()
    qtbot.addWidget(dialog)
    assert "网站" not in dialog.findChild(type(dialog.message)).text()
    dialog.reading.setText("ji")
    shown = [dialog.found.item(i).text() for i in range(dialog.found.count())]
    assert "𠮷" in shown
    dialog._picked(dialog.found.item(shown.index("𠮷")))
    dialog.reading.setText("yan")
    shown = [dialog.found.item(i).text() for i in range(dialog.found.count())]
    dialog._picked(dialog.found.item(shown.index("䶮")))
    assert dialog.characters() == "𠮷䶮"
