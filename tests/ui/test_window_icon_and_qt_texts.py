"""The program shows its own icon, and Qt's own texts (standard buttons) in Chinese."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from ui.main import main


def test_starting_the_program_sets_its_icon_and_chinese_buttons(tmp_path: Path, qapp):
    out = tmp_path / "shot.png"
    assert main(["--db", str(tmp_path / "d.sqlite"), "--demo", "--screenshot", str(out)]) == 0
    icon = qapp.windowIcon()
    assert not icon.isNull()
    assert icon.pixmap(32, 32).toImage().pixelColor(16, 28).red() > 150  # the red square

    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Yes
        | QDialogButtonBox.StandardButton.No
        | QDialogButtonBox.StandardButton.Cancel
    )
    assert sorted(b.text() for b in buttons.buttons()) == sorted(["是(&Y)", "否(&N)", "取消"])
    box = QMessageBox(QMessageBox.Icon.Question, "标题", "内容", QMessageBox.StandardButton.Ok)
    assert box.button(QMessageBox.StandardButton.Ok).text() == "确定"


def test_the_file_dialog_speaks_chinese_everywhere(qtbot) -> None:
    """Qt 6.11's own translation lacks a few texts of the file dialog (its labels with new
    accelerators, the folder types); the program supplies them."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

    from ui.qt_translation import install_qt_translation

    assert install_qt_translation(QApplication.instance())
    dialog = QFileDialog(None, "选择要导入的名册")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert labels and all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in labels)
    assert QCoreApplication.translate("QAbstractFileIconProvider", "Folder") == "文件夹"
    # Texts the program does not supply still come from Qt's translation.
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
