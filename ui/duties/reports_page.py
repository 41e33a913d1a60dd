"""代表述职: deputies' reports to their voters with the voters' rating, and who has not
reported yet this term (or year)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import RendaError
from app.deputies.deputies import DeputyChoice, DeputyQuery
from app.duties.voter_reports import VoterReport
from app.exchange.list_exports import export_reports
from app.exchange.lists import report_columns
from ui.context import AppContext
from ui.duties.print_actions import print_ballots, print_report_result
from ui.pages.record_page import (
    export_button,
    export_list,
    lay_out,
    record_buttons,
    year_choice,
    year_items,
)
from ui.widgets.messages import confirm, show_error
from ui.widgets.record_dialog import FieldDef, RecordDialog

AREA = "voter_reports"


def report_fields(deputies: Sequence[DeputyChoice]) -> list[FieldDef]:
    return [
        FieldDef("deputy_id", "述职代表", "deputy", deputies, required=True),
        FieldDef("date", "述职日期", required=True, placeholder="如 2026-03-10"),
        FieldDef("place", "述职地点", required=True, placeholder="如 桃源村村民委员会会议室"),
        FieldDef("voters_present", "到会选民人数", required=True, placeholder="一般不少于 50 人"),
        FieldDef("satisfied", "满意票数", placeholder="未测评可不填"),
        FieldDef("basically_satisfied", "基本满意票数"),
        FieldDef("unsatisfied", "不满意票数"),
        FieldDef("result", "测评结果", placeholder="不填则按票数得出：满意 / 基本满意 / 不满意"),
        FieldDef("note", "备注", "longtext"),
    ]


class ReportsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        office = context.office
        editable = office.editable
        self.year = year_choice(
            office.voter_reports.years() if office.is_set_up else [], self.reload
        )
        self.add_button, self.edit_button, self.delete_button = record_buttons(
            self, "登记述职", add=self.add, edit=self.edit, delete=self.delete, enabled=editable
        )
        self.ballot_button = QPushButton("打印测评票")
        self.ballot_button.clicked.connect(lambda: self.print_selected(ballots=True))
        self.result_button = QPushButton("打印测评结果")
        self.result_button.clicked.connect(lambda: self.print_selected(ballots=False))
        self.columns = report_columns()
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([c.title for c in self.columns])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        for column, spec in enumerate(self.columns[:-1]):
            self.table.setColumnWidth(column, spec.width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit() if editable else None)
        self.count = QLabel()
        self.count.setObjectName("Hint")
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setTextFormat(Qt.TextFormat.RichText)
        self.missing.linkActivated.connect(lambda link: context.open_deputy(int(link)))

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addWidget(self.missing)
        buttons = [self.add_button, self.edit_button, self.delete_button]
        lay_out(
            self,
            "代表向选民述职",
            [*buttons, self.ballot_button, self.result_button, export_button(self.export_excel)],
            [self.year],
            body,
            count=self.count,
        )
        self.reports: list[VoterReport] = []
        self.reload()
        context.changed.connect(lambda area, _ids: self.reload() if area == AREA else None)
        context.deputies_changed.connect(lambda _ids: self.reload())
        context.structure_changed.connect(self.reload)

    def reload(self) -> None:
        office = self.context.office
        if not office.is_set_up:
            return
        chosen = self.selected_id()
        self.reports = office.voter_reports.list(year=self.year.value())
        self.table.setRowCount(len(self.reports))
        for row, r in enumerate(self.reports):
            for column, spec in enumerate(self.columns):
                item = QTableWidgetItem(spec.text(r))
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.table.setItem(row, column, item)
            if r.id == chosen:
                self.table.selectRow(row)
        self.count.setText(f"共 {len(self.reports)} 次述职")
        if office.mode != "township":
            self.missing.setText("")
            return
        period = office.settings.get("voter_report_period")
        missing = office.deputies.rows(office.voter_reports.not_reported(period=period))
        when = "今年" if period == "year" else "本届"
        names = "、".join(f"<a href='{d.id}'>{d.name}</a>" for d in missing)
        self.missing.setText(
            f"<b>{when}尚未述职的代表（{len(missing)} 名）：</b>{names or '无'}"
            "　<span style='color:#666'>（周期可在“基础数据—设置”中改为每年）</span>"
        )

    def export_excel(self) -> None:
        year = self.year.value()
        what = f"{year}年代表述职" if year else "代表述职"
        export_list(self, self.context, what, export_reports, year, count=self.table.rowCount())

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def show_record(self, report_id: int) -> None:
        try:
            report = self.context.office.voter_reports.get(report_id)
        except RendaError as exc:
            show_error(self, exc)
            return
        self.year.set_value(int(report.date[:4]))
        self.reload()
        for row, r in enumerate(self.reports):
            if r.id == report_id:
                self.table.selectRow(row)

    def print_selected(self, *, ballots: bool) -> None:
        report_id = self.selected_id()
        if report_id is None:
            show_error(self, "请先选中一次述职（测评票可先登记述职的时间、地点再打印）", "未选择")
            return
        name = self.context.office.voter_reports.get(report_id).deputy_name
        if ballots:
            print_ballots(self, self.context, report_id, name)
        else:
            print_report_result(self, self.context, report_id, name)

    def _deputies(self) -> list[DeputyChoice]:
        office = self.context.office
        return office.deputies.choices(
            DeputyQuery(term_id=office.current_term_id(), level="township", status="active")
        )

    def ask(self, title: str, values: dict[str, Any], save: Any) -> VoterReport | None:
        return RecordDialog.ask(
            self,
            title,
            report_fields(self._deputies()),
            values,
            save,
            hint="测评票数合计不能多于到会选民人数；满意率按（满意＋基本满意）÷ 有效票计算。",
        )

    def add(self, deputy_id: int | None = None) -> VoterReport | None:
        office = self.context.office
        saved = self.ask(
            "登记代表述职",
            {"deputy_id": deputy_id, "date": dates.today().isoformat()},
            lambda v: office.voter_reports.add(**v),
        )
        if saved:
            self._saved(saved)
        return saved

    def edit(self) -> None:
        report_id = self.selected_id()
        if report_id is None:
            show_error(self, "请先选中一次述职", "未选择")
            return
        office = self.context.office
        report = office.voter_reports.get(report_id)
        values = {k: ("" if v is None else str(v)) for k, v in report.form_values().items()}
        values["deputy_id"] = report.deputy_id
        saved = self.ask(
            f"编辑述职：{report.deputy_name}",
            values,
            lambda v: office.voter_reports.update(report_id, **v),
        )
        if saved:
            self._saved(saved)

    def delete(self) -> None:
        report_id = self.selected_id()
        if report_id is None:
            show_error(self, "请先选中一次述职", "未选择")
            return
        report = self.context.office.voter_reports.get(report_id)
        if confirm(
            self,
            "删除述职记录",
            f"确定删除{report.deputy_name}{dates.format_date(report.date)}的述职记录吗？",
        ):
            self.context.office.voter_reports.delete(report_id)
            self.context.changed.emit(AREA, [report_id])
            self.context.deputies_changed.emit([report.deputy_id])

    def _saved(self, report: VoterReport) -> None:
        self.year.set_items(year_items(self.context.office.voter_reports.years()))
        self.context.changed.emit(AREA, [report.id])
        self.context.deputies_changed.emit([report.deputy_id])
        self.show_record(report.id)
