"""The charts of the 工作台 (QtCharts), beside the reminders: this year's suggestions by
state, this year's rates against last year's, overdue suggestions by handling unit,
attendance at the sessions of the term, and the deputies' activities per month. A click on
a bar opens the list behind it, filtered so that it shows exactly what the bar counts (the
figures come from app.reports.dashboard, counted by the lists' own queries). 另存为图片
saves the charts as one PNG, 打印 prints them on one A4 page through the print preview."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QBuffer, QIODevice, QMargins, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import RendaError
from app.reports.dashboard import Bar, Dashboard, dashboard
from ui.context import AppContext
from ui.widgets.messages import show_error, show_info

RED = "#b22222"
BLUE = "#1f3b57"
GREY = "#9aa7b4"
AMBER = "#d08c00"


def ask_png_path(parent: QWidget) -> Path | None:
    """Where to save the picture (the system's save dialog; tests patch this)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    path, _filter = QFileDialog.getSaveFileName(
        parent, "保存图表", str(Path(folder) / "工作台图表.png"), "PNG 图片 (*.png)"
    )
    if not path:
        return None
    return Path(path if path.lower().endswith(".png") else path + ".png")


def _font(points: float, *, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(_font(10, bold=True))
    chart.setTitleBrush(QColor(BLUE))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(4)
    chart.legend().setFont(_font(8.5))
    return chart


def _value_axis(top: float, *, percent: bool = False) -> QValueAxis:
    axis = QValueAxis()
    axis.setLabelsFont(_font(8))
    if percent:
        axis.setRange(0, 100)
        axis.setTickCount(6)
        axis.setLabelFormat("%d%%")
    else:
        top = max(top, 4)  # a bar of 1 is not drawn across the whole chart
        step = _nice_step(top / 4)
        ticks = max(1, -(-int(top) // step))
        axis.setRange(0, step * ticks)
        axis.setTickCount(ticks + 1)
        axis.setLabelFormat("%d")
    return axis


def _nice_step(rough: float) -> int:
    """A whole step of 1, 2 or 5 times a power of ten, at least `rough`."""
    scale = 1
    while True:
        for factor in (1, 2, 5):
            if factor * scale >= rough:
                return factor * scale
        scale *= 10


def _category_axis(labels: Sequence[str]) -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    axis.append(list(labels))
    axis.setLabelsFont(_font(8))
    return axis


def _bar_set(name: str, values: Sequence[float], colour: str) -> QBarSet:
    bar_set = QBarSet(name)
    bar_set.append([float(v) for v in values])
    bar_set.setColor(QColor(colour))
    bar_set.setBorderColor(QColor(colour))
    bar_set.setLabelColor(QColor("#222"))
    bar_set.setLabelFont(_font(8))
    return bar_set


class Charts(QWidget):
    """The dashboard: a grid of charts under a line with 另存为图片."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.figures: Dashboard | None = None
        self.stale = True
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._build)
        # Per chart: its view and its bar sets, in the order of the series (tests click them).
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
        # The states (up to 14 bars) take two rows of the left column.
        places = {
            "states": (0, 0, 2, 1),
            "rates": (0, 1, 1, 1),
            "overdue": (1, 1, 1, 1),
            "sessions": (2, 0, 1, 1),
            "months": (2, 1, 1, 1),
        }
        for key, (row, column, rows, columns) in places.items():
            view = QChartView()
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(240, 210)
            self.views[key] = view
            self.grid.addWidget(view, row, column, rows, columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.grid_widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(scroll, 1)
        self.setVisible(context.office.mode == "township")

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
        if not self.isVisible():  # a closed window's office may be closed too
            return
        self.stale = False
        office = self.context.office
        self.figures = dashboard(office)
        self.setVisible(self.figures is not None)
        if self.figures is None:
            return
        f = self.figures
        year = f.year
        self._bars(
            "states",
            f"{year}年建议办理状态（件）",
            f.states,
            RED,
            lambda bar: self._suggestions(year=year, status=bar.key),
            empty=f"{year}年还没有登记建议",
        )
        self._rates(f)
        self._bars(
            "overdue",
            "逾期未答复（按承办单位，件）",
            f.overdue,
            AMBER,
            lambda bar: self._suggestions(unit_id=bar.key, due="overdue"),
            empty="目前没有逾期未答复的建议",
        )
        self._sessions(f)
        self._months(f)

    def _set_chart(self, key: str, chart: QChart, sets: list[QBarSet]) -> None:
        view = self.views[key]
        old = view.chart()
        view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()
        self.sets[key] = sets

    def _bars(
        self,
        key: str,
        title: str,
        bars: Sequence[Bar],
        colour: str,
        open_list: Callable[[Bar], None],
        *,
        empty: str,
    ) -> None:
        """A horizontal bar per line (state, unit), the longest on top."""
        chart = _chart(title if bars else f"{title}\n\n{empty}")
        shown = list(reversed(bars))  # a horizontal series draws its first bar at the bottom
        bar_set = _bar_set("", [b.value for b in shown], colour)
        series = QHorizontalBarSeries()
        series.append(bar_set)
        series.setLabelsVisible(True)
        series.setBarWidth(0.7)
        chart.addSeries(series)
        chart.legend().setVisible(False)
        if bars:
            labels = _category_axis([_short(b.label) for b in shown])
            values = _value_axis(max(b.value for b in bars))
            chart.addAxis(labels, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
            series.attachAxis(labels)
            series.attachAxis(values)
        bar_set.clicked.connect(lambda i: open_list(shown[i]))
        self._set_chart(key, chart, [bar_set])

    def _rates(self, f: Dashboard) -> None:
        chart = _chart("建议办理比率（%）")
        last = _bar_set(f"{f.year - 1}年", [r.last_year or 0 for r in f.rates], GREY)
        now = _bar_set(f"{f.year}年", [r.this_year or 0 for r in f.rates], RED)
        series = QBarSeries()
        series.append(last)
        series.append(now)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        # Upright inside the bar's end: three bars side by side stay readable when narrow.
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsInsideEnd)
        series.setLabelsAngle(-90)
        chart.addSeries(series)
        labels = _category_axis([r.label for r in f.rates])
        values = _value_axis(100, percent=True)
        chart.addAxis(labels, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(labels)
        series.attachAxis(values)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        last.clicked.connect(lambda _i: self._stats(f.year - 1))
        now.clicked.connect(lambda _i: self._stats(f.year))
        self._set_chart("rates", chart, [last, now])

    def _sessions(self, f: Dashboard) -> None:
        sessions = f.sessions
        chart = _chart("本届人代会出席（人）" + ("" if sessions else "\n\n本届还没有召开人代会"))
        present = _bar_set("出席", [s.present for s in sessions], BLUE)
        leave = _bar_set("请假", [s.leave for s in sessions], GREY)
        absent = _bar_set("缺席", [s.absent for s in sessions], RED)
        series = QStackedBarSeries()
        for bar_set in (present, leave, absent):
            series.append(bar_set)
        chart.addSeries(series)
        if sessions:
            labels = _category_axis([s.label for s in sessions])
            values = _value_axis(max(s.expected for s in sessions))
            chart.addAxis(labels, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
            series.attachAxis(labels)
            series.attachAxis(values)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        for bar_set in (present, leave, absent):
            bar_set.clicked.connect(
                lambda i: self.context.open_record("meetings", sessions[i].meeting_id)
            )
        self._set_chart("sessions", chart, [present, leave, absent])

    def _months(self, f: Dashboard) -> None:
        chart = _chart(f"{f.year}年代表活动（按月，次）")
        bar_set = _bar_set("代表活动", [b.value for b in f.months], BLUE)
        series = QBarSeries()
        series.append(bar_set)
        series.setBarWidth(0.7)
        chart.addSeries(series)
        labels = _category_axis([str(b.key) for b in f.months])
        values = _value_axis(max([b.value for b in f.months] + [1]))
        chart.addAxis(labels, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(labels)
        series.attachAxis(values)
        chart.legend().setVisible(False)
        bar_set.clicked.connect(lambda _i: self._activities(f.year))
        self._set_chart("months", chart, [bar_set])

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

    # ---- the picture ------------------------------------------------------------------------

    def picture(self) -> bytes:
        """The charts as they are drawn now, as PNG bytes."""
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.grid_widget.grab().save(buffer, "PNG")
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
        if not self.grid_widget.grab().save(str(path), "PNG"):
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
