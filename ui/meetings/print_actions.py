"""Printing a meeting's forms from its view: 会议签到表, 代表请假单, 会议记录, and for a
session's livelihood-project vote 票决选票 and 票决结果. Each is built in the background and
opened in the preview (print, save as PDF)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from app.meetings.meetings import Meeting
from ui.context import AppContext
from ui.printing.actions import preview_pdf
from ui.tasks import TaskHandle

if TYPE_CHECKING:  # reportlab loads only when something is printed (start-up budget)
    from app.documents.base import PdfResult
    from app.office import Office

# The menu's forms: (menu text, form title, builder name in app.documents.meeting_forms).
FORMS = (
    ("会议签到表…", "会议签到表", "signin"),
    ("代表请假单（请假的代表，或名单中选中的代表）…", "代表请假单", "leave"),
    ("会议记录…", "会议记录", "minutes"),
    ("民生实事项目票决票…", "民生实事项目票决票", "ballot"),
    ("民生实事项目票决结果…", "民生实事项目票决结果", "vote_result"),
    (
        "全套会议材料（通知、日程、分组名单、签到表、选票、计票单、决议、请假单）…",
        "会议材料",
        "pack",
    ),
)
SESSION_ONLY = ("ballot", "vote_result", "pack")


def build(office: Office, form: str, meeting_id: int, deputy_ids: list[int] | None) -> PdfResult:
    """Runs on the worker thread: never touches a widget."""
    from app.documents.meeting_forms import FORM_BUILDERS

    if form == "leave":
        return FORM_BUILDERS[form](office, meeting_id, deputy_ids)
    return FORM_BUILDERS[form](office, meeting_id)


def print_meeting_form(
    parent: QWidget,
    context: AppContext,
    meeting: Meeting,
    form: str,
    deputy_ids: list[int] | None = None,
) -> TaskHandle:
    title = next(t for _text, t, key in FORMS if key == form)
    # '第十七届人民代表大会第三次会议' rather than the whole title in the file name
    short = meeting.title.removeprefix(meeting.title.split("第", 1)[0])
    meeting_id = meeting.id
    return preview_pdf(
        parent,
        context,
        lambda ctx: build(ctx.office, form, meeting_id, deputy_ids),
        title=title,
        file_name=f"{title}_{short}",
    )


def meeting_print_button(
    view: QWidget,
    context: AppContext,
    meeting: Callable[[], Meeting],
    before: Callable[[], bool],
    chosen_deputies: Callable[[], list[int]],
) -> QPushButton:
    """The 打印 button of a meeting's view and its menu. `before` runs first (saving typed
    minutes); `chosen_deputies` are those selected in the attendance grid (their leave
    slips), or none (every deputy on leave)."""
    button = QPushButton("打印")
    menu = QMenu(button)

    def action(form: str) -> Callable[[], None]:
        def go() -> None:
            if before():
                chosen = (chosen_deputies() or None) if form == "leave" else None
                print_meeting_form(view, context, meeting(), form, chosen)

        return go

    for text, _title, form in FORMS:
        if form == SESSION_ONLY[0]:
            menu.addSeparator()
        menu.addAction(text, action(form)).setData(form)
    menu.aboutToShow.connect(
        lambda: [
            a.setVisible(meeting().kind == "session")
            for a in menu.actions()
            if a.data() in SESSION_ONLY
        ]
    )
    button.setMenu(menu)
    return button
