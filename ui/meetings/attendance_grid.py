"""The attendance grid of a meeting, made for marking a whole list in a few keystrokes:
全部出席, then select the few others (click, Ctrl/Shift, or find by name or pinyin
initials with Ctrl+F) and press 2 (请假), 3 (缺席), 1 (出席) or 0 (clear); Enter gives
the leave details. The quorum line changes with every key."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.chinese import clean_text
from app.core.errors import RendaError
from app.exchange.list_exports import export_attendance
from app.meetings.attendance import LEAVE_KINDS, AttendanceChange, AttendanceRow, Counts
from app.meetings.meetings import Meeting
from ui.context import AppContext
from ui.meetings.attendance_table import SHOWN, AttendanceModel
from ui.pages.record_page import export_button, export_list
from ui.widgets.deputy_picker_dialog import DeputyPickerDialog
from ui.widgets.messages import confirm, show_error, show_info
from ui.widgets.record_dialog import FieldDef, RecordDialog

KEYS = {"1": "present", "2": "leave", "3": "absent", "0": ""}
LEAVE_FIELDS = (
    FieldDef("leave_kind", "请假类别", "choice", [(k, k) for k in LEAVE_KINDS], required=True),
    FieldDef("leave_reason", "请假事由", required=True, placeholder="如：住院治疗"),
    FieldDef("leave_approved_by", "批准人", placeholder="人代会由主席团批准，其他会议由主持人批准"),
    FieldDef("leave_date", "请假日期", placeholder="如 2026-03-10"),
)
OBSERVER_FIELDS = (
    FieldDef("name", "姓名", required=True),
    FieldDef("unit", "单位及职务", placeholder="如：镇党委书记、县人大代表"),
)


class ExpectedDialog(DeputyPickerDialog):
    """Adjust the expected list: the term's deputies whose status has not ended."""

    def __init__(self, context: AppContext, meeting: Meeting, parent: QWidget | None) -> None:
        attendance = context.office.meetings.attendance
        self.change: AttendanceChange | None = None

        def apply(chosen: list[int]) -> None:
            self.change = attendance.set_expected(meeting.id, chosen)

        super().__init__(
            context.office,
            title=f"{meeting.title}：调整应到名单",
            note="勾选应出席本次会议的代表。应到人数是计算法定人数（三分之二）和表决通过"
            "（全体代表过半数）的依据；取消勾选的代表，其出席登记一并删除。",
            term_id=meeting.term_id,
            chosen=attendance.expected_ids(meeting.id),
            apply=apply,
            parent=parent,
        )


class AttendanceGrid(QWidget):
    changed = Signal()  # something was marked: the meeting's header and list refresh

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.meeting: Meeting | None = None
        self.model = AttendanceModel(context.office, self)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((44, *[c.width for c in SHOWN[:-1]])):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())

        self.find = QLineEdit()
        self.find.setPlaceholderText("查找：姓名或拼音首字母，回车回到名单（Ctrl+F）")
        self.find.setClearButtonEnabled(True)
        self.find.textChanged.connect(self.find_rows)
        self.find.returnPressed.connect(self.table.setFocus)

        self.quorum = QLabel()
        self.quorum.setObjectName("Quorum")
        self.quorum.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("SectionTitle")
        # Their text changes with every key; a width that follows it would re-lay out and
        # repaint the whole list each time.
        for label in (self.quorum, self.summary):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.buttons: dict[str, QPushButton] = {}
        marks = QHBoxLayout()
        for key, text, slot in (
            ("all", "全部出席", self.mark_all_present),
            ("present", "出席 (1)", lambda: self.mark("present")),
            ("leave", "请假 (2)", lambda: self.mark("leave")),
            ("absent", "缺席 (3)", lambda: self.mark("absent")),
            ("clear", "清除 (0)", lambda: self.mark("")),
            ("details", "请假说明…", self.edit_leave),
        ):
            self.buttons[key] = self._button(marks, text, slot)
        self.buttons["all"].setObjectName("Primary")
        marks.addSpacing(16)
        marks.addWidget(self.find, 1)
        lists = QHBoxLayout()
        for key, text, slot in (
            ("expected", "调整应到名单…", self.adjust_expected),
            ("observer", "添加列席人员…", self.add_observer),
            ("edit_observer", "修改列席人员…", self.edit_observer),
            ("remove_observer", "删除列席人员", self.remove_observer),
        ):
            self.buttons[key] = self._button(lists, text, slot)
        lists.addStretch()
        self.export_button = export_button(self.export_excel, lists)
        keys_hint = QLabel(
            "快捷键（在名单中）：1 出席　2 请假　3 缺席　0 清除　回车 请假说明；"
            "按住 Ctrl 或 Shift 可多选，Ctrl+A 全选。"
        )
        keys_hint.setObjectName("Hint")

        self.table.installEventFilter(self)
        find_action = QAction(self)
        find_action.setShortcut(QKeySequence.StandardKey.Find)
        find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find_action.triggered.connect(self._focus_find)
        self.addAction(find_action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.quorum)
        layout.addLayout(marks)
        layout.addWidget(self.table, 1)
        layout.addLayout(lists)
        layout.addWidget(keys_hint)

    def _button(self, row: QHBoxLayout, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The marking keys of the list: 1 2 3 0 (also on the keypad), Delete, Enter."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier  # type: ignore[attr-defined]
            if modifiers == Qt.KeyboardModifier.NoModifier:
                text = event.text()  # type: ignore[attr-defined]
                if text in KEYS:
                    self.mark(KEYS[text])
                    return True
                if key == Qt.Key.Key_Delete:
                    self.mark("")
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.edit_selected()
                    return True
        return super().eventFilter(watched, event)

    def _focus_find(self) -> None:
        self.find.setFocus()
        self.find.selectAll()

    # ---- showing ----------------------------------------------------------------------

    def export_excel(self) -> None:
        """The whole list with the details of each leave (a county may export it too)."""
        if self.meeting is None:
            return
        export_list(
            self,
            self.context,
            "出席情况",
            export_attendance,
            self.meeting.id,
            count=self.model.rowCount(),
            file_name=f"{self.meeting.title}出席情况",
        )

    @property
    def editable(self) -> bool:
        return self.meeting is not None and self.context.office.editable

    def show_meeting(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.model.load(meeting.id)
        for button in self.buttons.values():
            button.setEnabled(self.editable)
        self.show_counts(self.context.office.meetings.attendance.counts(meeting.id))

    def show_counts(self, counts: Counts) -> None:
        self.summary.setText(counts.summary)
        text = counts.quorum_text
        if counts.applies_quorum and counts.expected:
            colour = "#2e7d32" if counts.has_quorum else "#c62828"
            mark = "✔" if counts.has_quorum else "✘"
            self.quorum.setText(f"<span style='color:{colour}'>{mark} {text}</span>")
        else:
            self.quorum.setText(text)
        self.quorum.setVisible(bool(text))

    def selected_rows(self) -> list[AttendanceRow]:
        rows = self.table.selectionModel().selectedRows()
        found = [self.model.row_at(index.row()) for index in sorted(rows, key=lambda i: i.row())]
        return [r for r in found if r is not None]

    def select_deputies(self, deputy_ids: list[int]) -> None:
        wanted = set(deputy_ids)
        selection = QItemSelection()
        for i, row in enumerate(self.model.rows):
            if row.deputy_id in wanted:
                selection.select(self.model.index(i, 0), self.model.index(i, 5))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().select(selection, flags)

    def find_rows(self, text: str) -> None:
        """Select everyone whose name holds the text or whose pinyin starts with it."""
        query = clean_text(text).lower()
        if not query:
            self.table.clearSelection()
            return
        matches = [
            r.deputy_id
            for r in self.model.rows
            if r.deputy_id is not None and (query in r.name or f"|{query}" in r.name_pinyin)
        ]
        self.select_deputies(matches)
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.table.scrollTo(rows[0])
            self.table.setCurrentIndex(rows[0])

    # ---- marking ----------------------------------------------------------------------

    def _deputy_ids(self, rows: list[AttendanceRow]) -> list[int]:
        return [r.deputy_id for r in rows if r.deputy_id is not None]

    def mark(self, status: str) -> bool:
        if not self.editable:
            return False
        ids = self._deputy_ids(self.selected_rows())
        if not ids:
            show_error(self, "请先在名单中选中代表（可按住 Ctrl 或 Shift 多选）", "未选择")
            return False
        attendance = self.context.office.meetings.attendance
        return self._apply(lambda: attendance.set_status(self.meeting.id, ids, status), ids)

    def mark_all_present(self) -> bool:
        if not self.editable:
            return False
        attendance = self.context.office.meetings.attendance
        unmarked = [r.deputy_id for r in self.model.rows if r.deputy_id and not r.status]
        others = [r for r in self.model.rows if r.deputy_id and r.status not in ("", "present")]
        ids = [r.deputy_id for r in self.model.rows if r.deputy_id is not None]
        if others and not confirm(
            self,
            "全部出席",
            f"已有 {len(others)} 人登记为请假或缺席。全部改为出席吗？\n"
            "（选“否”只把未登记的人设为出席）",
        ):
            ids = unmarked
        return self._apply(lambda: attendance.set_status(self.meeting.id, ids, "present"), ids)

    def _apply(self, write: Callable[[], AttendanceChange], deputy_ids: list[int]) -> bool:
        try:
            change = write()
        except RendaError as exc:
            show_error(self, exc)
            return False
        self._after(change, deputy_ids)
        return True

    def _after(self, change: AttendanceChange | None, deputy_ids: list[int] | None = None) -> None:
        if deputy_ids is None:
            self.model.refresh()
        else:
            self.model.refresh_deputies(deputy_ids)
        counts = (
            change.counts
            if change is not None
            else self.context.office.meetings.attendance.counts(self.meeting.id)
        )
        self.show_counts(counts)
        if change is not None:
            self._warn_about_absences(change)
        self.changed.emit()

    def _warn_about_absences(self, change: AttendanceChange) -> None:
        attendance = self.context.office.meetings.attendance
        for warning in change.warnings:
            if not warning.ends_status:
                show_info(self, warning.message, "未经批准缺席")
                continue
            if confirm(
                self,
                "代表资格依法终止",
                warning.message + "\n\n是否现在登记终止其代表资格？"
                f"（终止日期为{dates.format_date(warning.absences[1].date)}，"
                "原因为“未经批准两次不出席本级人民代表大会会议”）",
            ):
                try:
                    attendance.end_for_absences(warning)
                except RendaError as exc:
                    show_error(self, exc)
                    continue
                self.context.deputies_changed.emit([warning.deputy_id])

    # ---- leave and the lists ----------------------------------------------------------

    def edit_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and rows[0].is_observer:
            self.edit_observer()
        else:
            self.edit_leave()

    def edit_leave(self) -> bool:
        if not self.editable:
            return False
        rows = [r for r in self.selected_rows() if not r.is_observer]
        if len(rows) != 1:
            show_error(self, "请选中一名代表再填写请假说明", "未选择")
            return False
        row = rows[0]
        attendance = self.context.office.meetings.attendance
        meeting = self.meeting
        saved = RecordDialog.ask(
            self,
            f"请假说明：{row.name}",
            LEAVE_FIELDS,
            {
                "leave_kind": row.leave_kind or LEAVE_KINDS[0],
                "leave_reason": row.leave_reason,
                "leave_approved_by": row.leave_approved_by
                or ("主席团" if meeting.kind == "session" else meeting.chair),
                "leave_date": row.leave_date,
            },
            lambda v: attendance.set_leave(
                meeting.id,
                row.deputy_id,
                kind=v["leave_kind"],
                reason=v["leave_reason"],
                approved_by=v["leave_approved_by"],
                date=v["leave_date"],
            ),
            hint="代表不能出席会议，应事先书面请假；未经批准不出席的，登记为缺席。",
        )
        if saved is not None:
            self._after(saved, [row.deputy_id])
        return saved is not None

    def adjust_expected(self) -> bool:
        if not self.editable:
            return False
        dialog = ExpectedDialog(self.context, self.meeting, self)
        if dialog.exec() and dialog.change is not None:
            self._after(dialog.change)
            return True
        return False

    def add_observer(self) -> bool:
        if not self.editable:
            return False
        attendance = self.context.office.meetings.attendance
        meeting_id = self.meeting.id
        saved = RecordDialog.ask(
            self,
            "添加列席人员",
            OBSERVER_FIELDS,
            {},
            lambda v: attendance.add_observer(meeting_id, name=v["name"], unit=v["unit"]),
            hint="列席人员不是本次会议的代表，不计入应到、实到人数，不参加表决。",
        )
        if saved is not None:
            self._after(None)
        return saved is not None

    def _one_observer(self) -> AttendanceRow | None:
        rows = [r for r in self.selected_rows() if r.is_observer]
        if len(rows) != 1:
            show_error(self, "请先在名单末尾选中一名列席人员", "未选择")
            return None
        return rows[0]

    def edit_observer(self) -> bool:
        row = self._one_observer() if self.editable else None
        if row is None:
            return False
        attendance = self.context.office.meetings.attendance
        saved = RecordDialog.ask(
            self,
            "修改列席人员",
            OBSERVER_FIELDS,
            {"name": row.name, "unit": row.unit},
            lambda v: attendance.update_observer(row.id, name=v["name"], unit=v["unit"]),
        )
        if saved is not None:
            self._after(None)
        return saved is not None

    def remove_observer(self) -> bool:
        row = self._one_observer() if self.editable else None
        if row is None or not confirm(self, "删除列席人员", f"从列席人员中删除“{row.name}”吗？"):
            return False
        try:
            self.context.office.meetings.attendance.remove_observer(row.id)
        except RendaError as exc:
            show_error(self, exc)
            return False
        self._after(None)
        return True
