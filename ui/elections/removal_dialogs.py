"""The dialogs of a resignation or a recall at a session: putting one on the record (whose
holding or which deputy, who moves it, the joint movers of a recall, the reasons) and the
session's vote on it (赞成/反对/弃权, checked against the deputies present, the majority
of ALL deputies shown)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from app.core import dates
from app.deputies.deputies import DeputyQuery
from app.elections.removals import Removal
from app.elections.rules import RECALLABLE, REMOVAL_MOVED_BY, elected_threshold, fraction_label
from app.meetings.meetings import Meeting
from app.office import Office
from ui.elections.common import JointSigners, StepDialog
from ui.widgets.deputy_chooser import DeputyChooser
from ui.widgets.form import Choice, FormGrid

HINTS = {
    "resignation": "人大主席、副主席，镇长、副镇长等可以向人民代表大会提出辞职，由大会决定"
    "是否接受（地方组织法）。登记后请在大会上表决：须经全体代表的过半数通过；通过的，"
    "任职登记中记为“辞职被接受”，离任日期为会议日期。",
    "recall": "主席团或全体代表的{share}以上联名，可以提出对人大主席、副主席，镇长、副镇长的"
    "罢免案（地方组织法第三十一条），罢免案应当写明罢免理由；被提出罢免的人员可以申辩。"
    "大会以无记名投票表决，须经全体代表的过半数通过；通过的，任职登记中记为“罢免”。",
    "deputy_resignation": "乡镇人大代表可以向本级人民代表大会书面提出辞职（选举法第五十五条），"
    "须经全体代表的过半数通过；通过的，其代表资格终止（记入代表的状态变动），担任的"
    "主席团职务相应终止，并予以公告。",
}
TITLES = {
    "resignation": "辞职请求",
    "recall": "罢免案",
    "deputy_resignation": "代表辞职",
}


class RemovalDialog(StepDialog):
    """A resignation (of an official or of a deputy) or a recall motion, to be voted on."""

    def __init__(
        self, office: Office, meeting: Meeting, kind: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(office, f"登记{TITLES[kind]}", parent, 620)
        self._meeting = meeting
        self._kind = kind
        self.saved: Removal | None = None
        self.form = FormGrid(1)
        if kind == "deputy_resignation":
            choices = office.deputies.choices(
                DeputyQuery(term_id=meeting.term_id, level="township", status="active")
            )
            self.person = self.form.add(
                "deputy_id", "提出辞职的代表", DeputyChooser(choices), required=True
            )
        else:
            held = office.officials.on(meeting.start_date, meeting.township_id)
            if kind == "recall":
                held = [h for h in held if h.post in RECALLABLE]
            self.person = self.form.add(
                "holding_id",
                "辞职人员" if kind == "resignation" else "被提出罢免的人员",
                Choice([(f"{h.name}（{h.post_label}）", h.id) for h in held]),
                required=True,
            )
        self.moved_by = self.form.add(
            "moved_by",
            "提出",
            Choice(
                [(REMOVAL_MOVED_BY[k], k) for k in ("presidium", "deputies")]
                if kind == "recall"
                else [(REMOVAL_MOVED_BY["self"], "self")]
            ),
        )
        removals = office.elections.removals
        self.needed = removals.movers_needed(meeting.id)
        self.signers = JointSigners(
            office,
            meeting.term_id,
            title="联名提出罢免案的代表",
            note=f"勾选联名提出罢免案的代表（至少 {self.needed} 人）。",
        )
        if kind == "recall":
            self.form.add("movers", "联名代表", self.signers)
        self.signers.changed.connect(self._update)
        self.moved_by.currentIndexChanged.connect(self._update)
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(90)
        self.reason.setPlaceholderText(
            "罢免理由（必填）" if kind == "recall" else "辞职理由，如：因工作调动"
        )
        self.form.add(
            "reason",
            "罢免理由" if kind == "recall" else "辞职理由",
            self.reason,
            required=kind == "recall",  # 罢免案应当写明罢免理由
        )
        self.submitted = QLineEdit()
        self.submitted.setPlaceholderText("如 2026-03-01，可不填")
        self.form.add("submitted_date", "提出日期", self.submitted)
        share = fraction_label(removals.recall_share)
        self.lay_out(HINTS[kind].format(share=share), self.form)
        self._update()

    def _update(self) -> None:
        joint = self.moved_by.value() == "deputies"
        self.signers.set_active(joint, "（主席团提出不需要）")
        if joint:
            self.signers.count.setText(f"已选 {len(self.signers.ids)} 名，至少 {self.needed} 名")

    def save(self) -> bool:
        values = {
            "meeting_id": self._meeting.id,
            "kind": self._kind,
            "moved_by": self.moved_by.value(),
            "mover_ids": self.signers.ids if self.moved_by.value() == "deputies" else [],
            "reason": self.reason.toPlainText(),
            "submitted_date": self.submitted.text(),
        }
        key = "deputy_id" if self._kind == "deputy_resignation" else "holding_id"
        if self.person.value() is None:
            self.form.show_messages({key: "请选择人员"}, {}, {key})
            return False
        values[key] = self.person.value()
        self.saved = self.attempt(
            lambda: self._office.elections.removals.add(**values),
            lambda exc: self.form.show_refusal(exc, self),
        )
        return self.saved is not None

    @classmethod
    def ask(
        cls, office: Office, meeting: Meeting, kind: str, parent: QWidget | None
    ) -> Removal | None:
        dialog = cls(office, meeting, kind, parent)
        dialog.exec()
        return dialog.saved


class RemovalVoteDialog(StepDialog):
    """The session's vote: for, against, abstaining."""

    def __init__(self, office: Office, removal: Removal, parent: QWidget | None = None) -> None:
        super().__init__(office, "登记表决结果", parent, 520)
        self._removal = removal
        self.saved: Removal | None = None
        counts = office.meetings.attendance.counts(removal.meeting_id)
        self.form = FormGrid(3)
        self.votes_for = QLineEdit()
        self.against = QLineEdit()
        self.abstain = QLineEdit()
        self.form.add("votes_for", "赞成", self.votes_for, required=True)
        self.form.add("votes_against", "反对", self.against, required=True)
        self.form.add("votes_abstain", "弃权", self.abstain, required=True)
        need = elected_threshold(counts.expected)
        self.lay_out(
            f"{removal.motion_title}（{dates.format_date(removal.meeting_date)}）。"
            f"全体代表 {counts.expected} 人，出席 {counts.present} 人；须经全体代表的过半数，"
            f"即赞成 {need} 票以上方为通过（不是出席人数的过半数）。赞成、反对、弃权合计"
            "不能多于出席人数。",
            self.form,
            save_text="保存表决结果",
        )

    def fill(self, votes_for: int | str, against: int | str, abstain: int | str) -> None:
        self.votes_for.setText(str(votes_for))
        self.against.setText(str(against))
        self.abstain.setText(str(abstain))

    def save(self) -> bool:
        self.saved = self.attempt(
            lambda: self._office.elections.removals.record_vote(
                self._removal.id,
                votes_for=self.votes_for.text(),
                against=self.against.text(),
                abstain=self.abstain.text(),
            )
        )
        return self.saved is not None
