"""New or edit a meeting: its kind, number or group, name, times, place and chair. The name
of a session or presidium meeting is generated as the clerk types the number."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import NotFound, RendaError
from app.meetings.meetings import Meeting
from app.meetings.rules import KINDS, NUMBERED_KINDS
from app.office import Office
from ui.widgets.form import Choice, FormGrid, GuardedDialog, Saving, button_row

# Fields shown only for some kinds.
ONLY_FOR = {"number": NUMBERED_KINDS, "group_id": ("group",)}


class MeetingDialog(GuardedDialog):
    def __init__(
        self,
        office: Office,
        meeting: Meeting | None = None,
        parent: QWidget | None = None,
        *,
        kind: str = "session",
    ) -> None:
        super().__init__(parent)
        self._office = office
        self._meeting = meeting
        self.saved: Meeting | None = None
        self.setWindowTitle(f"编辑会议：{meeting.title}" if meeting else "新建会议")
        self.setMinimumWidth(760)
        self.form = FormGrid(2)
        self.kind = Choice([(label, key) for key, label in KINDS.items()])
        self.form.add("kind", "会议类别", self.kind, required=True)
        self.number = QLineEdit()
        self.number.setPlaceholderText("第几次，如 3")
        self.form.add("number", "第几次会议", self.number, required=True)
        self.group = Choice([("", None), *[(g.name, g.id) for g in office.groups.list()]])
        self.form.add("group_id", "代表小组", self.group, required=True)
        self.title_edit = QLineEdit()
        self.form.add("title", "会议名称", self.title_edit, span=2)
        self.start_date = self._line("如 2026-03-12")
        self.form.add("start_date", "开始日期", self.start_date, required=True)
        self.start_time = self._line("如 08:30，可不填")
        self.form.add("start_time", "开始时间", self.start_time)
        self.end_date = self._line("当天结束可不填")
        self.form.add("end_date", "结束日期", self.end_date)
        self.end_time = self._line("如 12:00，可不填")
        self.form.add("end_time", "结束时间", self.end_time)
        self.place = self._line("如 镇人民政府三楼会议室")
        self.form.add("place", "地点", self.place)
        self.chair = self._line("主持人姓名，人代会可填“大会主席团”")
        self.form.add("chair", "主持人", self.chair)
        self.recorder = self._line("")
        self.form.add("recorder", "记录人", self.recorder)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(60)
        self.form.add("note", "备注", self.note, span=2)
        self.hint = QLabel()
        self.hint.setObjectName("Hint")
        self.hint.setWordWrap(True)

        buttons = button_row("保存", self.save, self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)

        if meeting is None:
            self.kind.set_value(kind)
        else:
            self.kind.set_value(meeting.kind)
            self.kind.setEnabled(False)
            self.form.set_values(
                {
                    "number": str(meeting.number or ""),
                    "group_id": meeting.group_id,
                    "title": meeting.title,
                    "start_date": meeting.start_date,
                    "start_time": meeting.start_time,
                    "end_date": meeting.end_date,
                    "end_time": meeting.end_time,
                    "place": meeting.place,
                    "chair": meeting.chair,
                    "recorder": meeting.recorder,
                    "note": meeting.note,
                }
            )
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed(fill_number=True))
        self.number.textChanged.connect(lambda _t: self._update_title())
        self.group.currentIndexChanged.connect(lambda _i: self._update_title())
        self.start_date.editingFinished.connect(self._update_title)
        self.title_edit.textEdited.connect(lambda _t: setattr(self, "_title_was_generated", False))
        self._kind_changed(fill_number=meeting is None)
        self.remember_input()  # 取消 asks before throwing what is typed away

    def typed_input(self) -> object:
        return self.values()

    @staticmethod
    def _line(placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        return edit

    def _show_field(self, key: str, shown: bool) -> None:
        for widget in (self.form.widgets[key], self.form.labels[key], self.form.messages[key]):
            widget.setVisible(shown)

    def _kind_changed(self, *, fill_number: bool) -> None:
        kind = self.kind.value()
        for key, kinds in ONLY_FOR.items():
            self._show_field(key, kind in kinds)
        if fill_number and kind in NUMBERED_KINDS:
            self.number.setText(str(self._office.meetings.next_number(kind)))
        generated = kind in NUMBERED_KINDS
        self.title_edit.setReadOnly(generated)
        self.title_edit.setPlaceholderText(
            "由届次和第几次自动生成"
            if generated
            else "不填则按小组和日期生成"
            if kind == "group"
            else "如：全镇人大代表培训会"
        )
        hints = {
            "session": "应到名单为本届全体在任的乡镇人大代表；出席须达到三分之二方可召开，"
            "决议须经全体代表过半数通过。",
            "presidium": "应到名单为主席团全体成员；出席须达到三分之二，"
            "决定须经全体成员过半数通过。",
            "group": "应到名单为该代表小组的成员。",
            "other": "应到名单为空，可在“出席情况”中调整。",
        }
        self.hint.setText(hints.get(kind, "") if self._meeting is None else "")
        self._update_title()

    def _update_title(self) -> None:
        kind = self.kind.value()
        if kind == "other":
            return
        try:
            number = int(self.number.text()) if kind in NUMBERED_KINDS else 0
        except ValueError:
            number = 0
        try:
            from app.core.dates import DateError, parse_date

            day = parse_date(self.start_date.text())
        except DateError:
            day = ""
        term_id = self._meeting.term_id if self._meeting else None
        try:
            title = self._office.meetings.suggested_title(
                kind=kind,
                number=number,
                group_id=self.group.value(),
                start_date=day,
                term_id=term_id,
            )
        except (NotFound, RendaError):
            title = ""
        if kind in NUMBERED_KINDS or (
            kind == "group" and (not self.title_edit.text() or self._title_was_generated)
        ):
            self.title_edit.setText(title)
            self._title_was_generated = True

    _title_was_generated = False

    def values(self) -> dict:
        values = self.form.values()
        kind = values["kind"]
        if kind not in NUMBERED_KINDS:
            values.pop("number")
        if kind != "group":
            values.pop("group_id")
        if kind in NUMBERED_KINDS:
            values.pop("title")
        return values

    def save(self) -> bool:
        values = self.values()
        with Saving(self, lambda exc: self.form.show_refusal(exc, self)) as saving:
            if self._meeting is None:
                self.saved = self._office.meetings.add(**values)
            else:
                values.pop("kind")
                self.saved = self._office.meetings.update(self._meeting.id, **values)
        return saving.ok

    @classmethod
    def edit(
        cls,
        office: Office,
        meeting: Meeting | None,
        parent: QWidget | None,
        *,
        kind: str = "session",
    ) -> Meeting | None:
        dialog = cls(office, meeting, parent, kind=kind)
        dialog.exec()
        return dialog.saved
