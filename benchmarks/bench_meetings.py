"""Meetings figures: the meeting list at county scale, and the attendance grid of a
160-deputy session (the largest congress the law allows) in the real window."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import Context, benchmark, median_ms

GRID_SIZE = 160


@benchmark("meeting_list")
def bench_meeting_list(ctx: Context) -> list[tuple[str, float, str]]:
    """The meeting list: ids of the matches plus the first screenful of rows."""
    from app.meetings.meetings import MeetingQuery
    from app.office import Office

    results = []
    with Office.open(ctx.db()) as office:
        total = office.db.execute("SELECT count(*) FROM meetings").fetchone()[0]
        year = int(
            office.db.execute("SELECT max(substr(start_date, 1, 4)) FROM meetings").fetchone()[0]
        )

        def run(query: MeetingQuery) -> Callable[[], object]:
            def go() -> object:
                return office.meetings.rows(office.meetings.search(query)[:100])

            return go

        for name, query in (
            ("meeting_list_all", MeetingQuery()),
            ("meeting_list_year", MeetingQuery(year=year)),
            ("meeting_list_sessions", MeetingQuery(kind="session")),
            ("meeting_list_search_chinese", MeetingQuery(text="第三次")),
        ):
            results.append((f"{name}_{ctx.scale}", median_ms(run(query)), "ms"))
        results.append((f"meetings_in_database_{ctx.scale}", total, "meetings"))
    return results


def _congress_of(path: Path, size: int) -> int:
    """Grow the township demo's congress to `size` township deputies; a session for them."""
    from app.deputies.deputies import DeputyQuery
    from app.office import Office

    with Office.open(path) as office:
        term = office.current_term_id()
        have = office.deputies.count(DeputyQuery(term_id=term, level="township", status="serving"))
        surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
        given = "伟强军平刚明建国华勇志文海林波斌永春德荣"
        with office.transaction():
            for i in range(size - have):
                office.deputies.add(
                    name=surnames[i % 20] + given[i // 20 % 20] + given[(i * 7) % 20],
                    gender="男",
                    unit=f"第{i + 1}号测试单位",
                )
        meeting = office.meetings.add(kind="session", start_date="2026-11-20", place="大礼堂")
        return meeting.id


@benchmark("attendance_grid")
def bench_attendance_grid(ctx: Context) -> list[tuple[str, float, str]]:
    """Open a 160-deputy session's view and mark it: all present, one key on one row,
    finding a deputy by pinyin initials (each includes the write and the repaint)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from app.office import Office
    from ui.fonts import install_fonts
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    install_fonts(app)
    folder = Path(tempfile.mkdtemp(prefix="renda-bench-"))
    path = folder / "grid.sqlite"
    shutil.copyfile(ctx.db("township"), path)
    meeting_id = _congress_of(path, GRID_SIZE)
    office = Office.open(path)
    window = MainWindow(office)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    page = window.pages["meetings"]
    grid = page.view.attendance

    def open_view() -> None:
        window.open_record("meetings", meeting_id)
        page.view.tabs.setCurrentWidget(grid)
        app.processEvents()

    opened = median_ms(open_view, repeat=9)
    rows = grid.model.rowCount()
    statuses = iter(["present", ""] * 50)

    def mark_all() -> None:
        grid.table.selectAll()
        grid.mark(next(statuses))
        app.processEvents()

    all_marked = median_ms(mark_all, repeat=9)
    grid.mark_all_present()
    keys = iter([Qt.Key.Key_2, Qt.Key.Key_1] * 50)

    def one_key() -> None:
        grid.table.selectRow(37)
        key = next(keys)
        text = "2" if key == Qt.Key.Key_2 else "1"
        app.sendEvent(
            grid.table, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text)
        )
        app.processEvents()

    key_marked = median_ms(one_key, repeat=15)
    words = iter(["wj", "lm", "zg", "cq"] * 10)

    def find() -> None:
        grid.find.setText(next(words))
        app.processEvents()

    found = median_ms(find, repeat=9)
    window.close()
    office.close()
    shutil.rmtree(folder, ignore_errors=True)
    assert rows == GRID_SIZE, rows
    return [
        ("attendance_grid_rows", rows, "deputies"),
        ("attendance_grid_open_session_view", opened, "ms"),
        ("attendance_grid_mark_all_160", all_marked, "ms"),
        ("attendance_grid_key_one_row", key_marked, "ms"),
        ("attendance_grid_find_by_pinyin", found, "ms"),
    ]
