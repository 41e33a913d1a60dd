"""Qt's own texts in Chinese: the buttons of message boxes (是/否/取消), the edit menu of
text fields, the standard dialogs. Without it they show in English."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

NAME = "renda-qtbase-zh_CN"


def install_qt_translation(app: QApplication) -> bool:
    """Load qtbase_zh_CN.qm from Qt's translations folder (inside PySide6, also in the frozen
    bundle). Returns False when it is missing: Qt then speaks English, nothing else breaks."""
    if app.findChild(QTranslator, NAME):
        return True
    translator = QTranslator(app)  # owned by the application, so it lives as long
    translator.setObjectName(NAME)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    china = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    if not translator.load(china, "qtbase", "_", folder):
        return False
    if not app.installTranslator(translator):
        return False
    # Installed last, so asked first: only the texts the shipped file lacks.
    return app.installTranslator(MissingQtTexts(app))


# Texts of Qt's own dialogs that qtbase_zh_CN.qm of our Qt lacks (Qt 6.11 renamed "Look in:"
# to "&Look in:"; the file dialog's folder types were never translated), found by asking
# the translation for each text the file dialog shows (tests/ui/test_window_icon_and_qt_texts.py).
MISSING = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileDialog", "Cancel"): "取消",
    ("QFileDialog", "Computer"): "计算机",
    ("QFileDialog", "Alias for %1"): "%1 的别名",
    ("QFileSystemModel", "Folder"): "文件夹",
    ("QFileSystemModel", "File Folder"): "文件夹",
    ("QFileSystemModel", "%1 bytes"): "%1 字节",
    ("QFileSystemModel", "%1 KB"): "%1 KB",
    ("QFileSystemModel", "%1 MB"): "%1 MB",
    ("QFileSystemModel", "%1 GB"): "%1 GB",
    ("QFileDialogPrivate", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "File Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "Computer"): "计算机",
    ("QFileIconProvider", "Folder"): "文件夹",
    ("QFileIconProvider", "File Folder"): "文件夹",
    ("QFileIconProvider", "Drive"): "驱动器",
    ("QFileIconProvider", "File"): "文件",
    ("QFileIconProvider", "Computer"): "计算机",
}


class MissingQtTexts(QTranslator):
    """The texts of MISSING; every other text falls through to Qt's own translation."""

    def __init__(self, parent: QApplication) -> None:
        super().__init__(parent)
        self.setObjectName(NAME + "-missing")

    def translate(
        self,
        context: str,
        source: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None, not "": an empty text would count as a translation and blank the label.
        return MISSING.get((context, source))

    def isEmpty(self) -> bool:
        return False
