"""Add or edit a resolution (决议、决定) with its votes. The dialog says, as the clerk types,
how many votes carry it: more than half of ALL deputies, not of those present."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.meetings.resolutions import RESOLUTION_KINDS, Resolution
from app.meetings.rules import passes
from app.office import Office
from ui.widgets.form import Choice, FormGrid, Saving, button_row

VOTE_KEYS = ("votes_for", "votes_against", "votes_abstain")


class ResolutionDialog(QDialog):
    def __init__(
        self,
        office: Office,
        meeting_id: int,
        resolution: Resolution | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._office = office
        self._meeting_id = meeting_id
        self._resolution = resolution
        self.saved: Resolution | None = None
        self.counts = office.meetings.attendance.counts(meeting_id)
        self.setWindowTitle("编辑决议、决定" if resolution else "新增决议、决定")
        self.setMinimumWidth(640)
        self.form = FormGrid(3)
        self.form.add("kind", "类别", Choice([(k, k) for k in RESOLUTION_KINDS]))
        title = QLineEdit()
        title.setPlaceholderText("如：关于2026年财政预算的决议")
        self.form.add("title", "名称", title, span=2, required=True)
        text = QPlainTextEdit()
        text.setFixedHeight(110)
        text.setPlaceholderText("决议、决定的全文（可从文件复制粘贴）")
        self.form.add("text", "内容", text, span=3)
        for key, label in zip(VOTE_KEYS, ("赞成", "反对", "弃权"), strict=True):
            edit = QLineEdit()
            edit.setPlaceholderText("票数")
            edit.textChanged.connect(lambda _t: self._update_verdict())
            self.form.add(key, label, edit, required=True)
        self.form.add(
            "passed",
            "表决结果",
            Choice([("按票数判断", None), ("通过", True), ("未通过", False)]),
            span=2,
        )
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        rule = QLabel(
            f"全体代表（应到）{self.counts.expected} 人，出席 {self.counts.present} 人。"
            f"赞成票须超过全体代表的半数，即至少 {self.counts.majority_needed} 票，方为通过；"
            f"赞成、反对、弃权合计不能超过出席人数。"
        )
        rule.setObjectName("Hint")
        rule.setWordWrap(True)

        buttons = button_row("保存", self.save, self.reject, left=self.verdict)
        layout = QVBoxLayout(self)
        layout.addWidget(rule)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        if resolution is not None:
            self.form.set_values(
                {
                    "kind": resolution.kind,
                    "title": resolution.title,
                    "text": resolution.text,
                    "votes_for": str(resolution.votes_for),
                    "votes_against": str(resolution.votes_against),
                    "votes_abstain": str(resolution.votes_abstain),
                }
            )
        self._update_verdict()

    def _update_verdict(self) -> None:
        try:
            votes_for = int(self.form.values()["votes_for"])
        except ValueError:
            self.verdict.setText("")
            return
        carried = passes(votes_for, self.counts.expected)
        colour = "#2e7d32" if carried else "#c62828"
        self.verdict.setText(
            f"<span style='color:{colour}'>按票数：{'通过' if carried else '未通过'}</span>"
        )

    def save(self) -> bool:
        values = self.form.values()
        meetings = self._office.meetings
        with Saving(self, lambda exc: self.form.show_refusal(exc, self)) as saving:
            if self._resolution is None:
                self.saved = meetings.resolutions.add(self._meeting_id, **values)
            else:
                self.saved = meetings.resolutions.update(self._resolution.id, **values)
        return saving.ok

    @classmethod
    def edit(
        cls,
        office: Office,
        meeting_id: int,
        resolution: Resolution | None,
        parent: QWidget | None,
    ) -> Resolution | None:
        dialog = cls(office, meeting_id, resolution, parent)
        dialog.exec()
        return dialog.saved
