"""The reference of the start-up budget: a bare PySide6 window (a QMainWindow with a label),
started as renda is and reporting its first paint the same way (ui/main.py
`report_first_paint`): `first_paint_epoch: <time.time()>`."""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("乡镇人大工作台"))
    window.resize(1280, 800)

    class FirstPaint(QObject):
        seen = 0.0
        cpu = 0.0

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = time.time()
                self.cpu = time.process_time()
                QTimer.singleShot(0, app.quit)
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    app.exec()
    print(f"first_paint_cpu_s: {watcher.cpu:.6f}")
    print(f"first_paint_epoch: {watcher.seen:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
