"""换届 on the 年度工作 page: the terms, old and current (each stays browsable in 代表名册),
the current term's presidium as its sessions elected it (taken from 任职与选举, never typed
again), and the earlier term's posts still open once the new term has begun (ended as
届满 in one click)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import RendaError
from app.deputies.deputies import DeputyQuery
from ui.context import AppContext
from ui.widgets.messages import confirm, show_error, show_info


class TermTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        editable = context.office.editable
        self.steps = QLabel(
            "换届的步骤：① 换届选举结束、新一届第一次会议召开时，点右上角“开始新一届（换届）…”，"
            "勾选连任代表并编排新的代表证号；② 在“代表名册”中登记新当选的代表；"
            "③ 在“会议”中登记第一次会议和出席情况；④ 在“任职与选举”中登记这次会议的选举，"
            "计票结果登记后，新一届的人大主席、副主席、主席团成员即从中产生，"
            "代表名册中的主席团职务随之填好。"
        )
        self.steps.setWordWrap(True)
        self.steps.setObjectName("Hint")
        self.presidium = QLabel()
        self.presidium.setObjectName("Presidium")
        self.presidium.setWordWrap(True)
        self.open_elections = QPushButton("到“任职与选举”…")
        self.open_elections.setToolTip("登记第一次会议的选举，选举结果即是新一届主席团")
        self.open_elections.clicked.connect(lambda: context.go("officials"))
        self.open_posts = QLabel()
        self.open_posts.setWordWrap(True)
        self.open_posts.setStyleSheet("color: #b26a00")
        self.end_posts_button = QPushButton("上一届任职按届满结束")
        self.end_posts_button.setToolTip("新一届已开始：上一届仍在任的职务以新一届开始之日为届满日")
        self.end_posts_button.clicked.connect(self.end_old_posts)
        self.end_posts_button.setEnabled(editable)
        self.terms = QTableWidget(0, 4)
        self.terms.setObjectName("Terms")
        self.terms.setHorizontalHeaderLabels(["届次", "任期", "代表人数", "说明"])
        self.terms.verticalHeader().setVisible(False)
        self.terms.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.terms.setColumnWidth(0, 90)
        self.terms.setColumnWidth(1, 260)
        self.terms.setColumnWidth(2, 90)
        self.terms.horizontalHeader().setStretchLastSection(True)
        self.terms.setMaximumHeight(170)
        presidium_row = QHBoxLayout()
        presidium_row.addWidget(self.presidium, 1)
        presidium_row.addWidget(self.open_elections)
        posts_row = QHBoxLayout()
        posts_row.addWidget(self.open_posts, 1)
        posts_row.addWidget(self.end_posts_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addLayout(presidium_row)
        layout.addLayout(posts_row)
        layout.addWidget(QLabel("历届（各届的代表和档案都保留，在“代表名册”中选择届次查看）："))
        layout.addWidget(self.terms)
        layout.addStretch()
        self.reload()

    def reload(self) -> None:
        office = self.context.office
        current = office.current_term
        if current is None:
            return
        self.presidium.setText(office.new_term.presidium().text)
        still_open = office.new_term.old_posts_open()
        if still_open:
            names = "、".join(f"{h.name}（{h.post_label}）" for h in still_open[:6])
            more = f"等 {len(still_open)} 人" if len(still_open) > 6 else ""
            self.open_posts.setText(
                f"上一届仍在任：{names}{more}。{current.name}"
                f"从{dates.format_date(current.start_date)}开始，这些任职应于当日届满结束。"
            )
        self.open_posts.setVisible(bool(still_open))
        self.end_posts_button.setVisible(bool(still_open))
        terms = sorted(office.terms.list(current.township_id), key=lambda t: -t.number)
        self.terms.setRowCount(len(terms))
        for row, term in enumerate(terms):
            count = len(office.deputies.search(DeputyQuery(term_id=term.id)))
            note = "本届" if term.id == current.id else ""
            texts = (
                term.name,
                f"{dates.format_date(term.start_date)} 至 {dates.format_date(term.end_date)}",
                f"{count} 名",
                note,
            )
            for column, text in enumerate(texts):
                self.terms.setItem(row, column, QTableWidgetItem(text))

    def end_old_posts(self) -> None:
        office = self.context.office
        if not confirm(self, "届满结束", "把上一届仍在任的职务以新一届开始之日为届满日结束吗？"):
            return
        try:
            ended = office.new_term.end_old_posts()
        except RendaError as exc:
            show_error(self, exc)
            return
        self.context.changed.emit("officials", [])
        self.context.deputies_changed.emit([])
        self.reload()
        show_info(self, f"上一届 {ended} 项任职已按届满结束。", "届满结束")
