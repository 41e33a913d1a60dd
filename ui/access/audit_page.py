"""操作记录: who changed what and when, old → new (filter by record, user, date; export to
Excel), and the recycle bin (回收站) of deleted records, which a 经办 or 管理员 can bring back."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.access import roles
from app.access.audit import AuditQuery, Change, value_text
from app.core.errors import RendaError
from ui.context import AppContext
from ui.widgets.messages import confirm, show_error, show_info

COLUMNS = ("时间", "用户", "操作", "记录", "项目", "原值", "新值")
ALL_USERS = "全部用户"
SHOWN = 300  # entries read for the screen (the export takes up to AuditQuery's default)


def _table(headers: tuple[str, ...], widths: tuple[int, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    for i, width in enumerate(widths):
        table.setColumnWidth(i, width)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ChangesTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.record = QLineEdit()
        self.record.setPlaceholderText("如 deputy:12、meeting:3")
        self.record.setMinimumWidth(150)
        self.user = QComboBox()
        self.user.setMinimumWidth(110)
        self.since = QDateEdit()
        self.until = QDateEdit()
        for edit in (self.since, self.until):
            edit.setMinimumWidth(120)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.since.setDate(QDate.currentDate().addMonths(-1))
        self.until.setDate(QDate.currentDate())
        self.reveal = QCheckBox("显示完整信息")
        self.reveal.setToolTip("显示完整的身份证号码、电话和住址（会记入操作记录）")
        search = QPushButton("查询")
        search.setObjectName("Primary")
        search.clicked.connect(self.refresh)
        self.export_button = QPushButton("导出 Excel…")
        self.export_button.clicked.connect(self.export_excel)
        filters = QHBoxLayout()
        for label, widget in (
            ("记录", self.record),
            ("用户", self.user),
            ("从", self.since),
            ("到", self.until),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(search)
        filters.addStretch()
        actions = QHBoxLayout()
        hint = QLabel("记录写成 类别:编号，如 deputy:12（代表）、meeting:3（会议），含其附属记录")
        hint.setObjectName("Hint")
        actions.addWidget(hint)
        actions.addStretch()
        actions.addWidget(self.reveal)
        actions.addWidget(self.export_button)
        self.table = _table(COLUMNS, (140, 110, 70, 170, 90, 150))
        self.count = QLabel()
        self.count.setObjectName("Hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.changes: list[Change] = []
        self.reveal.toggled.connect(lambda _on: self.refresh())
        self.refresh_users()

    def refresh_users(self) -> None:
        current = self.user.currentText()
        self.user.clear()
        self.user.addItem(ALL_USERS)
        self.user.addItems(self.context.office.audit.users())
        if current:
            self.user.setCurrentText(current)
        may_reveal = self.context.office.access.may(roles.REVEAL)
        self.reveal.setVisible(may_reveal)
        if not may_reveal:
            self.reveal.setChecked(False)

    def query(self) -> AuditQuery:
        user = self.user.currentText()
        return AuditQuery(
            record=self.record.text().strip(),
            user="" if user in ("", ALL_USERS) else user,
            since=self.since.date().toString("yyyy-MM-dd"),
            until=self.until.date().toString("yyyy-MM-dd"),
            limit=SHOWN,
        )

    def refresh(self) -> bool:
        audit = self.context.office.audit
        try:
            self.changes = audit.changes(
                self.query(), reveal=True if self.reveal.isChecked() else None
            )
        except RendaError as exc:
            self.changes = []
            self.table.setRowCount(0)
            self.count.setText(exc.message)
            return False
        self.table.setRowCount(len(self.changes))
        names: dict[tuple[str, str], str] = {}
        for row, c in enumerate(self.changes):
            where = (c.table, c.key)
            if where not in names:
                names[where] = audit.describe(c)
            values = (
                c.at.replace("T", " ")[:19],
                c.user_label,
                c.action_label,
                names[where],
                c.field_label if c.field else "",
                value_text(c.old),
                value_text(c.new),
            )
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        entries = len({c.entry_id for c in self.changes})
        more = f"（只显示最近 {SHOWN} 条操作，请缩小范围）" if entries >= SHOWN else ""
        self.count.setText(f"{entries} 条操作，共 {len(self.changes)} 项改动{more}")
        return True

    @classmethod
    def choose_save_path(cls, parent: QWidget) -> str:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            parent, "导出操作记录", "操作记录.xlsx", "Excel 文件 (*.xlsx)"
        )
        return path

    def export_excel(self) -> None:
        path = self.choose_save_path(self)
        if not path:
            return
        from dataclasses import replace

        query = replace(self.query(), limit=100_000)
        reveal = True if self.reveal.isChecked() else None

        def done(saved: object) -> None:
            show_info(self, f"已导出：{saved}")

        self.context.runner.run(
            lambda ctx: ctx.office.audit.export(path, query, reveal=reveal, progress=ctx.progress),
            on_done=done,
            on_error=lambda exc: show_error(self, exc, "无法导出"),
        )


class TrashTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        hint = QLabel(
            "删除的会议、代表活动、接待记录等连同其出席登记、决议、附件一起保存在这里，"
            "可以恢复。恢复时连同附属记录一起恢复。"
        )
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        self.table = _table(
            ("删除时间", "用户", "类别", "记录", "附属记录", "状态"), (140, 90, 90, 260, 80)
        )
        self.restore_button = QPushButton("恢复选中的记录")
        self.restore_button.setObjectName("Primary")
        self.restore_button.clicked.connect(self.restore)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.items: list = []

    def refresh(self) -> None:
        try:
            self.items = self.context.office.audit.deleted()
        except RendaError:
            self.items = []
        self.table.setRowCount(len(self.items))
        for r, d in enumerate(self.items):
            values = (
                d.at.replace("T", " ")[:19],
                d.user or "（未启用登录）",
                d.table_label,
                d.label,
                f"{d.rows - 1} 条",
                "已恢复" if d.restored else "可恢复",
            )
            for col, text in enumerate(values):
                self.table.setItem(r, col, QTableWidgetItem(text))
        self.restore_button.setEnabled(self.context.office.access.may(roles.RESTORE))

    def restore(self) -> bool:
        row = self.table.currentRow()
        if not 0 <= row < len(self.items):
            show_error(self, "请先在表中选中要恢复的记录")
            return False
        item = self.items[row]
        if not confirm(self, "恢复", f"恢复{item.table_label}“{item.label}”及其附属记录吗？"):
            return False
        try:
            self.context.office.audit.restore(item.batch)
        except RendaError as exc:
            show_error(self, exc, "无法恢复")
            return False
        area = {"meetings": "meetings", "suggestions": "suggestions"}.get(item.table, item.table)
        self.context.changed.emit(area, [])
        self.context.deputies_changed.emit([])
        self.refresh()
        show_info(self, f"已恢复：{item.table_label}“{item.label}”。")
        return True


class AuditPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        title = QLabel("操作记录")
        title.setObjectName("PageTitle")
        self.notice = QLabel()
        self.notice.setObjectName("Hint")
        self.tabs = QTabWidget()
        self.changes = ChangesTab(context)
        self.trash = TrashTab(context)
        self.tabs.addTab(self.changes, "操作记录")
        self.tabs.addTab(self.trash, "回收站")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        context.structure_changed.connect(self.refresh)
        self.refresh()

    def showEvent(self, event: object) -> None:
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        allowed = self.context.office.access.may(roles.AUDIT)
        self.tabs.setVisible(allowed)
        self.notice.setText("" if allowed else "当前用户的角色不能查看操作记录。")
        self.notice.setVisible(not allowed)
        if not allowed:
            return
        self.changes.refresh_users()
        if self.tabs.currentWidget() is self.trash:
            self.trash.refresh()
        else:
            self.changes.refresh()
