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
