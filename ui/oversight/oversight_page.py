"""监督: the year's work appraisals and officials' duty appraisals, each run from the
session's vote to the closing verdict (stages, the survey's activities, the 测评 with its
printed ballot and result sheet, the rectification with feedback and return check), and
the one list of review opinions still open, overdue first."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import RendaError
from app.oversight.appraisals import Appraisal
from app.oversight.opinions import Opinion
from app.oversight.steps import (
    APPRAISAL_OPINION,
    appraisal_step,
    delete_opinion,
    edit_opinion,
    opinion_step,
)
from ui.context import AppContext
from ui.oversight import dialogs
from ui.pages.record_page import export_button, export_list, lay_out, year_choice, year_items
from ui.widgets.messages import confirm, show_error

AREA = "oversight"
OVERDUE = QColor("#c62828")
OPINIONS_VIEW = "opinions"  # the page key "oversight/opinions" opens an opinion (reminders)
# Links in an appraisal's detail ("activity:12") -> the page that shows the record.
LINK_PAGES = {"activity": "activities", "reception": "receptions", "meeting": "meetings"}


def _table(headers: list[str], widths: list[int]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[int, list[str], bool]], chosen: int | None) -> None:
    table.setRowCount(len(rows))
    for r, (record_id, texts, alarm) in enumerate(rows):
        for c, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            if alarm:
                item.setForeground(OVERDUE)
            table.setItem(r, c, item)
        if record_id == chosen:
            table.selectRow(r)


def _detail_label() -> QLabel:
    """Rich text of the chosen record, wrapped, selectable, from the top left."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _selected(table: QTableWidget) -> int | None:
    items = table.selectedItems()
    return items[0].data(Qt.ItemDataRole.UserRole) if items else None


def _button(text: str, slot: Callable[[], Any], *, primary: bool = False) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(lambda _c=False: slot())
    if primary:
        button.setObjectName("Primary")
    return button


class AppraisalsTab(QWidget):
    """The year's appraisals on the left, the chosen one's process on the right."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        office = context.office
        self.editable = office.editable
        self.year = year_choice(office.appraisals.years() if office.is_set_up else [], self.reload)
        self.vote_button = _button("票决评议对象…", self.vote, primary=True)
        self.add_button = _button("登记评议…", self.add)
        self.edit_button = _button("编辑…", self.edit)
        self.delete_button = _button("删除", self.delete)
        self.table = _table(["评议", "状态", "测评结果", "满意率"], [200, 110, 70])
        self.table.itemSelectionChanged.connect(self.show_selected)
        self.detail = _detail_label()
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.detail.setOpenExternalLinks(False)
        self.detail.linkActivated.connect(self.open_link)

        self.stage_buttons: dict[str, QPushButton] = {}
        steps = QGridLayout()
        self.plan_dates_button = _button("计划日期…", self.plan_dates)
        self.plan_dates_button.setToolTip("各环节计划在哪天进行：动员、调查、评议、测评、整改")
        steps.addWidget(self.plan_dates_button, 0, 0)
        for n, (key, label) in enumerate(
            (("mobilize", "动员"), ("survey", "调查"), ("review", "评议")), start=1
        ):
            button = _button(f"{label}…", lambda k=key: self.edit_stage(k))
            self.stage_buttons[key] = button
            steps.addWidget(button, 0, n)
        self.link_button = _button("关联调查记录…", self.link)
        self.link_button.setToolTip("调查环节的代表活动（视察、走访、座谈）和接待选民记录")
        self.rating_button = _button("登记测评结果…", self.rate)
        self.rectify_button = _button("送交评议意见…", self.rectify)
        self.feedback_button = _button("整改反馈…", self.feedback)
        self.check_button = _button("回头看…", self.check)
        self.close_button = _button("结束评议…", self.close_appraisal)
        self.plan_button = _button("打印评议方案", self.print_plan)
        self.ballot_button = _button("打印测评票", self.print_ballot)
        self.result_button = _button("打印测评结果", self.print_result)
        self.letter_button = _button("打印评议意见书", self.print_letter)
        self.form_button = _button("打印整改反馈表", self.print_feedback_form)
        for n, button in enumerate(
            [
                self.link_button,
                self.rating_button,
                self.rectify_button,
                self.feedback_button,
                self.check_button,
                self.close_button,
            ]
        ):
            steps.addWidget(button, 1 + n // 4, n % 4)
        prints = QHBoxLayout()
        for button in (
            self.plan_button,
            self.ballot_button,
            self.result_button,
            self.letter_button,
            self.form_button,
        ):
            prints.addWidget(button)
        prints.addStretch()

        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(8, 0, 0, 0)
        column.addWidget(self.detail, 1)
        column.addLayout(steps)
        column.addLayout(prints)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([440, 560])
        self.count = QLabel()
        self.count.setObjectName("Hint")
        for button in (self.vote_button, self.add_button, self.edit_button, self.delete_button):
            button.setEnabled(self.editable)
        lay_out(
            self,
            "工作评议和述职评议",
            [
                self.vote_button,
                self.add_button,
                self.edit_button,
                self.delete_button,
                export_button(self.export_excel),
            ],
            [self.year],
            split,
            count=self.count,
        )
        self.appraisals: list[Appraisal] = []
        self.reload()

    # ---- showing ----------------------------------------------------------------------

    def reload(self) -> None:
        office = self.context.office
        if not office.is_set_up:
            return
        chosen = self.selected_id()
        today = dates.today()
        self.appraisals = office.appraisals.list(year=self.year.value())
        towns = _township_names(office)
        rows = []
        for a in self.appraisals:
            r = a.rating
            late = a.rectification is not None and a.rectification.state(today) == "overdue"
            late = late or (any(s.overdue(today) for s in a.stages) and not a.closed_date)
            title = f"{towns[a.township_id]}：{a.title}" if towns else a.title
            rows.append((a.id, [title, a.status(today), r.result if r else "", _percent(a)], late))
        _fill(self.table, rows, chosen)
        if self.table.selectedItems() == [] and rows:
            self.table.selectRow(0)
        self.count.setText(f"共 {len(rows)} 项评议")
        self.show_selected()

    def selected_id(self) -> int | None:
        return _selected(self.table)

    def current(self) -> Appraisal | None:
        chosen = self.selected_id()
        return self.context.office.appraisals.get(chosen) if chosen is not None else None

    def show_selected(self) -> None:
        a = self.current()
        self.detail.setText(_detail_html(self.context, a) if a else "请选择一项评议")
        ready = a is not None and not a.closed_date and self.editable
        rect = a.rectification if a else None
        labels = {s.stage: s.label for s in a.stages} if a else {}
        for key, button in self.stage_buttons.items():
            button.setEnabled(ready and key in labels)
            button.setText(f"{labels.get(key, button.text().rstrip('…'))}…")
        self.plan_dates_button.setEnabled(ready)
        self.link_button.setEnabled(ready and a is not None and a.kind == "work")
        self.rating_button.setEnabled(ready)
        self.rectify_button.setEnabled(ready and a is not None and a.rating is not None)
        self.feedback_button.setEnabled(ready and rect is not None)
        self.check_button.setEnabled(ready and rect is not None and bool(rect.feedback_date))
        self.close_button.setEnabled(ready and rect is not None)
        self.ballot_button.setEnabled(a is not None)
        self.plan_button.setEnabled(a is not None)
        self.result_button.setEnabled(a is not None and a.rating is not None)
        self.letter_button.setEnabled(rect is not None)
        self.form_button.setEnabled(rect is not None)

    def show_record(self, appraisal_id: int) -> None:
        try:
            a = self.context.office.appraisals.get(appraisal_id)
        except RendaError as exc:
            show_error(self, exc)
            return
        self.year.set_items(year_items(self.context.office.appraisals.years()))
        self.year.set_value(a.year)
        self.reload()
        for row, item in enumerate(self.appraisals):
            if item.id == appraisal_id:
                self.table.selectRow(row)

    def _changed(self, appraisal_id: int | None = None) -> None:
        self.context.changed.emit(AREA, [appraisal_id] if appraisal_id else [])
        if appraisal_id:
            self.show_record(appraisal_id)
        else:
            self.reload()

    def export_excel(self) -> None:
        from app.exchange.list_exports import export_appraisals

        year = self.year.value()
        what = f"{year}年工作评议和述职评议结果" if year else "工作评议和述职评议结果"
        export_list(self, self.context, what, export_appraisals, year, count=self.table.rowCount())

    # ---- acting -----------------------------------------------------------------------

    def vote(self) -> None:
        office = self.context.office
        if not any(r.kind == "session" for r in office.meetings.list()):
            show_error(self, "还没有登记人民代表大会会议，请先在“会议”中登记", "没有会议")
            return
        chosen = dialogs.ask_vote(self, office)
        if chosen is None:
            return
        if not chosen:
            show_error(
                self,
                "没有候选单位得票超过全体代表的半数（或最后一名得票相同），"
                "票决结果已登记，请重新表决",
                "没有确定评议对象",
            )
        self._changed(chosen[0].id if chosen else None)

    def add(self) -> None:
        office = self.context.office
        saved = dialogs.ask_appraisal(
            self,
            office,
            {"kind": "work", "year": str(self.year.value() or dates.today().year)},
            lambda v: office.appraisals.add(**v),
        )
        if saved:
            self._changed(saved.id)

    def edit(self) -> None:
        a = self.current()
        if a is None:
            show_error(self, "请先选中一项评议", "未选择")
            return
        office = self.context.office
        values = {
            "kind": a.kind,
            "year": str(a.year),
            "subject": a.subject,
            "post": a.post,
            "plan": a.plan,
            "note": a.note,
        }
        if dialogs.ask_appraisal(
            self, office, values, lambda v: office.appraisals.update(a.id, **v)
        ):
            self._changed(a.id)

    def delete(self) -> None:
        a = self.current()
        if a is None:
            show_error(self, "请先选中一项评议", "未选择")
            return
        if confirm(self, "删除评议", f"确定删除“{a.title}”及其各环节、测评和整改记录吗？"):
            self.context.office.appraisals.delete(a.id)
            self._changed()

    def _with_current(self, run: Callable[[Appraisal], Any]) -> None:
        a = self.current()
        if a is None:
            show_error(self, "请先选中一项评议", "未选择")
            return
        if run(a):
            self._changed(a.id)

    def _step(self, a: Appraisal, step: str) -> Callable[[dict[str, Any]], Any]:
        """The save of a step's dialog: the step as the command line runs it."""
        return lambda values: appraisal_step(self.context.office, a.id, step, values)

    def edit_stage(self, stage: str) -> None:
        self._with_current(lambda a: dialogs.ask_stage(self, self.context.office, a.id, stage))

    def plan_dates(self) -> None:
        self._with_current(lambda a: dialogs.ask_plan(self, self.context.office, a.id))

    def link(self) -> None:
        self._with_current(lambda a: dialogs.SurveyPicker.ask(self, self.context.office, a.id))

    def rate(self) -> None:
        self._with_current(lambda a: dialogs.ask_rating(self, self.context.office, a.id))

    def rectify(self) -> None:
        self._with_current(lambda a: dialogs.ask_rectification(self, self.context.office, a.id))

    def feedback(self) -> None:
        self._with_current(
            lambda a: dialogs.ask_feedback(
                self, f"{a.title}：整改情况反馈", a.rectification, self._step(a, "feedback")
            )
        )

    def check(self) -> None:
        self._with_current(
            lambda a: dialogs.ask_check(
                self, f"{a.title}：回头看", a.rectification, self._step(a, "check")
            )
        )

    def close_appraisal(self) -> None:
        self._with_current(
            lambda a: dialogs.ask_close(self, f"结束{a.title}", self._step(a, "close"), note=True)
        )

    def open_link(self, link: str) -> None:
        """A record named in the detail: an activity or a reception of the survey, the
        meeting of a stage."""
        kind, _sep, record_id = link.partition(":")
        self.context.open_record(LINK_PAGES[kind], int(record_id))

    # ---- printing ---------------------------------------------------------------------

    def _print(self, what: str, builder: str, *, rectification: bool = False) -> None:
        a = self.current()
        if a is None:
            show_error(self, "请先选中一项评议", "未选择")
            return
        record = a.rectification if rectification else a
        if record is not None:
            _preview(self, self.context, what, builder, record.id, a.subject)

    def print_plan(self) -> None:
        self._print("评议方案", "appraisal_plan_pdf")

    def print_ballot(self) -> None:
        self._print("测评票", "appraisal_ballot_pdf")

    def print_result(self) -> None:
        self._print("测评结果统计表", "appraisal_result_pdf")

    def print_letter(self) -> None:
        self._print("评议意见书", "opinion_letter_pdf", rectification=True)

    def print_feedback_form(self) -> None:
        self._print("整改情况反馈表", "feedback_form_pdf", rectification=True)


def _preview(
    parent: QWidget, context: AppContext, what: str, builder: str, record_id: int, name: str
) -> None:
    """The print preview of a form of app.documents.oversight_forms (`builder`, a function
    of the office and the record's id), built off the UI thread."""
    from app.documents import oversight_forms
    from ui.printing.actions import preview_pdf

    build = getattr(oversight_forms, builder)
    preview_pdf(
        parent,
        context,
        lambda ctx: build(ctx.office, record_id),
        title=what,
        file_name=f"{what}_{name}",
    )


def _township_names(office: Any) -> dict[int, str]:
    """In a county database every township's records are listed: name them."""
    if office.mode != "county":
        return {}
    return {t.id: t.name for t in office.townships.list()}


def _percent(a: Appraisal) -> str:
    from app.core.tally import percent

    return percent(a.rating.tally.approval) if a.rating else ""


SURVEY_SHOWN = 5  # linked records named in the detail; the rest are counted


def _survey_lines(context: AppContext, a: Appraisal) -> list[str]:
    """The survey's activities and receptions, each a link that opens it."""
    office = context.office
    lines = []
    for kind, label, rows in (
        (
            "activity",
            "代表活动",
            [
                (r.id, f"{dates.format_date(r.date)} {r.kind}：{r.topic}")
                for r in office.activities.rows(list(a.activity_ids))
            ],
        ),
        (
            "reception",
            "接待选民",
            [
                (r.id, f"{dates.format_date(r.date)} {r.station_name}（来访 {r.visitors} 人）")
                for r in office.receptions.rows(list(a.reception_ids))
            ],
        ),
    ):
        if not rows:
            continue
        links = "、".join(
            f"<a href='{kind}:{record_id}'>{escape(text)}</a>"
            for record_id, text in rows[:SURVEY_SHOWN]
        )
        more = f"等 {len(rows)} 次" if len(rows) > SURVEY_SHOWN else f"{len(rows)} 次"
        lines.append(f"{label} {more}：{links}")
    return lines


def _detail_html(context: AppContext, a: Appraisal) -> str:
    today = dates.today()
    e = escape
    lines = [
        f"<h3 style='margin:0'>{e(a.title)}</h3>",
        f"<p style='color:#555'>{a.year}年 · {e(a.chosen_text)} · <b>{e(a.status(today))}</b>"
        "</p><table cellspacing=0 cellpadding=3>",
    ]
    for s in a.stages:
        if s.done_date:
            when = f"✔ {dates.format_date(s.done_date)}"
            if s.planned_date and s.planned_date != s.done_date:
                when += (
                    f"<br><span style='color:#888'>计划{dates.format_date(s.planned_date)}</span>"
                )
        elif s.overdue(today):
            planned = dates.format_date(s.planned_date)
            when = f"<span style='color:#c62828'>计划{planned}，已逾期</span>"
        elif s.planned_date:
            when = f"计划{dates.format_date(s.planned_date)}"
        else:
            when = "<span style='color:#888'>未开始</span>"
        extra = []
        if s.meeting_title:
            extra.append(f"<a href='meeting:{s.meeting_id}'>{e(s.meeting_title)}</a>")
        if s.record:
            extra.append(e(s.record[:80]))
        if s.stage == "survey":
            extra += _survey_lines(context, a)
        if s.stage == "rating" and a.rating:
            extra.append(e(a.rating.text))
        if s.stage == "rectify" and a.rectification:
            r = a.rectification
            state = r.state_label(today)
            color = "#c62828" if r.state(today) == "overdue" else "#333"
            extra.append(
                f"送交{dates.format_date(r.sent_date)}，期限{dates.format_date(r.deadline)}，"
                f"<span style='color:{color}'>{e(state)}</span>"
            )
            if r.feedback_date:
                extra.append(f"反馈（{dates.format_date(r.feedback_date)}）：{e(r.feedback[:80])}")
            if r.check_date:
                extra.append(f"回头看（{dates.format_date(r.check_date)}）：{e(r.check_note[:80])}")
        lines.append(
            f"<tr><td><b>{s.label}</b></td><td>{when}</td><td>{'<br>'.join(extra)}</td></tr>"
        )
    lines.append("</table>")
    if a.closed_date:
        lines.append(
            f"<p>结束：{dates.format_date(a.closed_date)}，<b>{a.verdict_label}</b>"
            f"{('。' + e(a.closing_note)) if a.closing_note else ''}</p>"
        )
    return "".join(lines)


def _opinion_html(o: Opinion) -> str:
    today = dates.today()
    e = escape
    color = "#c62828" if o.state(today) == "overdue" else "#333"
    head = [f"{e(o.source_label)}：{e(o.source_title)}" if o.source_title else e(o.source_label)]
    if o.sent_date:
        head.append(
            f"{dates.format_date(o.sent_date)}送交{e(o.recipient)}，"
            f"期限{dates.format_date(o.deadline)}"
        )
    lines = [
        f"<b>{e(o.topic)}</b>　<span style='color:{color}'>{e(o.state_label(today))}</span>",
        f"<span style='color:#555'>{' · '.join(head)}</span>",
        f"<b>意见：</b>{_paragraphs(o.content)}",
    ]
    if o.feedback_date:
        feedback = _paragraphs(o.feedback)
        lines.append(f"<b>反馈（{dates.format_date(o.feedback_date)}）：</b>{feedback}")
    if o.check_date:
        check = _paragraphs(o.check_note)
        lines.append(f"<b>回头看（{dates.format_date(o.check_date)}）：</b>{check}")
    if o.closed_date:
        reported = f"，已向{e(o.reported_meeting_title)}报告" if o.reported_meeting_title else ""
        lines.append(
            f"<b>办结：</b>{dates.format_date(o.closed_date)}，{e(o.verdict_label)}{reported}"
        )
    return "<br>".join(lines)


def _paragraphs(text: str) -> str:
    return escape(text).replace("\n", "<br>")


class OpinionsTab(QWidget):
    """Every opinion followed to the end; open ones first, overdue in red."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        editable = context.office.editable
        self.open_only = QCheckBox("只看未办结的")
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _c: self.reload())
        self.add_button = _button("登记审议意见…", self.add, primary=True)
        self.add_button.setEnabled(editable)
        self.edit_button = _button("编辑…", self.edit)
        self.send_button = _button("送交…", self.send)
        self.feedback_button = _button("反馈…", self.feedback)
        self.check_button = _button("回头看…", self.check)
        self.close_button = _button("办结…", self.close_opinion)
        self.letter_button = _button("打印审议意见书", self.print_letter)
        self.form_button = _button("打印反馈表", self.print_feedback_form)
        self.list_button = _button("打印一览表", self.print_list)
        self.delete_button = _button("删除", self.delete)
        self.table = _table(
            [
                "状态",
                "来源",
                "审议事项",
                "送交单位",
                "送交日期",
                "反馈期限",
                "提出意见的会议或活动",
            ],
            [130, 80, 200, 110, 110, 110],
        )
        self.count = QLabel()
        self.count.setObjectName("Hint")
        for button in (
            self.edit_button,
            self.send_button,
            self.feedback_button,
            self.check_button,
            self.close_button,
            self.delete_button,
        ):
            button.setEnabled(editable)
        self.table.itemSelectionChanged.connect(self.show_selected)
        # The chosen opinion in full: what it says, the feedback, the return check.
        self.detail = _detail_label()
        self.detail.setContentsMargins(6, 6, 6, 6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(scroll)
        split.setSizes([380, 200])
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(split, 1)
        actions = QHBoxLayout()
        for button in (
            self.edit_button,
            self.send_button,
            self.feedback_button,
            self.check_button,
            self.close_button,
            self.letter_button,
            self.form_button,
            self.list_button,
            self.delete_button,
        ):
            actions.addWidget(button)
        actions.addStretch()
        column.addLayout(actions)
        lay_out(
            self,
            "审议意见跟踪落实",
            [self.add_button, export_button(self.export_excel)],
            [self.open_only],
            body,
            count=self.count,
        )
        self.opinions: list[Opinion] = []
        self.reload()

    def reload(self) -> None:
        office = self.context.office
        if not office.is_set_up:
            return
        today = dates.today()
        self.opinions = office.opinions.list(open_only=self.open_only.isChecked(), today=today)
        towns = _township_names(office)
        rows = [
            (
                o.id,
                [
                    o.state_label(today),
                    o.source_label,
                    f"{towns[o.township_id]}：{o.topic}" if towns else o.topic,
                    o.recipient,
                    dates.format_date(o.sent_date),
                    dates.format_date(o.deadline),
                    o.source_title,
                ],
                o.state(today) == "overdue",
            )
            for o in self.opinions
        ]
        _fill(self.table, rows, _selected(self.table))
        overdue = sum(1 for r in rows if r[2])
        self.count.setText(f"共 {len(rows)} 项意见，逾期未反馈 {overdue} 项")
        self.show_selected()

    def show_selected(self) -> None:
        chosen = _selected(self.table)
        o = next((x for x in self.opinions if x.id == chosen), None)
        self.detail.setText(_opinion_html(o) if o else "选中一项意见，这里显示意见和反馈情况。")
        # A closing recorded by mistake is undone with the same button.
        self.close_button.setText("取消办结" if o is not None and o.closed_date else "办结…")

    def export_excel(self) -> None:
        from app.exchange.list_exports import export_opinions

        open_only = self.open_only.isChecked()
        what = "未办结的审议意见" if open_only else "审议意见跟踪落实情况"
        export_list(
            self, self.context, what, export_opinions, open_only, count=self.table.rowCount()
        )

    def current(self) -> Opinion | None:
        chosen = _selected(self.table)
        if chosen is None:
            show_error(self, "请先选中一项意见", "未选择")
            return None
        return self.context.office.opinions.get(chosen)

    def _done(self, saved: Any) -> None:
        if saved:
            self.context.changed.emit(AREA, [])
            self.reload()

    def _own(self) -> Opinion | None:
        """The chosen opinion, if handled here: an appraisal's rectification is handled in
        its appraisal (app.oversight.steps says so too)."""
        o = self.current()
        if o is not None and o.appraisal_id:
            show_error(self, APPRAISAL_OPINION, "请在评议中办理")
            return None
        return o

    def _step(self, o: Opinion, step: str) -> Callable[[dict[str, Any]], Any]:
        """The save of a step's dialog: the step as the command line runs it."""
        return lambda values: opinion_step(self.context.office, o.id, step, values)

    def add(self) -> None:
        office = self.context.office
        self._done(dialogs.ask_opinion(self, office, {}, lambda v: edit_opinion(office, None, v)))

    def edit(self) -> None:
        o = self._own()
        if o is None:
            return
        office = self.context.office
        values = {
            k: getattr(o, k)
            for k in (
                "meeting_id",
                "activity_id",
                "project_id",
                "topic",
                "content",
                "recipient",
                "sent_date",
                "deadline",
            )
        }
        self._done(
            dialogs.ask_opinion(self, office, values, lambda v: edit_opinion(office, o.id, v))
        )

    def send(self) -> None:
        o = self._own()
        if o is None:
            return
        from ui.widgets.record_dialog import FieldDef, RecordDialog

        self._done(
            RecordDialog.ask(
                self,
                f"送交：{o.topic}",
                [
                    FieldDef("sent_date", "送交日期", required=True),
                    FieldDef("deadline", "反馈期限", placeholder="不填则按设置：送交后几个月"),
                ],
                {"sent_date": o.sent_date or dates.today().isoformat(), "deadline": o.deadline},
                self._step(o, "send"),
            )
        )

    def feedback(self) -> None:
        o = self.current()
        if o is not None:
            title = f"办理情况反馈：{o.topic}"
            self._done(dialogs.ask_feedback(self, title, o, self._step(o, "feedback")))

    def check(self) -> None:
        o = self.current()
        if o is not None:
            self._done(dialogs.ask_check(self, f"回头看：{o.topic}", o, self._step(o, "check")))

    def close_opinion(self) -> None:
        o = self._own()
        if o is None:
            return
        if o.closed_date:
            if confirm(
                self, "取消办结", f"“{o.topic}”已办结（{o.verdict_label}），确定取消办结吗？"
            ):
                try:
                    opinion_step(self.context.office, o.id, "reopen", {})
                except RendaError as exc:
                    show_error(self, exc)
                    return
                self._done(True)
            return
        self._done(
            dialogs.ask_close(
                self,
                f"办结：{o.topic}",
                self._step(o, "close"),
                note=False,
                meetings=dialogs.meeting_items(self.context.office),
            )
        )

    def delete(self) -> None:
        o = self._own()
        if o is None:
            return
        if confirm(self, "删除意见", f"确定删除“{o.topic}”这项意见吗？"):
            try:
                delete_opinion(self.context.office, o.id)
            except RendaError as exc:
                show_error(self, exc)
                return
            self._done(True)

    def show_record(self, opinion_id: int) -> None:
        """Select one opinion (a reminder or the calendar opens it here); a closed one
        shows with the closed ones."""
        try:
            o = self.context.office.opinions.get(opinion_id)
        except RendaError as exc:
            show_error(self, exc)
            return
        if not o.is_open() and self.open_only.isChecked():
            self.open_only.setChecked(False)  # reloads
        else:
            self.reload()
        for row, shown in enumerate(self.opinions):
            if shown.id == opinion_id:
                self.table.selectRow(row)
                self.table.scrollToItem(self.table.item(row, 0))

    def print_list(self) -> None:
        from app.documents.oversight_forms import opinions_list_pdf
        from ui.printing.actions import preview_pdf

        open_only = self.open_only.isChecked()
        preview_pdf(
            self,
            self.context,
            lambda ctx: opinions_list_pdf(ctx.office, open_only=open_only),
            title="审议意见办理情况一览表",
            file_name="审议意见办理情况一览表",
        )

    def _print(self, what: str, builder: str) -> None:
        o = self.current()
        if o is not None:
            _preview(self, self.context, what, builder, o.id, o.topic)

    def print_letter(self) -> None:
        self._print("审议意见书", "opinion_letter_pdf")

    def print_feedback_form(self) -> None:
        self._print("办理情况反馈表", "feedback_form_pdf")


class OversightPage(QWidget):
    """监督: 评议 and 审议意见 in two tabs."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.appraisals = AppraisalsTab(context)
        self.opinions = OpinionsTab(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.appraisals, "工作评议和述职评议")
        self.tabs.addTab(self.opinions, "审议意见")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        context.changed.connect(self._changed)
        context.structure_changed.connect(self.reload)

    def _changed(self, area: str, _ids: list) -> None:
        if area in (AREA, "meetings", "activities", "receptions"):
            self.reload()

    def reload(self) -> None:
        self.appraisals.reload()
        self.opinions.reload()

    def show_record(self, appraisal_id: int | None) -> None:
        """Open an appraisal (reminders, the calendar, a reception's or activity's link)."""
        self.tabs.setCurrentWidget(self.appraisals)
        if appraisal_id:
            self.appraisals.show_record(appraisal_id)

    def show_view(self, view: str, record_id: int | None) -> None:
        """The page key "oversight/opinions" (ui.main_window.open_record): the 审议意见
        tab, with the opinion `record_id` selected."""
        if view != OPINIONS_VIEW:
            self.show_record(record_id)
            return
        self.tabs.setCurrentWidget(self.opinions)
        if record_id:
            self.opinions.show_record(record_id)
        else:
            self.opinions.reload()
