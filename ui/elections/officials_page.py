"""任职与选举: the officials' register — who held 人大主席, 人大副主席, 主席团成员, 镇长 and
副镇长 from when to when, how they came and went — with the rule checks and vacancies
above it; and the elections of every session, each opening in its session's view."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import RendaError
from app.deputies.deputies import DeputyQuery
from app.elections.officials import OfficialQuery
from app.elections.rules import HOW_BEGAN, HOW_ENDED, POST_ORDER, post_label
from ui.context import AppContext
from ui.deputies.basics_page import RecordTable
from ui.widgets.form import Choice
from ui.widgets.messages import confirm, show_error
from ui.widgets.record_dialog import FieldDef, RecordDialog

HEADERS = ("职务", "姓名", "工作单位及职务", "任职日期", "任职方式", "选举会议", "离任日期",
           "离任方式", "说明")  # fmt: skip
WIDTHS = (85, 70, 190, 105, 60, 205, 105, 75)
ELECTION_HEADERS = ("会议日期", "会议", "选举", "职务及名额", "投票次数", "状态", "当选")
ELECTION_WIDTHS = (110, 260, 200, 150, 60, 80)


class RegisterTab(RecordTable):
    def __init__(self, context: AppContext) -> None:
        super().__init__(HEADERS, WIDTHS)
        self.context = context
        township = context.office.township
        self._township = township.name if township else "镇"
        self.scope = Choice([("现任", True), ("全部（含离任）", False)])
        self.post = Choice(
            [("全部职务", None), *[(post_label(p, self._township), p) for p in POST_ORDER]]
        )
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.post.currentIndexChanged.connect(lambda _i: self.refresh())
        self.buttons.addWidget(self.scope)
        self.buttons.addWidget(self.post)
        self.add_buttons = [
            self.add_button("登记任职…", self.add_holding),
            self.add_button("登记离任…", self.end_holding, primary=True),
            self.add_button("撤销离任", self.reopen_holding),
            self.add_button("删除", self.remove_holding),
        ]
        self.finish_buttons()
        self.checks = QLabel()
        self.checks.setWordWrap(True)
        self.layout().insertWidget(0, self.checks)
        for button in self.add_buttons:
            button.setEnabled(context.office.editable)

    def refresh(self) -> None:
        office = self.context.office
        holdings = office.officials.list(
            OfficialQuery(post=self.post.value(), current_only=bool(self.scope.value()))
        )
        self.load(
            [
                (
                    h.id,
                    [
                        h.post_label,
                        h.name,
                        h.unit,
                        dates.format_date(h.start_date),
                        h.began_label,
                        # The township's own name is the same on every row.
                        h.start_meeting_title.removeprefix(self._township),
                        dates.format_date(h.end_date),
                        h.ended_label,
                        "；".join(t for t in (h.end_note, h.note) if t),
                    ],
                )
                for h in holdings
            ]
        )
        # The holdings in office have no end: their two columns would only push 说明 past
        # the edge of a 1024-pixel screen.
        current = bool(self.scope.value())
        for column in (6, 7):
            self.table.setColumnHidden(column, current)
        notes = office.officials.check() if office.mode == "township" else []
        lines = []
        for n in notes:
            colour = "#8a6d00" if n.kind == "warning" else "#c62828"
            mark = "⚠ " if n.kind == "warning" else "空缺："
            lines.append(f"<span style='color:{colour}'>{mark}{n.text}</span>")
        self.checks.setText("<br>".join(lines) or "各职务均已配齐，没有发现不符合规定的任职。")
        self.note.setText(
            f"共 {len(holdings)} 条。选举、补选的结果和大会表决的辞职、罢免在人代会的“选举”中"
            "登记，自动记入；这里登记本程序之前的任职，以及调离、届满等离任。"
        )

    def add_holding(self) -> bool:
        office = self.context.office
        term = office.current_term
        deputies = office.deputies.choices(
            DeputyQuery(term_id=term.id if term else None, level="township", status="active")
        )
        fields = (
            FieldDef(
                "post",
                "职务",
                "choice",
                [(post_label(p, self._township), p) for p in POST_ORDER],
                required=True,
            ),
            FieldDef("deputy_id", "代表（不是代表的留空）", "deputy", deputies),
            FieldDef("name", "姓名（不是代表的）"),
            FieldDef("unit", "工作单位及职务"),
            FieldDef("start_date", "任职日期", required=True, placeholder="如 2021-12-28"),
            FieldDef("start_how", "任职方式", "choice", [(v, k) for k, v in HOW_BEGAN.items()]),
            FieldDef("note", "说明"),
        )
        saved = RecordDialog.ask(
            self,
            "登记任职",
            fields,
            {},
            lambda v: office.officials.add(**v),
            hint="只登记不是在本程序中选举产生的任职（如使用本程序之前的）；"
            "在会议中登记的选举结果会自动记入。",
        )
        if saved is not None:
            self._changed()
        return saved is not None

    def end_holding(self) -> bool:
        holding_id = self.require_selected("任职记录")
        if holding_id is None:
            return False
        office = self.context.office
        holding = office.officials.get(holding_id)
        saved = RecordDialog.ask(
            self,
            f"登记离任：{holding.name}（{holding.post_label}）",
            (
                FieldDef(
                    "end_how",
                    "离任方式",
                    "choice",
                    [(v, k) for k, v in HOW_ENDED.items()],
                    required=True,
                ),
                FieldDef("end_date", "离任日期", required=True, placeholder="如 2026-03-14"),
                FieldDef("note", "说明", placeholder="如：经第四次会议表决接受辞职"),
            ),
            {"end_date": dates.today().isoformat()},
            lambda v: office.officials.end(
                holding_id, date=v["end_date"], how=v["end_how"], note=v["note"]
            ),
            hint="人代会表决接受的辞职和决定的罢免，请在该次人代会的“选举”—“辞职、罢免”中登记，"
            "表决通过后自动记入；这里登记调离、届满，以及使用本程序之前的离任。",
        )
        if saved is not None:
            self._changed()
        return saved is not None

    def reopen_holding(self) -> bool:
        holding_id = self.require_selected("任职记录")
        if holding_id is None:
            return False
        try:
            self.context.office.officials.reopen(holding_id)
        except RendaError as exc:
            show_error(self, exc)
            return False
        self._changed()
        return True

    def remove_holding(self) -> bool:
        holding_id = self.require_selected("任职记录")
        if holding_id is None:
            return False
        holding = self.context.office.officials.get(holding_id)
        if not confirm(
            self, "删除任职记录", f"删除{holding.name}（{holding.post_label}）的任职记录吗？"
        ):
            return False
        try:
            self.context.office.officials.remove(holding_id)
        except RendaError as exc:
            show_error(self, exc)
            return False
        self._changed()
        return True

    def _changed(self) -> None:
        self.refresh()
        self.context.deputies_changed.emit([])


class ElectionsTab(RecordTable):
    def __init__(self, context: AppContext) -> None:
        super().__init__(ELECTION_HEADERS, ELECTION_WIDTHS)
        self.context = context
        self.rows: dict[int, int] = {}  # election id -> meeting id
        self.add_button("打开所在会议", self.open_selected, primary=True)
        self.finish_buttons()
        self.table.doubleClicked.connect(lambda _i: self.open_selected())

    def refresh(self) -> None:
        rows = self.context.office.elections.list()
        self.rows = {r.id: r.meeting_id for r in rows}
        self.load(
            [
                (
                    r.id,
                    [
                        dates.format_date(r.meeting_date),
                        r.meeting_title,
                        r.title,
                        r.posts,
                        str(r.rounds),
                        r.status_label,
                        r.elected,
                    ],
                )
                for r in rows
            ]
        )
        self.note.setText(f"共 {len(rows)} 次选举。双击打开所在的人代会，在“选举”中查看和登记。")

    def open_selected(self) -> bool:
        election_id = self.require_selected("选举")
        if election_id is None:
            return False
        self.context.open_record("meetings", self.rows[election_id])
        page = self.context.page("meetings")
        view = page.view
        view.tabs.setCurrentWidget(view.elections)
        view.elections.fill(election_id)
        return True


REMOVAL_HEADERS = ("会议日期", "会议", "类别", "人员", "职务", "结果", "表决", "提出")
REMOVAL_WIDTHS = (110, 230, 100, 70, 70, 60, 170)


class RemovalsTab(RecordTable):
    """Every resignation and recall put to a session, with its vote; each opens in its
    session's view, where it is recorded and printed."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(REMOVAL_HEADERS, REMOVAL_WIDTHS)
        self.context = context
        self.rows: dict[int, int] = {}  # removal id -> meeting id
        self.add_button("打开所在会议", self.open_selected, primary=True)
        self.finish_buttons()
        self.table.doubleClicked.connect(lambda _i: self.open_selected())

    def refresh(self) -> None:
        rows = self.context.office.elections.removals.list()
        self.rows = {r.id: r.meeting_id for r in rows}
        self.load(
            [
                (
                    r.id,
                    [
                        dates.format_date(r.meeting_date),
                        r.meeting_title,
                        r.kind_label,
                        r.name,
                        r.post_label,
                        r.result_label,
                        r.votes_label or "待表决",
                        r.moved_label,
                    ],
                )
                for r in rows
            ]
        )
        self.note.setText(
            f"共 {len(rows)} 项。辞职请求、罢免案在人代会的“选举”—“辞职、罢免”中登记和表决；"
            "通过的自动记入任职登记（代表辞职的记入代表状态）。双击打开所在的人代会。"
        )

    def open_selected(self) -> bool:
        removal_id = self.require_selected("辞职或罢免")
        if removal_id is None:
            return False
        self.context.open_record("meetings", self.rows[removal_id])
        view = self.context.page("meetings").view
        view.tabs.setCurrentWidget(view.elections)
        view.elections.sections.setCurrentWidget(view.elections.removals)
        view.elections.removals.select(removal_id)
        return True


class OfficialsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        title = QLabel("任职与选举")
        title.setObjectName("PageTitle")
        self.register = RegisterTab(context)
        self.elections = ElectionsTab(context)
        self.removals = RemovalsTab(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.register, "任职登记")
        self.tabs.addTab(self.elections, "历次选举")
        self.tabs.addTab(self.removals, "辞职、罢免")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        self.refresh()
        context.changed.connect(self._changed)
        context.deputies_changed.connect(lambda _ids: self.refresh())
        context.structure_changed.connect(self.refresh)

    def refresh(self) -> None:
        self.register.refresh()
        self.elections.refresh()
        self.removals.refresh()

    def _changed(self, area: str, _ids: list) -> None:
        if area in ("elections", "meetings"):
            self.refresh()
