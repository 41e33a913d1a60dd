"""本次会议的代表建议: in a congress session's view, the suggestions made during it, and
registering another one there (it belongs to the session from the start)."""

from __future__ import annotations

from app.meetings.meetings import Meeting
from app.suggestions.records import SuggestionQuery
from ui.context import AppContext
from ui.deputies.basics_page import RecordTable
from ui.suggestions.suggestion_dialog import SuggestionDialog


class SessionSuggestionsTab(RecordTable):
    def __init__(self, context: AppContext) -> None:
        super().__init__(
            ["编号", "标题", "领衔代表", "附议", "类别", "状态", "主办单位"],
            [80, 380, 90, 50, 90, 80],
        )
        self.context = context
        self.meeting: Meeting | None = None
        self.register_button = self.add_button("登记本次会议的建议…", self.register, primary=True)
        self.add_button("打开", self.open_selected)
        self.finish_buttons()
        self.note.setText("大会期间代表提出的建议，闭会后由主席团交办；双击一件转到“建议办理”。")
        self.table.doubleClicked.connect(lambda _i: self.open_selected())

    def show_meeting(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.register_button.setEnabled(self.context.office.editable)
        self.refresh()

    def refresh(self) -> None:
        if self.meeting is None:
            return
        suggestions = self.context.office.suggestions
        rows = suggestions.rows(
            suggestions.search(SuggestionQuery(meeting_id=self.meeting.id, descending=False))
        )
        self.load(
            [
                (
                    r.id,
                    [
                        r.number,
                        r.title,
                        r.lead_name,
                        str(r.co_count),
                        r.category,
                        r.status_label,
                        r.lead_unit_name,
                    ],
                )
                for r in rows
            ]
        )

    def count(self) -> int:
        return self.table.rowCount()

    def register(self) -> None:
        if self.meeting is None:
            return
        dialog = SuggestionDialog(self.context.office, parent=self)
        dialog.source.set_value("session")
        dialog.received.setText(self.meeting.start_date)
        dialog.meeting.set_value(self.meeting.id)
        if dialog.exec() and dialog.saved is not None:
            self.refresh()
            self.context.changed.emit("suggestions", [dialog.saved.id])

    def open_selected(self) -> None:
        suggestion_id = self.require_selected("建议")
        if suggestion_id is not None:
            self.context.open_record("suggestions", suggestion_id)
