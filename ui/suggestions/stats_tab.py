"""办理统计: the year's figures the presidium reports to the session, for the township and
per lead unit (per township in a county database)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.exchange.list_exports import export_suggestion_stats
from app.exchange.lists import rate_columns
from app.suggestions.stats import (
    RATES_NOTE,
    YearlyRates,
    kept_yearly_rates,
    percent,
    yearly_rates,
)
from ui.context import AppContext
from ui.pages.record_page import export_button, export_list
from ui.widgets.form import Choice


class SuggestionStatsTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.report: YearlyRates | None = None
        self.year = Choice()
        self.year.currentIndexChanged.connect(self.refresh)
        self.print_button = QPushButton("打印统计表…")
        self.print_button.clicked.connect(self.print_report)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 0)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        note = QLabel(RATES_NOTE)
        note.setObjectName("Hint")
        note.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(QLabel("年度"))
        head.addWidget(self.year)
        head.addStretch()
        head.addWidget(self.print_button)
        self.export_button = export_button(self.export_excel, head)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        self.fill_years()

    def fill_years(self) -> None:
        years = self.context.office.suggestions.years()
        self.year.set_items([(f"{y}年", y) for y in years])

    def refresh(self) -> None:
        if self.year.count() == 0:
            self.fill_years()
        year = self.year.value() or dates.today().year
        office = self.context.office
        if office.mode == "county" and (report := kept_yearly_rates(office, year)) is None:
            # A county's (a prefecture's: 500,000 suggestions) figures summed afresh after
            # a change take seconds: off the UI thread, the summary saying so meanwhile.
            self.summary.setText(f"正在计算{year}年的办理统计…")
            self.context.runner.run(
                lambda ctx: yearly_rates(ctx.office, year),
                on_done=lambda found: self._show(found) if self._year() == year else None,
            )
            return
        self._show(report if office.mode == "county" else yearly_rates(office, year))

    def _year(self) -> int:
        return self.year.value() or dates.today().year

    def _show(self, report: YearlyRates) -> None:
        year = report.year
        self.report = report
        t = report.total
        self.summary.setText(
            f"{year}年共收到建议 <b>{t.received}</b> 件，交办 {t.assigned} 件，已答复 "
            f"{t.replied} 件，按期答复率 <b>{percent(t.on_time_share)}</b>；代表对办理结果的"
            f"满意率 <b>{percent(t.result_satisfaction)}</b>，办成率 <b>{percent(t.solved_share)}"
            f"</b>；目前逾期未答复 {t.overdue} 件。"
        )
        columns = rate_columns(report)
        rows = [*report.groups, t]
        self.table.clear()
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels([c.title for c in columns])
        self.table.setRowCount(len(rows))
        bold = QFont()
        bold.setBold(True)
        for r, rates in enumerate(rows):
            for c, column in enumerate(columns):
                item = QTableWidgetItem(column.text(rates))
                if r == len(rows) - 1:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        for col, column in enumerate(columns):
            self.table.setColumnWidth(col, column.width)

    def export_excel(self) -> None:
        year = self.year.value() or dates.today().year
        export_list(
            self,
            self.context,
            f"{year}年代表建议办理情况统计",
            export_suggestion_stats,
            year,
        )

    def print_report(self) -> None:
        from ui.suggestions.print_actions import print_statistics

        year = self.year.value() or dates.today().year
        print_statistics(self, self.context, year)
