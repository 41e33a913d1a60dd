"""登记建议 / 议案, or correct what was registered: the fields of DOMAIN.md §4, messages at
the fields (a motion with too few signers is refused at 附议代表)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import ValidationError
from app.deputies.deputies import DeputyQuery
from app.office import Office
from app.suggestions.records import Suggestion
from app.suggestions.rules import KINDS, MOTION_MIN_SIGNERS, SOURCES
from ui.widgets.check_list import CheckList
from ui.widgets.deputy_chooser import DeputyChooser
from ui.widgets.form import Choice, FormGrid, GuardedDialog, Saving, button_row
from ui.widgets.messages import show_error
from ui.widgets.rare_char import RareCharDialog
from ui.widgets.screen import fit_to_screen, scrolling


def serving_deputies(office: Office) -> DeputyQuery:
    """Who may sign: the serving township deputies of the current term, in 姓氏笔画 order."""
    return DeputyQuery(term_id=office.current_term_id(), status="serving", level="township")


def deputy_choices(office: Office) -> list[tuple[str, int]]:
    """The signers as (label, id), the unit telling namesakes apart."""
    return [(d.label, d.id) for d in office.deputies.choices(serving_deputies(office))]


class SuggestionDialog(GuardedDialog):
    def __init__(
        self, office: Office, suggestion: Suggestion | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._office = office
        self._suggestion = suggestion
        self.saved: Suggestion | None = None
        self.setWindowTitle(
            f"更正登记信息：{suggestion.number}" if suggestion else "登记建议、议案"
        )
        fit_to_screen(self, 900, 720)

        self.form = FormGrid(2)
        self.kind = Choice([(label, key) for key, label in KINDS.items()])
        self.kind.setEnabled(suggestion is None)
        self.form.add("kind", "类型", self.kind, required=True)
        self.received = QLineEdit(dates.today().isoformat())
        self.received.setPlaceholderText("如 2026-11-22")
        self.form.add("received_date", "收到日期", self.received, required=True)
        self.source = Choice([(label, key) for key, label in SOURCES.items()])
        self.source.set_value("between")
        self.form.add("source", "来源", self.source, required=True)
        self.source_note = QLineEdit()
        self.source_note.setPlaceholderText("如：第三次会议期间；11月5日桃源村联络点接待选民")
        self.form.add("source_note", "来源说明", self.source_note)
        self.meeting = Choice(
            [("（不属于某次会议）", None), *[(t, m) for m, t, _d in office.suggestions.sessions()]]
        )
        self.meeting.setToolTip("大会期间提出的建议属于那次人民代表大会会议")
        self.form.add("meeting_id", "提出时的会议", self.meeting, span=2)
        self.category = Choice(
            [
                ("（请选择）", ""),
                *[(v, v) for v in office.reference.values("suggestion_categories")],
            ]
        )
        self.form.add("category", "类别", self.category, required=True)
        self.complex = QCheckBox("复杂建议（答复期限六个月）")
        self.form.add("is_complex", "", self.complex)
        # Typing a name or its pinyin initials finds the lead among seventy deputies.
        self.lead = DeputyChooser(office.deputies.choices(serving_deputies(office)))
        self.form.add("lead_deputy_id", "领衔代表", self.lead, span=2, required=True)
        self.co = CheckList("输入姓名筛选附议代表")
        self.co.set_items(deputy_choices(office))
        self.co.setMinimumHeight(150)
        self.form.add("co_signer_ids", "附议代表", self.co, span=2)
        self.title = QLineEdit()
        self.title.setPlaceholderText("关于……的建议（一事一议）")
        rare = QPushButton("生僻字…")
        rare.setToolTip("输入法打不出的字，按编码输入，如 U+20BB7")
        rare.clicked.connect(self._rare_char)
        title_row = QWidget()
        row = QHBoxLayout(title_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.title, 1)
        row.addWidget(rare)
        self.form.add("title", "标题", title_row, span=2, required=True, value_widget=self.title)
        self.content = QPlainTextEdit()
        self.content.setPlaceholderText("反映的问题、理由和依据")
        self.content.setMinimumHeight(110)
        self.form.add("content", "内容", self.content, span=2)
        self.proposal = QPlainTextEdit()
        self.proposal.setPlaceholderText("解决问题的办法（议案必填）")
        self.proposal.setFixedHeight(64)
        self.form.add("proposal", "方案", self.proposal, span=2)
        self.operator = QLineEdit(office.settings.get("suggestion_operator"))
        self.form.add("operator", "经办人", self.operator)
        self.note = QLineEdit()
        self.form.add("note", "说明", self.note)
        self.hint = QLabel()
        self.hint.setObjectName("Hint")
        self.hint.setWordWrap(True)

        buttons = button_row("保存", self.save, self.cancel, left=self.hint)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(self.form), 1)
        layout.addLayout(buttons)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.lead.currentIndexChanged.connect(self._lead_changed)
        self.co.changed.connect(self._kind_changed)
        if suggestion:
            self._fill(suggestion)
        self._kind_changed()
        self._source_changed()
        self.remember_input()  # 取消 asks before throwing what is typed away

    def typed_input(self) -> object:
        return self.values()

    def _fill(self, s: Suggestion) -> None:
        self.kind.set_value(s.kind)
        self.received.setText(s.received_date)
        self.source.set_value(s.source)
        self.source_note.setText(s.source_note)
        self.meeting.set_value(s.meeting_id)
        self.category.set_value(s.category)
        self.complex.setChecked(s.is_complex)
        self.lead.set_value(s.lead_deputy_id)
        self._lead_changed()
        self.co.set_checked([x.deputy_id for x in s.co_signers])
        self.title.setText(s.title)
        self.content.setPlainText(s.content)
        self.proposal.setPlainText(s.proposal)

    def _source_changed(self) -> None:
        """Only a suggestion made during a session belongs to one: offer the session that
        was under way on the day it was received."""
        in_session = self.source.value() in ("session", "motion")
        self.meeting.setEnabled(in_session)
        if not in_session:
            self.meeting.set_value(None)
        elif self.meeting.value() is None:
            try:
                received = dates.parse_date(self.received.text())
            except dates.DateError:
                return
            self.meeting.set_value(self._office.suggestions.session_for(received))

    def _lead_changed(self) -> None:
        lead = self.lead.value()
        self.co.set_hidden_values([lead] if lead else [])

    def _kind_changed(self) -> None:
        motion = self.kind.value() == "motion"
        self.form.labels["title"].setText("<span style='color:#c62828'>*</span> " + (
            "案由" if motion else "标题"
        ))  # fmt: skip
        self.form.labels["content"].setText("案据" if motion else "内容")
        noun = "议案" if motion else "建议"
        self.title.setPlaceholderText(f"关于……的{noun}（一事一议）")
        signers = len(self.co.checked()) + (1 if self.lead.value() else 0)
        self.hint.setText(
            f"议案须由 {MOTION_MIN_SIGNERS} 名以上代表联名提出，现在 {signers} 名（含领衔代表）。"
            if motion
            else "建议、批评和意见一事一议；保存后按年度自动编号。"
        )

    def _rare_char(self) -> None:
        chars = RareCharDialog.ask(self)
        if chars:
            self.title.insert(chars)

    def values(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value(),
            "received_date": self.received.text(),
            "source": self.source.value(),
            "source_note": self.source_note.text(),
            "meeting_id": self.meeting.value(),
            "category": self.category.value(),
            "is_complex": self.complex.isChecked(),
            "lead_deputy_id": self.lead.value(),
            "co_signer_ids": self.co.checked(),
            "title": self.title.text(),
            "content": self.content.toPlainText(),
            "proposal": self.proposal.toPlainText(),
        }

    def save(self) -> bool:
        values = self.values()
        common = {"operator": self.operator.text(), "note": self.note.text()}
        suggestions = self._office.suggestions

        def refused(exc: ValidationError) -> None:
            self.form.show_messages(exc.fields, {})
            unknown = {k: v for k, v in exc.fields.items() if k not in self.form.widgets}
            if unknown:
                show_error(self, ValidationError(unknown))
            widget = self.form.first_error(exc.fields)
            if widget is not None:
                widget.setFocus()

        with Saving(self, refused) as saving:
            if self._suggestion is None:
                self.saved = suggestions.register(**values, **common)
            else:
                values.pop("kind")
                self.saved = suggestions.edit(self._suggestion.id, **values, **common)
        return saving.ok

    @classmethod
    def register(cls, office: Office, parent: QWidget | None) -> Suggestion | None:
        dialog = cls(office, None, parent)
        dialog.exec()
        return dialog.saved

    @classmethod
    def edit(
        cls, office: Office, suggestion: Suggestion, parent: QWidget | None
    ) -> Suggestion | None:
        dialog = cls(office, suggestion, parent)
        dialog.exec()
        return dialog.saved
