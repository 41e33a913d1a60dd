"""报告: the report drafts the office writes from its records — the presidium's annual work
report, the report on the handling of deputies' suggestions (a year or a session) and the
deputies' structure statistics — made in the background as editable Word files (.docx),
saved where the clerk says and opened in Word or WPS; and, on a second tab, the county's
evaluation of townships (县级考评, or a township's self-assessment: evaluation_panel.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from ui.context import AppContext
from ui.printing.actions import preview_pdf
from ui.tasks import TaskContext, TaskHandle
from ui.widgets.form import Choice
from ui.widgets.messages import confirm
from ui.widgets.progress import run_with_progress
from ui.widgets.screen import scrolling

if TYPE_CHECKING:  # python-docx and reportlab load only when used (start-up budget)
    from app.documents.base import PdfResult
    from app.reports.docx_layout import DocxResult

BuildDraft = Callable[[TaskContext], "DocxResult"]


def ask_docx_path(parent: QWidget, title: str, file_name: str) -> Path | None:
    """Where to save the draft (the system's save dialog; tests patch this)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path, _filter = QFileDialog.getSaveFileName(
        parent, f"保存{title}", str(Path(folder) / f"{file_name}.docx"), "Word 文件 (*.docx)"
    )
    if not path:
        return None
    return Path(path if path.lower().endswith(".docx") else path + ".docx")


def open_file(path: Path) -> bool:
    """Open the saved draft in the program the system gives .docx files (Word, WPS)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class DraftsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.last_saved: Path | None = None
        self.handle: TaskHandle | None = None
        title = QLabel("报告")
        title.setObjectName("PageTitle")
        hint = QLabel(
            "报告稿按数据库中的记录生成，保存为 Word 文件（.docx），在 Word 或 WPS 中修改文字；"
            "稿中的数字与会议、代表活动、建议办理等列表和统计一致。标有【请在此填写】的地方"
            "由您补写。"
        )
        hint.setObjectName("Hint")
        hint.setWordWrap(True)

        self.work_year = Choice()
        self.work_button = QPushButton("生成工作报告稿…")
        self.work_button.clicked.connect(self.make_work_report)
        work = self._section(
            "主席团工作报告",
            "全年召开的人代会和主席团会议、决议决定、民生实事项目、视察调研和执法检查、"
            "代表小组活动、接待选民、代表述职、建议办理的各项比率。",
            [("年度", self.work_year)],
            self.work_button,
        )

        self.handling_scope = Choice()
        self.handling_button = QPushButton("生成办理情况报告稿…")
        self.handling_button.clicked.connect(self.make_handling_report)
        handling = self._section(
            "代表建议办理情况报告",
            "收到、交办、按期答复、A/B/C 类、满意率、办成率，分承办单位的附表，并列出逾期未答复"
            "的建议。可按年度，也可只算一次人代会期间提出的建议。",
            [("范围", self.handling_scope)],
            self.handling_button,
        )

        self.structure_button = QPushButton("生成结构统计表…")
        self.structure_button.clicked.connect(self.make_structure)
        structure = self._section(
            "代表结构情况统计表",
            "本届在任乡镇人大代表的性别、年龄段、民族、政治面貌、文化程度、代表构成、连任等，"
            "人数和占比（换届时常用）。",
            [],
            self.structure_button,
        )

        self.notice_year = Choice()
        self.notice_station = Choice()
        self.office_phone = QLineEdit()
        self.office_phone.setPlaceholderText("不填：印隐藏中间四位的代表电话")
        self.office_phone.setMaximumWidth(260)
        self.notice_button = QPushButton("打印履职情况公示…")
        self.notice_button.clicked.connect(self.print_notice)
        self.cards_button = QPushButton("打印代表联系卡…")
        self.cards_button.clicked.connect(self.print_cards)
        notice = self._section(
            "代表履职情况公示和代表联系卡",
            "公示（代表法第五十八条）：每名代表的基本情况和本年度出席会议、参加活动、提出建议、"
            "接待和述职情况，不含身份证号码、电话、住址，供联络站公示栏张贴。联系卡：照片、姓名、"
            "选区、联络站和联系电话，每页 8 张。",
            [
                ("年度（公示）", self.notice_year),
                ("联络站", self.notice_station),
                ("人大办电话（联系卡）", self.office_phone),
            ],
            self.notice_button,
        )
        notice.layout().itemAt(1).layout().addWidget(self.cards_button)

        self.county_note = QLabel("报告稿由乡镇人大主席团起草：县级汇总数据库不能起草。")
        self.county_note.setObjectName("Hint")
        # The four drafts scroll on a small screen (1366×768 at 125%); the title stays.
        boxes = QWidget()
        column = QVBoxLayout(boxes)
        column.setContentsMargins(0, 0, 0, 0)
        for box in (work, handling, structure, notice):
            column.addWidget(box)
        column.addStretch()
        drafts = QWidget()
        drafts_layout = QVBoxLayout(drafts)
        drafts_layout.addWidget(hint)
        drafts_layout.addWidget(self.county_note)
        drafts_layout.addWidget(scrolling(boxes), 1)
        # The evaluation is built the first time its tab is opened (it counts every area).
        self.evaluation: QWidget | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(drafts, "报告稿")
        county = context.office.mode == "county"
        self.tabs.addTab(QWidget(), "县级考评" if county else "考评自评")
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        if county:  # the county drafts nothing: its work here is the evaluation
            self.tabs.setCurrentIndex(1)
        self.fill_choices()
        context.changed.connect(lambda _area, _ids: self.fill_choices())

    def _tab_shown(self, index: int) -> None:
        if index == 1 and self.evaluation is None:
            from ui.reports.evaluation_panel import EvaluationPanel

            self.evaluation = EvaluationPanel(self.context)
            label = self.tabs.tabText(1)
            was = self.tabs.blockSignals(True)
            self.tabs.removeTab(1)
            self.tabs.insertTab(1, self.evaluation, label)
            self.tabs.setCurrentIndex(1)
            self.tabs.blockSignals(was)

    def show_evaluation(self) -> QWidget:
        """Open the 考评 tab (a link from elsewhere, tests)."""
        self.tabs.setCurrentIndex(1)
        self._tab_shown(1)
        assert self.evaluation is not None
        return self.evaluation

    def _section(
        self,
        title: str,
        text: str,
        fields: list[tuple[str, QWidget]],
        button: QPushButton,
    ) -> QGroupBox:
        box = QGroupBox(title)
        about = QLabel(text)
        about.setWordWrap(True)
        about.setObjectName("Hint")
        form = QFormLayout()
        for label, widget in fields:
            form.addRow(label, widget)
        row = QHBoxLayout()
        row.addLayout(form)
        row.addStretch()
        button.setObjectName("Primary")
        row.addWidget(button)
        layout = QVBoxLayout(box)
        layout.addWidget(about)
        layout.addLayout(row)
        return box

    def fill_choices(self) -> None:
        office = self.context.office
        township = office.mode == "township"
        self.county_note.setVisible(not township)
        buttons = (self.work_button, self.handling_button, self.structure_button,
                   self.notice_button, self.cards_button)  # fmt: skip
        for button in buttons:
            button.setEnabled(township)
        if not township:
            return
        this_year = dates.today().year
        years = sorted(
            {this_year, *office.meetings.years(), *office.suggestions.years()}, reverse=True
        )
        self.work_year.set_items([(f"{y}年", y) for y in years])
        self.notice_year.set_items([(f"{y}年", y) for y in years])
        self.notice_station.set_items(
            [("全部代表", None), *[(st.name, st.id) for st in office.stations.list()]]
        )
        # Values "year:2026" or "meeting:33" (a combo box finds strings by value).
        sessions = [(f"{name}期间提出的建议", f"meeting:{mid}") for mid, name, _ in
                    office.suggestions.sessions()]  # fmt: skip
        self.handling_scope.set_items(
            [*[(f"{y}年全年", f"year:{y}") for y in office.suggestions.years()], *sessions]
        )

    # ---- making the drafts ----------------------------------------------------------------

    def make_work_report(self) -> TaskHandle | None:
        year = self.work_year.value() or dates.today().year

        def build(ctx: TaskContext) -> DocxResult:
            from app.reports.drafts import work_report

            return work_report(ctx.office, year, progress=ctx.progress)

        return self.make("主席团工作报告", f"{year}年主席团工作报告", build)

    def make_handling_report(self) -> TaskHandle | None:
        kind, number = (self.handling_scope.value() or f"year:{dates.today().year}").split(":")
        value = int(number)

        def build(ctx: TaskContext) -> DocxResult:
            from app.reports.drafts import handling_report

            if kind == "meeting":
                return handling_report(ctx.office, meeting_id=value, progress=ctx.progress)
            return handling_report(ctx.office, year=value, progress=ctx.progress)

        name = f"{value}年代表建议办理情况报告" if kind == "year" else "人代会代表建议办理情况报告"
        return self.make("代表建议办理情况报告", name, build)

    def make_structure(self) -> TaskHandle | None:
        def build(ctx: TaskContext) -> DocxResult:
            from app.reports.drafts import structure_report

            return structure_report(ctx.office, progress=ctx.progress)

        return self.make("代表结构情况统计表", "代表结构情况统计表", build)

    def make(self, title: str, file_name: str, build: BuildDraft) -> TaskHandle | None:
        """Ask where, build and save in the background (with progress and 取消), then
        offer to open the file."""
        path = ask_docx_path(self, title, file_name)
        if path is None:
            return None

        def work(ctx: TaskContext) -> tuple[Path, tuple[str, ...]]:
            result = build(ctx)
            ctx.progress.check()
            return result.save(path), result.notes

        def done(saved: tuple[Path, tuple[str, ...]]) -> None:
            where, notes = saved
            self.last_saved = where
            extra = ("\n\n请注意：\n" + "\n".join(notes)) if notes else ""
            if confirm(self, "已保存", f"{title}稿已保存到：\n{where}{extra}\n\n现在打开吗？"):
                open_file(where)

        self.handle = run_with_progress(
            self, self.context.runner, work, title=f"正在生成{title}…", on_done=done
        )
        return self.handle

    # ---- the printed notice and cards ----------------------------------------------------

    def print_notice(self) -> TaskHandle:
        year = self.notice_year.value() or dates.today().year
        station_id = self.notice_station.value()

        def build(ctx: TaskContext) -> PdfResult:
            from app.documents.public_notice import public_notice_pdf

            return public_notice_pdf(ctx.office, year, station_id=station_id, progress=ctx.progress)

        where = f"_{self.notice_station.currentText()}" if station_id else ""
        return preview_pdf(
            self, self.context, build, title="代表履职情况公示",
            file_name=f"{year}年代表履职情况公示{where}",
        )  # fmt: skip

    def print_cards(self) -> TaskHandle:
        station_id = self.notice_station.value()
        office_phone = self.office_phone.text().strip()

        def build(ctx: TaskContext) -> PdfResult:
            from app.documents.contact_cards import contact_cards_pdf

            return contact_cards_pdf(
                ctx.office, station_id=station_id, office_phone=office_phone,
                progress=ctx.progress,
            )  # fmt: skip

        return preview_pdf(self, self.context, build, title="代表联系卡", file_name="代表联系卡")
