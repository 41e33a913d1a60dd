"""The package dialogs with signed packages, at 1024x768: the password hint and the key
fingerprint at the township; an impersonator refused and a re-keyed township registered
again by hand at the county."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.county.merge import registered_keys
from app.exchange.drives import Drive
from app.exchange.package import export_package
from app.exchange.signing import ensure_key, fingerprint
from app.office import Office
from tests.ui.helpers import save_screenshot
from ui.exchange.package_dialog import PackageExportDialog

PASSWORD = "溪山春来2026"


@pytest.fixture
def said(monkeypatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text, *_a: messages.append(text) or QMessageBox.StandardButton.Yes,
    )
    return messages


def test_the_export_dialog_hints_at_the_password_and_shows_the_key(window, tmp_path, said, qtbot):
    window.resize(1024, 768)
    stick = tmp_path / "KINGSTON"
    stick.mkdir()
    dialog = PackageExportDialog(
        window.context, window, lister=lambda: [Drive(stick, "KINGSTON", 8 << 30, 16 << 30)]
    )
    qtbot.addWidget(dialog)
    dialog.show()
    print_ = fingerprint(ensure_key(window.office))
    assert print_ in dialog.key_label.text()
    assert "至少 8 位" in dialog.strength.text()
    dialog.password.setText("qx2026")
    assert "还差 2 位" in dialog.strength.text()
    dialog.confirm_password.setText("qx2026")
    dialog.ok.click()
    assert "至少 8 位" in dialog.form.messages["password"].error.text()
    assert not list(stick.iterdir())
    dialog.password.setText("12345678")
    assert "弱" in dialog.strength.text()
    dialog.password.setText(PASSWORD)
    dialog.confirm_password.setText(PASSWORD)
    assert dialog.strength.text().startswith("强")
    assert dialog.width() <= 1024 and dialog.height() <= 768
    save_screenshot(dialog, "exchange_package_dialog_1024")
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    assert any("第 1 次报送" in m for m in said)


def test_the_county_refuses_an_impersonator_and_registers_a_new_key_by_hand(
    qtbot, tmp_path, demo_db, monkeypatch, said
):
    from ui.main_window import MainWindow

    stick = tmp_path / "stick"
    stick.mkdir()
    with Office.open(demo_db) as town:
        first = export_package(town, stick, PASSWORD).path.rename(tmp_path / "first.rdpkg")
        with town.transaction() as db:
            db.execute("DELETE FROM package_signing")  # reinstalled: a new key
        rekeyed = export_package(town, stick, PASSWORD).path
        new_print = fingerprint(ensure_key(town))
    office = Office.open(tmp_path / "county.sqlite")
    office.setup_county(county="溪山县")
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    try:
        window.go("exchange")
        page = window.pages["exchange"]
        monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (PASSWORD, True))
        monkeypatch.setattr(
            QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(first), str(rekeyed)], "")
        )
        page.import_packages_button.click()
        qtbot.waitUntil(lambda: hasattr(page, "last_results"), timeout=30000)
        report = said[-1]
        assert "已登记该乡镇的签名密钥" in report
        assert "密钥不同" in report and "冒充" in report and "重新登记乡镇密钥" in report
        assert page.imported.item(0, 2).text() == "第 1 次"
        save_screenshot(window, "exchange_county_impersonation_1024")

        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(rekeyed), ""))
        real = page.page  # the page itself, behind its lazy holder
        del real.last_results
        [button] = [b for b in real.findChildren(type(real.import_packages_button))
                    if b.text() == "重新登记乡镇密钥…"]  # fmt: skip
        button.click()
        qtbot.waitUntil(lambda: hasattr(page, "last_results"), timeout=30000)
        asked = next(m for m in said if "核对无误，重新登记吗" in m)
        assert new_print in asked
        assert "已按确认改用该乡镇的新签名密钥" in said[-1]
        [key] = registered_keys(office)
        assert key.fingerprint == new_print and key.how == "manual"
        save_screenshot(window, "exchange_county_reregistered_1024")
    finally:
        window.close()
        office.close()
