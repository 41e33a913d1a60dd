"""`print` on the command line: real processes writing real PDFs."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.app.test_cli import run


def test_print_one_registration_form_by_name(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "王𠮷.pdf"
    result = run(demo_db, "print", "registration", "--deputy", "王𠮷", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "已保存" in result.stdout
    assert "王𠮷" in PdfReader(out).pages[0].extract_text()


def test_print_all_registration_forms_and_the_roster(demo_db: Path, tmp_path: Path) -> None:
    forms = tmp_path / "all.pdf"
    result = run(demo_db, "print", "registration", "--all", "--out", str(forms))
    assert result.returncode == 0, result.stderr
    assert len(PdfReader(forms).pages) >= 70
    folder = tmp_path / "each"
    result = run(demo_db, "print", "registration", "--all", "--out-dir", str(folder))
    assert result.returncode == 0, result.stderr
    assert len(list(folder.glob("代表基本情况登记表_*.pdf"))) == len(PdfReader(forms).pages)
    roster = tmp_path / "名册.pdf"
    result = run(demo_db, "print", "roster", "--out", str(roster))
    assert result.returncode == 0, result.stderr
    assert "代表名册" in PdfReader(roster).pages[0].extract_text()


def test_print_refuses_an_unknown_deputy_and_writes_nothing(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = run(demo_db, "print", "registration", "--deputy", "没有这个人", "--out", str(out))
    assert result.returncode == 1
    assert "找不到代表" in result.stderr
    assert not out.exists()
