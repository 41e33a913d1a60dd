"""Starting the program: first start setup, the demo, the screenshot option."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from app.office import Office
from ui.home.setup_dialog import SetupDialog
from ui.main import main


def test_screenshot_of_each_page_on_the_demo(tmp_path: Path, qapp) -> None:
    db = tmp_path / "demo.sqlite"
    for page in ("deputies", "basics", "file"):
        out = tmp_path / f"{page}.png"
        assert main(["--db", str(db), "--demo", "--screenshot", str(out), "--page", page]) == 0
        with Image.open(out) as image:
            assert image.size == (1280, 800)
    with Office.open(db) as office:
        assert office.township.name == "清溪镇"  # the demo was built once, then reused


def test_screenshot_of_an_unknown_page_says_which_exist(tmp_path: Path, qapp, capsys) -> None:
    code = main(
        [
            "--db",
            str(tmp_path / "d.sqlite"),
            "--demo",
            "--screenshot",
            str(tmp_path / "x.png"),
            "--page",
            "nowhere",
        ]
    )
    assert code == 2
    assert "deputies" in capsys.readouterr().err


def test_first_start_setup_checks_and_saves(qtbot, tmp_path: Path) -> None:
    office = Office.open(tmp_path / "new.sqlite")
    dialog = SetupDialog(office)
    qtbot.addWidget(dialog)
    dialog.form.widgets["township"].setText("清溪")
    dialog.form.widgets["county"].setText("溪山县")
    dialog.form.widgets["term_number"].setText("十七")
    assert not dialog.accept_setup()
    assert "整数" in dialog.form.messages["term_number"].error.text()
    dialog.form.widgets["term_number"].setText("17")
    dialog.form.widgets["term_start"].setText("2021.12.28")
    assert not dialog.accept_setup()
    assert "镇" in dialog.form.messages["township"].error.text()
    assert not office.is_set_up
    dialog.form.widgets["township"].setText("清溪镇")
    assert dialog.accept_setup()
    assert office.title == "清溪镇 · 第十七届"
    assert office.current_term.start_date == "2021-12-28"
    office.close()


def test_a_database_from_a_newer_renda_is_refused_with_a_message(tmp_path: Path, qapp, capsys):
    import sqlite3

    db = tmp_path / "future.sqlite"
    Office.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('renda.future', 'm001', 'x')"
    )
    conn.commit()
    conn.close()
    assert main(["--db", str(db), "--screenshot", str(tmp_path / "x.png")]) == 1
    assert "较新版本" in capsys.readouterr().err
