"""Tabs of the deputy's file for the work between sessions: 履职档案 (the eight parts of a
chosen year with the duty score, each line opening its record) and 简历和获奖 (résumé and
award entries, edited one by one)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
)

from app.core import dates
from app.core.errors import RendaError
from app.deputies.deputies import Deputy
from app.duties.scoring import QUARTERS, format_points
from app.duties.year_file import YearFile, year_file
from ui.context import AppContext
from ui.duties.print_actions import print_year_file
from ui.duties.traces import open_trace
from ui.pages.specs import FileTabWidget
from ui.widgets.form import Choice
from ui.widgets.messages import confirm, show_error
from ui.widgets.record_dialog import FieldDef, RecordDialog

STYLE = """
<style>
h2 { color: #1f3b57; margin: 2px 0 6px 0; }
h3 { color: #1f3b57; margin: 14px 0 4px 0; }
table { border-collapse: collapse; }
td, th { border: 1px solid #c9d2dc; padding: 3px 6px; }
th { background: #eef2f6; font-weight: normal; color: #334; }
.none { color: #888; }
.summary { color: #555; }
</style>
"""


def trace_link(kind: str, record_id: int | None, text: str) -> str:
    if record_id is None or not kind:
        return escape(text)
    return f"<a href='trace:{kind}/{record_id}'>{escape(text)}</a>"


def year_file_html(file: YearFile) -> str:
    """The yearly file as the tab shows it: the eight parts, then the score."""
    d = file.deputy
    out = [
        STYLE,
        f"<h2>{escape(d.name)}　{file.year}年度履职档案</h2>",
        f"<p class='summary'>{escape(file.township_name)}{escape(file.term_name)}人大代表"
        f"　{escape(d.unit)}</p>",
    ]
    for part in file.parts:
        out.append(f"<h3>{escape(part.heading)}</h3>")
        if part.number == 1:
            cells = [f"<th>{escape(k)}</th><td>{escape(v)}</td>" for k, v in file.basic if v]
            rows = ["<tr>" + "".join(cells[i : i + 3]) + "</tr>" for i in range(0, len(cells), 3)]
            out.append(f"<table>{''.join(rows)}</table>")
            if file.resume:
                lines = "<br>".join(escape(e.line()) for e in file.resume)
                out.append(f"<p><b>简历：</b><br>{lines}</p>")
        if part.number == 1 and not part.entries:
            continue
        out.append(f"<p class='summary'>{escape(part.summary)}</p>")
        if part.entries:
            rows = [
                f"<tr><td width='18%'>{escape(e.date_label)}</td>"
                f"<td>{trace_link(e.record_kind, e.record_id, e.text)}"
                + (f"<br><span class='summary'>{escape(e.detail)}</span>" if e.detail else "")
                + "</td></tr>"
                for e in part.entries
            ]
            out.append(f"<table width='100%'>{''.join(rows)}</table>")
    out.append("<h3>履职积分</h3>")
    score = file.score
    if score is None:
        out.append(f"<p class='none'>{escape(file.score_note)}</p>")
        return "".join(out)
    quarters = "　".join(
        f"{q} {format_points(v)}" for q, v in zip(QUARTERS, score.quarters, strict=True)
    )
    out.append(
        f"<p>基础分 {format_points(score.base)}，加分 {format_points(score.added)}，"
        f"扣分 {format_points(score.deducted)}，<b>总分 {format_points(score.total)}</b>，"
        f"等次 <b>{escape(score.grade)}</b>，全乡镇第 {score.rank} 名<br>"
        f"<span class='summary'>各季度得分：{quarters}</span></p>"
    )
    if score.lines:
        rows = ["<tr><th>日期</th><th>积分项目</th><th>计分</th><th>来源</th></tr>"]
        for line in score.lines:
            e = line.event
            note = f"（{escape(line.note)}）" if line.note else ""
            rows.append(
                f"<tr><td>{dates.format_date(e.date)}</td><td>{escape(line.rule_label)}</td>"
                f"<td align='center'>{format_points(line.points)}</td>"
                f"<td>{trace_link(e.record_kind, e.record_id, e.text)}{note}</td></tr>"
            )
        out.append(f"<table width='100%'>{''.join(rows)}</table>")
    return "".join(out)


class YearFileTab(FileTabWidget):
    """履职档案: all eight parts of the file for one year, with the duty score."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.deputy: Deputy | None = None
        self.file: YearFile | None = None
        self.year = Choice()
        self.year.currentIndexChanged.connect(self.refresh)
        self.print_button = QPushButton("打印本年度履职档案")
        self.print_button.clicked.connect(self.print_file)
        self.scores_button = QPushButton("在积分排名中查看")
        self.scores_button.clicked.connect(self.open_scores)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self.open_link)
        head = QHBoxLayout()
        head.addWidget(QLabel("年度："))
        head.addWidget(self.year)
        head.addStretch()
        head.addWidget(self.scores_button)
        head.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)

    def show_deputy(self, deputy: Deputy) -> None:
        office = self.context.office
        self.deputy = deputy
        term = office.terms.get(deputy.term_id)
        this_year = dates.today().year
        last = min(this_year, int(term.end_date[:4])) if term.end_date else this_year
        years = list(range(last, int(term.start_date[:4]) - 1, -1))
        chosen = self.year.value() if self.year.value() in years else years[0]
        self.year.blockSignals(True)
        self.year.set_items([(f"{y}年", y) for y in years])
        self.year.set_value(chosen)
        self.year.blockSignals(False)
        self.file = None
        if self.isVisible():
            self.refresh()

    # The file (and the township's scores behind its rank) is worked out when the tab is
    # seen, so that opening a deputy's file on another tab does not wait for it.
    def showEvent(self, event: QShowEvent) -> None:
        if self.file is None:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        if self.deputy is None or self.year.value() is None:
            return
        self.file = year_file(self.context.office, self.deputy.id, self.year.value())
        self.view.setHtml(year_file_html(self.file))
        self.scores_button.setEnabled(self.file.score is not None)

    def open_link(self, url: QUrl) -> None:
        kind, _, record = url.path().partition("/")
        if url.scheme() == "trace" and record.isdigit():
            open_trace(self.context, kind, int(record))

    def open_scores(self) -> None:
        if self.deputy is not None:
            page = "scores"
            self.context.open_record(page, self.deputy.id)

    def print_file(self) -> None:
        if self.deputy is not None:
            print_year_file(self, self.context, self.deputy.id, self.deputy.name, self.year.value())


RESUME_FIELDS = [
    FieldDef("start_date", "起始年月", placeholder="如 2011.01"),
    FieldDef("end_date", "截止年月", placeholder="至今请留空"),
    FieldDef("text", "单位及职务", required=True, placeholder="如 清溪镇桃源村党支部书记"),
]
AWARD_FIELDS = [
    FieldDef("date", "获奖时间", required=True, placeholder="如 2025 或 2025.12"),
    FieldDef("title", "荣誉或奖励", required=True, placeholder="如 2025年度溪山县优秀人大代表"),
    FieldDef("issuer", "授予单位", placeholder="如 溪山县人大常委会"),
    FieldDef("note", "备注"),
]


class CareerTab(FileTabWidget):
    """简历和获奖: the résumé and the awards (part ⑧), one entry at a time."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.deputy: Deputy | None = None
        self.resume = self._table(["起止年月", "单位及职务"], 160)
        self.awards = self._table(["获奖时间", "荣誉或奖励", "授予单位"], 110)
        self.awards.setColumnWidth(1, 380)
        self.buttons: list[QPushButton] = []
        layout = QVBoxLayout(self)
        for title, table, kind in (
            ("个人简历", self.resume, "resume"),
            ("获奖情况", self.awards, "award"),
        ):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            row = QHBoxLayout()
            for text, action in (("增加", "add"), ("修改", "edit"), ("删除", "remove")):
                button = QPushButton(text)
                button.clicked.connect(lambda _c=False, k=kind, a=action: self.act(k, a))
                row.addWidget(button)
                self.buttons.append(button)
            row.addStretch()
            inner.addLayout(row)
            inner.addWidget(table)
            layout.addWidget(box, 1)
        hint = QLabel(
            "简历和获奖情况逐条登记，登记表和履职档案按条目打印；在“编辑”中直接修改的文字也会按行拆成条目。"
        )
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)

    @staticmethod
    def _table(headers: list[str], first_width: int) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        table.setColumnWidth(0, first_width)
        table.horizontalHeader().setStretchLastSection(True)
        # Two tables share the tab: each may shrink to two rows on a small screen.
        table.setMinimumHeight(56)
        return table

    def show_deputy(self, deputy: Deputy) -> None:
        self.deputy = deputy
        office = self.context.office
        for button in self.buttons:
            button.setEnabled(office.editable)
        resume = office.careers.resume(deputy.id)
        self.resume.setRowCount(len(resume))
        for row, e in enumerate(resume):
            self.resume.setItem(row, 0, QTableWidgetItem(e.period))
            self.resume.setItem(row, 1, QTableWidgetItem(e.text))
        awards = office.careers.awards(deputy.id)
        self.awards.setRowCount(len(awards))
        for row, a in enumerate(awards):
            for column, text in enumerate((a.date_label, a.title, a.issuer)):
                self.awards.setItem(row, column, QTableWidgetItem(text))

    def _row(self, table: QTableWidget) -> int | None:
        rows = table.selectionModel().selectedRows()
        if not rows:
            show_error(self, "请先选中一条", "未选择")
            return None
        return rows[0].row()

    def act(self, kind: str, action: str) -> None:
        if self.deputy is None:
            return
        careers = self.context.office.careers
        deputy_id = self.deputy.id
        table = self.resume if kind == "resume" else self.awards
        fields = RESUME_FIELDS if kind == "resume" else AWARD_FIELDS
        title = "简历" if kind == "resume" else "获奖情况"
        values: dict[str, Any] = {}
        index = None
        if action in ("edit", "remove"):
            index = self._row(table)
            if index is None:
                return
            entry = (careers.resume if kind == "resume" else careers.awards)(deputy_id)[index]
            values = {f.key: getattr(entry, f.key) for f in fields}
        try:
            if action == "remove":
                if not confirm(self, f"删除{title}", "确定删除选中的这一条吗？"):
                    return
                (careers.remove_resume if kind == "resume" else careers.remove_award)(
                    deputy_id, index
                )
                done = True
            elif action == "add":
                save = careers.add_resume if kind == "resume" else careers.add_award
                done = RecordDialog.ask(
                    self, f"增加{title}", fields, values, lambda v: save(deputy_id, **v)
                )
            else:
                save = careers.update_resume if kind == "resume" else careers.update_award
                done = RecordDialog.ask(
                    self, f"修改{title}", fields, values, lambda v: save(deputy_id, index, **v)
                )
        except RendaError as exc:
            show_error(self, exc)
            return
        if done:
            self.context.deputies_changed.emit([deputy_id])
