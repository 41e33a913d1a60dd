"""选举 in a session's view: the elections (选举, 补选) of the session; for the one chosen, its
posts and candidates with their nominators, the monitors and tellers, then each vote —
ballots printed, counted, votes entered — and who is elected, the majority of ALL deputies
worked out and shown. The result goes into the officials' register (任职与选举)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import RendaError
from app.elections.elections import ElectionDetail
from app.meetings.meetings import Meeting
from ui.context import AppContext
from ui.deputies.basics_page import RecordTable
from ui.elections.dialogs import (
    CandidateDialog,
    CountDialog,
    NewElectionDialog,
    ScrutineersDialog,
    VotesDialog,
)
from ui.elections.removals_panel import RemovalsPanel
from ui.printing.actions import preview_pdf
from ui.tasks import TaskHandle
from ui.widgets.form import Choice
from ui.widgets.messages import confirm, show_error, show_info

CANDIDATE_HEADERS = (
    "职务",
    "应选",
    "候选人",
    "性别",
    "出生年月",
    "政治面貌",
    "工作单位及职务",
    "提名",
)
CANDIDATE_WIDTHS = (90, 50, 130, 40, 80, 90, 240)
VOTE_HEADERS = ("投票", "职务", "应选", "有效/无效", "姓名", "赞成", "反对", "弃权", "结果")
VOTE_WIDTHS = (90, 80, 50, 80, 130, 50, 50, 50)


class ElectionsPanel(QWidget):
    changed = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.meeting: Meeting | None = None
        self.detail: ElectionDetail | None = None

        self.choice = Choice()
        self.choice.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button = QPushButton("新建选举…")
        self.new_button.setObjectName("Primary")
        self.new_button.clicked.connect(self.new_election)
        self.delete_button = QPushButton("删除选举")
        self.delete_button.clicked.connect(self.delete_election)
        head = QHBoxLayout()
        head.addWidget(QLabel("选举"))
        head.addWidget(self.choice, 1)
        head.addWidget(self.new_button)
        head.addWidget(self.delete_button)

        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.warnings = QLabel()
        self.warnings.setObjectName("FieldWarning")
        self.warnings.setWordWrap(True)

        self.candidates = RecordTable(CANDIDATE_HEADERS, CANDIDATE_WIDTHS)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot, primary in (
            ("candidate", "提名候选人…", self.add_candidate, False),
            ("drop", "撤下候选人", self.drop_candidate, False),
            ("scrutineers", "监票人、计票人…", self.choose_scrutineers, False),
            ("start", "确定候选人，开始投票", self.start_voting, True),
        ):
            self.buttons[key] = self.candidates.add_button(text, slot, primary)
        self.candidates.finish_buttons()

        self.votes = RecordTable(VOTE_HEADERS, VOTE_WIDTHS)
        for key, text, slot, primary in (
            ("count", "清点选票…", self.count_ballots, False),
            ("votes", "登记得票…", self.enter_votes, True),
            ("next", "另行选举…", self.next_round, False),
            ("close", "结束选举", self.close_election, False),
            ("undo", "撤销上一步", self.undo, False),
        ):
            self.buttons[key] = self.votes.add_button(text, slot, primary)
        # The three papers in one menu: the row of buttons fits a 1024-pixel screen.
        self.print_button = self.votes.add_button("打印", lambda: None)
        menu = QMenu(self.print_button)
        self.print_actions: dict[str, QAction] = {
            "ballot": menu.addAction("选票…", self.print_ballot),
            "result": menu.addAction("计票单、选举结果报告单…", self.print_result),
            "notice": menu.addAction("当选公告…", self.print_notice),
        }
        self.print_button.setMenu(menu)
        self.votes.finish_buttons()

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.candidates)
        split.addWidget(self.votes)
        page = QWidget()
        inner = QVBoxLayout(page)
        inner.addLayout(head)
        inner.addWidget(self.info)
        inner.addWidget(self.warnings)
        inner.addWidget(split, 1)
        # The session's votes on who leaves sit beside its elections: a by-election
        # usually follows a resignation accepted or a recall at the same session.
        self.removals = RemovalsPanel(context)
        self.removals.changed.connect(self._removals_changed)
        self.sections = QTabWidget()
        self.sections.setDocumentMode(True)
        self.sections.addTab(page, "选举、补选")
        self.sections.addTab(self.removals, "辞职、罢免")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sections, 1)

    @property
    def editable(self) -> bool:
        return self.context.office.editable

    # ---- showing ------------------------------------------------------------------------

    def show_meeting(self, meeting: Meeting, election_id: int | None = None) -> None:
        self.meeting = meeting
        self.fill(election_id)
        self.removals.show_meeting(meeting)

    def _removals_changed(self) -> None:
        self.fill()  # a vacancy left by a resignation or recall may now be filled
        self.changed.emit()

    def fill(self, election_id: int | None = None) -> None:
        elections = self.context.office.elections.of_meeting(self.meeting.id)
        keep = election_id if election_id is not None else self.choice.value()
        self.choice.blockSignals(True)
        self.choice.clear()
        for e in elections:
            self.choice.addItem(f"{e.title}（{e.status_label}）", e.id)
        index = self.choice.findData(keep)
        self.choice.setCurrentIndex(index if index >= 0 else (0 if elections else -1))
        self.choice.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        election_id = self.choice.value() if self.choice.count() else None
        elections = self.context.office.elections
        self.detail = elections.detail(election_id) if election_id is not None else None
        d = self.detail
        self.new_button.setEnabled(self.editable)
        self.delete_button.setEnabled(self.editable and d is not None)
        if d is None:
            self.info.setText(
                "本次会议还没有选举。选举或补选时，先新建选举，列出职务和应选名额；再提名"
                "候选人（主席团提名或代表十人以上联名）、推选监票人，确定候选人后开始投票、"
                "打印选票；投票后清点选票、登记得票，程序按全体代表过半数确定当选人，"
                "并记入任职登记。"
            )
            self.warnings.setText("")
            self.candidates.load([])
            self.votes.load([])
            for button in [*self.buttons.values(), self.print_button]:
                button.setEnabled(False)
            return
        e = d.election
        people = []
        if d.monitors:
            people.append("监票人：" + "、".join(s.name for s in d.monitors))
        if d.tellers:
            people.append("计票人：" + "、".join(s.name for s in d.tellers))
        colour = {"done": "#2e7d32", "closed": "#8a6d00"}.get(e.status, "#1565c0")
        self.info.setText(
            "<br>".join(
                [
                    f"<b>{e.title}</b>（{e.kind_label}）　{d.posts_label}　"
                    f"<span style='color:{colour}'><b>{e.status_label}</b></span>",
                    f"全体代表 <b>{d.total_deputies}</b> 人，当选须获得全体代表过半数的选票，"
                    f"即至少 <b>{d.threshold}</b> 票；本次会议出席 {d.present} 人。",
                    "　".join(people) or "尚未推选监票人、计票人。",
                    f"下一步：{d.next_step}",
                ]
            )
        )
        self.warnings.setText("\n".join(d.warnings))
        self.warnings.setVisible(bool(d.warnings))
        rows = []
        for p in d.posts:
            if not p.candidates:
                rows.append((None, [p.label, str(p.post.seats), "（尚无候选人）", *[""] * 5]))
            for c in p.candidates:
                rows.append(
                    (
                        c.id,
                        [
                            p.label,
                            str(p.post.seats),
                            c.name + ("" if c.is_deputy else "（非代表）"),
                            c.gender_label,
                            dates.format_date(c.birth_date),
                            c.political_status,
                            c.unit,
                            c.nominated_label,
                        ],
                    )
                )
        self.candidates.load(rows)
        self.candidates.note.setText(
            "候选人按姓氏笔画为序，选票上也是这个顺序。"
            + ("" if e.preparing else "已开始投票，候选人名单不能再改；如需改动，请撤销上一步。")
        )
        vote_rows = []
        for r in d.rounds:
            for s in r.sections:
                figures = (
                    f"{s.section.ballots_valid}/{s.section.ballots_invalid}"
                    if s.section.ballots_valid is not None
                    else "未清点"
                )
                for line in s.lines:
                    if line.elected:
                        verdict = "当选"
                    elif line.tied:
                        verdict = "得票相等，再次投票"
                    elif r.round.votes_recorded:
                        short = (line.votes_for or 0) < s.result.threshold if s.result else False
                        verdict = "未当选（未获全体代表过半数选票）" if short else "未当选"
                    else:
                        verdict = ""
                    vote_rows.append(
                        (
                            line.candidate_id,
                            [
                                r.round.label,
                                s.label,
                                str(s.section.seats),
                                figures,
                                line.name + ("（另选）" if line.write_in else ""),
                                _n(line.votes_for),
                                _n(line.votes_against),
                                _n(line.votes_abstain),
                                verdict,
                            ],
                        )
                    )
        self.votes.load(vote_rows)
        current = d.current_round
        if current is not None and current.round.counted:
            self.votes.note.setText(
                f"{current.round.label}：发出选票 {current.round.ballots_issued} 张，"
                f"收回 {current.round.ballots_returned} 张。"
                + (
                    "当选：" + "、".join(f"{c.name}（{p.label}）" for p, c in d.elected)
                    if d.elected
                    else ""
                )
            )
        else:
            self.votes.note.setText(
                "当选：" + "、".join(f"{c.name}（{p.label}）" for p, c in d.elected)
                if d.elected
                else ""
            )
        self._enable(d)

    def _enable(self, d: ElectionDetail) -> None:
        status = d.election.status
        current = d.current_round
        counted = current is not None and current.round.counted
        recorded = current is not None and current.round.votes_recorded
        incomplete = any(p.remaining > 0 for p in d.posts)
        allowed = {
            "candidate": status == "preparing",
            "drop": status == "preparing",
            "scrutineers": status == "preparing" or (status == "voting" and not counted),
            "start": status == "preparing",
            "ballot": status in ("preparing", "voting") and not recorded,
            "count": status == "voting" and not recorded,
            "votes": status == "voting" and counted and not recorded,
            "next": status == "voting" and recorded and incomplete,
            "close": status == "voting" and not (counted and not recorded),
            "undo": status != "preparing",
            "result": True,
            "notice": bool(d.elected),
        }
        for key, button in self.buttons.items():
            button.setEnabled(allowed[key] and self.editable)
        for key, action in self.print_actions.items():
            action.setEnabled(allowed[key])  # reading: in a county too
        self.print_button.setEnabled(any(a.isEnabled() for a in self.print_actions.values()))

    def _done(self, message: str = "") -> None:
        election_id = self.detail.election.id if self.detail else None
        self.fill(election_id)
        self.changed.emit()
        self.context.changed.emit("elections", [election_id] if election_id else [])
        if message:
            show_info(self, message)

    # ---- preparing ----------------------------------------------------------------------

    def new_election(self) -> bool:
        saved = NewElectionDialog.ask(self.context.office, self.meeting.id, self)
        if saved is None:
            return False
        self.fill(saved.id)
        self._done()
        return True

    def delete_election(self) -> bool:
        d = self.detail
        if d is None or not confirm(
            self, "删除选举", f"只有录入错误的选举才应删除。确定删除“{d.election.title}”吗？"
        ):
            return False
        try:
            self.context.office.elections.delete(d.election.id)
        except RendaError as exc:
            show_error(self, exc)
            return False
        self.detail = None
        self.fill()
        self._done()
        return True

    def add_candidate(self) -> bool:
        saved = CandidateDialog.ask(self.context.office, self.detail, self)
        if saved is None:
            return False
        self._done()
        return True

    def drop_candidate(self) -> bool:
        candidate_id = self.candidates.require_selected("候选人")
        if candidate_id is None:
            return False
        office = self.context.office
        candidate = office.elections.candidate(candidate_id)
        if not confirm(self, "撤下候选人", f"撤下候选人{candidate.name}吗？"):
            return False
        try:
            office.elections.remove_candidate(candidate_id)
        except RendaError as exc:
            show_error(self, exc)
            return False
        self._done()
        return True

    def choose_scrutineers(self) -> bool:
        dialog = ScrutineersDialog(self.context.office, self.detail, self)
        dialog.exec()
        if dialog.saved:
            self._done()
        return dialog.saved

    def start_voting(self) -> bool:
        d = self.detail
        if not confirm(
            self,
            "开始投票",
            "确定候选人名单并开始投票吗？开始后候选人不能再增减（可撤销上一步）。",
        ):
            return False
        try:
            self.context.office.elections.start_voting(d.election.id)
        except RendaError as exc:
            show_error(self, exc)
            return False
        self._done()
        return True

    # ---- voting -------------------------------------------------------------------------

    def count_ballots(self) -> bool:
        dialog = CountDialog(self.context.office, self.detail, self)
        dialog.exec()
        if dialog.saved:
            self._done()
        return dialog.saved

    def enter_votes(self) -> bool:
        dialog = VotesDialog(self.context.office, self.detail, self)
        dialog.exec()
        if dialog.outcome is None:
            return False
        self._done()
        self.context.deputies_changed.emit([])  # presidium roles follow the register
        title = "选举结果" if dialog.outcome.complete else "尚有名额未选出"
        show_info(self, dialog.outcome.summary, title)
        return True

    def next_round(self) -> bool:
        d = self.detail
        try:
            preview = self.context.office.elections.next_round(d.election.id)
        except RendaError as exc:
            show_error(self, exc)
            return False
        names = "；".join(
            f"{s.label}（应选 {s.section.seats} 名）：" + "、".join(v.name for v in s.on_ballot)
            for s in preview.sections
        )
        self._done(f"已开始{preview.round.label}，候选人：{names}。请打印选票。")
        return True

    def close_election(self) -> bool:
        d = self.detail
        if not confirm(
            self,
            "结束选举",
            "结束这次选举吗？尚未选出的名额，可以在以后的人代会上另行选举。",
        ):
            return False
        try:
            self.context.office.elections.close(d.election.id)
        except RendaError as exc:
            show_error(self, exc)
            return False
        self._done()
        return True

    def undo(self) -> bool:
        d = self.detail
        if not confirm(self, "撤销上一步", "撤销最近登记的一步（用于更正录入错误）吗？"):
            return False
        try:
            message = self.context.office.elections.undo(d.election.id)
        except RendaError as exc:
            show_error(self, exc)
            return False
        self._done(message)
        self.context.deputies_changed.emit([])
        return True

    # ---- printing -----------------------------------------------------------------------

    def _print(self, title: str, builder: str) -> TaskHandle:
        election_id = self.detail.election.id
        short = self.meeting.title.removeprefix(self.meeting.title.split("第", 1)[0])

        def build(ctx):  # noqa: ANN001, ANN202 (runs on the worker: never touches a widget)
            from app.documents import election_forms

            return getattr(election_forms, builder)(ctx.office, election_id)

        return preview_pdf(self, self.context, build, title=title, file_name=f"{title}_{short}")

    def print_ballot(self) -> TaskHandle:
        return self._print("选票", "election_ballot_pdf")

    def print_result(self) -> TaskHandle:
        recorded = any(r.round.votes_recorded for r in self.detail.rounds)
        return self._print("选举结果报告单" if recorded else "计票单", "election_result_pdf")

    def print_notice(self) -> TaskHandle:
        return self._print("当选公告", "election_notice_pdf")


def _n(value: int | None) -> str:
    return "" if value is None else str(value)
