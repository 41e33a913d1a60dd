"""The charts of the 工作台, beside the reminders: this year's suggestions by state, this
year's rates against last year's, overdue suggestions by handling unit, attendance at the
sessions of the term, the deputies' activities per month, their duty scores by grade and
the year's work plan by state. A click on a bar opens the list behind it, filtered so that
it shows exactly what the bar counts (the figures come from app.reports.dashboard, counted
by the lists' own queries). 另存为图片 saves the charts as one PNG, 打印 prints them on one
A4 page through the print preview.

QtCharts and the figures load when the charts are first drawn (after the window's first
paint), and ui/home/dashboard_charts.py then draws the charts one per turn of the event loop
(each a few tens of ms): the start-up path does not pay for them and nothing blocks the
window long.
In a narrow window (1024×768) the charts stand in one column and scroll, so that no axis is
cut short; wider, in two."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import RendaError
from ui.context import AppContext
from ui.widgets.messages import show_error, show_info

if TYPE_CHECKING:
    from PySide6.QtCharts import QBarSet, QChart, QChartView
    from PySide6.QtGui import QImage

    from app.reports.dashboard import Bar, Dashboard

# The charts in reading order; two columns put the states (up to 14 bars) down two rows.
ORDER = ("states", "rates", "overdue", "sessions", "months", "grades", "plan")
TWO_COLUMNS = {
    "states": (0, 0, 2),
    "rates": (0, 1, 1),
    "overdue": (1, 1, 1),
    "sessions": (2, 0, 1),
    "months": (2, 1, 1),
    "grades": (3, 0, 1),
    "plan": (3, 1, 1),
}
# Below this width (the charts' side of the 工作台 at 1024×768) one column: two charts side
# by side would elide their axes' labels and draw a bar of one item as a hairline.
ONE_COLUMN_BELOW = 700
CHART_HEIGHT = 230
TALL_CHART_HEIGHT = 380  # the states: up to 14 bars


def ask_png_path(parent: QWidget) -> Path | None:
    """Where to save the picture (the system's save dialog; tests patch this)."""
    # Imported where used, as in `image` and `picture`: at import, each class makes its
    # enums, and the 工作台 (this module) is built before the window's first paint.
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    path, _filter = QFileDialog.getSaveFileName(
        parent, "保存图表", str(Path(folder) / "工作台图表.png"), "PNG 图片 (*.png)"
    )
    if not path:
        return None
    return Path(path if path.lower().endswith(".png") else path + ".png")


class Charts(QWidget):
    """The dashboard: a grid of charts under a line with 打印 and 另存为图片."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.figures: Dashboard | None = None
        # The home page asks for the first drawing once the window has painted (its refresh).
        self.stale = False
        self.columns = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._build)
        # The charts are drawn one per turn of the event loop (`_draw`).
        self.generation = 0
        self.step_generation = 0
        self.steps: list[Callable[[], None]] = []
        self.step_timer = QTimer(self)
        self.step_timer.setSingleShot(True)
        self.step_timer.setInterval(0)
        self.step_timer.timeout.connect(self._next_step)
        # Per chart: its view and its bar sets, in the order of the series (tests click them).
        # The views are made with the first drawing (QtCharts loads then).
        self.views: dict[str, QChartView] = {}
        self.sets: dict[str, list[QBarSet]] = {}
        heading = QLabel("统计图表")
        heading.setObjectName("SectionTitle")
        hint = QLabel("点击柱条，打开对应的列表。")
        hint.setObjectName("Hint")
        self.save_button = QPushButton("另存为图片…")
        self.save_button.clicked.connect(self.save_picture)
        self.print_button = QPushButton("打印…")
        self.print_button.clicked.connect(self.print_charts)
        head = QHBoxLayout()
        head.addWidget(heading)
        head.addStretch()
        head.addWidget(hint)
        head.addWidget(self.print_button)
        head.addWidget(self.save_button)
        self.grid_widget = QWidget()
        self.grid = QGridLayout(self.grid_widget)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        self.cells: dict[str, QWidget] = {}
        for key in ORDER:
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            cell.setMinimumSize(240, TALL_CHART_HEIGHT if key == "states" else CHART_HEIGHT)
            self.cells[key] = cell
        self._arrange(2)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(self.grid_widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.scroll, 1)
        self.setVisible(context.office.mode == "township")

    # ---- the layout: one column or two ----------------------------------------------------

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for cell in self.cells.values():
            self.grid.removeWidget(cell)
        for n, key in enumerate(ORDER):
            if columns == 1:
                self.grid.addWidget(self.cells[key], n, 0)
            else:
                row, column, rows = TWO_COLUMNS[key]
                self.grid.addWidget(self.cells[key], row, column, rows, 1)
        for column in range(2):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(1 if event.size().width() < ONE_COLUMN_BELOW else 2)
        super().resizeEvent(event)

    # ---- figures to charts --------------------------------------------------------------

    def refresh(self) -> None:
        """Recount and redraw once the event loop is free: at start the window paints
        first, several changes in a row redraw once, and hidden charts wait until shown."""
        self.stale = True
        if not self.timer.isActive():
            self.timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        if self.stale and not self.timer.isActive():
            self.timer.start()
        super().showEvent(event)

    def _build(self) -> None:
        """Count the figures (tens of ms, the lists' own queries), then draw the charts."""
        if not self.isVisible() or self.context.office.closed:
            return  # a closed window's office may be closed too
        from app.reports.dashboard import dashboard

        self.generation += 1
        self._draw(self.generation, dashboard(self.context.office))

    def _draw(self, generation: int, f: Dashboard | None) -> None:
        """Draw the charts one per turn of the event loop (none blocks the window long);
        a newer count started meanwhile wins."""
        if generation != self.generation:
            return
        if f is None:
            self.figures = None
            self.setVisible(False)
            self.stale = False
            return
        from ui.home import dashboard_charts as draw

        year = f.year

        def views() -> None:
            for key, cell in self.cells.items():
                self.views[key] = draw.new_view()
                cell.layout().addWidget(self.views[key])

        def states() -> None:
            self._bars(
                "states",
                draw.horizontal_bars(
                    f"{year}年建议办理状态（件）",
                    f.states,
                    draw.RED,
                    empty=f"{year}年还没有登记建议",
                ),
                lambda bar: self._suggestions(year=year, status=bar.key),
            )

        def rates() -> None:
            chart, last, now = draw.rates_chart(f)
            last.clicked.connect(lambda _i: self._stats(year - 1))
            now.clicked.connect(lambda _i: self._stats(year))
            self._set_chart("rates", chart, [last, now])

        def overdue() -> None:
            self._bars(
                "overdue",
                draw.horizontal_bars(
                    "逾期未答复（按承办单位，件）",
                    f.overdue,
                    draw.AMBER,
                    empty="目前没有逾期未答复的建议",
                    short=_short,
                ),
                lambda bar: self._suggestions(unit_id=bar.key, due="overdue"),
            )

        def sessions() -> None:
            chart, sets = draw.sessions_chart(f)
            for bar_set in sets:
                bar_set.clicked.connect(
                    lambda i: self.context.open_record("meetings", f.sessions[i].meeting_id)
                )
            self._set_chart("sessions", chart, sets)

        def months() -> None:
            chart, bar_set = draw.months_chart(f)
            bar_set.clicked.connect(lambda _i: self._activities(year))
            self._set_chart("months", chart, [bar_set])

        def grades() -> None:
            self._columns(
                "grades",
                draw.column_bars(
                    f"{year}年代表履职积分（按等次，人）",
                    f.grades,
                    draw.GRADE_COLOURS,
                    empty="还没有可计分的代表",
                ),
                f.grades,
                lambda bar: self._scores(year, bar.key),
            )

        def plan() -> None:
            self._columns(
                "plan",
                draw.column_bars(
                    f"{year}年工作要点完成情况（项）",
                    f.plan,
                    draw.PLAN_COLOURS,
                    empty=f"{year}年还没有编制工作要点",
                ),
                f.plan,
                lambda bar: self._plan(year, bar.key),
            )

        def done() -> None:
            self.figures = f
            self.stale = self.timer.isActive()  # a change came in while drawing

        self.setVisible(True)
        steps = [states, rates, overdue, sessions, months, grades, plan, done]
        self.steps = ([views] if not self.views else []) + steps
        self.step_generation = generation
        self.step_timer.start()

    def _next_step(self) -> None:
        if self.step_generation != self.generation or not self.steps:
            return
        self.steps.pop(0)()
        if self.steps:
            self.step_timer.start()

    def _set_chart(self, key: str, chart: QChart, sets: list[QBarSet]) -> None:
        view = self.views[key]
        old = view.chart()
        view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()
        self.sets[key] = sets

    def _bars(
        self, key: str, drawn: tuple[QChart, QBarSet, list[Bar]], open_list: Callable[[Bar], None]
    ) -> None:
        chart, bar_set, shown = drawn
        bar_set.clicked.connect(lambda i: open_list(shown[i]))
        self._set_chart(key, chart, [bar_set])

    def _columns(
        self,
        key: str,
        drawn: tuple[QChart, list[QBarSet]],
        bars: tuple[Bar, ...],
        open_list: Callable[[Bar], None],
    ) -> None:
        """One set per category (its own colour): a click on any opens its category."""
        chart, sets = drawn
        for bar, bar_set in zip(bars, sets, strict=True):
            bar_set.clicked.connect(lambda _i, bar=bar: open_list(bar))
        self._set_chart(key, chart, sets)

    # ---- the lists behind the bars --------------------------------------------------------

    def _suggestions(self, **filters: object) -> None:
        self.context.go("suggestions")
        self.context.page("suggestions").show_filtered(**filters)  # type: ignore[attr-defined]

    def _stats(self, year: int) -> None:
        self.context.go("suggestions")
        self.context.page("suggestions").show_stats(year)  # type: ignore[attr-defined]

    def _activities(self, year: int) -> None:
        self.context.go("activities")
        self.context.page("activities").show_year(year)  # type: ignore[attr-defined]

    def _scores(self, year: int, grade: object) -> None:
        self.context.go("scores")
        self.context.page("scores").show_grade(year, str(grade))  # type: ignore[attr-defined]

    def _plan(self, year: int, status: object) -> None:
        self.context.go("plans")
        self.context.page("plans").show_status(year, str(status))  # type: ignore[attr-defined]

    # ---- the picture ------------------------------------------------------------------------

    def image(self) -> QImage:
        """The charts as drawn now, set in three columns whatever the window's layout (a
        page or a picture is wider than the 工作台's narrow side): each chart goes under
        the shortest column, all at the narrowest chart's width (never enlarged)."""
        shots = [self.views[key].grab() for key in ORDER if key in self.views]
        if not shots:
            return self.grid_widget.grab().toImage()
        width = min(shot.width() for shot in shots)
        from PySide6.QtCore import Qt  # here: Qt's enums cost the start (ui/main_window.py)
        from PySide6.QtGui import QImage, QPainter

        smooth = Qt.TransformationMode.SmoothTransformation
        shots = [shot.scaledToWidth(width, smooth) for shot in shots]
        columns, gap = 3, 6
        heights = [0] * columns
        places = []
        for shot in shots:
            column = heights.index(min(heights))
            places.append((column * (width + gap), heights[column], shot))
            heights[column] += shot.height() + gap
        rgb32 = QImage.Format.Format_RGB32
        image = QImage(columns * width + (columns - 1) * gap, max(heights) - gap, rgb32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        for x, y, shot in places:
            painter.drawPixmap(x, y, shot)
        painter.end()
        return image

    def picture(self) -> bytes:
        """The charts (`image`) as PNG bytes."""
        from PySide6.QtCore import QBuffer, QIODevice

        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.image().save(buffer, "PNG")
        return bytes(buffer.data())

    def print_charts(self) -> None:
        """The charts on an A4 landscape page, in the print preview (打印 / 另存为 PDF)."""
        from app.documents.picture import picture_pdf
        from ui.printing.preview import show_preview

        title = f"{self.context.office.title}工作台统计图表"
        try:
            result = picture_pdf(self.context.office, self.picture(), title=title)
        except RendaError as exc:
            show_error(self, exc)
            return
        show_preview(self, result, title="工作台统计图表", file_name="工作台统计图表")

    def save_picture(self) -> Path | None:
        path = ask_png_path(self)
        if path is None:
            return None
        if not self.image().save(str(path), "PNG"):
            show_error(self, f"无法保存到“{path}”，请检查文件夹是否存在、是否有写入权限")
            return None
        show_info(self, f"图表已保存到：\n{path}")
        return path


def _short(label: str) -> str:
    """Unit names lose the township's name in a narrow chart: '清溪镇水利站' -> '水利站'."""
    for mark in ("镇", "乡"):
        head, found, tail = label.partition(mark)
        if found and tail and len(head) <= 4:
            return tail
    return label
