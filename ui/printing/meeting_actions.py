"""Printing a meeting's forms from its view: 会议签到表, 代表请假单, 会议记录, and for a
session's livelihood-project vote 票决选票 and 票决结果. Each is built in the background and
opened in the preview (print, save as PDF)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from app.meetings import Meeting
from ui.context import AppContext
from ui.printing.actions import preview_pdf
from ui.tasks import TaskHandle

SIGNIN = "会议签到表"
LEAVE = "代表请假单"
MINUTES = "会议记录"
BALLOT = "民生实事项目票决票"
RESULT = "民生实事项目票决结果"


def _short(meeting: Meeting) -> str:
    """A file name part: '第十七届第三次会议' rather than the whole title."""
    return meeting.title.removeprefix(meeting.title.split("第", 1)[0])


def print_signin(parent: QWidget, context: AppContext, meeting: Meeting) -> TaskHandle:
    from app.documents.signin import signin_pdf

    meeting_id = meeting.id
    return preview_pdf(
        parent, context, lambda ctx: signin_pdf(ctx.office, meeting_id),
        title=SIGNIN, file_name=f"{SIGNIN}_{_short(meeting)}",
    )  # fmt: skip


def print_leave(
    parent: QWidget, context: AppContext, meeting: Meeting, deputy_ids: list[int] | None
) -> TaskHandle:
    from app.documents.leave_slip import leave_pdf

    meeting_id = meeting.id
    return preview_pdf(
        parent, context, lambda ctx: leave_pdf(ctx.office, meeting_id, deputy_ids),
        title=LEAVE, file_name=f"{LEAVE}_{_short(meeting)}",
    )  # fmt: skip


def print_minutes(parent: QWidget, context: AppContext, meeting: Meeting) -> TaskHandle:
    from app.documents.minutes import minutes_pdf

    meeting_id = meeting.id
    return preview_pdf(
        parent, context, lambda ctx: minutes_pdf(ctx.office, meeting_id),
        title=MINUTES, file_name=f"{MINUTES}_{_short(meeting)}",
    )  # fmt: skip


def print_ballot(parent: QWidget, context: AppContext, meeting: Meeting) -> TaskHandle:
    from app.documents.project_vote import ballot_pdf

    meeting_id = meeting.id
    return preview_pdf(
        parent, context, lambda ctx: ballot_pdf(ctx.office, meeting_id),
        title=BALLOT, file_name=f"{BALLOT}_{_short(meeting)}",
    )  # fmt: skip


def print_vote_result(parent: QWidget, context: AppContext, meeting: Meeting) -> TaskHandle:
    from app.documents.project_vote import vote_result_pdf

    meeting_id = meeting.id
    return preview_pdf(
        parent, context, lambda ctx: vote_result_pdf(ctx.office, meeting_id),
        title=RESULT, file_name=f"{RESULT}_{_short(meeting)}",
    )  # fmt: skip


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

    def run(action: Callable[[QWidget, AppContext, Meeting], TaskHandle]) -> Callable[[], None]:
        def go() -> None:
            if before():
                action(view, context, meeting())

        return go

    def leave(parent: QWidget, ctx: AppContext, m: Meeting) -> TaskHandle:
        return print_leave(parent, ctx, m, chosen_deputies() or None)

    menu.addAction(f"{SIGNIN}…", run(print_signin))
    menu.addAction(f"{LEAVE}（请假的代表，或名单中选中的代表）…", run(leave))
    menu.addAction(f"{MINUTES}…", run(print_minutes))
    menu.addSeparator()
    vote_actions = [
        menu.addAction("民生实事项目票决票…", run(print_ballot)),
        menu.addAction("民生实事项目票决结果…", run(print_vote_result)),
    ]
    menu.aboutToShow.connect(
        lambda: [a.setVisible(meeting().kind == "session") for a in vote_actions]
    )
    button.setMenu(menu)
    return button
