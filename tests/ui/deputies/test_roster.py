"""代表名册 as the clerk uses it: instant search, filters, sorting, opening a file."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.chinese import stroke_sort_key
from tests.ui.helpers import save_screenshot, type_text


def roster(window):
    return window.pages["deputies"]


def shown_names(page) -> list[str]:
    model = page.model
    column = next(i for i, c in enumerate(model.columns) if c.title == "姓名")
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_roster_opens_in_surname_stroke_order(window) -> None:
    page = roster(window)
    names = shown_names(page)
    assert len(names) == 74
    assert names == sorted(names, key=stroke_sort_key)
    assert page.count_label.text() == "共 74 名（在任 72 名）"
    assert "王𠮷" in names
    save_screenshot(window, "roster")


def test_typing_initials_finds_deputies_at_once(qtbot, window) -> None:
    page = roster(window)
    qtbot.keyClicks(page.search, "wj")
    qtbot.waitUntil(lambda: page.model.rowCount() < 74, timeout=2000)
    assert "王𠮷" in shown_names(page)
    assert page.count_label.text().startswith(f"共 {page.model.rowCount()} 名")


def test_typing_chinese_searches_names_and_units(qtbot, window) -> None:
    page = roster(window)
    type_text(page.search, "卫生院")
    qtbot.waitUntil(lambda: 0 < page.model.rowCount() < 74, timeout=2000)
    unit_column = next(i for i, c in enumerate(page.model.columns) if c.key == "unit")
    units = [page.model.index(r, unit_column).data() for r in range(page.model.rowCount())]
    assert all("卫生院" in u for u in units)


def test_filters_narrow_the_list(qtbot, window) -> None:
    page = roster(window)
    page.level.set_value("county")
    level_column = next(i for i, c in enumerate(page.model.columns) if c.key == "level")
    levels = {page.model.index(r, level_column).data() for r in range(page.model.rowCount())}
    assert levels <= {"县级", "县、乡两级"}
    page.level.set_value(None)
    page.status.set_value("ended")
    assert page.model.rowCount() == 2
    page.status.set_value(None)
    page.group.setCurrentIndex(1)
    group_name = page.group.currentText()
    group_column = next(i for i, c in enumerate(page.model.columns) if c.key == "group")
    assert {page.model.index(r, group_column).data() for r in range(page.model.rowCount())} == {
        group_name
    }


def test_clicking_a_header_sorts_by_that_column(qtbot, window) -> None:
    page = roster(window)
    birth_column = next(i for i, c in enumerate(page.model.columns) if c.key == "birth_date")
    page.table.sortByColumn(birth_column, Qt.SortOrder.AscendingOrder)
    births = [page.model.index(r, birth_column).data() for r in range(page.model.rowCount())]
    assert births == sorted(births)
    page.table.sortByColumn(birth_column, Qt.SortOrder.DescendingOrder)
    births = [page.model.index(r, birth_column).data() for r in range(page.model.rowCount())]
    assert births == sorted(births, reverse=True)
    assert page.sort_choice.value() == "header"  # the choice shows the order is the header's
    page.sort_choice.set_value("strokes")
    assert shown_names(page) == sorted(shown_names(page), key=stroke_sort_key)
    page.sort_choice.set_value("name")
    assert shown_names(page)[0] != shown_names(page)[-1]
    assert page.model.query.sort == "name"


def test_ended_deputies_are_greyed(window) -> None:
    page = roster(window)
    page.status.set_value("ended")
    brush = page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert brush is not None and brush.color().name() == "#9a9a9a"


def test_double_click_opens_the_deputys_file(qtbot, window) -> None:
    page = roster(window)
    row = shown_names(page).index("王𠮷")
    index = page.model.index(row, 1)
    page.table.doubleClicked.emit(index)
    assert window.stack.currentWidget() is window.file_page
    assert window.file_page.name.text() == "王𠮷"
    basics = window.file_page.tab_widgets[0]
    assert basics.values["name"].text() == "王𠮷"
    assert "*" in basics.values["id_number"].text()
    basics.reveal.setChecked(True)
    assert "*" not in basics.values["id_number"].text()
    save_screenshot(window, "deputy_file")
