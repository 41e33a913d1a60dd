"""The drawing of the 工作台's charts with QtCharts: one function per chart, from the
figures of app.reports.dashboard to a QChart and its bar sets (ui/home/dashboard.py wires
the clicks). Imported only when the charts are first drawn: QtCharts is kept off the
start-up path."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QApplication

from app.reports.dashboard import Bar, Dashboard

RED = "#b22222"
BLUE = "#1f3b57"
GREY = "#9aa7b4"
AMBER = "#d08c00"
GREEN = "#2e7d32"
# The duty-score grades and the plan's states in the colours the pages use for them.
GRADE_COLOURS = {"好": GREEN, "较好": BLUE, "一般": RED}
PLAN_COLOURS = {"done": GREEN, "arranged": BLUE, "pending": AMBER, "overdue": RED}


def new_view() -> QChartView:
    view = QChartView()
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    return view


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
    # A label is never cut to "农业综合服务中…": the plot gives way instead.
    axis.setTruncateLabels(False)
    return axis


def _bar_set(name: str, values: Sequence[float], colour: str) -> QBarSet:
    bar_set = QBarSet(name)
    bar_set.append([float(v) for v in values])
    bar_set.setColor(QColor(colour))
    bar_set.setBorderColor(QColor(colour))
    bar_set.setLabelColor(QColor("#222"))
    bar_set.setLabelFont(_font(8))
    return bar_set


def _attach(
    chart: QChart,
    series: QAbstractBarSeries,
    categories: QBarCategoryAxis,
    values: QValueAxis,
    *,
    across: bool,
) -> None:
    """Axes of a bar chart: categories at the left (`across`: horizontal bars) or bottom."""
    chart.addSeries(series)
    where_categories = Qt.AlignmentFlag.AlignLeft if across else Qt.AlignmentFlag.AlignBottom
    where_values = Qt.AlignmentFlag.AlignBottom if across else Qt.AlignmentFlag.AlignLeft
    chart.addAxis(categories, where_categories)
    chart.addAxis(values, where_values)
    series.attachAxis(categories)
    series.attachAxis(values)


def horizontal_bars(
    title: str,
    bars: Sequence[Bar],
    colour: str,
    *,
    empty: str,
    short: Callable[[str], str] = str,
) -> tuple[QChart, QBarSet, list[Bar]]:
    """A horizontal bar per line (state, unit), in the order given from the top; the count
    stands beside each bar's end, so a bar of one item reads as well as a long one."""
    chart = _chart(title if bars else f"{title}\n\n{empty}")
    shown = list(reversed(bars))  # a horizontal series draws its first bar at the bottom
    bar_set = _bar_set("", [b.value for b in shown], colour)
    series = QHorizontalBarSeries()
    series.append(bar_set)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setBarWidth(min(0.75, 0.25 + 0.1 * len(bars)))  # one or two bars stay slim
    chart.legend().setVisible(False)
    if bars:
        # Room beyond the longest bar for its count.
        values = _value_axis(max(b.value for b in bars) * 1.12)
        _attach(chart, series, _category_axis([short(b.label) for b in shown]), values, across=True)
    else:
        chart.addSeries(series)
    return chart, bar_set, shown


def column_bars(
    title: str, bars: Sequence[Bar], colours: dict[object, str], *, empty: str
) -> tuple[QChart, list[QBarSet]]:
    """Upright bars, one colour per category (grades, the plan's states): a stacked series
    of one set per category, each set holding its value in its own column only."""
    total = sum(b.value for b in bars)
    chart = _chart(title if total else f"{title}\n\n{empty}")
    series = QStackedBarSeries()
    sets = []
    for n, bar in enumerate(bars):
        values = [bar.value if i == n else 0 for i in range(len(bars))]
        bar_set = _bar_set(bar.label, values, colours.get(bar.key, BLUE))
        series.append(bar_set)
        sets.append(bar_set)
    series.setBarWidth(0.6)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    chart.legend().setVisible(False)
    if bars:
        values_axis = _value_axis(max(b.value for b in bars) * 1.12)
        labels = _category_axis([b.label for b in bars])
        _attach(chart, series, labels, values_axis, across=False)
    else:
        chart.addSeries(series)
    for bar_set in sets:  # the count in white inside the top of its column
        bar_set.setLabelColor(QColor("white"))
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsInsideEnd)
    return chart, sets


def rates_chart(f: Dashboard) -> tuple[QChart, QBarSet, QBarSet]:
    chart = _chart("建议办理比率（%）")
    last = _bar_set(f"{f.year - 1}年", [r.last_year or 0 for r in f.rates], GREY)
    now = _bar_set(f"{f.year}年", [r.this_year or 0 for r in f.rates], RED)
    series = QBarSeries()
    series.append(last)
    series.append(now)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    # Upright inside the bar's end: bars side by side stay readable when narrow.
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsInsideEnd)
    series.setLabelsAngle(-90)
    labels = _category_axis([r.label for r in f.rates])
    _attach(chart, series, labels, _value_axis(100, percent=True), across=False)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart, last, now


def sessions_chart(f: Dashboard) -> tuple[QChart, list[QBarSet]]:
    sessions = f.sessions
    chart = _chart("本届人代会出席（人）" + ("" if sessions else "\n\n本届还没有召开人代会"))
    present = _bar_set("出席", [s.present for s in sessions], BLUE)
    leave = _bar_set("请假", [s.leave for s in sessions], GREY)
    absent = _bar_set("缺席", [s.absent for s in sessions], RED)
    series = QStackedBarSeries()
    for bar_set in (present, leave, absent):
        series.append(bar_set)
    if sessions:
        labels = _category_axis([s.label for s in sessions])
        values = _value_axis(max(s.expected for s in sessions))
        _attach(chart, series, labels, values, across=False)
    else:
        chart.addSeries(series)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart, [present, leave, absent]


def months_chart(f: Dashboard) -> tuple[QChart, QBarSet]:
    chart = _chart(f"{f.year}年代表活动（按月，次）")
    bar_set = _bar_set("代表活动", [b.value for b in f.months], BLUE)
    series = QBarSeries()
    series.append(bar_set)
    series.setBarWidth(0.7)
    labels = _category_axis([str(b.key) for b in f.months])
    values = _value_axis(max([b.value for b in f.months] + [1]))
    _attach(chart, series, labels, values, across=False)
    chart.legend().setVisible(False)
    return chart, bar_set
