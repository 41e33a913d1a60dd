"""Record or edit a deputies' activity: kind, date, topic, organiser, the deputies who took
part, plan and summary; for a work appraisal the office appraised, the result, follow-up."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import ValidationError
from app.duties.activities import APPRAISAL, Activity
from app.office import Office
from ui.widgets.deputy_picker import DeputyPicker
from ui.widgets.form import Choice, FieldMessages, FormGrid, GuardedDialog, Saving
from ui.widgets.long_text import long_text
from ui.widgets.save_row import save_row
from ui.widgets.screen import fit_to_screen, scrolling


class ActivityDialog(GuardedDialog):
    def __init__(
        self, office: Office, activity: Activity | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._office = office
        self._activity = activity
        self.saved: Activity | None = None
        self.setWindowTitle(f"编辑代表活动：{activity.topic}" if activity else "登记代表活动")
        fit_to_screen(self, 920, 780)

        self.form = FormGrid(2)
        kinds = office.reference.values("activity_kinds")
        self.kind = Choice([("", ""), *[(k, k) for k in kinds]])
        self.form.add("kind", "活动类型", self.kind, required=True)
        self.date = QLineEdit(dates.today().isoformat())
        self.date.setPlaceholderText("如 2026-03-02")
        self.form.add("date", "日期", self.date, required=True)
        self.topic = QLineEdit()
        self.topic.setPlaceholderText("如：全镇农村饮水安全工程视察")
        self.form.add("topic", "活动主题", self.topic, span=2, required=True)
        self.place = QLineEdit()
        self.form.add("place", "地点", self.place)
        groups = office.groups.list()
        self.organiser_kind = Choice(
            [("乡镇人大主席团", "presidium"), ("代表小组", "group"), ("其他单位", "other")]
        )
        self.form.add("organiser_kind", "组织者", self.organiser_kind)
        self.group = Choice([("", None), *[(g.name, g.id) for g in groups]])
        self.form.add("group_id", "代表小组", self.group)
        self.organiser = QLineEdit()
        self.organiser.setPlaceholderText("如：县人大常委会")
        self.form.add("organiser", "组织单位", self.organiser)

        self.appraisal = QGroupBox("工作评议")
        appraisal_form = FormGrid(1)
        self.appraised_unit = QLineEdit()
        self.appraised_unit.setPlaceholderText("如：镇农业综合服务中心")
        appraisal_form.add("appraised_unit", "被评议单位", self.appraised_unit, required=True)
        self.appraisal_result = QLineEdit()
        self.appraisal_result.setPlaceholderText("如：满意（测评满意率 92%）")
        appraisal_form.add("appraisal_result", "评议结果", self.appraisal_result)
        self.follow_up = long_text(54, "被评议单位的整改措施和落实情况")
        appraisal_form.add("follow_up", "整改落实", self.follow_up)
        box = QVBoxLayout(self.appraisal)
        box.addWidget(appraisal_form)

        people = QGroupBox("参加人员（勾选参加的代表）")
        self.picker = DeputyPicker(office)
        self.picker.load(include=list(activity.deputy_ids) if activity else [])
        self.picker.setMinimumHeight(220)
        self.picker_messages = FieldMessages()
        people_form = FormGrid(1)
        self.others = QLineEdit()
        self.others.setPlaceholderText("其他参加人员的姓名和单位，如：镇水利站站长李明")
        people_form.add("others", "其他人员", self.others)
        people_box = QVBoxLayout(people)
        people_box.addWidget(self.picker, 1)
        people_box.addWidget(self.picker_messages)
        people_box.addWidget(people_form)

        texts = FormGrid(1)
        self.plan = long_text(60, "活动方案（可不填）")
        texts.add("plan", "活动方案", self.plan)
        self.summary = long_text(90, "活动总结或调研、视察报告")
        texts.add("summary", "总结或报告", self.summary)
        self.forms = [self.form, appraisal_form, people_form, texts]

        buttons, self.summary_label = save_row(self, self.save)
        hint = QLabel("照片和扫描件在保存后，于活动列表下方的“附件”中添加。")
        hint.setObjectName("Hint")

        # The fields scroll on a small screen; 保存 and 取消 stay in view below them.
        body = QWidget()
        fields = QVBoxLayout(body)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addWidget(self.form)
        fields.addWidget(self.appraisal)
        fields.addWidget(people, 1)
        fields.addWidget(texts)
        fields.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(body), 1)
        layout.addLayout(buttons)

        if activity:
            values = activity.form_values()
            for form in self.forms:
                form.set_values(values)
            self.picker.set_selected(list(activity.deputy_ids))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.organiser_kind.currentIndexChanged.connect(self._organiser_changed)
        self._kind_changed()
        self._organiser_changed()
        self.remember_input()  # 取消 asks before throwing what is typed away

    def typed_input(self) -> object:
        return self.values()

    def _kind_changed(self) -> None:
        self.appraisal.setVisible(self.kind.value() == APPRAISAL)

    def _organiser_changed(self) -> None:
        kind = self.organiser_kind.value()
        self.group.setEnabled(kind == "group")
        self.organiser.setEnabled(kind == "other")

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for form in self.forms:
            values.update(form.values())
        values["deputy_ids"] = self.picker.selected()
        return values

    def save(self) -> bool:
        office = self._office

        def refused(exc: ValidationError) -> None:
            for form in self.forms:
                form.show_messages(exc.fields, {})
            self.picker_messages.show_messages(exc.fields.get("deputy_ids", ""), "")
            self.summary_label.setText("请按提示修改后再保存。")

        with Saving(self, refused) as saving:
            if self._activity is None:
                self.saved = office.activities.add(**self.values())
            else:
                self.saved = office.activities.update(self._activity.id, **self.values())
        return saving.ok

    @classmethod
    def ask(
        cls, office: Office, activity: Activity | None = None, parent: QWidget | None = None
    ) -> Activity | None:
        dialog = cls(office, activity, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
