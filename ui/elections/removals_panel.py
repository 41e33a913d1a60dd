"""辞职、罢免 in a session's view: the resignations of officials and of deputies and the
recall motions put to this session, each with who moved it and the session's vote; the
表决票 and the result with its 公告 printed from here. A vote that passes updates the
officials' register (or the deputy's status) on the session's date."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from app.core.errors import RendaError
from app.elections.removals import Removal
from app.elections.rules import elected_threshold
from app.meetings.meetings import Meeting
from ui.context import AppContext
from ui.deputies.basics_page import RecordTable
from ui.elections.removal_dialogs import RemovalDialog, RemovalVoteDialog
from ui.printing.actions import preview_pdf
from ui.tasks import TaskHandle
from ui.widgets.messages import confirm, show_error, show_info

HEADERS = ("类别", "人员", "职务", "提出", "理由", "表决", "结果")
WIDTHS = (84, 64, 74, 160, 150, 150)


class RemovalsPanel(QWidget):
    changed = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.meeting: Meeting | None = None
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.table = RecordTable(HEADERS, WIDTHS)
        self.rows: dict[int, Removal] = {}
        self.buttons: dict[str, QPushButton] = {}
        # Three kinds to put on record and two papers: a menu each keeps the row short
        # enough for a 1024-pixel screen.
        self.buttons["add"] = self.table.add_button("登记辞职、罢免", lambda: None)
        adding = QMenu(self.buttons["add"])
        for kind, text in (
            ("resignation", "任职人员辞职请求…"),
            ("recall", "罢免案…"),
            ("deputy_resignation", "代表辞去代表职务…"),
        ):
            adding.addAction(text, lambda k=kind: self.add(k))
        self.buttons["add"].setMenu(adding)
        for key, text, slot, primary in (
            ("vote", "登记表决结果…", self.record_vote, True),
            ("undo", "撤销表决结果", self.undo_vote, False),
            ("delete", "删除", self.delete, False),
        ):
            self.buttons[key] = self.table.add_button(text, slot, primary)
        self.buttons["print"] = self.table.add_button("打印", lambda: None)
        printing = QMenu(self.buttons["print"])
        printing.addAction("表决票（罢免表决票）…", self.print_ballot)
        printing.addAction("表决结果报告单、公告…", self.print_result)
        self.buttons["print"].setMenu(printing)
        self.table.finish_buttons()
        self.table.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)

    @property
    def editable(self) -> bool:
        return self.context.office.editable

    def show_meeting(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.refresh()

    def refresh(self) -> None:
        office = self.context.office
        removals = office.elections.removals
        rows = removals.of_meeting(self.meeting.id)
        counts = office.meetings.attendance.counts(self.meeting.id)
        self.rows = {r.id: r for r in rows}
        self.table.load(
            [
                (
                    r.id,
                    [
                        r.kind_label,
                        r.name,
                        r.post_label,
                        r.moved_label,
                        r.reason,
                        r.votes_label or "待表决",
                        r.result_label + (f"（{r.outcome_text}）" if r.voted and r.passed else ""),
                    ],
                )
                for r in rows
            ]
        )
        need = elected_threshold(counts.expected)
        self.info.setText(
            f"全体代表 <b>{counts.expected}</b> 人，出席 {counts.present} 人。接受辞职、罢免"
            f"均须经全体代表的过半数通过，即赞成 <b>{need}</b> 票以上；代表联名提出罢免案"
            f"须至少 <b>{removals.movers_needed(self.meeting.id)}</b> 人。通过的，任职登记"
            "（或代表的状态）按会议日期更新；未通过的不作变动。"
        )
        self.table.note.setText(
            f"共 {len(rows)} 项。先登记辞职请求或罢免案，大会表决后登记表决结果。"
        )
        self._enable()

    def select(self, removal_id: int) -> None:
        for row in range(self.table.table.rowCount()):
            if self.table.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == removal_id:
                self.table.table.selectRow(row)

    def _selected(self) -> Removal | None:
        return self.rows.get(self.table.selected())

    def _enable(self) -> None:
        r = self._selected()
        allowed = {
            "add": True,
            "vote": r is not None and not r.voted,
            "undo": r is not None and r.voted,
            "delete": r is not None and not r.voted,
            "print": r is not None,
        }
        reading = ("print",)
        for key, button in self.buttons.items():
            button.setEnabled(allowed[key] and (self.editable or key in reading))

    def _done(self, message: str = "") -> None:
        self.refresh()
        self.changed.emit()
        self.context.changed.emit("elections", [])
        self.context.deputies_changed.emit([])  # roles and statuses follow the votes
        if message:
            show_info(self, message)

    def _require(self) -> Removal | None:
        removal_id = self.table.require_selected("辞职或罢免")
        return None if removal_id is None else self.rows.get(removal_id)

    # ---- steps --------------------------------------------------------------------------

    def add(self, kind: str) -> bool:
        saved = RemovalDialog.ask(self.context.office, self.meeting, kind, self)
        if saved is None:
            return False
        self._done()
        self.select(saved.id)
        self._enable()
        return True

    def record_vote(self) -> bool:
        r = self._require()
        if r is None:
            return False
        dialog = RemovalVoteDialog(self.context.office, r, self)
        dialog.exec()
        if dialog.saved is None:
            return False
        done = dialog.saved
        self._done(
            f"{done.motion_title}：{done.votes_label}。全体代表 {done.total_deputies} 人，"
            f"须赞成 {done.threshold} 票以上，{done.result_label}。"
            + (
                f"已记入任职登记：{done.outcome_text}。"
                if done.passed and done.kind != "deputy_resignation"
                else "其代表资格终止，已记入代表的状态变动。"
                if done.passed
                else "任职登记不作变动。"
            )
        )
        return True

    def undo_vote(self) -> bool:
        r = self._require()
        if r is None or not confirm(
            self, "撤销表决结果", f"撤销“{r.motion_title}”的表决结果（用于更正录入错误）吗？"
        ):
            return False
        try:
            self.context.office.elections.removals.undo_vote(r.id)
        except RendaError as exc:
            show_error(self, exc)
            return False
        self._done()
        return True

    def delete(self) -> bool:
        r = self._require()
        if r is None or not confirm(self, "删除", f"删除误录的“{r.motion_title}”吗？"):
            return False
        try:
            self.context.office.elections.removals.delete(r.id)
        except RendaError as exc:
            show_error(self, exc)
            return False
        self._done()
        return True

    # ---- printing -----------------------------------------------------------------------

    def _print(self, title: str, builder: str) -> TaskHandle | None:
        r = self._require()
        if r is None:
            return None
        removal_id = r.id

        def build(ctx):  # noqa: ANN001, ANN202 (runs on the worker: never touches a widget)
            from app.documents import removal_forms

            return getattr(removal_forms, builder)(ctx.office, removal_id)

        return preview_pdf(self, self.context, build, title=title, file_name=f"{title}_{r.name}")

    def print_ballot(self) -> TaskHandle | None:
        r = self._selected()
        title = "罢免表决票" if r and r.kind == "recall" else "表决票"
        return self._print(title, "removal_ballot_pdf")

    def print_result(self) -> TaskHandle | None:
        return self._print("表决结果报告单", "removal_result_pdf")
