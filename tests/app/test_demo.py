"""The demo township is realistic and passes the same checks as typed records."""

from __future__ import annotations

import pytest

from app.core.errors import RendaError
from app.core.validate import check_id_number
from app.deputies.deputies import DeputyQuery
from app.office import Office


def test_the_demo_township_has_the_size_of_a_real_one(demo_office: Office) -> None:
    office = demo_office
    term = office.current_term_id()
    count = office.deputies.count
    assert count(DeputyQuery(term_id=term, level="township")) == 68
    assert 15 <= count(DeputyQuery(term_id=term, level="county")) <= 20
    assert count(DeputyQuery(term_id=term, presidium_only=True)) == 11
    assert len(office.groups.list()) == 7
    assert len(office.stations.list()) == 20
    assert sum(c.seats for c in office.constituencies.list()) == 68
    assert all(g.leader_id for g in office.groups.list())


def test_demo_records_are_valid_and_include_rare_names(demo_office: Office) -> None:
    office = demo_office
    rows = office.deputies.rows(office.deputies.search(DeputyQuery()))
    assert {"王𠮷", "李䶮", "张𡒄"} <= {r.name for r in rows}
    for row in rows:
        result = check_id_number(row.id_number)
        assert result.error is None and result.warning is None, row.name
    assert len({r.id_number for r in rows}) == len(rows)


def test_demo_only_goes_into_an_empty_database(office: Office) -> None:
    from app.demo import build_demo

    with pytest.raises(RendaError, match="空数据库"):
        build_demo(office)


@pytest.mark.slow
def test_county_scale_has_twenty_townships_and_about_two_thousand_deputies(tmp_path) -> None:
    from app.demo import build_demo

    with Office.open(tmp_path / "county.sqlite") as office:
        result = build_demo(office, scale="county", seed=7)
        assert office.mode == "county"
        assert result.townships == 20
        assert 1800 <= result.deputies <= 2400
        assert office.deputies.count(DeputyQuery()) == result.deputies
