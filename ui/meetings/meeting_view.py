"""One meeting: its particulars, and tabs for the agenda, attendance, minutes, resolutions,
the livelihood-project vote (sessions) and attachments."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import RendaError, ValidationError
from app.exchange.list_exports import export_resolutions
from app.exchange.lists import resolution_columns
from app.meetings.meetings import OWNER_KIND, Meeting
from ui.context import AppContext
from ui.deputies.basics_page import RecordTable
from ui.elections.election_panel import ElectionsPanel
from ui.meetings.attendance_grid import AttendanceGrid
from ui.meetings.meeting_dialog import MeetingDialog
from ui.meetings.print_actions import meeting_print_button
from ui.meetings.project_vote_panel import ProjectVotePanel
from ui.meetings.resolution_dialog import ResolutionDialog
from ui.pages.record_page import export_button, export_list
from ui.suggestions.session_tab import SessionSuggestionsTab
from ui.widgets.attachments import AttachmentList
from ui.widgets.messages import confirm, show_error
from ui.widgets.record_dialog import FieldDef, RecordDialog

NOTIFY_DELAY_MS = 600
AGENDA_FIELDS = (
    FieldDef("title", "议程", required=True, placeholder="如：听取和审议镇人民政府工作报告"),
    FieldDef("presenter", "报告人", placeholder="如：镇长"),
)


class AgendaTab(RecordTable):
    def __init__(self, context: AppContext, changed: Callable[[], None]) -> None:
        super().__init__(["序号", "议程", "报告人"], [50, 560])
        self.context = context
        self.meeting: Meeting | None = None
        self._changed = changed
        self.add_button("新增议程…", self.add, primary=True)
        self.add_button("编辑…", self.edit)
        self.add_button("删除", self.remove)
        self.add_button("上移", lambda: self.move(-1))
        self.add_button("下移", lambda: self.move(1))
        self.finish_buttons()
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.note.setText("议程按顺序排列，会议记录和签到表按此顺序列出。")

    def show_meeting(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.refresh()

    def refresh(self) -> None:
        items = self.context.office.meetings.agenda(self.meeting.id)
        self.items = [(a.id, a.title, a.presenter) for a in items]
        self.load([(a.id, [str(i), a.title, a.presenter]) for i, a in enumerate(items, 1)])

    def _save(self, items: list[tuple[int | None, str, str]]) -> object:
        saved = self.context.office.meetings.set_agenda(self.meeting.id, items)
        self.refresh()
        self._changed()
        return saved

    def add(self) -> bool:
        saved = RecordDialog.ask(
            self,
            "新增议程",
            AGENDA_FIELDS,
            {},
            lambda v: self._save([*self.items, (None, v["title"], v["presenter"])]),
        )
        return saved is not None

    def edit(self) -> bool:
        item_id = self.require_selected("议程")
        if item_id is None:
            return False
        index = next(i for i, item in enumerate(self.items) if item[0] == item_id)
        _id, title, presenter = self.items[index]

        def save(values: dict) -> object:
            items = list(self.items)
            items[index] = (item_id, values["title"], values["presenter"])
            return self._save(items)

        saved = RecordDialog.ask(
            self, "编辑议程", AGENDA_FIELDS, {"title": title, "presenter": presenter}, save
        )
        return saved is not None

    def remove(self) -> bool:
        item_id = self.require_selected("议程")
        if item_id is None or not confirm(self, "删除议程", "删除选中的议程吗？"):
            return False
        self._save([item for item in self.items if item[0] != item_id])
        return True

    def move(self, step: int) -> bool:
        item_id = self.require_selected("议程")
        if item_id is None:
            return False
        index = next(i for i, item in enumerate(self.items) if item[0] == item_id)
        target = index + step
        if not 0 <= target < len(self.items):
            return False
        items = list(self.items)
        items[index], items[target] = items[target], items[index]
        self._save(items)
        self.table.selectRow(target)
        return True


class MinutesTab(QWidget):
    def __init__(self, context: AppContext, changed: Callable[[], None]) -> None:
        super().__init__()
        self.context = context
        self.meeting: Meeting | None = None
        self._changed = changed
        self.recorder = QLineEdit()
        self.recorder.setPlaceholderText("记录人")
        self.recorder.setMaximumWidth(200)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("会议记录：会议概况、讨论发言、形成的意见和决定……")
        self.save_button = QPushButton("保存会议记录")
        self.save_button.setObjectName("Primary")
        self.save_button.clicked.connect(self.save)
        self.state = QLabel()
        self.state.setObjectName("Hint")
        self.text.textChanged.connect(self._edited)
        self.recorder.textEdited.connect(lambda _t: self._edited())
        row = QHBoxLayout()
        row.addWidget(QLabel("记录人"))
        row.addWidget(self.recorder)
        row.addStretch()
        row.addWidget(self.state)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)
        self.dirty = False

    def show_meeting(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.text.blockSignals(True)
        self.text.setPlainText(meeting.minutes)
        self.text.blockSignals(False)
        self.recorder.setText(meeting.recorder)
        editable = self.context.office.editable
        self.text.setReadOnly(not editable)
        self.save_button.setEnabled(editable)
        self.dirty = False
        self.state.setText("")

    def _edited(self) -> None:
        self.dirty = True
        self.state.setText("有未保存的修改")

    def save(self) -> bool:
        try:
            self.meeting = self.context.office.meetings.set_minutes(
                self.meeting.id, minutes=self.text.toPlainText(), recorder=self.recorder.text()
            )
        except RendaError as exc:
            show_error(self, exc)
            return False
        self.dirty = False
        self.state.setText("已保存")
        self._changed()
        return True


class ResolutionsTab(RecordTable):
    def __init__(self, context: AppContext, changed: Callable[[], None]) -> None:
        super().__init__(columns=resolution_columns())
        self.context = context
        self.meeting: Meeting | None = None
        self._changed = changed
        self.add_button("新增决议、决定…", self.add, primary=True)
        self.add_button("编辑…", self.edit)
        self.add_button("删除", self.remove)
        # 议案 → 决议: a session's resolution may answer a motion on its agenda.
        self.motion_button = self.add_button("关联议案", lambda: None)
        motion_menu = QMenu(self.motion_button)
        motion_menu.addAction("关联议案…", self.link_motion)
        motion_menu.addAction("取消关联议案", self.unlink_motions)
        self.motion_button.setMenu(motion_menu)
        self.finish_buttons()
        self.motion_links = QLabel()  # which motions the session's resolutions answer
        self.motion_links.setObjectName("Hint")
        self.motion_links.setWordWrap(True)
        self.layout().insertWidget(1, self.motion_links)
        self.export_button = export_button(self.export_excel, self.buttons)
        self.table.doubleClicked.connect(lambda _i: self.edit())

    def show_meeting(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.motion_button.setVisible(meeting.kind == "session")
        self.refresh()

    def link_motion(self) -> bool:
        from ui.suggestions.motion_links import link_motion

        resolution_id = self.require_selected("决议")
        if resolution_id is None or not link_motion(self, self.context.office, resolution_id):
            return False
        self.refresh()
        self.context.changed.emit("suggestions", [])
        return True

    def unlink_motions(self) -> bool:
        from ui.suggestions.motion_links import unlink_motions

        resolution_id = self.require_selected("决议")
        if resolution_id is None or not unlink_motions(self, self.context.office, resolution_id):
            return False
        self.refresh()
        self.context.changed.emit("suggestions", [])
        return True

    def export_excel(self) -> None:
        export_list(
            self,
            self.context,
            "决议、决定",
            export_resolutions,
            self.meeting.id,
            count=self.table.rowCount(),
            file_name=f"{self.meeting.title}决议、决定",
        )

    def refresh(self) -> None:
        resolutions = self.context.office.meetings.resolutions.list(self.meeting.id)
        counts = self.context.office.meetings.attendance.counts(self.meeting.id)
        self.load_rows([(r.id, r) for r in resolutions])
        from ui.suggestions.motion_links import resolution_motions_text

        motions = resolution_motions_text(self.context.office, self.meeting.id)
        self.motion_links.setText(motions)
        self.motion_links.setVisible(bool(motions))
        self.note.setText(
            f"表决通过须赞成票超过全体代表（应到 {counts.expected} 人）的半数，"
            f"即至少 {counts.majority_needed} 票；不是出席人数的半数。"
        )

    def add(self) -> bool:
        saved = ResolutionDialog.edit(self.context.office, self.meeting.id, None, self)
        if saved:
            self.refresh()
            self._changed()
        return saved is not None

    def edit(self) -> bool:
        resolution_id = self.require_selected("决议")
        if resolution_id is None:
            return False
        resolutions = self.context.office.meetings.resolutions
        saved = ResolutionDialog.edit(
            self.context.office, self.meeting.id, resolutions.get(resolution_id), self
        )
        if saved:
            self.refresh()
            self._changed()
        return saved is not None

    def remove(self) -> bool:
        resolution_id = self.require_selected("决议")
        if resolution_id is None:
            return False
        resolutions = self.context.office.meetings.resolutions
        title = resolutions.get(resolution_id).title
        if not confirm(self, "删除决议", f"删除“{title}”吗？"):
            return False
        resolutions.remove(resolution_id)
        self.refresh()
        self._changed()
        return True


class MeetingView(QWidget):
    back_requested = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.meeting: Meeting | None = None
        self.title = QLabel()
        self.title.setObjectName("PageTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        for label in (self.title, self.details):  # see AttendanceGrid: no relayout per key
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # Other pages (the list, the home page's reminders) hear of changes once the
        # clerk pauses, not on every key of the attendance grid.
        self._notify = QTimer(self)
        self._notify.setSingleShot(True)
        self._notify.setInterval(NOTIFY_DELAY_MS)
        self._notify.timeout.connect(self.notify_now)

        back = QPushButton("← 返回会议列表")
        back.clicked.connect(self.go_back)
        self.edit_button = QPushButton("编辑…")
        self.edit_button.clicked.connect(self.edit)
        self.held_button = QPushButton("记为已召开")
        self.held_button.setObjectName("Primary")
        self.held_button.clicked.connect(self.toggle_held)
        self.delete_button = QPushButton("删除会议")
        self.delete_button.clicked.connect(self.delete)
        self.print_button = meeting_print_button(
            self,
            context,
            lambda: self.meeting,
            self._minutes_saved_or_dropped,
            self._chosen_deputies,
        )
        self.head_buttons = QHBoxLayout()
        self.head_buttons.addWidget(back)
        self.head_buttons.addStretch()
        for button in (self.print_button, self.edit_button, self.held_button, self.delete_button):
            self.head_buttons.addWidget(button)

        self.tabs = QTabWidget()
        self.agenda = AgendaTab(context, self.record_changed)
        self.attendance = AttendanceGrid(context)
        self.attendance.changed.connect(self.record_changed)
        self.minutes = MinutesTab(context, self.record_changed)
        self.resolutions = ResolutionsTab(context, self.record_changed)
        self.projects = ProjectVotePanel(context)
        self.projects.changed.connect(self._show_header)
        self.elections = ElectionsPanel(context)
        self.elections.changed.connect(self._show_header)
        self.attachments = AttachmentList(
            context, OWNER_KIND, "签到表、会议照片、决议文本等的扫描件或照片，可直接拖到这里。"
        )
        self.suggestions = SessionSuggestionsTab(context)
        for widget, title in (
            (self.agenda, "议程"),
            (self.attendance, "出席情况"),
            (self.minutes, "会议记录"),
            (self.resolutions, "决议、决定"),
            (self.projects, "民生实事票决"),
            (self.elections, "选举"),
            (self.suggestions, "代表建议"),
            (self.attachments, "附件"),
        ):
            self.tabs.addTab(widget, title)

        layout = QVBoxLayout(self)
        layout.addLayout(self.head_buttons)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(self.tabs, 1)

    # ---- showing ----------------------------------------------------------------------

    def show_meeting(self, meeting_id: int) -> None:
        meeting = self.context.office.meetings.get(meeting_id)
        self.meeting = meeting
        self._show_header()
        self.agenda.show_meeting(meeting)
        self.attendance.show_meeting(meeting)
        self.minutes.show_meeting(meeting)
        self.resolutions.show_meeting(meeting)
        self.projects.show_meeting(meeting)
        if meeting.kind == "session":
            self.elections.show_meeting(meeting)
        self.suggestions.show_meeting(meeting)
        self.attachments.set_owner(meeting.uuid)
        self.tabs.setTabVisible(self.tabs.indexOf(self.projects), meeting.kind == "session")
        self.tabs.setTabVisible(self.tabs.indexOf(self.elections), meeting.kind == "session")
        self.tabs.setTabVisible(self.tabs.indexOf(self.suggestions), meeting.kind == "session")
        editable = self.context.office.editable
        for button in (self.edit_button, self.held_button, self.delete_button):
            button.setEnabled(editable)
        for tab in (self.agenda, self.resolutions):
            for i in range(tab.buttons.count()):
                item = tab.buttons.itemAt(i).widget()
                if item is not None:
                    item.setEnabled(editable)
        self.resolutions.export_button.setEnabled(True)  # reading, in a county too

    def _show_header(self) -> None:
        office = self.context.office
        meeting = office.meetings.get(self.meeting.id)
        self.meeting = meeting
        counts = office.meetings.attendance.counts(meeting.id)
        self.title.setText(meeting.title)
        status = meeting.status_label
        colour = "#2e7d32" if meeting.held else "#8a6d00"
        parts = [
            meeting.kind_label,
            meeting.when_label,
            meeting.place and f"地点：{meeting.place}",
            meeting.chair and f"主持：{meeting.chair}",
            f"<span style='color:{colour}'><b>{status}</b></span>",
        ]
        lines = ["　·　".join(p for p in parts if p), counts.summary]
        if meeting.quorum_note:
            lines.append(f"不足法定人数仍召开的原因：{meeting.quorum_note}")
        planned = office.plans.item_for(meeting_id=meeting.id)
        if planned is not None:
            lines.append(
                f"列入{planned.year}年工作要点：{planned.when_label} {html.escape(planned.subject)}"
            )
        self.details.setText("<br>".join(lines))
        self.held_button.setText("改回筹备中" if meeting.held else "记为已召开")

    def record_changed(self) -> None:
        self._show_header()
        self._notify.start()

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the view (another page, the window closing): tell the others now, while
        # the office is still open.
        if self._notify.isActive():
            self.notify_now()
        super().hideEvent(event)

    def notify_now(self) -> None:
        self._notify.stop()
        if self.meeting is not None:
            self.context.changed.emit("meetings", [self.meeting.id])

    # ---- actions ------------------------------------------------------------------------

    def leave_ok(self) -> bool:
        """Before leaving the view: tell the other pages, offer to save typed minutes."""
        if self._notify.isActive():
            self.notify_now()
        return self._minutes_saved_or_dropped()

    def _minutes_saved_or_dropped(self) -> bool:
        if not self.minutes.dirty:
            return True
        if confirm(self, "会议记录未保存", "会议记录有未保存的修改，现在保存吗？"):
            return self.minutes.save()
        self.minutes.dirty = False
        return True

    def _chosen_deputies(self) -> list[int]:
        if self.tabs.currentWidget() is not self.attendance:
            return []
        return [r.deputy_id for r in self.attendance.selected_rows() if r.deputy_id]

    def go_back(self) -> None:
        if self.leave_ok():
            self.back_requested.emit()

    def edit(self) -> bool:
        saved = MeetingDialog.edit(self.context.office, self.meeting, self)
        if saved:
            self.show_meeting(saved.id)
            self.context.changed.emit("meetings", [saved.id])
        return saved is not None

    def toggle_held(self) -> bool:
        meetings = self.context.office.meetings
        meeting = self.meeting
        try:
            if meeting.held:
                if not confirm(self, "改回筹备中", "把这次会议改回“筹备中”吗？（用于更正误记）"):
                    return False
                meetings.mark_planned(meeting.id)
            else:
                counts = meetings.attendance.counts(meeting.id)
                if meeting.applies_quorum and not counts.has_quorum:
                    saved = RecordDialog.ask(
                        self,
                        "不足法定人数",
                        (FieldDef("quorum_note", "原因", "longtext", required=True),),
                        {},
                        lambda v: meetings.mark_held(meeting.id, quorum_note=v["quorum_note"]),
                        hint=f"{counts.quorum_text}。依法须有三分之二以上的代表出席方能举行。"
                        "如确已召开，请说明原因，原因会记入会议记录。",
                    )
                    if saved is None:
                        return False
                else:
                    meetings.mark_held(meeting.id)
        except ValidationError as exc:
            show_error(self, exc)
            return False
        except RendaError as exc:
            show_error(self, exc)
            return False
        self.record_changed()
        return True

    def delete(self) -> bool:
        meeting = self.meeting
        if not confirm(
            self,
            "删除会议",
            f"只有录入错误的会议才应删除。确定删除“{meeting.title}”及其议程、出席登记、"
            "会议记录、决议、票决和附件吗？删除后可在“操作记录—回收站”中恢复。",
        ):
            return False
        try:
            self.context.office.meetings.delete(meeting.id)
        except RendaError as exc:
            show_error(self, exc)
            return False
        self.meeting = None
        self.minutes.dirty = False
        self.context.changed.emit("meetings", [])
        self.back_requested.emit()
        return True
