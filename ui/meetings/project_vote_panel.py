"""民生实事项目票决 in a session's view: the candidates, the vote and its ranking, then the
progress and year-end rating of the elected projects."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.core import dates
from app.core.errors import RendaError
from app.meetings.meetings import Meeting
from app.meetings.projects import Project, ProjectVote
from ui.context import AppContext
from ui.deputies.basics_page import RecordTable
from ui.meetings.project_dialogs import (
    CANDIDATE_FIELDS,
    RATING_FIELDS,
    PasteCandidatesDialog,
    ProgressDialog,
    VotesDialog,
)
from ui.widgets.messages import confirm, show_error, show_info
from ui.widgets.record_dialog import FieldDef, RecordDialog

HEADERS = (
    "序号",
    "项目名称",
    "总投资（万元）",
    "计划完成",
    "责任单位",
    "得票",
    "名次",
    "结果",
    "实施进展",
    "满意率（满意/基本满意/不满意）",
)
WIDTHS = (44, 200, 100, 80, 110, 50, 50, 60, 100)


class ProjectVotePanel(QWidget):
    changed = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.meeting: Meeting | None = None
        self.vote: ProjectVote | None = None
        self.projects: list[Project] = []
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.open_button = QPushButton("设立民生实事项目票决…")
        self.open_button.setObjectName("Primary")
        self.open_button.clicked.connect(self.open_vote)
        self.table = RecordTable(HEADERS, WIDTHS)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("add", "新增候选项目…", self.add_candidate),
            ("paste", "粘贴候选项目…", self.paste_candidates),
            ("edit", "编辑…", self.edit_candidate),
            ("remove", "删除", self.remove_candidate),
            ("votes", "登记得票…", self.enter_votes),
            ("clear", "清除票决结果", self.clear_results),
            ("progress", "实施进展…", self.show_progress),
            ("rate", "满意度测评…", self.rate),
            ("places", "改项目数…", self.change_places),
        ):
            self.buttons[key] = self.table.add_button(text, slot, primary=key == "votes")
        self.table.finish_buttons()
        self.table.table.doubleClicked.connect(lambda _i: self.edit_candidate())
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.open_button)
        layout.addWidget(self.table, 1)

    @property
    def editable(self) -> bool:
        return self.context.office.editable

    def show_meeting(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.refresh()

    def refresh(self) -> None:
        projects = self.context.office.meetings.projects
        self.vote = projects.vote_of_meeting(self.meeting.id) if self.meeting else None
        has_vote = self.vote is not None
        self.open_button.setVisible(not has_vote)
        self.open_button.setEnabled(self.editable)
        self.table.setVisible(has_vote)
        if not has_vote:
            self.projects = []
            self.info.setText(
                "本次会议还没有民生实事项目票决。票决时，先设立票决并确定拟选项目数，"
                "再录入候选项目（可从 Excel 粘贴），会后登记各项目得票，程序按得票排名、"
                "确定当选项目；当选项目此后登记实施进展和年终满意度测评。"
            )
            return
        vote = self.vote
        counts = self.context.office.meetings.attendance.counts(vote.meeting_id)
        self.projects = projects.ranking(vote.id) if vote.voted else projects.candidates(vote.id)
        elected = sum(p.elected for p in self.projects)
        state = (
            f"已票决：出席代表 {vote.voters} 人投票，当选 {elected} 个项目。"
            if vote.voted
            else f"尚未登记得票。当选须得票超过全体代表 {counts.expected} 人的半数"
            f"（至少 {counts.majority_needed} 票）。"
        )
        self.info.setText(
            f"候选项目 {len(self.projects)} 个，拟确定 {vote.places} 个（差额票决）。{state}"
        )
        self.table.load(
            [
                (
                    p.id,
                    [
                        str(i + 1),
                        p.name,
                        p.investment_label,
                        dates.format_date(p.planned_completion),
                        p.lead_unit,
                        "" if p.votes is None else str(p.votes),
                        "" if p.rank is None else str(p.rank),
                        ("当选" if p.elected else "未当选") if vote.voted else "",
                        p.progress_label,
                        p.satisfaction_short,
                    ],
                )
                for i, p in enumerate(self.projects)
            ]
        )
        for key, button in self.buttons.items():
            before_vote = key in ("add", "paste", "edit", "remove", "votes", "places")
            after_vote = key in ("clear", "progress", "rate", "votes")
            button.setEnabled(self.editable and (after_vote if vote.voted else before_vote))

    def _done(self) -> None:
        self.refresh()
        self.changed.emit()
        self.context.changed.emit("meetings", [self.meeting.id])

    def _selected(self) -> Project | None:
        project_id = self.table.require_selected("项目")
        if project_id is None:
            return None
        return self.context.office.meetings.projects.get(project_id)

    # ---- the vote -----------------------------------------------------------------------

    def open_vote(self) -> bool:
        projects = self.context.office.meetings.projects
        meeting_id = self.meeting.id
        saved = RecordDialog.ask(
            self,
            "设立民生实事项目票决",
            (FieldDef("places", "拟确定的项目数", required=True, placeholder="如 10"),),
            {"places": "10"},
            lambda v: projects.open_vote(meeting_id, places=v["places"]),
            hint="候选项目数应多于拟确定的项目数（差额票决），如 20 个候选项目确定 10 个。",
        )
        if saved is not None:
            self._done()
        return saved is not None

    def change_places(self) -> bool:
        projects = self.context.office.meetings.projects
        vote_id = self.vote.id
        saved = RecordDialog.ask(
            self,
            "拟确定的项目数",
            (FieldDef("places", "拟确定的项目数", required=True),),
            {"places": str(self.vote.places)},
            lambda v: projects.set_places(vote_id, v["places"]),
        )
        if saved is not None:
            self._done()
        return saved is not None

    def add_candidate(self) -> bool:
        projects = self.context.office.meetings.projects
        vote_id = self.vote.id
        saved = RecordDialog.ask(
            self,
            "新增候选项目",
            CANDIDATE_FIELDS,
            {},
            lambda v: projects.add_candidate(vote_id, **v),
        )
        if saved is not None:
            self._done()
        return saved is not None

    def paste_candidates(self) -> bool:
        dialog = PasteCandidatesDialog(self.context.office, self.vote.id, self)
        if dialog.exec():
            self._done()
            return True
        return False

    def edit_candidate(self) -> bool:
        if not self.editable or self.vote is None or self.vote.voted:
            return False
        project = self._selected()
        if project is None:
            return False
        projects = self.context.office.meetings.projects
        saved = RecordDialog.ask(
            self,
            f"编辑候选项目：{project.name}",
            CANDIDATE_FIELDS,
            {
                "name": project.name,
                "investment": project.investment_label,
                "planned_completion": project.planned_completion,
                "lead_unit": project.lead_unit,
                "description": project.description,
            },
            lambda v: projects.update_candidate(project.id, **v),
        )
        if saved is not None:
            self._done()
        return saved is not None

    def remove_candidate(self) -> bool:
        project = self._selected()
        if project is None or not confirm(self, "删除候选项目", f"删除“{project.name}”吗？"):
            return False
        try:
            self.context.office.meetings.projects.remove_candidate(project.id)
        except RendaError as exc:
            show_error(self, exc)
            return False
        self._done()
        return True

    def enter_votes(self) -> bool:
        dialog = VotesDialog(self.context.office, self.vote.id, self)
        if not dialog.exec() or dialog.outcome is None:
            return False
        self._done()
        if dialog.outcome.tied:
            names = "、".join(p.name for p in self.projects if p.id in set(dialog.outcome.tied))
            show_info(
                self,
                f"{names}在最后名次得票相同，均暂未当选。请就这几个项目再次投票，"
                "再更正得票后重新登记。",
                "得票相同",
            )
        return True

    def clear_results(self) -> bool:
        if not confirm(self, "清除票决结果", "清除已登记的得票和当选结果吗？（用于更正录入错误）"):
            return False
        try:
            self.context.office.meetings.projects.clear_results(self.vote.id)
        except RendaError as exc:
            show_error(self, exc)
            return False
        self._done()
        return True

    # ---- after the vote -------------------------------------------------------------------

    def _elected(self) -> Project | None:
        project = self._selected()
        if project is not None and not project.elected:
            show_error(self, "只有当选的项目才登记实施进展和满意度测评", "未当选")
            return None
        return project

    def show_progress(self) -> bool:
        project = self._elected()
        if project is None:
            return False
        dialog = ProgressDialog(self.context.office, project, self)
        dialog.exec()
        if dialog.changed:
            self._done()
        return dialog.changed

    def rate(self) -> bool:
        project = self._elected()
        if project is None:
            return False
        projects = self.context.office.meetings.projects
        saved = RecordDialog.ask(
            self,
            f"满意度测评：{project.name}",
            RATING_FIELDS,
            {
                key: "" if getattr(project, key) is None else str(getattr(project, key))
                for key in ("rating_satisfied", "rating_basic", "rating_unsatisfied")
            }
            | {
                "rating_date": project.rating_date or dates.today().isoformat(),
            },
            lambda v: projects.rate(
                project.id,
                satisfied=v["rating_satisfied"],
                basic=v["rating_basic"],
                unsatisfied=v["rating_unsatisfied"],
                date=v["rating_date"],
            ),
            hint="年终由代表对项目实施情况进行满意度测评，测评票合计不能超过全体代表人数。",
        )
        if saved is not None:
            self._done()
        return saved is not None
