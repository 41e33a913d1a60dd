"""一人一档: one deputy's file. Basic information and photo, the status history, and the
tabs later areas add (meetings, suggestions, activities …) through `FILE_TABS`."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import RendaError
from app.deputies.deputies import Deputy
from app.deputies.fields import FIELDS_BY_KEY
from ui.context import AppContext
from ui.deputies.deputy_dialog import DeputyDialog
from ui.deputies.photo import PhotoBox
from ui.deputies.print_actions import print_registration
from ui.deputies.status_dialog import StatusDialog
from ui.pages.specs import FileTabWidget
from ui.widgets.attachments import AttachmentList
from ui.widgets.messages import show_error

CELL_STYLE = "border: 1px solid #c9d2dc; padding: 4px 6px; background: white;"
LABEL_STYLE = "border: 1px solid #c9d2dc; padding: 4px 6px; background: #eef2f6; color: #334;"


def _yes(value: bool) -> str:
    return "是" if value else "否"


class BasicInfoTab(FileTabWidget):
    """The registration form's fields as a ruled grid, like the paper form."""

    LAYOUT: tuple[tuple[str, ...], ...] = (
        ("name", "gender", "ethnicity"),
        ("birth_date", "native_place", "political_status"),
        ("education", "category", "card_number"),
        ("unit",),
        ("term", "elected_date", "level"),
        ("constituency", "group", "station"),
        ("presidium_role", "is_credentials_member", "is_reelected"),
        ("is_front_line", "is_returned_overseas", "postcode"),
        ("phone", "id_number", "age"),
        ("address",),
        ("resume",),
        ("awards",),
        ("note",),
    )
    EXTRA_LABELS: ClassVar[dict[str, str]] = {
        "term": "届次",
        "level": "代表级别",
        "constituency": "选区",
        "group": "代表小组",
        "station": "联络站",
        "age": "年龄",
    }

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.reveal = QCheckBox("显示完整身份证号码和电话")
        self.reveal.toggled.connect(lambda _c: self._deputy and self.show_deputy(self._deputy))
        self._deputy: Deputy | None = None
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setSpacing(0)
        for row, keys in enumerate(self.LAYOUT):
            span = 6 // len(keys) - 1
            for i, key in enumerate(keys):
                label = QLabel(self.EXTRA_LABELS.get(key) or FIELDS_BY_KEY[key].label)
                label.setStyleSheet(LABEL_STYLE)
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                label.setMinimumWidth(96)
                value = QLabel()
                value.setStyleSheet(CELL_STYLE)
                value.setWordWrap(True)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setMinimumHeight(30)
                grid.addWidget(label, row, i * (span + 1))
                grid.addWidget(value, row, i * (span + 1) + 1, 1, span)
                self.values[key] = value
        for col in range(6):
            grid.setColumnStretch(col, 0 if col % 2 == 0 else 1)
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.addWidget(self.reveal, 0, Qt.AlignmentFlag.AlignRight)
        box.addLayout(grid)
        box.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def show_deputy(self, deputy: Deputy) -> None:
        from app.core.validate import mask_id_number, mask_phone

        self._deputy = deputy
        office = self.context.office
        # A 查看 user never sees these in full (app/access); a shown reveal is recorded.
        may = office.access.may("reveal")
        self.reveal.setVisible(may)
        reveal = office.access.reveal(
            True if (may and self.reveal.isChecked()) else None,
            what="代表档案",
            record=f"deputies:{deputy.id}",
        )
        term = office.terms.get(deputy.term_id)
        names = {
            "constituency": office.constituencies.get(deputy.constituency_id).name
            if deputy.constituency_id
            else "",
            "group": office.groups.get(deputy.group_id).name if deputy.group_id else "",
            "station": office.stations.get(deputy.station_id).name if deputy.station_id else "",
        }
        age = dates.age_on(deputy.birth_date, dates.today()) if deputy.birth_date else None
        shown = {
            "name": deputy.name,
            "gender": deputy.gender_label,
            "ethnicity": deputy.ethnicity,
            "birth_date": dates.format_date(deputy.birth_date[:7]),
            "native_place": deputy.native_place,
            "political_status": deputy.political_status,
            "education": deputy.education,
            "category": deputy.category,
            "card_number": deputy.card_number,
            "unit": deputy.unit,
            "term": term.name,
            "elected_date": dates.format_date(deputy.elected_date),
            "level": deputy.level_label,
            **names,
            "presidium_role": deputy.presidium_role_label or "无",
            "is_credentials_member": _yes(deputy.is_credentials_member),
            "is_reelected": _yes(deputy.is_reelected),
            "is_front_line": _yes(deputy.is_front_line),
            "is_returned_overseas": _yes(deputy.is_returned_overseas),
            "postcode": deputy.postcode,
            "phone": deputy.phone if reveal else mask_phone(deputy.phone),
            "id_number": deputy.id_number if reveal else mask_id_number(deputy.id_number),
            "age": f"{age} 岁" if age is not None else "",
            "address": deputy.address if reveal else ("（已隐藏）" if deputy.address else ""),
            "resume": deputy.resume,
            "awards": deputy.awards,
            "note": deputy.note,
        }
        for key, label in self.values.items():
            label.setText(shown.get(key, ""))


class StatusTab(FileTabWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.summary = QLabel()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["日期", "状态", "原因", "说明"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 120)
        self.table.setColumnWidth(1, 140)
        self.table.setColumnWidth(2, 300)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def show_deputy(self, deputy: Deputy) -> None:
        history = self.context.office.deputies.status_history(deputy.id)
        elected = dates.format_date(deputy.elected_date) or "（未填当选日期）"
        self.summary.setText(f"当选：{elected}　现在：{deputy.status_label}")
        self.table.setRowCount(len(history))
        for row, change in enumerate(history):
            for col, text in enumerate(
                (dates.format_date(change.date), change.status_label, change.reason, change.note)
            ):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if not history:
            self.table.setRowCount(1)
            self.table.setItem(0, 0, QTableWidgetItem("自当选以来没有状态变动"))
            self.table.setSpan(0, 0, 1, 4)
        else:
            self.table.setSpan(0, 0, 1, 1)


class PapersTab(FileTabWidget):
    """Scanned papers of the deputy's paper folder: election certificate, letters …"""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.attachments = AttachmentList(
            context,
            "deputy",
            "当选证书、代表证、辞职书等纸质材料的扫描件或照片，可直接拖到这里。"
            "附件保存在本机数据库中，随备份一起保存。",
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.attachments)

    def show_deputy(self, deputy: Deputy) -> None:
        self.attachments.set_owner(deputy.uuid)


class DeputyFilePage(QWidget):
    def __init__(self, context: AppContext, back: Callable[[], None]) -> None:
        super().__init__()
        self.context = context
        self.deputy: Deputy | None = None

        self.photo = PhotoBox(80)
        self.name = QLabel()
        self.name.setObjectName("FileName")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("FileSubtitle")
        self.subtitle.setWordWrap(True)
        back_button = QPushButton("← 返回名册")
        back_button.clicked.connect(back)
        edit = QPushButton("编辑")
        edit.clicked.connect(self.edit)
        status = QPushButton("变更状态")
        status.clicked.connect(self.change_status)
        self.edit_button, self.status_button = edit, status
        self.print_button = QPushButton("打印登记表")
        self.print_button.clicked.connect(self.print_registration)

        # The buttons sit in a row under the name, not in a column beside it, so the head
        # stays as low as the photo and the tabs keep their room on a 768-pixel screen.
        buttons = QHBoxLayout()
        buttons.addWidget(back_button)
        buttons.addWidget(edit)
        buttons.addWidget(status)
        buttons.addWidget(self.print_button)
        buttons.addStretch()
        text = QVBoxLayout()
        text.addWidget(self.name)
        text.addWidget(self.subtitle)
        text.addStretch()
        text.addLayout(buttons)
        head = QHBoxLayout()
        head.addWidget(self.photo)
        head.addSpacing(12)
        head.addLayout(text, 1)

        self.tabs = QTabWidget()
        self.tab_widgets: list[FileTabWidget] = [BasicInfoTab(context), StatusTab(context)]
        self.tabs.addTab(self.tab_widgets[0], "基本情况")
        self.tabs.addTab(self.tab_widgets[1], "履职状态")
        from ui.pages import file_tab_specs

        for spec in file_tab_specs():
            widget = spec.factory(context)
            self.tab_widgets.append(widget)
            self.tabs.addTab(widget, spec.title)
        self.papers = PapersTab(context)
        self.tab_widgets.append(self.papers)
        self.tabs.addTab(self.papers, "档案材料")

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        context.deputies_changed.connect(self._deputies_changed)

    def show_deputy(self, deputy_id: int) -> None:
        office = self.context.office
        deputy = office.deputies.get(deputy_id)
        self.deputy = deputy
        township = office.townships.get(deputy.township_id)
        term = office.terms.get(deputy.term_id)
        self.name.setText(deputy.name)
        role = f"，{deputy.presidium_role_label}" if deputy.presidium_role else ""
        county = "，县人大代表" if deputy.is_county_deputy else ""
        kind = f"{township.name}{term.name}人大代表" if deputy.is_township_deputy else "县人大代表"
        self.subtitle.setText(
            f"{kind}{county if deputy.is_township_deputy else ''}{role}　·　{deputy.status_label}"
            f"\n{deputy.unit}"
        )
        self.photo.set_image(office.deputies.photo(deputy.id) if deputy.has_photo else None)
        editable = office.editable
        self.edit_button.setEnabled(editable)
        self.status_button.setEnabled(editable)
        for tab in self.tab_widgets:
            tab.show_deputy(deputy)

    def edit(self) -> None:
        if self.deputy is None:
            return
        saved = DeputyDialog.edit(self.context.office, self.deputy, self)
        if saved:
            self.context.deputies_changed.emit([saved.id])

    def change_status(self) -> None:
        if self.deputy is None:
            return
        saved = StatusDialog.change(self.context.office, self.deputy, self)
        if saved:
            self.context.deputies_changed.emit([saved.id])

    def print_registration(self) -> None:
        if self.deputy is not None:
            print_registration(self, self.context, self.deputy.id, self.deputy.name)

    def _deputies_changed(self, ids: list) -> None:
        if self.deputy is None or (ids and self.deputy.id not in ids):
            return
        try:
            self.show_deputy(self.deputy.id)
        except RendaError as exc:  # deleted meanwhile
            show_error(self, exc)
            self.deputy = None
