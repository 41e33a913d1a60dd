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
    return app.installTranslator(translator)
