"""The dialogs of oversight: each step of an appraisal or an opinion is a small form
(ui.widgets.record_dialog) whose save runs that step (app.oversight.steps, as the command
line does); a refusal stays in the dialog at its field and nothing is written. Choosing
the activities and receptions of a survey is a pair of checked lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import ValidationError
from app.office import Office
from app.oversight.opinions import Opinion
from app.oversight.rules import KINDS, VERDICTS, stages_of
from app.oversight.steps import appraisal_step
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
        return appraisal_step(
            office, appraisal_id, "stage", {**v, "stage": stage, "meeting_id": v["meeting_id"] or 0}
        )

    hints = {
        "mobilize": "动员：印发评议方案、召开动员会。",
        "survey": "调查：视察、走访、座谈、接待选民收集意见；在“代表活动”“联络站接待”中登记后，"
        "用“关联调查记录…”关联到本评议。",
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
        return appraisal_step(office, appraisal_id, "rating", v)

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
        return appraisal_step(office, appraisal_id, "rectify", v)

    return RecordDialog.ask(parent, f"{a.title}：送交评议意见", fields, values, save)


def ask_feedback(
    parent: QWidget, title: str, opinion: Opinion, save: Callable[[dict[str, Any]], Any]
) -> Any:
    """The written feedback; what was recorded before is there to correct."""
    fields = [
        FieldDef("feedback_date", "反馈日期", required=True, placeholder=TODAY_HINT),
        FieldDef("feedback", "办理（整改）情况", "longtext", required=True),
    ]
    values = {"feedback_date": opinion.feedback_date, "feedback": opinion.feedback}
    return RecordDialog.ask(parent, title, fields, values, save)


def ask_check(
    parent: QWidget, title: str, opinion: Opinion, save: Callable[[dict[str, Any]], Any]
) -> Any:
    fields = [
        FieldDef("check_date", "回头看日期", required=True, placeholder=TODAY_HINT),
        FieldDef("check_note", "回头看情况", "longtext", required=True),
    ]
    values = {"check_date": opinion.check_date, "check_note": opinion.check_note}
    return RecordDialog.ask(parent, title, fields, values, save)


def ask_plan(parent: QWidget, office: Office, appraisal_id: int) -> Any:
    """The schedule of an appraisal: each stage's planned day, in one form."""
    a = office.appraisals.get(appraisal_id)
    fields = [
        FieldDef(s.stage, f"{s.label}（计划）", placeholder=f"如 {a.year}-05-10；不定可空着")
        for s in a.stages
    ]
    values = {s.stage: s.planned_date for s in a.stages}
    return RecordDialog.ask(
        parent,
        f"{a.title}：各环节计划日期",
        fields,
        values,
        lambda v: appraisal_step(office, appraisal_id, "plan", v),
        hint="按评议方案填写各环节计划在哪天进行（后一环节不早于前一环节）。计划日期列入"
        "“年度工作—工作日历”和工作台的本月工作；过了计划日期还没有登记完成的，工作台会提醒。"
        "整改的期限在送交评议意见时确定。",
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


class SurveyPicker(QDialog):
    """Tick the records of an appraisal's survey: the activities (视察、走访、座谈) and the
    receptions of voters at the liaison stations, of its year (and any linked before)."""

    def __init__(self, office: Office, appraisal_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.duties.activities import ActivityQuery
        from app.duties.receptions import ReceptionQuery

        self.office = office
        self.appraisal_id = appraisal_id
        a = office.appraisals.get(appraisal_id)
        self.setWindowTitle(f"{a.title}：调查记录")
        self.setMinimumSize(600, 440)
        activity_ids = list(
            dict.fromkeys([*office.activities.search(ActivityQuery(year=a.year)), *a.activity_ids])
        )
        self.activities = _checked_list(
            [
                (row.id, f"{dates.format_date(row.date)}　{row.kind}：{row.topic}")
                for row in office.activities.rows(activity_ids)
            ],
            a.activity_ids,
        )
        reception_ids = list(
            dict.fromkeys(
                [*office.receptions.search(ReceptionQuery(year=a.year)), *a.reception_ids]
            )
        )
        self.receptions = _checked_list(
            [
                (
                    row.id,
                    f"{dates.format_date(row.date)}　{row.station_name}　来访 {row.visitors} 人"
                    + (f"：{row.first_item}" if row.first_item else ""),
                )
                for row in office.receptions.rows(reception_ids)
            ],
            a.reception_ids,
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.activities, f"代表活动（{self.activities.count()}）")
        self.tabs.addTab(self.receptions, f"接待选民（{self.receptions.count()}）")
        layout = QVBoxLayout(self)
        hint = QLabel(
            f"勾选{a.year}年为本次评议开展的视察、走访、座谈等代表活动（在“代表活动”中登记），"
            "和在联络站接待选民时听取的意见（在“联络站接待”中登记）。"
        )
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(button_row("保存", self.accept_values, self.reject))

    def accept_values(self) -> bool:
        from ui.widgets.messages import show_error

        values = {
            "activity_ids": _checked_ids(self.activities),
            "reception_ids": _checked_ids(self.receptions),
        }
        with Saving(self, lambda exc: show_error(self, exc)) as saving:
            appraisal_step(self.office, self.appraisal_id, "link", values)
        return saving.ok

    @classmethod
    def ask(cls, parent: QWidget, office: Office, appraisal_id: int) -> bool:
        return cls(office, appraisal_id, parent).exec() == QDialog.DialogCode.Accepted


def _checked_list(rows: Sequence[tuple[int, str]], checked: Sequence[int]) -> QListWidget:
    found = QListWidget()
    for record_id, text in rows:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, record_id)
        item.setToolTip(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        on = record_id in checked
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        found.addItem(item)
    return found


def _checked_ids(found: QListWidget) -> list[int]:
    return [
        found.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(found.count())
        if found.item(i).checkState() == Qt.CheckState.Checked
    ]
