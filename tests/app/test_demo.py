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


def test_the_prefecture_scale_names_a_hundred_townships_and_spans_five_years(tmp_path) -> None:
    """The prefecture demo (built in minutes, for the benchmarks) is the county's twenty
    townships and eighty more, each with five years of suggestions; an unknown scale is
    refused in Chinese, and the database stays empty."""
    from app.demo import SCALES, TOWNSHIP_NAMES, build_demo
    from app.deputies.demo import PREFECTURE_TOWNSHIP_NAMES

    assert len(set(PREFECTURE_TOWNSHIP_NAMES)) == 100
    assert PREFECTURE_TOWNSHIP_NAMES[:20] == TOWNSHIP_NAMES
    assert all(n.endswith(("镇", "乡")) and len(n) == 3 for n in PREFECTURE_TOWNSHIP_NAMES)
    assert SCALES["prefecture"] == (100, 5)
    with Office.open(tmp_path / "x.sqlite") as office:
        with pytest.raises(RendaError, match="prefecture"):
            build_demo(office, scale="province")
        assert office.townships.list() == []


def test_a_large_township_holds_a_county_townships_suggestions(tmp_path) -> None:
    """`township_large` (the benchmarks' county-scale packages): one township database
    with 5,000 suggestions written in bulk, across two years, that the facade reads."""
    from app.demo import build_demo
    from app.suggestions.records import SuggestionQuery

    with Office.open(tmp_path / "large.sqlite") as office:
        build_demo(office, scale="township_large", seed=5)
        assert office.mode == "township"
        n = office.db.execute("SELECT count(*) FROM suggestions").fetchone()[0]
        assert 4_900 <= n <= 5_100
        assert len(office.suggestions.years()) == 2
        assert office.suggestions.count(SuggestionQuery()) == n
