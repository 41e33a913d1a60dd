"""议案 → 决议 on screen: linking a resolution of the session to the motion on the agenda
it answers (from the session's 决议、决定 tab), and the lines both sides show."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QWidget

from app.core import dates
from app.office import Office
from app.suggestions.records import Suggestion
from ui.widgets.messages import show_error
from ui.widgets.record_dialog import FieldDef, RecordDialog


def link_motion(parent: QWidget, office: Office, resolution_id: int) -> bool:
    """Ask which motion on the agenda this resolution answers, and link them."""
    resolution = office.meetings.resolutions.get(resolution_id)
    meeting = office.meetings.get(resolution.meeting_id)
    motions = office.suggestions.motions.on_agenda(meeting.township_id)
    if not motions:
        show_error(
            parent,
            "没有待形成决议的议案：议案须先在“建议办理”中由主席团决定“列入大会议程”。",
            "关联议案",
        )
        return False
    saved = RecordDialog.ask(
        parent,
        f"关联议案：《{resolution.title}》",
        (FieldDef("motion", "议案", "choice", [(t, m) for m, t in motions], required=True),),
        {},
        lambda v: office.suggestions.motions.link(v["motion"], resolution_id),
        hint="选择大会据以形成这项决议（决定）的议案（已由主席团决定列入大会议程）。"
        "关联后，议案和决议中都显示对方。",
    )
    return saved is not None


def resolution_motions_text(office: Office, meeting_id: int) -> str:
    """'议案形成的决议：议案2026-01《…》→《…的决议》' for the session's resolutions tab."""
    links = office.suggestions.motions.of_meeting(meeting_id)
    if not links:
        return ""
    return "议案形成的决议：" + "；".join(
        f"{x.motion_label} → 《{x.resolution_title}》" for x in links
    )


def motion_result(office: Office, suggestion: Suggestion) -> str:
    """What a motion on the agenda came to: the resolution passed on it (a link that
    opens the session), or that the session has yet to decide."""
    if suggestion.kind != "motion" or suggestion.status != "on_agenda":
        return ""
    link = office.suggestions.motions.resolution_of(suggestion.id)
    if link is None:
        return "待大会表决（在人代会的“决议、决定”中关联议案）"
    title = html.escape(f"《{link.resolution_title}》")
    return (
        f"大会通过<a href='{link.meeting_id}'>{title}</a>"
        f"（{html.escape(link.meeting_title)}，{dates.format_date(link.meeting_date)}）"
    )


def unlink_motions(parent: QWidget, office: Office, resolution_id: int) -> bool:
    """Take back the links of this resolution to motions, after asking (a link made by
    mistake); the motions are again waiting for their resolution."""
    from ui.widgets.messages import confirm

    links = office.suggestions.motions.of_resolution(resolution_id)
    if not links:
        show_error(parent, "这项决议没有关联议案", "取消关联")
        return False
    names = "、".join(x.motion_label for x in links)
    if not confirm(parent, "取消关联", f"取消《{links[0].resolution_title}》与{names}的关联吗？"):
        return False
    for x in links:
        office.suggestions.motions.unlink(x.suggestion_id)
    return True
