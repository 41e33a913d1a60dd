"""Add or edit a deputy: every field of the registration form, messages beside the fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import RendaError, ValidationError
from app.deputies.deputies import Checked, Deputy
from app.deputies.fields import FIELDS_BY_KEY, PRESIDIUM_ROLES
from app.deputies.photos import prepare_photo
from app.office import Office
from ui.deputies.photo import PhotoBox
from ui.widgets.form import Choice, FormGrid, GuardedDialog, button_row, read_value, write_value
from ui.widgets.messages import confirm, show_error
from ui.widgets.rare_char import RareCharDialog
from ui.widgets.screen import fit_to_screen

PHOTO_FILTER = "图片 (*.jpg *.jpeg *.png *.bmp);;所有文件 (*)"


class DeputyDialog(GuardedDialog):
    def __init__(
        self, office: Office, deputy: Deputy | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._office = office
        self._deputy = deputy
        self._term_id = deputy.term_id if deputy else office.current_term_id()
        self._touched: set[str] = set()
        self._photo: bytes | None = office.deputies.photo(deputy.id) if deputy else None
        self._photo_changed = False
        self.saved: Deputy | None = None
        self.setWindowTitle(f"编辑代表信息：{deputy.name}" if deputy else "新增代表")
        fit_to_screen(self, 980, 760)

        self.forms: list[FormGrid] = []
        content = QWidget()
        column = QVBoxLayout(content)
        column.addLayout(self._build_top())
        column.addWidget(self._section("代表信息", self._build_deputy_part()))
        column.addWidget(self._section("联系方式", self._build_contact_part()))
        column.addWidget(self._section("简历及其他", self._build_text_part()))
        column.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)

        self.summary = QLabel()
        self.summary.setObjectName("FieldError")
        self.summary.setWordWrap(True)
        buttons = button_row("保存", self.save, self.cancel, left=self.summary)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        if deputy:
            values = deputy.form_values()
            values["gender"] = deputy.gender_label
            for form in self.forms:
                form.set_values(values)
        for form in self.forms:
            form.edited.connect(self._field_edited)
        self.photo_box.set_image(self._photo)
        self.widget("name").setFocus()

        self.remember_input()  # 取消 asks before throwing what is typed away

    def typed_input(self) -> object:
        return (self.values(), self._photo)

    # ---- building ---------------------------------------------------------------------

    def _section(self, title: str, body: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(body)
        return box

    def _form(self, columns: int = 2) -> FormGrid:
        form = FormGrid(columns)
        self.forms.append(form)
        return form

    def _add(self, form: FormGrid, key: str, widget: QWidget, span: int = 1) -> QWidget:
        spec = FIELDS_BY_KEY[key]
        return form.add(key, spec.label, widget, span=span, required=spec.required)

    def _ref_choice(self, list_key: str) -> Choice:
        values = self._office.reference.values(list_key)
        return Choice([("", ""), *[(v, v) for v in values]])

    def _build_top(self) -> QHBoxLayout:
        form = self._form()
        name_row = QWidget()
        name_layout = QHBoxLayout(name_row)
        name_layout.setContentsMargins(0, 0, 0, 0)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("如：张三")
        rare = self.rare_button = QPushButton("生僻字…")
        rare.setToolTip("输入法打不出的字，按编码输入（如 U+20BB7）")
        rare.clicked.connect(self._insert_rare)
        name_layout.addWidget(self.name_edit, 1)
        name_layout.addWidget(rare)
        form.add("name", "姓名", name_row, required=True, value_widget=self.name_edit)
        self._add(form, "gender", Choice([("", ""), ("男", "男"), ("女", "女")]))
        self._add(form, "ethnicity", self._ref_choice("ethnic_groups"))
        birth = QLineEdit()
        birth.setPlaceholderText("如 1975.03，可由身份证号码自动填写")
        self._add(form, "birth_date", birth)
        self._add(form, "native_place", QLineEdit())
        self._add(form, "political_status", self._ref_choice("political_statuses"))
        self._add(form, "education", self._ref_choice("education_levels"))
        id_edit = QLineEdit()
        id_edit.setPlaceholderText("18 位，可不填")
        id_edit.setMaxLength(20)
        self._add(form, "id_number", id_edit)
        self.id_hint = QLabel()
        self.id_hint.setObjectName("Hint")

        photo_column = QVBoxLayout()
        self.photo_box = PhotoBox(120)
        choose = QPushButton("选择照片…")
        choose.clicked.connect(self._choose_photo)
        remove = QPushButton("移除照片")
        remove.clicked.connect(self._remove_photo)
        photo_column.addWidget(self.photo_box, 0, Qt.AlignmentFlag.AlignHCenter)
        photo_column.addWidget(choose)
        photo_column.addWidget(remove)
        photo_column.addStretch()

        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._section("基本情况", form))
        left.addWidget(self.id_hint)
        top.addLayout(left, 1)
        top.addLayout(photo_column)
        return top

    def _build_deputy_part(self) -> FormGrid:
        form = self._form()
        office = self._office
        self._add(form, "unit", QLineEdit(), span=2)
        self._add(form, "category", self._ref_choice("deputy_categories"))
        self._add(form, "card_number", QLineEdit())
        self._add(
            form,
            "constituency_id",
            Choice(
                [("", None), *[(c.name, c.id) for c in office.constituencies.list(self._term_id)]]
            ),
        )
        elected = QLineEdit()
        elected.setPlaceholderText("如 2021-12-28")
        self._add(form, "elected_date", elected)
        self._add(
            form,
            "group_id",
            Choice([("", None), *[(g.name, g.id) for g in office.groups.list(self._term_id)]]),
        )
        term = office.terms.get(self._term_id)
        self._add(
            form,
            "station_id",
            Choice([("", None), *[(s.name, s.id) for s in office.stations.list(term.township_id)]]),
        )
        self._add(
            form, "presidium_role", Choice([(v or "无", k) for k, v in PRESIDIUM_ROLES.items()])
        )
        for key in (
            "is_credentials_member",
            "is_township_deputy",
            "is_county_deputy",
            "is_reelected",
            "is_front_line",
            "is_returned_overseas",
        ):
            box = QCheckBox("是")
            if key == "is_township_deputy" and self._deputy is None:
                box.setChecked(True)
            self._add(form, key, box)
        return form

    def _build_contact_part(self) -> FormGrid:
        form = self._form()
        phone = QLineEdit()
        phone.setPlaceholderText("手机 11 位，或 0743-1234567")
        self._add(form, "phone", phone)
        self._add(form, "postcode", QLineEdit())
        self._add(form, "address", QLineEdit(), span=2)
        return form

    def _build_text_part(self) -> FormGrid:
        form = self._form(1)
        for key, lines in (("resume", 5), ("awards", 2), ("note", 2)):
            edit = QPlainTextEdit()
            edit.setFixedHeight(22 * lines + 12)
            if key == "resume":
                edit.setPlaceholderText("每段经历一行，如：1998.07—2005.12  ××村村委会主任")
            self._add(form, key, edit)
        return form

    # ---- values and checks ------------------------------------------------------------

    def widget(self, key: str) -> QWidget:
        for form in self.forms:
            if key in form.widgets:
                return form.widgets[key]
        raise KeyError(key)

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for form in self.forms:
            values.update(form.values())
        return values

    def _check(self) -> Checked:
        return self._office.deputies.check(
            self.values(),
            deputy_id=self._deputy.id if self._deputy else None,
            term_id=self._term_id,
        )

    def _show(self, checked: Checked, only: set[str] | None) -> None:
        for form in self.forms:
            form.show_messages(checked.errors, checked.warnings, only)

    def _field_edited(self, key: str) -> None:
        self._touched.add(key)
        if key == "id_number":
            self._fill_from_id_number()
        checked = self._check()
        self._show(checked, self._touched)
        self._update_id_hint(checked)
        if not (set(checked.errors) & self._touched):
            self.summary.setText("")

    def _fill_from_id_number(self) -> None:
        """Birth date and gender left blank are taken from a valid ID number at once."""
        from app.core.validate import GENDER_LABELS, check_id_number

        result = check_id_number(read_value(self.widget("id_number")))
        if result.error or not result.birth_date:
            return
        birth = self.widget("birth_date")
        if not read_value(birth).strip():
            write_value(birth, result.birth_date.replace("-", "."))
        gender = self.widget("gender")
        if not read_value(gender):
            write_value(gender, GENDER_LABELS[result.gender])

    def _update_id_hint(self, checked: Checked) -> None:
        from app.core.dates import format_date
        from app.core.validate import GENDER_LABELS, check_id_number

        result = check_id_number(checked.values.get("id_number", ""))
        if result.birth_date and not result.error:
            self.id_hint.setText(
                f"身份证号码显示：{format_date(result.birth_date)}出生，"
                f"{GENDER_LABELS[result.gender]}。"
            )
        else:
            self.id_hint.setText("")

    # ---- actions ----------------------------------------------------------------------

    def _insert_rare(self) -> None:
        chars = RareCharDialog.ask(self)
        if chars:
            self.name_edit.insert(chars)
            self._field_edited("name")

    def _choose_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择代表照片", "", PHOTO_FILTER)
        if path:
            self.load_photo(Path(path))

    def load_photo(self, path: Path) -> bool:
        try:
            prepared = prepare_photo(path.read_bytes())
        except OSError as exc:
            show_error(self, f"无法读取照片文件“{path.name}”：{exc.strerror}")
            return False
        except RendaError as exc:
            show_error(self, exc)
            return False
        self._photo = prepared.data
        self._photo_changed = True
        self.photo_box.set_image(self._photo)
        return True

    def _remove_photo(self) -> None:
        self._photo = None
        self._photo_changed = True
        self.photo_box.set_image(None)

    def save(self) -> bool:
        checked = self._check()
        self._touched.update(checked.values)
        self._show(checked, None)
        if checked.errors:
            self.summary.setText(f"有 {len(checked.errors)} 处需要修改，见标红的说明")
            widget = next(
                (
                    f.first_error(checked.errors)
                    for f in self.forms
                    if f.first_error(checked.errors)
                ),
                None,
            )
            if widget is not None:
                widget.setFocus()
            return False
        if checked.warnings and not confirm(
            self,
            "请核对",
            "以下信息请核对：\n\n" + "\n".join(checked.warnings.values()) + "\n\n仍要保存吗？",
        ):
            return False
        values = self.values()
        deputies = self._office.deputies
        try:
            with self._office.transaction():
                if self._deputy is None:
                    saved = deputies.add(term_id=self._term_id, **values)
                else:
                    saved = deputies.update(self._deputy.id, **values)
                if self._photo_changed:
                    if self._photo is None:
                        saved = deputies.remove_photo(saved.id)
                    else:
                        saved = deputies.set_photo(saved.id, self._photo)
        except ValidationError as exc:
            self._show(Checked(checked.values, exc.fields, {}), None)
            self.summary.setText(exc.message)
            return False
        except RendaError as exc:
            show_error(self, exc)
            return False
        self.saved = saved
        self.accept()
        return True

    @classmethod
    def edit(cls, office: Office, deputy: Deputy | None, parent: QWidget | None) -> Deputy | None:
        from app.core.errors import ValidationError
        from ui.widgets.messages import show_error

        try:  # a 查看 user: the form would show the full ID number and cannot be saved
            office.access.check_write()
        except ValidationError as exc:
            show_error(parent, exc)
            return None
        dialog = cls(office, deputy, parent)
        dialog.exec()
        return dialog.saved
