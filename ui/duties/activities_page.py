"""代表活动: the list of activities between sessions with filters, and the chosen one's
participants, summary and attachments (photos, scans)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QWidget,
)

from app.core import dates
from app.core.errors import RendaError
from app.duties.activities import ATTACHMENT_KIND, ActivityQuery
from app.exchange.list_exports import export_activities
from app.exchange.lists import activity_columns, on_screen
from ui.context import AppContext
from ui.duties.activity_dialog import ActivityDialog
from ui.models.record_table import RecordTableModel
from ui.pages.record_page import (
    export_button,
    export_list,
    lay_out,
    record_buttons,
    select_id,
    selected_id,
    year_items,
)
from ui.widgets.attachments import AttachmentList
from ui.widgets.form import Choice
from ui.widgets.lists import SearchBox, list_view
from ui.widgets.messages import confirm, show_error

AREA = "activities"
# Links in an activity's detail ("plan:3") -> the page that shows that record.
LINKED_PAGES = {"plan": "plans", "appraisal": "oversight"}


class ActivitiesPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        office = context.office
        editable = office.editable

        self.search = SearchBox("搜索：活动主题、地点、总结、参加代表姓名", self.reload, self)
        self.year = Choice()
        self.kind = Choice()
        self.fill_filters()
        self.year.set_value(dates.today().year)
        self.year.currentIndexChanged.connect(self.reload)
        self.kind.currentIndexChanged.connect(self.reload)
        self.add_button, self.edit_button, self.delete_button = record_buttons(
            self, "登记活动", add=self.add, edit=self.edit, delete=self.delete, enabled=editable
        )
        # 代表小组活动 are recorded once, as meetings of a group, where their attendance
        # and leave are kept (and counted in the score): this button goes there.
        self.group_button = QPushButton("登记小组活动…")
        self.group_button.setToolTip("代表小组活动在“会议”中登记，可记出席和请假")
        self.group_button.clicked.connect(self.add_group_activity)
        self.group_button.setEnabled(editable)
        self.count = QLabel()
        self.count.setObjectName("Hint")

        columns = on_screen(activity_columns(county=office.mode == "county"))
        self.model = RecordTableModel(columns, self._ids, office.activities.rows, self)
        self.table = QTableView()
        list_view(self.table, self.model)
        self.table.doubleClicked.connect(lambda _i: self.edit() if editable else None)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.show_selected())

        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(
            lambda url: (
                context.open_deputy(int(url.path()))
                if url.scheme() == "deputy"
                else context.open_record(LINKED_PAGES[url.scheme()], int(url.path()))
            )
        )
        self.attachments = AttachmentList(
            context, ATTACHMENT_KIND, "活动照片、签到表、调研报告等的扫描件，可直接拖到这里。"
        )
        self.attachments.add_button.setEnabled(False)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.detail)
        lower.addWidget(self.attachments)
        lower.setSizes([700, 400])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([430, 300])

        lay_out(
            self,
            "代表活动",
            [
                self.add_button,
                self.group_button,
                self.edit_button,
                self.delete_button,
                export_button(self.export_excel),
            ],
            [self.year, self.kind],
            split,
            search=self.search,
            count=self.count,
        )

        self.reload()
        context.changed.connect(self._changed)
        context.structure_changed.connect(self._structure_changed)
        context.deputies_changed.connect(lambda _ids: self.reload())

    # ---- list -------------------------------------------------------------------------

    def fill_filters(self) -> None:
        office = self.context.office
        self.year.set_items(year_items(office.activities.years()))
        kinds = office.reference.values("activity_kinds")
        self.kind.set_items([("全部类型", None), *[(k, k) for k in kinds]])

    def query(self) -> ActivityQuery:
        return ActivityQuery(
            year=self.year.value(), kind=self.kind.value(), text=self.search.text()
        )

    def export_excel(self) -> None:
        query, count = self.query(), self.model.rowCount()
        export_list(self, self.context, "代表活动", export_activities, query, count=count)

    def _ids(self) -> list[int]:
        return list(self.context.office.activities.search(self.query()))

    def reload(self) -> None:
        self.search.settle()  # filtered now: no search is pending (as the suggestions list)
        chosen = self.selected_id()
        self.model.reload()
        self.count.setText(f"共 {self.model.rowCount()} 次活动")
        if chosen is None or not select_id(self.table, self.model, chosen):
            self.show_selected()

    def selected_id(self) -> int | None:
        return selected_id(self.table, self.model)

    def show_selected(self) -> None:
        activity_id = self.selected_id()
        if activity_id is None:
            self.detail.setHtml(
                "<p style='color:#666'>选中一次活动，这里显示参加代表和活动总结。</p>"
            )
            self.attachments.set_owner("")
            self.attachments.add_button.setEnabled(False)
            return
        office = self.context.office
        try:
            a = office.activities.get(activity_id)
        except RendaError:
            return
        names = office.deputies.rows(list(a.deputy_ids))
        people = "、".join(f"<a href='deputy:{d.id}'>{escape(d.name)}</a>" for d in names)
        parts = [
            f"<h3>{escape(a.kind)}：{escape(a.topic)}</h3>",
            f"<p>{dates.format_date(a.date)}　{escape(a.place)}　"
            f"组织者：{escape(a.organiser_label)}</p>",
            f"<p><b>参加代表（{len(names)} 名）：</b>{people}</p>",
        ]
        planned = office.plans.item_for(activity_id=a.id) if office.mode == "township" else None
        if planned is not None:
            parts.append(
                f"<p>列入{planned.year}年工作要点：<a href='plan:{planned.id}'>"
                f"{planned.when_label} {escape(planned.subject)}</a></p>"
            )
        served = office.appraisals.serving("activities", a.id)
        if served:
            links = "、".join(f"<a href='appraisal:{x.id}'>{escape(x.title)}</a>" for x in served)
            parts.append(f"<p>用于{links}的调查</p>")
        if a.others:
            parts.append(f"<p><b>其他参加人员：</b>{escape(a.others)}</p>")
        if a.appraised_unit:
            parts.append(
                f"<p><b>被评议单位：</b>{escape(a.appraised_unit)}　"
                f"<b>评议结果：</b>{escape(a.appraisal_result)}</p>"
            )
            if a.follow_up:
                parts.append(f"<p><b>整改落实：</b>{_lines(a.follow_up)}</p>")
        for label, text in (("活动方案", a.plan), ("总结或报告", a.summary)):
            if text:
                parts.append(f"<p><b>{label}：</b><br>{_lines(text)}</p>")
        self.detail.setHtml("".join(parts))
        self.attachments.set_owner(a.uuid)
        self.attachments.add_button.setEnabled(office.editable)

    def show_year(self, year: int) -> None:
        """Every activity of a year (a chart of the 工作台 opens the list so)."""
        for widget in (self.year, self.kind, self.search):
            widget.blockSignals(True)
        self.year.set_value(year)
        self.kind.setCurrentIndex(0)
        self.search.clear()
        for widget in (self.year, self.kind, self.search):
            widget.blockSignals(False)
        self.reload()

    def show_record(self, activity_id: int) -> None:
        """Show one activity (from a reminder, a deputy's file or a score line)."""
        try:
            activity = self.context.office.activities.get(activity_id)
        except RendaError as exc:
            show_error(self, exc)
            return
        for widget in (self.year, self.kind):
            widget.blockSignals(True)
        self.search.blockSignals(True)
        self.year.set_value(int(activity.date[:4]))
        self.kind.setCurrentIndex(0)
        self.search.clear()
        for widget in (self.year, self.kind, self.search):
            widget.blockSignals(False)
        self.reload()
        select_id(self.table, self.model, activity_id)

    # ---- writing ----------------------------------------------------------------------

    def add(self) -> None:
        saved = ActivityDialog.ask(self.context.office, None, self)
        if saved:
            self._saved(saved.id)

    def add_group_activity(self) -> None:
        self.context.go("meetings")
        self.context.page("meetings").add_meeting(kind="group")

    def edit(self) -> None:
        activity_id = self.selected_id()
        if activity_id is None:
            show_error(self, "请先选中一次活动", "未选择")
            return
        saved = ActivityDialog.ask(
            self.context.office, self.context.office.activities.get(activity_id), self
        )
        if saved:
            self._saved(saved.id)

    def delete(self) -> None:
        activity_id = self.selected_id()
        if activity_id is None:
            show_error(self, "请先选中一次活动", "未选择")
            return
        activity = self.context.office.activities.get(activity_id)
        if not confirm(
            self,
            "删除活动",
            f"确定删除“{activity.topic}”吗？它的附件和由它得到的履职积分也会一并删除。",
        ):
            return
        self.context.office.activities.delete(activity_id)
        self.context.changed.emit(AREA, [activity_id])
        self.context.deputies_changed.emit(list(activity.deputy_ids))

    def _saved(self, activity_id: int) -> None:
        activity = self.context.office.activities.get(activity_id)
        self.fill_filters()
        self.context.changed.emit(AREA, [activity_id])
        self.context.deputies_changed.emit(list(activity.deputy_ids))
        self.show_record(activity_id)

    def _changed(self, area: str, _ids: list) -> None:
        if area == AREA:
            self.reload()
        elif area == "oversight":
            self.show_selected()  # the survey's links may have changed

    def _structure_changed(self) -> None:
        self.fill_filters()
        self.reload()


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>")
