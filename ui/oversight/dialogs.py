"""The dialogs of oversight: each step of an appraisal or an opinion is a small form
(ui.widgets.record_dialog) whose save calls the office; a refusal stays in the dialog at
its field and nothing is written. Choosing the activities of a survey is a checked list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import ValidationError
from app.office import Office
from app.oversight.rules import KINDS, VERDICTS, stages_of
from ui.widgets.form import Saving, button_row
from ui.widgets.record_dialog import FieldDef, RecordDialog

TODAY_HINT = "如 " + dates.today().isoformat()


def rekeyed(save: Callable[[dict[str, Any]], Any], keys: dict[str, str]) -> Callable:
    """A save whose refusals of fields the form has no input for (the sum of the counts)
    are shown at the input that best explains them."""

    def run(values: dict[str, Any]) -> Any:
        try:
            return save(values)
        except ValidationError as exc:
            raise ValidationError({keys.get(k, k): m for k, m in exc.fields.items()}) from None

    return run


def meeting_items(office: Office, kinds: Sequence[str] = ("session", "presidium")) -> list:
    rows = [r for r in office.meetings.list() if r.kind in kinds]
    return [
        ("（不选）", None),
        *[(f"{r.title}（{dates.format_date(r.start_date)}）", r.id) for r in rows],
    ]


def ask_vote(parent: QWidget, office: Office) -> list | None:
    sessions = [r for r in office.meetings.list() if r.kind == "session"]
    fields = [
        FieldDef(
            "meeting_id", "票决的会议", "choice", [(r.title, r.id) for r in sessions], required=True
        ),
        FieldDef("places", "确定评议对象个数", required=True, placeholder="如 2"),
        FieldDef("total", "应参加表决的代表人数", placeholder="不填则按会议出席名单的代表人数"),
        FieldDef("votes", "候选单位和得票数", "longtext", required=True),
    ]

    def save(v: dict[str, Any]) -> list:
        votes: dict[str, str] = {}
        for line in str(v["votes"]).replace("＝", "=").splitlines():
            if not line.strip():
                continue
            if "=" not in line:
                raise ValidationError({"votes": f"“{line.strip()}”应写成“单位=得票数”"})
            name, count = line.rsplit("=", 1)
            votes[name.strip()] = count.strip()
        try:
            places = int(str(v["places"]).strip())
        except ValueError:
            raise ValidationError({"places": "请填写确定几个评议对象，如 2"}) from None
        total_text = str(v["total"]).strip()
        try:
            total = int(total_text) if total_text else None
        except ValueError:
            raise ValidationError({"total": "代表人数应是整数"}) from None
        return office.appraisals.choose_by_vote(v["meeting_id"], votes, places=places, total=total)

    return RecordDialog.ask(
        parent,
        "人代会票决评议对象",
        fields,
        {"meeting_id": sessions[0].id if sessions else None, "places": "2"},
        save,
        hint="每行一个候选单位，写成“单位=得票数”，如“镇农业综合服务中心=52”。得票超过全体代表"
        "半数、得票最多的单位确定为评议对象；最后一名得票相同的，须重新表决。",
    )


def ask_appraisal(parent: QWidget, office: Office, values: dict[str, Any], save: Callable) -> Any:
    fields = [
        FieldDef("kind", "评议类型", "choice", [(v, k) for k, v in KINDS.items()], required=True),
        FieldDef("year", "年度", required=True),
        FieldDef(
            "subject",
            "评议对象",
            required=True,
            placeholder="被评议单位，如 镇农业综合服务中心；述职评议填述职人姓名",
        ),
        FieldDef("post", "职务", placeholder="述职评议填写，如 副镇长"),
        FieldDef("plan", "评议方案", "longtext"),
        FieldDef("note", "备注", "longtext"),
    ]
    return RecordDialog.ask(parent, "登记评议", fields, values, save)


def ask_stage(parent: QWidget, office: Office, appraisal_id: int, stage: str) -> Any:
    a = office.appraisals.get(appraisal_id)
    s = a.stage(stage)
    fields = [
        FieldDef("planned_date", "计划日期", placeholder=TODAY_HINT),
        FieldDef("done_date", "完成日期", placeholder="完成后填写"),
        FieldDef("meeting_id", "会议", "choice", meeting_items(office)),
        FieldDef("record", "环节记录", "longtext"),
    ]
    values = {
        "planned_date": s.planned_date,
        "done_date": s.done_date,
        "meeting_id": s.meeting_id,
        "record": s.record,
    }

    def save(v: dict[str, Any]) -> Any:
        return office.appraisals.set_stage(
            appraisal_id,
            stage,
            planned_date=v["planned_date"],
            done_date=v["done_date"],
            record=v["record"],
            meeting_id=v["meeting_id"] or 0,
        )

    hints = {
        "mobilize": "动员：印发评议方案、召开动员会。",
        "survey": "调查：视察、走访、座谈收集意见；视察和走访在“代表活动”中登记后关联到本评议。",
        "review": "评议：被评议单位报告工作、代表评议的会议。",
        "rectify": "整改：送交评议意见、整改反馈和回头看另有按钮。",
    }
    to_date = {key: "done_date" for key in (*stages_of(a.kind), "stage")}
    return RecordDialog.ask(
        parent,
        f"{a.title}：{s.label}",
        fields,
        values,
        rekeyed(save, to_date),
        hint=hints.get(stage, ""),
    )


def ask_rating(parent: QWidget, office: Office, appraisal_id: int) -> Any:
    a = office.appraisals.get(appraisal_id)
    r = a.rating
    fields = [
        FieldDef("date", "测评日期", required=True, placeholder=TODAY_HINT),
        FieldDef("place", "测评地点"),
        FieldDef("issued", "发出票数", required=True),
        FieldDef("returned", "收回票数", required=True),
        FieldDef("satisfied", "满意"),
        FieldDef("basic", "基本满意"),
        FieldDef("unsatisfied", "不满意"),
        FieldDef("note", "备注", "longtext"),
    ]
    values: dict[str, Any] = {"date": a.stage("review").done_date}
    if r is not None:
        t = r.tally
        values = {
            "date": r.date,
            "place": r.place,
            "issued": t.issued,
            "returned": t.returned,
            "satisfied": t.satisfied,
            "basic": t.basic,
            "unsatisfied": t.unsatisfied,
            "note": r.note,
        }

    def save(v: dict[str, Any]) -> Any:
        return office.appraisals.record_rating(appraisal_id, **v)

    return RecordDialog.ask(
        parent,
        f"{a.title}：测评结果",
        fields,
        values,
        rekeyed(save, {"counted": "unsatisfied"}),
        hint="满意、基本满意、不满意合计不能多于收回票数，收回票数不能多于发出票数；"
        "满意率 =（满意＋基本满意）÷ 有效票。",
    )


def ask_rectification(parent: QWidget, office: Office, appraisal_id: int) -> Any:
    a = office.appraisals.get(appraisal_id)
    r = a.rectification
    fields = [
        FieldDef("sent_date", "送交日期", required=True, placeholder=TODAY_HINT),
        FieldDef("deadline", "整改期限", placeholder="不填则按设置：送交后几个月"),
        FieldDef("recipient", "送交单位"),
        FieldDef("content", "评议意见", "longtext", required=True),
    ]
    values = {"recipient": f"{a.post}{a.subject}" if a.kind == "duty" else a.subject}
    if r is not None:
        values = {
            "sent_date": r.sent_date,
            "deadline": r.deadline,
            "recipient": r.recipient,
            "content": r.content,
        }

    def save(v: dict[str, Any]) -> Any:
        return office.appraisals.send_rectification(appraisal_id, **v)

    return RecordDialog.ask(parent, f"{a.title}：送交评议意见", fields, values, save)


def ask_feedback(parent: QWidget, title: str, save: Callable[[str, str], Any]) -> Any:
    fields = [
        FieldDef("feedback_date", "反馈日期", required=True, placeholder=TODAY_HINT),
        FieldDef("feedback", "办理（整改）情况", "longtext", required=True),
    ]
    return RecordDialog.ask(
        parent, title, fields, {}, lambda v: save(v["feedback_date"], v["feedback"])
    )


def ask_check(parent: QWidget, title: str, save: Callable[[str, str], Any]) -> Any:
    fields = [
        FieldDef("check_date", "回头看日期", required=True, placeholder=TODAY_HINT),
        FieldDef("check_note", "回头看情况", "longtext", required=True),
    ]
    return RecordDialog.ask(
        parent, title, fields, {}, lambda v: save(v["check_date"], v["check_note"])
    )


def ask_close(
    parent: QWidget,
    title: str,
    save: Callable[[dict[str, Any]], Any],
    *,
    note: bool,
    meetings: Sequence[tuple[str, Any]] = (),
) -> Any:
    """结束评议 (with its conclusion, `note`) or 办结 an opinion (with the meeting its
    handling was reported back to, chosen from `meetings`)."""
    fields = [
        FieldDef("closed_date", "结束日期", required=True, placeholder=TODAY_HINT),
        FieldDef(
            "verdict", "落实情况", "choice", [(v, k) for k, v in VERDICTS.items()], required=True
        ),
    ]
    if note:
        fields.append(FieldDef("closing_note", "评议结论", "longtext"))
    if meetings:
        fields.append(FieldDef("reported_meeting_id", "办理情况报告的会议", "choice", meetings))
    return RecordDialog.ask(parent, title, fields, {"closed_date": dates.today().isoformat()}, save)


def ask_opinion(
    parent: QWidget,
    office: Office,
    values: dict[str, Any],
    save: Callable,
    title: str = "登记审议意见",
) -> Any:
    activities = office.activities.rows(office.activities.search(_inspections_query()))
    fields = [
        FieldDef("meeting_id", "提出意见的会议", "choice", meeting_items(office)),
        FieldDef(
            "activity_id",
            "或视察、调研活动",
            "choice",
            [("（不选）", None), *[(f"{a.kind}：{a.topic}", a.id) for a in activities]],
        ),
        FieldDef(
            "project_id",
            "或民生实事项目",
            "choice",
            [
                ("（不选）", None),
                *[
                    (f"{p.name}（{p.progress_label}）", p.id)
                    for p in office.meetings.projects.elected()
                ],
            ],
        ),
        FieldDef("topic", "审议事项", required=True, placeholder="如 镇人民政府工作报告"),
        FieldDef("content", "意见和建议", "longtext", required=True),
        FieldDef("recipient", "送交单位"),
        FieldDef("sent_date", "送交日期", placeholder="送交后填写"),
        FieldDef("deadline", "反馈期限", placeholder="不填则按设置：送交后几个月"),
    ]
    return RecordDialog.ask(
        parent,
        title,
        fields,
        {"recipient": "镇人民政府", **values},
        save,
        hint="人代会、主席团会议审议报告后代表提出的意见，视察、执法检查、专题调研提出的意见，"
        "或督办民生实事项目的意见（会议、活动、项目选一项）。",
    )


def _inspections_query() -> Any:
    from app.duties.activities import ActivityQuery

    return ActivityQuery()


def opinion_values(v: dict[str, Any]) -> dict[str, Any]:
    for key, source in (
        ("meeting_id", "meeting"),
        ("activity_id", "activity"),
        ("project_id", "project"),
    ):
        if v.get(key):
            return {**v, "source": source}
    return {**v, "source": "other"}


class ActivityPicker(QDialog):
    """Tick the activities of an appraisal's survey, from the activities of its year."""

    def __init__(self, office: Office, appraisal_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.duties.activities import ActivityQuery

        self.office = office
        self.appraisal_id = appraisal_id
        a = office.appraisals.get(appraisal_id)
        self.setWindowTitle(f"{a.title}：调查活动")
        self.setMinimumSize(560, 420)
        self.list = QListWidget()
        ids = office.activities.search(ActivityQuery(year=a.year))
        for row in office.activities.rows(ids):
            item = QListWidgetItem(f"{dates.format_date(row.date)}　{row.kind}：{row.topic}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = row.id in a.activity_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout = QVBoxLayout(self)
        hint = QLabel(
            f"勾选{a.year}年为本次评议开展的视察、走访、座谈等代表活动（在“代表活动”中登记）。"
        )
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(button_row("保存", self.accept_values, self.reject))

    def checked_ids(self) -> list[int]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def accept_values(self) -> bool:
        from ui.widgets.messages import show_error

        with Saving(self, lambda exc: show_error(self, exc)) as saving:
            self.office.appraisals.link_activities(self.appraisal_id, self.checked_ids())
        return saving.ok

    @classmethod
    def ask(cls, parent: QWidget, office: Office, appraisal_id: int) -> bool:
        return cls(office, appraisal_id, parent).exec() == QDialog.DialogCode.Accepted
