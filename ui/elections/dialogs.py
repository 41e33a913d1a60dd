"""The dialogs of an election at a session: a new election (posts and seats), a candidate
with who nominated them, the monitors and tellers, the count of the ballots, and the votes
per person (write-ins too). Each saves through the office and shows a refusal at its
fields, keeping what was typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.core.errors import ValidationError
from app.deputies.deputies import DeputyQuery
from app.elections.elections import Candidate, Election, ElectionDetail, RoundOutcome
from app.elections.rules import ELECTION_KINDS, NOMINATED_BY, POST_ORDER, POSTS, post_label
from app.office import Office
from ui.elections.common import JointSigners, StepDialog
from ui.widgets.deputy_chooser import DeputyChooser
from ui.widgets.deputy_picker import DeputyPicker
from ui.widgets.form import Choice, FormGrid


class NewElectionDialog(StepDialog):
    """选举 or 补选 at a session, with the seats of each post."""

    def __init__(self, office: Office, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(office, "新建选举", parent, 560)
        self._meeting_id = meeting_id
        self.saved: Election | None = None
        township = office.townships.get(office.meetings.get(meeting_id).township_id).name
        self.form = FormGrid(1)
        self.kind = self.form.add(
            "kind", "类别", Choice([(label, key) for key, label in ELECTION_KINDS.items()])
        )
        self.title = QLineEdit()
        self.title.setPlaceholderText("可不填，如“补选镇人民政府副镇长”")
        self.form.add("title", "名称", self.title)
        self.seats: dict[str, QSpinBox] = {}
        for code in POST_ORDER:
            spin = QSpinBox()
            spin.setRange(0, 15)
            spin.setSuffix(" 名")
            spin.setMaximumWidth(90)
            self.seats[code] = spin
            self.form.add(f"seats_{code}", f"{post_label(code, township)}应选", spin)
        self.lay_out(
            "列出本次选举的职务和应选名额（不选举的职务填 0）。人大主席、镇长只设一名；"
            "人大副主席可设一至二人。补选前，请先在“任职与选举”中登记原任人员的离任，"
            "或在“辞职、罢免”中登记大会的表决。",
            self.form,
        )

    def set_seats(self, **seats: int) -> None:
        for code, n in seats.items():
            self.seats[code].setValue(n)

    def save(self) -> bool:
        posts = [(code, spin.value()) for code, spin in self.seats.items() if spin.value()]

        def refused(exc: ValidationError) -> None:
            self.form.show_messages(exc.fields, {}, {"kind", "title"})
            self.problems.setText(
                "\n".join(v for k, v in exc.fields.items() if k not in ("kind", "title"))
            )

        self.saved = self.attempt(
            lambda: self._office.elections.add(
                meeting_id=self._meeting_id,
                kind=self.kind.value(),
                posts=posts,
                title=self.title.text(),
            ),
            refused,
        )
        return self.saved is not None

    @classmethod
    def ask(cls, office: Office, meeting_id: int, parent: QWidget | None) -> Election | None:
        dialog = cls(office, meeting_id, parent)
        dialog.exec()
        return dialog.saved


class CandidateDialog(StepDialog):
    """One candidate: a deputy (chosen from the session's deputies) or a person from outside
    the congress, with their basic information, and who nominated them."""

    def __init__(
        self, office: Office, detail: ElectionDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(office, "提名候选人", parent, 640)
        self._detail = detail
        self.saved: Candidate | None = None
        meeting = office.meetings.get(detail.election.meeting_id)
        choices = office.deputies.choices(
            DeputyQuery(term_id=meeting.term_id, level="township", status="active")
        )
        self.form = FormGrid(2)
        self.post = self.form.add(
            "post", "职务", Choice([(p.label, p.post.post) for p in detail.posts]), required=True
        )
        self.is_deputy = QCheckBox("候选人是本届代表")
        self.is_deputy.setChecked(True)
        self.form.add("is_deputy", "", self.is_deputy)
        self.deputy = self.form.add(
            "deputy_id",
            "代表",
            DeputyChooser(choices),  # a name or pinyin initials finds the candidate
            span=2,
        )
        self.name = QLineEdit()
        self.form.add("name", "姓名", self.name)
        self.gender = self.form.add(
            "gender", "性别", Choice([("", ""), ("男", "男"), ("女", "女")])
        )
        self.birth = QLineEdit()
        self.birth.setPlaceholderText("如 1982-05")
        self.form.add("birth_date", "出生年月", self.birth)
        self.party = QLineEdit()
        self.form.add("political_status", "政治面貌", self.party)
        self.education = QLineEdit()
        self.form.add("education", "文化程度", self.education)
        self.unit = QLineEdit()
        self.unit.setPlaceholderText("是代表的可不填，取代表名册中的单位")
        self.form.add("unit", "工作单位及职务", self.unit, span=2)
        self.nominated_by = self.form.add(
            "nominated_by",
            "提名",
            Choice(
                [(NOMINATED_BY["presidium"], "presidium"), (NOMINATED_BY["deputies"], "deputies")]
            ),
        )
        self.signers = JointSigners(
            office,
            meeting.term_id,
            title="联名提名的代表",
            note="勾选书面联名提名这名候选人的代表。",
        )
        self.form.add("nominators", "联名代表", self.signers)
        self.signers.changed.connect(self._update)
        self.is_deputy.toggled.connect(self._update)
        self.nominated_by.currentIndexChanged.connect(self._update)
        self.post.currentIndexChanged.connect(self._update)
        rules = office.elections.rules
        self.lay_out(
            f"候选人由主席团提名，或由代表 {rules.joint_nominators} 人以上书面联名提名；"
            "主席团、联名代表提名的人数都不得超过应选名额。人大主席、副主席和主席团成员"
            "应从代表中选出。监票人、计票人不能是候选人。",
            self.form,
        )
        self._update()

    @property
    def nominators(self) -> list[int]:
        return self.signers.ids

    def _update(self) -> None:
        post = self.post.value()
        from_deputies = bool(post and POSTS[post].from_deputies)
        if from_deputies and not self.is_deputy.isChecked():
            self.is_deputy.setChecked(True)
        self.is_deputy.setEnabled(not from_deputies)
        deputy = self.is_deputy.isChecked()
        self.deputy.setEnabled(deputy)
        for widget in (self.name, self.gender, self.birth, self.party, self.education):
            widget.setEnabled(not deputy)
        joint = self.nominated_by.value() == "deputies"
        self.signers.set_active(joint, "（主席团提名不需要）")

    def pick_nominators(self) -> bool:
        return self.signers.pick()

    def set_nominators(self, ids: list[int]) -> None:
        self.signers.set_ids(ids)

    def save(self) -> bool:
        values: dict[str, Any] = {
            "post": self.post.value(),
            "nominated_by": self.nominated_by.value(),
            "nominator_ids": self.nominators if self.nominated_by.value() == "deputies" else [],
            "unit": self.unit.text(),
        }
        if self.is_deputy.isChecked():
            if self.deputy.value() is None:
                self.form.show_messages({"deputy_id": "请选择候选人"}, {}, {"deputy_id"})
                return False
            values["deputy_id"] = self.deputy.value()
        else:
            values.update(
                name=self.name.text(),
                gender=self.gender.value(),
                birth_date=self.birth.text(),
                political_status=self.party.text(),
                education=self.education.text(),
            )
        self.saved = self.attempt(
            lambda: self._office.elections.add_candidate(self._detail.election.id, **values),
            lambda exc: self.form.show_refusal(exc, self),
        )
        return self.saved is not None

    @classmethod
    def ask(
        cls, office: Office, detail: ElectionDetail, parent: QWidget | None
    ) -> Candidate | None:
        dialog = cls(office, detail, parent)
        dialog.exec()
        return dialog.saved


class ScrutineersDialog(StepDialog):
    """监票人 ticked among the session's deputies (not candidates) and 计票人 typed."""

    def __init__(
        self, office: Office, detail: ElectionDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(office, "监票人、计票人", parent, 560)
        self._detail = detail
        self.saved = False
        self.resize(720, 620)
        meeting = office.meetings.get(detail.election.meeting_id)
        self.picker = DeputyPicker(office)
        self.picker.load(meeting.term_id)
        self.picker.set_selected([s.deputy_id for s in detail.monitors if s.deputy_id])
        self.tellers = QLineEdit()
        self.tellers.setPlaceholderText("如：人大办 周小燕、党政办 李明（用顿号或逗号分开）")
        self.tellers.setText("、".join(s.name for s in detail.tellers))
        row = QHBoxLayout()
        row.addWidget(QLabel("计票人"))
        row.addWidget(self.tellers, 1)
        self.lay_out(
            "勾选监票人：由全体代表从不是候选人的代表中推选，经大会通过（一般二至三人）。"
            "计票人由大会工作人员担任，填写其单位和姓名。",
            (self.picker, 1),
            row,
        )

    def save(self) -> bool:
        import re

        tellers = [t for t in re.split(r"[、,，;；]+", self.tellers.text()) if t.strip()]
        self.saved = (
            self.attempt(
                lambda: self._office.elections.set_scrutineers(
                    self._detail.election.id, monitors=self.picker.selected(), tellers=tellers
                )
            )
            is not None
        )
        return self.saved


class CountDialog(StepDialog):
    """清点选票: ballots issued and returned, and each post's valid and invalid ballots."""

    def __init__(
        self, office: Office, detail: ElectionDetail, parent: QWidget | None = None
    ) -> None:
        current = detail.current_round
        assert current is not None
        super().__init__(office, f"清点选票：{current.round.label}", parent, 560)
        self._detail = detail
        self.saved = False
        self.form = FormGrid(2)
        self.issued = QLineEdit(str(current.round.ballots_issued or ""))
        self.returned = QLineEdit(str(current.round.ballots_returned or ""))
        self.form.add("issued", "发出选票（张）", self.issued, required=True)
        self.form.add("returned", "收回选票（张）", self.returned, required=True)
        self.sections: dict[str, tuple[QLineEdit, QLineEdit]] = {}
        for s in current.sections:
            valid = QLineEdit(
                "" if s.section.ballots_valid is None else str(s.section.ballots_valid)
            )
            invalid = QLineEdit(
                "" if s.section.ballots_invalid is None else str(s.section.ballots_invalid)
            )
            self.form.add(f"valid_{s.post}", f"{s.label}有效票", valid, required=True)
            self.form.add(f"invalid_{s.post}", f"{s.label}无效票", invalid, required=True)
            self.sections[s.post] = (valid, invalid)
        self.lay_out(
            f"出席代表 {detail.present} 人。发出的选票不能多于出席人数；收回的选票多于"
            "发出的选票的，本次选举无效，应重新投票。每一职务所选人数多于应选名额的，"
            "该职务的选票无效；有效票与无效票之和应等于收回的选票。",
            self.form,
        )

    def fill(self, issued: int, returned: int, sections: dict[str, tuple[int, int]]) -> None:
        self.issued.setText(str(issued))
        self.returned.setText(str(returned))
        for post, (valid, invalid) in sections.items():
            self.sections[post][0].setText(str(valid))
            self.sections[post][1].setText(str(invalid))

    def save(self) -> bool:
        self.saved = (
            self.attempt(
                lambda: self._office.elections.count_ballots(
                    self._detail.election.id,
                    issued=self.issued.text(),
                    returned=self.returned.text(),
                    sections={
                        post: (valid.text(), invalid.text())
                        for post, (valid, invalid) in self.sections.items()
                    },
                )
            )
            is not None
        )
        return self.saved


class VotesDialog(StepDialog):
    """The votes of the current vote, read from the count sheet: for each person on the
    ballot 赞成 (and, if counted, 反对 and 弃权); write-ins added as rows."""

    COLUMNS = ("职务", "姓名", "赞成", "反对", "弃权")

    def __init__(
        self, office: Office, detail: ElectionDetail, parent: QWidget | None = None
    ) -> None:
        current = detail.current_round
        assert current is not None
        super().__init__(office, f"登记得票：{current.round.label}", parent, 560)
        self._detail = detail
        self.outcome: RoundOutcome | None = None
        self.resize(640, 560)
        self.rows: list[tuple[str, int | None]] = []  # (post, candidate id or None: write-in)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().setVisible(False)
        for column, width in enumerate((110, 160, 80, 80)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self._labels = {s.post: s.label for s in current.sections}
        for s in current.sections:
            for line in s.on_ballot:
                self._add_row(s.post, line.candidate_id, line.name)
        self.write_in_post = Choice([(s.label, s.post) for s in current.sections])
        add = QPushButton("添加另选他人")
        add.clicked.connect(lambda: self.add_write_in(self.write_in_post.value()))
        seats = "；".join(
            f"{s.label}应选 {s.section.seats} 名、有效票 {s.section.ballots_valid} 张"
            for s in current.sections
        )
        row = QHBoxLayout()
        row.addWidget(self.write_in_post)
        row.addWidget(add)
        row.addStretch()
        self.lay_out(
            f"全体代表 {detail.total_deputies} 人，当选须获得全体代表过半数的选票，即至少 "
            f"{detail.threshold} 票（不是出席人数的过半数）。{seats}。"
            "反对、弃权票没有统计的可以不填。",
            (self.table, 1),
            row,
            save_text="保存并确定当选人",
        )
        if self.table.rowCount():
            self.table.setCurrentCell(0, 2)

    def _add_row(self, post: str, candidate_id: int | None, name: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate((self._labels[post], name, "", "", "")):
            item = QTableWidgetItem(text)
            fixed = column == 0 or (column == 1 and candidate_id is not None)
            if fixed:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, column, item)
        self.rows.append((post, candidate_id))
        return row

    def add_write_in(self, post: str, name: str = "", votes: int | str = "") -> int:
        row = self._add_row(post, None, name)
        self.table.item(row, 1).setToolTip("另选他人：填写姓名")
        self.table.item(row, 2).setText(str(votes))
        return row

    def set_votes(self, values: list[int | str | tuple]) -> None:
        """Fill the ballot's rows in order: a number (赞成) or (赞成, 反对, 弃权)."""
        for row, value in enumerate(values):
            parts = value if isinstance(value, tuple) else (value,)
            for offset, part in enumerate(parts):
                self.table.item(row, 2 + offset).setText(str(part))

    def save(self) -> bool:
        votes: dict[int, str] = {}
        against: dict[int, str] = {}
        abstain: dict[int, str] = {}
        write_ins: list[tuple[str, str, str]] = []
        for row, (post, candidate_id) in enumerate(self.rows):
            cells = [self.table.item(row, c).text().strip() for c in range(5)]
            for c in range(5):
                self.table.item(row, c).setBackground(QBrush())
            if candidate_id is None:
                if cells[1] or cells[2]:
                    write_ins.append((post, cells[1], cells[2]))
                continue
            votes[candidate_id] = cells[2]
            if cells[3]:
                against[candidate_id] = cells[3]
            if cells[4]:
                abstain[candidate_id] = cells[4]

        def refused(exc: ValidationError) -> None:
            for row, (_post, candidate_id) in enumerate(self.rows):
                if candidate_id is not None and f"votes_{candidate_id}" in exc.fields:
                    self.table.item(row, 2).setBackground(QBrush(QColor("#fdecea")))
            self.show_problems(exc)

        self.outcome = self.attempt(
            lambda: self._office.elections.record_votes(
                self._detail.election.id,
                votes=votes,
                against=against or None,
                abstain=abstain or None,
                write_ins=write_ins,
            ),
            refused,
        )
        return self.outcome is not None
