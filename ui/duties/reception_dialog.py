"""Record or edit one reception of voters at a liaison station: when, where, the deputies
on duty, and each visitor with what they raised and how it was handled."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import ValidationError
from app.duties.receptions import HANDLINGS, ITEM_LABELS, Reception, ReceptionItem, Receptions
from app.office import Office
from ui.widgets.deputy_picker import DeputyPicker
from ui.widgets.form import Choice, FieldMessages, FormGrid, GuardedDialog, Saving
from ui.widgets.long_text import long_text
from ui.widgets.messages import confirm, show_error
from ui.widgets.record_dialog import FieldDef, RecordDialog
from ui.widgets.save_row import save_row
from ui.widgets.screen import fit_to_screen

YES_NO = (("是", "1"), ("否", "0"))
GENDERS = (("", ""), ("男", "男"), ("女", "女"))


def item_fields() -> list[FieldDef]:
    label = ITEM_LABELS
    return [
        FieldDef("visitor_name", label["visitor_name"], placeholder="可不填（匿名）"),
        FieldDef("visitor_gender", label["visitor_gender"], "choice", GENDERS),
        FieldDef("visitor_age", label["visitor_age"], placeholder="如 56"),
        FieldDef("contact", label["contact"], placeholder="手机或固定电话"),
        FieldDef("village", label["village"], placeholder="如 桃源村"),
        FieldDef("content", label["content"], "longtext", required=True,
                 placeholder="尽量照来访人的原话记录"),
        FieldDef("within_powers", label["within_powers"], "choice", YES_NO),
        FieldDef("handling", label["handling"], "choice",
                 tuple((text, key) for key, text in HANDLINGS.items())),
        FieldDef("forwarded_to", label["forwarded_to"], placeholder="如 镇交通站；上级代表填姓名"),
        FieldDef("result", label["result"], "longtext"),
        FieldDef("feedback_date", label["feedback_date"], placeholder="如 2026-04-02"),
        FieldDef("feedback_way", label["feedback_way"], placeholder="如 电话、上门、书面"),
    ]  # fmt: skip


def item_dialog_values(values: dict[str, Any]) -> dict[str, Any]:
    """An item's values as the item dialog shows them."""
    shown = dict(values)
    shown["within_powers"] = "1" if values.get("within_powers", True) else "0"
    return shown


class ReceptionDialog(GuardedDialog):
    def __init__(
        self,
        office: Office,
        reception: Reception | None = None,
        parent: QWidget | None = None,
        *,
        station_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._office = office
        self._reception = reception
        self.saved: Reception | None = None
        self.items: list[dict[str, Any]] = []
        self.setWindowTitle("编辑接待记录" if reception else "登记接待选民")
        fit_to_screen(self, 980, 800)

        self.form = FormGrid(2)
        stations = office.stations.list()
        self.station = Choice([("", None), *[(s.name, s.id) for s in stations]])
        self.form.add("station_id", "联络站（点）", self.station, required=True)
        self.date = QLineEdit(dates.today().isoformat())
        self.date.setPlaceholderText("如 2026-03-05")
        self.form.add("date", "接待日期", self.date, required=True)
        self.start_time = QLineEdit()
        self.start_time.setPlaceholderText("如 09:00")
        self.form.add("start_time", "开始时间", self.start_time)
        self.end_time = QLineEdit()
        self.end_time.setPlaceholderText("如 11:30")
        self.form.add("end_time", "结束时间", self.end_time)
        self.note = long_text(44)
        self.form.add("note", "备注", self.note, span=2)

        duty = QGroupBox("坐班接待的代表")
        self.picker = DeputyPicker(office)
        self.picker.load(include=list(reception.deputy_ids) if reception else [])
        self.picker_messages = FieldMessages()
        self.duty_hint = QLabel()
        self.duty_hint.setObjectName("Hint")
        self.duty_hint.setWordWrap(True)
        duty_box = QVBoxLayout(duty)
        duty_box.addWidget(self.duty_hint)
        duty_box.addWidget(self.picker)
        duty_box.addWidget(self.picker_messages)

        visitors = QGroupBox("来访选民及反映的问题")
        self.visitors = QTableWidget(0, 5)
        self.visitors.setHorizontalHeaderLabels(
            ["来访人", "村（社区）", "反映的问题", "处理方式", "反馈"]
        )
        self.visitors.verticalHeader().setVisible(False)
        self.visitors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.visitors.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.visitors.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        for column, width in enumerate((120, 100, 380, 150)):
            self.visitors.setColumnWidth(column, width)
        self.visitors.horizontalHeader().setStretchLastSection(True)
        self.visitors.doubleClicked.connect(lambda _i: self.edit_visitor())
        add = QPushButton("添加来访人…")
        add.clicked.connect(self.add_visitor)
        edit = QPushButton("修改…")
        edit.clicked.connect(self.edit_visitor)
        remove = QPushButton("删除")
        remove.clicked.connect(self.remove_visitor)
        self.add_visitor_button = add
        row = QHBoxLayout()
        for button in (add, edit, remove):
            row.addWidget(button)
        row.addStretch()
        row.addWidget(QLabel("没有选民来访时，不添加来访人即可。"))
        self.items_messages = FieldMessages()
        visitors_box = QVBoxLayout(visitors)
        visitors_box.addLayout(row)
        visitors_box.addWidget(self.visitors, 1)
        visitors_box.addWidget(self.items_messages)

        buttons, self.summary = save_row(self, self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(duty, 1)
        layout.addWidget(visitors, 1)
        layout.addLayout(buttons)

        if reception:
            values = reception.form_values()
            self.form.set_values(values)
            self.picker.set_selected(list(reception.deputy_ids))
            self.items = values["items"]
        elif station_id is not None:
            self.station.set_value(station_id)
        self._fill_visitors()
        self._offered: list[int] = []
        if reception is None:
            self.station.currentIndexChanged.connect(lambda _i: self.offer_on_duty())
            self.date.editingFinished.connect(self.offer_on_duty)
            self.offer_on_duty()

    def offer_on_duty(self) -> None:
        """On a duty day of the station (排班), tick the deputies on duty, unless the clerk
        has ticked others already."""
        station_id = self.station.value()
        try:
            day = dates.parse_date(self.date.text())
        except dates.DateError:
            day = ""
        on_duty = self._office.duty_roster.on_duty(station_id, day) if station_id and day else []
        if not on_duty:
            self.duty_hint.setText("")
            return
        names = "、".join(d.name for d in self._office.deputies.rows(on_duty))
        chosen = self.picker.selected()
        if not chosen or sorted(chosen) == sorted(self._offered):
            self.picker.set_selected(on_duty)
            self._offered = list(on_duty)
            self.duty_hint.setText(f"这一天是本站坐班日，坐班代表：{names}（已勾选，可修改）")
        else:
            self.duty_hint.setText(f"这一天是本站坐班日，排班的坐班代表是：{names}")

        self.remember_input()  # 取消 asks before throwing what is typed away

    def typed_input(self) -> object:
        return self.values()

    # ---- visitors ---------------------------------------------------------------------

    def _fill_visitors(self) -> None:
        self.visitors.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            name = item.get("visitor_name") or "（未留姓名）"
            handling = HANDLINGS.get(item.get("handling") or "answered", "")
            feedback = dates.format_date(item.get("feedback_date") or "")
            if item.get("feedback_date"):
                feedback += f"（{item.get('feedback_way')}）" if item.get("feedback_way") else ""
            for c, text in enumerate(
                (name, item.get("village", ""), item.get("content", ""), handling, feedback)
            ):
                self.visitors.setItem(r, c, QTableWidgetItem(text))

    def _ask_visitor(self, title: str, values: dict[str, Any]) -> dict[str, Any] | None:
        reception_date = ""
        try:
            reception_date = dates.parse_date(self.date.text())
        except dates.DateError:
            pass

        def check(v: dict[str, Any]) -> ReceptionItem:
            return Receptions.check_item(
                {**v, "id": values.get("id")}, reception_date=reception_date
            )

        item = RecordDialog.ask(self, title, item_fields(), item_dialog_values(values), check)
        if item is None:
            return None
        kept = {k: values[k] for k in ("id", "suggestion_uuid") if values.get(k)}
        return {**item.form_values(), **kept, "visitor_gender": item.gender_label}

    def add_visitor(self) -> None:
        values = self._ask_visitor("添加来访人", {"within_powers": True, "handling": "answered"})
        if values is not None:
            self.items.append(values)
            self._fill_visitors()

    def _selected_row(self) -> int | None:
        rows = self.visitors.selectionModel().selectedRows()
        if not rows:
            show_error(self, "请先选中一位来访人", "未选择")
            return None
        return rows[0].row()

    def edit_visitor(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        values = self._ask_visitor("修改来访人", self.items[row])
        if values is not None:
            self.items[row] = values
            self._fill_visitors()

    def remove_visitor(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        if self.items[row].get("suggestion_uuid"):
            show_error(self, "这一事项已形成代表建议，不能删除")
            return
        if confirm(self, "删除来访人", "确定从这次接待中删除这位来访人吗？"):
            del self.items[row]
            self._fill_visitors()

    # ---- saving -----------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        values = self.form.values()
        values["deputy_ids"] = self.picker.selected()
        values["items"] = [dict(item) for item in self.items]
        return values

    def save(self) -> bool:
        receptions = self._office.receptions

        def refused(exc: ValidationError) -> None:
            self.form.show_messages(exc.fields, {})
            self.picker_messages.show_messages(exc.fields.get("deputy_ids", ""), "")
            self.items_messages.show_messages(exc.fields.get("items", ""), "")
            self.summary.setText("请按提示修改后再保存。")

        with Saving(self, refused) as saving:
            if self._reception is None:
                self.saved = receptions.add(**self.values())
            else:
                self.saved = receptions.update(self._reception.id, **self.values())
        return saving.ok

    @classmethod
    def ask(
        cls,
        office: Office,
        reception: Reception | None = None,
        parent: QWidget | None = None,
        *,
        station_id: int | None = None,
    ) -> Reception | None:
        dialog = cls(office, reception, parent, station_id=station_id)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
