"""The add/edit dialog: messages at the fields, nothing saved until everything is right."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.deputies.deputies import DeputyQuery
from tests.ui.helpers import save_screenshot, type_text, when_modal
from ui.deputies.deputy_dialog import DeputyDialog
from ui.widgets.rare_char import RareCharDialog, parse_code_points


def deputy_count(office) -> int:
    return office.db.execute("SELECT count(*) FROM deputies").fetchone()[0]


@pytest.fixture
def dialog(qtbot, demo_office):
    d = DeputyDialog(demo_office)
    qtbot.addWidget(d)
    d.show()
    return d


def fill(dialog: DeputyDialog, **values: str) -> None:
    for key, value in values.items():
        widget = dialog.widget(key)
        if hasattr(widget, "set_value"):
            widget.set_value(value)
        else:
            widget.clear()
            type_text(widget, value)


def message(dialog: DeputyDialog, key: str) -> str:
    for form in dialog.forms:
        if key in form.messages:
            box = form.messages[key]
            return box.error.text() if box.error.isVisible() else box.warning.text()
    raise KeyError(key)


def test_a_deputy_with_a_rare_name_and_valid_id_is_added(qtbot, dialog, demo_office, make_id):
    before = deputy_count(demo_office)
    type_text(dialog.name_edit, "赵")

    def pick(rare: RareCharDialog) -> None:
        rare.code.setText("U+20BB7")
        assert rare.preview.text() == "𠮷"
        rare._accept()

    when_modal(qtbot, pick)
    dialog.rare_button.click()
    assert dialog.name_edit.text() == "赵𠮷"
    fill(
        dialog,
        id_number=make_id("19800517"),
        unit="清溪镇桃源村村委会主任",
        category="农民",
        political_status="中共党员",
        ethnicity="汉族",
    )
    dialog._field_edited("id_number")
    assert "1980年5月17日出生" in dialog.id_hint.text()
    assert dialog.widget("birth_date").text() == "1980.05.17"  # filled from the ID number
    assert dialog.widget("gender").currentText() == "男"
    save_screenshot(dialog, "deputy_dialog_filled")
    assert dialog.save()
    assert deputy_count(demo_office) == before + 1
    saved = dialog.saved
    assert saved.name == "赵𠮷" and saved.birth_date == "1980-05-17" and saved.gender == "M"
    found = demo_office.deputies.search(DeputyQuery(text="zj"))
    assert saved.id in found


@pytest.mark.parametrize(
    ("values", "field", "text"),
    [
        ({"name": "", "gender": "男"}, "name", "请填写姓名"),
        (
            {"name": "张三", "gender": "男", "id_number": "110105194912310021"},
            "id_number",
            "校验位",
        ),
        ({"name": "张三", "gender": "男", "birth_date": "2099.01"}, "birth_date", "不能晚于今天"),
    ],
)
def test_bad_input_shows_a_message_at_the_field_and_saves_nothing(
    dialog, demo_office, values: dict, field: str, text: str
) -> None:
    before = deputy_count(demo_office)
    fill(dialog, **values)
    assert not dialog.save()
    assert text in message(dialog, field)
    assert "需要修改" in dialog.summary.text()
    assert dialog.isVisible()
    assert deputy_count(demo_office) == before


def test_a_duplicate_id_number_is_refused_at_the_field(dialog, demo_office) -> None:
    existing = demo_office.deputies.get(demo_office.deputies.search(DeputyQuery())[0])
    fill(dialog, name="张三", gender="男", id_number=existing.id_number)
    assert not dialog.save()
    assert f"“{existing.name}”已使用" in message(dialog, "id_number")
    save_screenshot(dialog, "deputy_dialog_errors")


def test_an_error_shows_as_soon_as_the_field_is_left(dialog) -> None:
    fill(dialog, phone="1381234")
    dialog._field_edited("phone")
    assert "11 位" in message(dialog, "phone")
    assert message(dialog, "name") == ""  # untouched fields stay quiet


def test_a_mismatch_with_the_id_is_confirmed_before_saving(
    dialog, demo_office, make_id, monkeypatch
) -> None:
    fill(dialog, name="钱七", gender="女", birth_date="1981.05", id_number=make_id("19800517"))
    asked: list[str] = []
    monkeypatch.setattr(
        "ui.deputies.deputy_dialog.confirm", lambda _p, _t, text: asked.append(text) or False
    )
    before = deputy_count(demo_office)
    assert not dialog.save()
    assert "1980年5月17日" in asked[0] and deputy_count(demo_office) == before
    monkeypatch.setattr("ui.deputies.deputy_dialog.confirm", lambda *_a: True)
    assert dialog.save()
    assert deputy_count(demo_office) == before + 1


def test_a_damaged_photo_gives_a_message_not_a_crash(dialog, tmp_path: Path, monkeypatch):
    broken = tmp_path / "photo.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    assert not dialog.load_photo(broken)
    assert "照片文件已损坏" in shown[0]
    assert dialog._photo is None


def test_editing_keeps_unchanged_fields_and_the_photo(qtbot, demo_office) -> None:
    deputy = next(
        d
        for d in (demo_office.deputies.get(i) for i in demo_office.deputies.search(DeputyQuery()))
        if d.has_photo
    )
    dialog = DeputyDialog(demo_office, deputy)
    qtbot.addWidget(dialog)
    fill(dialog, unit="清溪镇人民政府镇长")
    assert dialog.save()
    saved = demo_office.deputies.get(deputy.id)
    assert saved.unit == "清溪镇人民政府镇长"
    assert saved.id_number == deputy.id_number and saved.resume == deputy.resume
    assert saved.has_photo


def test_code_points_can_be_typed_several_ways() -> None:
    assert parse_code_points("U+20BB7 4DAE") == "𠮷䶮"
    assert parse_code_points("u+21484，20BB7") == "𡒄𠮷"
    assert parse_code_points("hello") == ""
    assert parse_code_points("U+0041") == ""  # not a CJK ideograph


def test_the_add_button_opens_the_dialog_and_the_roster_shows_the_new_deputy(
    qtbot, window, make_id
) -> None:
    page = window.pages["deputies"]

    def add(dialog: DeputyDialog) -> None:
        fill(dialog, name="钱𠮷", gender="女", id_number=make_id("19900101", male=False))
        dialog.save()

    when_modal(qtbot, add)
    page.add_button.click()
    assert QApplication.activeModalWidget() is None
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert "钱𠮷" in names
    assert page.model.deputy_id(page.table.currentIndex().row()) is not None


def test_a_name_the_term_already_has_is_shown_and_confirmed_not_refused(
    dialog, demo_office, monkeypatch
) -> None:
    """Issue 16: two people may share a name; a deputy registered twice also does."""
    fill(dialog, name="王𠮷", gender="男", birth_date="1999.09")
    dialog._field_edited("name")
    assert "本届已有同名代表“王𠮷”" in message(dialog, "name")
    asked: list[str] = []
    monkeypatch.setattr(
        "ui.deputies.deputy_dialog.confirm", lambda _p, _t, text: asked.append(text) or False
    )
    before = deputy_count(demo_office)
    assert not dialog.save() and "本届已有同名代表" in asked[0]
    assert deputy_count(demo_office) == before
    monkeypatch.setattr("ui.deputies.deputy_dialog.confirm", lambda *_a: True)
    assert dialog.save()
    assert deputy_count(demo_office) == before + 1
