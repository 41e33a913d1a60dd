"""The one-inch photo box of the registration form (25 x 35 mm, so 5:7)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QWidget


class PhotoBox(QLabel):
    def __init__(self, width: int = 110, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PhotoBox")
        self.setFixedSize(width, width * 7 // 5)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_image(None)

    def set_image(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.setPixmap(
                pixmap.scaled(
                    self.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.setPixmap(QPixmap())
            self.setText("照片\n（一寸）")
