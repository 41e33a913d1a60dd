"""One suggestion: what it asks, where it stands, its timeline, replies and ratings,
attachments, and the next possible steps as buttons (only those the rules allow)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.suggestions.records import Suggestion
from ui.context import AppContext
from ui.deputies.file_page import CELL_STYLE, LABEL_STYLE
from ui.duties.reception_link import reception_link
from ui.suggestions.motion_links import motion_result
from ui.suggestions.print_actions import print_buttons
from ui.widgets.attachments import AttachmentList

STATUS_COLOURS = {
    "closed": "#2e7d32",
    "refused": "#757575",
    "withdrawn": "#757575",
    "on_agenda": "#1565c0",
    "unsatisfied": "#c62828",
    "returned": "#b26a00",
}


def _table(headers: list[str], widths: list[int]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.horizontalHeader().setStretchLastSection(True)
    for i, width in enumerate(widths):
        table.setColumnWidth(i, width)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text if len(text) > 20 else "")
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def _rating_summary(ratings: list) -> str:
    """'过程：满意 3；结果：满意 2，不满意 1' for the latest round."""
    parts = []
    for title, attr in (("过程", "process_label"), ("结果", "result_label")):
        counts: dict[str, int] = {}
        for r in ratings:
            counts[getattr(r, attr)] = counts.get(getattr(r, attr), 0) + 1
        if counts:
            parts.append(f"{title}：" + "，".join(f"{k} {v}" for k, v in counts.items()))
    return "；".join(parts)


class SuggestionDetail(QWidget):
    changed = Signal(int)  # a step was recorded on this suggestion

    INFO = (
        ("lead", "领衔代表"),
        ("co", "附议代表"),
        ("category", "类别"),
        ("source", "来源"),
        ("received", "收到日期"),
        ("lead_unit", "主办单位"),
        ("assist", "协办单位"),
        ("assigned", "交办日期"),
        ("deadline", "答复期限"),
        ("result", "办理结果"),
        ("satisfaction", "代表满意度"),
        ("closed", "办结日期"),
    )

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.suggestion: Suggestion | None = None
        self.print_buttons: list[QPushButton] = []

        self.heading = QLabel("在上面的列表中选中一件建议")
        self.heading.setObjectName("SectionTitle")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.actions_row = QHBoxLayout()
        self.actions_row.setSpacing(6)
        self.action_buttons: dict[str, QPushButton] = {}

        grid = QGridLayout()
        grid.setSpacing(0)
        self.values: dict[str, QLabel] = {}
        for i, (key, label) in enumerate(self.INFO):
            caption = QLabel(label)
            caption.setStyleSheet(LABEL_STYLE)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value = QLabel()
            value.setStyleSheet(CELL_STYLE)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(caption, i // 3, (i % 3) * 2)
            grid.addWidget(value, i // 3, (i % 3) * 2 + 1)
            self.values[key] = value
        # A suggestion made from a voters' reception links back to it.
        self.values["source"].setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.values["source"].linkActivated.connect(
            lambda link: context.open_record("receptions", int(link))
        )
        # A motion on the agenda shows the resolution the session passed on it.
        self.values["result"].setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.values["result"].linkActivated.connect(
            lambda link: context.open_record("meetings", int(link))
        )
        for col in range(6):
            grid.setColumnStretch(col, 0 if col % 2 == 0 else 1)

        self.timeline = _table(["日期", "办理事项", "办理后状态", "情况", "经办人", "说明"],
                               [116, 96, 90, 380, 70])  # fmt: skip
        self.content = QPlainTextEdit()
        self.content.setReadOnly(True)
        self.replies = _table(["轮次", "代表", "答复日期", "承办单位", "结果", "答复内容"],
                              [60, 90, 100, 170, 50])  # fmt: skip
        self.ratings = _table(["轮次", "代表", "日期", "办理过程", "办理结果", "意见"],
                              [60, 90, 100, 80, 80])  # fmt: skip
        replies_box = QWidget()
        box = QVBoxLayout(replies_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("答复"))
        box.addWidget(self.replies, 1)
        box.addWidget(QLabel("征询意见（满意度）"))
        box.addWidget(self.ratings, 1)
        self.attachments = AttachmentList(
            context,
            "suggestion",
            "答复函扫描件、现场照片等，可直接拖到这里。附件保存在本机数据库中，随备份一起保存。",
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline, "办理过程")
        self.tabs.addTab(self.content, "建议内容")
        self.tabs.addTab(replies_box, "答复与满意度")
        self.tabs.addTab(self.attachments, "附件")

        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(head)
        layout.addLayout(self.actions_row)
        layout.addLayout(grid)
        layout.addWidget(self.tabs, 1)
        self.show_suggestion(None)

    # ---- showing ----------------------------------------------------------------------

    def show_suggestion(self, suggestion_id: int | None) -> None:
        office = self.context.office
        self.suggestion = office.suggestions.get(suggestion_id) if suggestion_id else None
        s = self.suggestion
        self._build_actions()
        self.setEnabled(s is not None)
        if s is None:
            self.heading.setText("在上面的列表中选中一件建议")
            self.status.setText("")
            for label in self.values.values():
                label.setText("")
            for table in (self.timeline, self.replies, self.ratings):
                table.setRowCount(0)
            self.content.setPlainText("")
            self.attachments.set_owner("")
            return
        suggestions = office.suggestions
        key = "　<span style='color:#c62828'>★重点督办</span>" if s.is_key else ""
        self.heading.setText(f"{s.number}　{s.title}{key}")
        colour = STATUS_COLOURS.get(s.status, "#1f3b57")
        self.status.setText(
            f"<span style='color:{colour};font-weight:bold;font-size:12pt'>{s.status_label}</span>"
            + (f"（第 {s.round} 次办理）" if s.round > 1 else "")
        )
        ratings = suggestions.ratings(s.id)
        latest = [r for r in ratings if r.round == max((x.round for x in ratings), default=0)]
        today, soon = suggestions.due_bounds(None)
        deadline = dates.format_date(s.deadline)
        if s.status in ("assigned", "handling", "rehandling") and s.deadline:
            if s.deadline < today:
                deadline = f"<span style='color:#c62828'><b>{deadline}（已逾期）</b></span>"
            elif s.deadline <= soon:
                deadline = f"<span style='color:#b26a00'><b>{deadline}（即将到期）</b></span>"
        shown = {
            "lead": s.lead_name,
            "co": "、".join(x.name for x in s.co_signers) or "无",
            "category": s.category,
            "source": s.source_label
            + (f"：{office.meetings.get(s.meeting_id).title}" if s.meeting_id else "")
            + reception_link(office, s.uuid)
            + (f"（{s.source_note}）" if s.source_note else ""),
            "received": dates.format_date(s.received_date),
            "lead_unit": s.lead_unit_name,
            "assist": "、".join(s.assist_unit_names),
            "assigned": dates.format_date(s.assigned_date),
            "deadline": deadline + ("（复杂建议）" if s.is_complex and s.deadline else ""),
            "result": f"{s.result_class}类（{suggestions.class_label(s.result_class)}）"
            if s.result_class
            else motion_result(office, s),
            "satisfaction": _rating_summary(latest),
            "closed": dates.format_date(s.closed_date),
        }
        for key_, label in self.values.items():
            label.setText(shown[key_])
        _fill(
            self.timeline,
            [
                [
                    dates.format_date(e.date),
                    e.label,
                    e.status_label,
                    e.description,
                    e.operator,
                    e.note,
                ]
                for e in suggestions.events(s.id)
            ],
        )
        body = f"{s.kind_label}：{s.title}\n\n{s.content}"
        if s.proposal:
            body += f"\n\n{'方案' if s.kind == 'motion' else '建议办法'}：\n{s.proposal}"
        if s.motion_number:
            body += f"\n\n（原议案编号 {s.motion_number}，经主席团决定作为建议办理）"
        self.content.setPlainText(body)
        _fill(
            self.replies,
            [
                [
                    f"第{r.round}次" + ("跟踪" if r.kind == "follow_up" else ""),
                    r.deputy_name,
                    dates.format_date(r.date),
                    r.unit_name,
                    r.result_class,
                    r.summary,
                ]
                for r in suggestions.replies(s.id)
            ],
        )
        _fill(
            self.ratings,
            [
                [
                    f"第{r.round}次",
                    r.deputy_name,
                    dates.format_date(r.date),
                    r.process_label,
                    r.result_label,
                    r.comment,
                ]
                for r in ratings
            ],
        )
        self.attachments.set_owner(s.uuid)

    def _build_actions(self) -> None:
        while self.actions_row.count():
            item = self.actions_row.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().deleteLater()
        self.action_buttons = {}
        s = self.suggestion
        if s is None:
            return
        suggestions = self.context.office.suggestions
        editable = self.context.office.editable
        # 立案并交办 first where it is allowed: the usual next step after registering.
        for action in [*suggestions.combined_actions(s), *suggestions.allowed_actions(s)]:
            button = QPushButton(action.label)
            if action.key in ("accept_assign", "assign", "reassign", "reply", "close", "rate"):
                button.setObjectName("Primary")
            button.setToolTip(action.hint)
            button.setEnabled(editable)  # a 查看 user sees the next steps, greyed
            button.clicked.connect(lambda _c=False, key=action.key: self.run_action(key))
            self.actions_row.addWidget(button)
            self.action_buttons[action.key] = button
        self.actions_row.addStretch()
        self.print_buttons = print_buttons(self, self.context, s)
        for button in self.print_buttons:
            self.actions_row.addWidget(button)

    # ---- acting -----------------------------------------------------------------------

    def run_action(self, key: str) -> Suggestion | None:
        s = self.suggestion
        if s is None:
            return None
        # The dialogs load when a step is taken, not at start (start-up budget).
        from ui.suggestions.step_dialog import SuggestionStepDialog
        from ui.suggestions.suggestion_dialog import SuggestionDialog

        office = self.context.office
        if key == "edit":
            saved = SuggestionDialog.edit(office, s, self)
        else:
            saved = SuggestionStepDialog.run(office, s, key, self)
        if saved is not None:
            self.show_suggestion(saved.id)
            self.changed.emit(saved.id)
        return saved
