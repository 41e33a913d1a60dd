"""Mark a liaison station's "六有" checklist: each item met or not, with a note."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import RendaError
from app.office import Office
from ui.widgets.messages import show_error
from ui.widgets.screen import fit_to_screen


class ChecklistDialog(QDialog):
    def __init__(self, office: Office, station_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self._station_id = station_id
        station = office.stations.get(station_id)
        self.setWindowTitle(f"“六有”检查：{station.name}")
        fit_to_screen(self, 620, 420)
        grid = QGridLayout()
        self.boxes: dict[str, tuple[QCheckBox, QLineEdit]] = {}
        for row, check in enumerate(office.receptions.checklist(station_id)):
            box = QCheckBox(check.item)
            box.setChecked(check.done)
            note = QLineEdit(check.note)
            note.setPlaceholderText("说明，如：镇政府二楼，面积 30 平方米")
            grid.addWidget(box, row, 0)
            grid.addWidget(note, row, 1)
            self.boxes[check.item] = (box, note)
        hint = QLabel("检查项目可在“基础数据—参考列表—联络站“六有”检查项”中增删。")
        hint.setObjectName("Hint")
        save = QPushButton("保存")
        save.setObjectName("Primary")
        save.clicked.connect(self.save)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(save)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addStretch()
        layout.addWidget(hint)
        layout.addLayout(buttons)

    def save(self) -> bool:
        marks = {item: (box.isChecked(), note.text()) for item, (box, note) in self.boxes.items()}
        try:
            self._office.receptions.set_checklist(self._station_id, marks)
        except RendaError as exc:
            show_error(self, exc)
            return False
        self.accept()
        return True

    @classmethod
    def ask(cls, office: Office, station_id: int, parent: QWidget | None = None) -> bool:
        return cls(office, station_id, parent).exec() == QDialog.DialogCode.Accepted
