"""Reference lists ship with the program and are editable by the clerk."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationError
from app.office import Office


def test_the_lists_of_domain_md_are_loaded(office: Office) -> None:
    ref = office.reference
    assert len(ref.values("ethnic_groups")) == 57 and ref.values("ethnic_groups")[0] == "汉族"
    assert len(ref.values("political_statuses")) == 13
    assert ref.values("education_levels")[0] == "博士研究生"
    assert "农民" in ref.values("deputy_categories")
    assert "未经批准两次不出席本级人民代表大会会议" in ref.values("end_reasons")
    assert ref.values("suggestion_categories") and ref.values("activity_kinds")


def test_adding_renaming_retiring_and_moving_values(office: Office) -> None:
    ref = office.reference
    added = ref.add("deputy_categories", "社会组织负责人")
    assert ref.values("deputy_categories")[-1] == "社会组织负责人"
    with pytest.raises(ValidationError, match="已有"):
        ref.add("deputy_categories", "农民")
    deputy = office.deputies.add(name="张三", gender="男", category="社会组织负责人")
    ref.rename(added.id, "社会组织代表")
    assert office.deputies.get(deputy.id).category == "社会组织代表"
    ref.set_active(added.id, False)
    assert "社会组织代表" not in ref.values("deputy_categories")
    assert any(i.value == "社会组织代表" and not i.active for i in ref.items("deputy_categories"))
    ref.move(added.id, -100)
    assert ref.items("deputy_categories")[0].id == added.id
