"""Settings, reminders at start, and attachments kept in the database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.core.errors import RendaError, ValidationError
from app.office import Office


def test_settings_have_defaults_and_are_checked(office: Office) -> None:
    assert office.settings.get("mask_sensitive") is True
    assert office.settings.get("term_years") == 5
    with pytest.raises(ValidationError) as caught:
        office.settings.set_many({"term_years": "9", "term_end_warning_days": "abc"})
    assert set(caught.value.fields) == {"term_years", "term_end_warning_days"}
    assert office.settings.get("term_years") == 5  # nothing saved
    office.settings.set_many({"term_years": "3", "mask_sensitive": False})
    assert office.settings.get("term_years") == 3
    assert office.terms.add(number=18, start_date="2026-12-29").end_date == "2029-12-29"


def test_the_end_of_the_term_is_reminded_in_time(office: Office) -> None:
    assert office.reminders(today=date(2026, 1, 1)) == [] or all(
        r.area != "届次" for r in office.reminders(today=date(2026, 1, 1))
    )
    due = [r for r in office.reminders(today=date(2026, 11, 22)) if r.area == "届次"]
    assert due and due[0].level == "due" and "还有 36 天" in due[0].text
    late = [r for r in office.reminders(today=date(2027, 1, 10)) if r.area == "届次"]
    assert late[0].level == "overdue" and "新增下一届" in late[0].text


def test_incomplete_files_are_reminded(office: Office) -> None:
    office.deputies.add(name="张三", gender="男")
    texts = [r.text for r in office.reminders(today=date(2025, 1, 1))]
    assert any("缺身份证号码" in t and "张三" in t for t in texts)
    assert any("缺照片" in t for t in texts)


def test_attachments_are_kept_and_exported_whole(office: Office, tmp_path: Path) -> None:
    deputy = office.deputies.add(name="张三", gender="男")
    scan = tmp_path / "辞职书.pdf"
    scan.write_bytes(b"%PDF-1.4 scan" * 1000)
    added = office.attachments.add_file(owner_kind="deputy", owner_uuid=deputy.uuid, path=scan)
    assert added.file_name == "辞职书.pdf" and added.size == 13000
    assert [a.id for a in office.attachments.list("deputy", deputy.uuid)] == [added.id]
    out = office.attachments.export(added.id, tmp_path / "out" / "copy.pdf")
    assert out.read_bytes() == scan.read_bytes()
    office.deputies.delete(deputy.id)
    assert office.attachments.list("deputy", deputy.uuid) == []


def test_unreadable_or_empty_attachments_are_refused(office: Office, tmp_path: Path) -> None:
    with pytest.raises(RendaError, match="无法读取"):
        office.attachments.add_file(
            owner_kind="deputy", owner_uuid="x", path=tmp_path / "missing.jpg"
        )
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    with pytest.raises(RendaError, match="空文件"):
        office.attachments.add_file(owner_kind="deputy", owner_uuid="x", path=empty)
    assert office.db.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0
