"""A new office: the setup form says every problem at once, and the home page asks for the
roster first instead of calling sessions that could not yet be held overdue."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.core.errors import ValidationError
from app.office import Office


def test_setup_names_every_wrong_field_at_once(tmp_path: Path) -> None:
    office = Office.open(tmp_path / "new.sqlite")
    with pytest.raises(ValidationError) as refused:
        office.setup(township="清溪", county="", term_number="十七", term_start="2021-13-40")
    assert set(refused.value.fields) == {"name", "county", "number", "start_date"}
    assert not office.is_set_up  # nothing written
    office.setup(township="清溪镇", county="溪山县", term_number="１７", term_start="2021.12.28")
    assert office.current_term.number == 17
    office.close()


def test_a_new_office_is_asked_for_its_roster_and_nothing_else_is_overdue(office) -> None:
    today = date(2026, 11, 1)
    first = office.reminders(today)
    # The term ending in December is real; nothing that needs deputies is.
    assert [(r.area, r.level) for r in first] == [("届次", "due"), ("代表", "due")]
    assert "名册" in first[1].text and first[1].page == "deputies"

    office.deputies.add(name="王𠮷", gender="男")
    later = office.reminders(today)
    assert not any("还没有代表名册" in r.text for r in later)
    # With a roster, the law's expectations apply again: the sessions of the year are due.
    assert any(r.area == "会议" and r.level == "overdue" for r in later)
