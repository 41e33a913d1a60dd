"""The clerk's side of copies that survive the PC: the second destination on the 数据交换
page, the home page's reminder, the backup key, and restoring an encrypted backup made on
another PC by typing its key."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.deputies.deputies import DeputyQuery
from app.exchange.backup import backup_key, make_backup
from app.office import Office
from tests.faults import small_disk
from tests.ui.helpers import save_screenshot, when_modal


@pytest.fixture
def said(monkeypatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a: messages.append("?") or QMessageBox.StandardButton.Yes
    )
    return messages


def test_the_home_page_reminds_until_a_copy_leaves_the_disk(
    window, said, qtbot, monkeypatch, tmp_path
) -> None:
    home = window.pages["home"]
    texts = [home.list.item(i).text() for i in range(home.list.count())]
    reminder = next(t for t in texts if "备份" in t)
    assert "还没有把备份复制到本机以外" in reminder
    row = texts.index(reminder)
    home._open(home.list.item(row))
    page = window.pages["exchange"]
    assert window.stack.currentWidget() is page
    assert "还没有备份到本机以外" in page.offsite_label.text()
    with small_disk(tmp_path, 16) as other:
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(other))
        page.choose_second_folder()
        assert str(other) in page.second_label.text()
        window.resize(1024, 768)
        save_screenshot(window, "exchange_second_folder")
        page.backup_now()
        qtbot.waitUntil(lambda: any("已复制到第二备份位置" in m for m in said), timeout=10000)
        assert list(other.glob("*.sqlite"))
        assert "最近一次备份到本机以外" in page.offsite_label.text()
        home.refresh()
        texts = [home.list.item(i).text() for i in range(home.list.count())]
        assert not any("本机以外" in t for t in texts)
        window.office.settings.set("backup_second_folder", "")  # before the disk goes away


def test_the_backup_key_is_shown_to_be_written_down(window, said) -> None:
    page = window.pages["exchange"]
    page.show_key()
    assert backup_key(window.office) in said[-1] and "分开保管" in said[-1]


def test_an_encrypted_backup_from_another_pc_is_restored_with_its_typed_key(
    window, said, qtbot, monkeypatch, tmp_path
) -> None:
    # the old PC's backup on a stick, sealed with that office's key
    old_pc = tmp_path / "旧电脑.sqlite"
    with Office.open(old_pc) as office:
        office.setup(township="清溪镇", county="溪山县", term_number=17, term_start="2021-12-28")
        office.deputies.add(name="旧电脑的代表", gender="女")
        key = backup_key(office)
        sealed = make_backup(office, tmp_path, encrypt=True).path
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(sealed), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (key.lower(), True))
    seen: list[str] = []

    def choose(dialog) -> None:
        dialog.resize(1024, 768)
        dialog.choose_file()
        qtbot.waitUntil(dialog.key_button.isVisible, timeout=10000)
        seen.append(dialog.preview.text())
        assert dialog.key_button.isVisible() and not dialog.restore_button.isEnabled()
        save_screenshot(dialog, "restore_encrypted_needs_key")
        dialog.key_button.click()
        qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=10000)
        seen.append(dialog.preview.text())
        save_screenshot(dialog, "restore_encrypted_opened")
        dialog.restore_button.click()

    when_modal(qtbot, choose)
    window.pages["exchange"].restore()
    from ui.exchange import lifecycle

    [new] = [w for w in lifecycle._reopened if w.isVisible()]
    qtbot.addWidget(new)
    try:
        assert "是加密的备份" in seen[0] and "请输入抄下的备份密钥" in seen[0]
        assert "已用备份密钥打开" in seen[1] and "在任代表 1 名" in seen[1]
        rows = new.office.deputies.rows(new.office.deputies.search(DeputyQuery()))
        assert [d.name for d in rows] == ["旧电脑的代表"]
        assert any("已从" in m for m in said)
    finally:
        new.close()
        lifecycle.forget(new)
