"""Suggestions in the county: a township's package carries them with their history, the
county finds them by full text (the index follows the merge), reads but never handles them,
and a newer package replaces them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.core import dates
from app.core.errors import ValidationError
from app.county.figures import compare_townships
from app.county.merge import import_package
from app.exchange.package import export_package
from app.office import Office
from app.suggestions.records import SuggestionQuery
from app.suggestions.stats import yearly_rates

PASSWORD = "溪山县人大2026"


def test_a_package_brings_the_suggestions_and_their_history(demo_db: Path, tmp_path: Path):
    town = Office.open(demo_db)
    county = Office.open(tmp_path / "county.sqlite")
    county.setup_county(county="溪山县")
    stick = tmp_path / "stick"
    stick.mkdir()
    import_package(county, export_package(town, stick, PASSWORD).path, PASSWORD)

    def table(office: Office, sql: str) -> list:
        return office.db.execute(sql).fetchall()

    for sql in (
        "SELECT uuid, number, title, status, deadline, result_class FROM suggestions ORDER BY uuid",
        "SELECT uuid, action, date, operator, details FROM suggestion_events ORDER BY uuid",
        "SELECT uuid, deputy_id IS NOT NULL, date, result_class FROM suggestion_replies"
        " ORDER BY uuid",
        "SELECT uuid, process, result FROM suggestion_ratings ORDER BY uuid",
    ):
        assert table(county, sql) == table(town, sql), sql
    for text in ("山塘", "塘", "饮水困难", "王𠮷"):
        query = SuggestionQuery(text=text)
        numbers = {r.number for r in county.suggestions.rows(county.suggestions.search(query))}
        expected = {r.number for r in town.suggestions.rows(town.suggestions.search(query))}
        assert numbers == expected and numbers, text
    year = town.db.execute("SELECT max(year) FROM suggestions").fetchone()[0]
    assert yearly_rates(county, year).total.received == yearly_rates(town, year).total.received
    assert yearly_rates(county, year).group_title == "乡镇"
    comparison = compare_townships(county)
    ((township_id, _name),) = comparison.townships
    on_time = yearly_rates(town, dates.today().year).total.on_time_share
    assert comparison.value("suggestions_on_time", township_id) == round(on_time * 100, 1)
    assert 0 < comparison.value("suggestions_satisfaction", township_id) <= 100

    s = county.suggestions.get(county.suggestions.search(SuggestionQuery(status="handling"))[0])
    assert county.suggestions.allowed_actions(s) == []
    with pytest.raises(ValidationError, match="县级汇总数据库"):
        county.suggestions.supervise(s.id, reason="overdue", method="电话督办")

    # The township changes a title; the newer package replaces the county's copy.
    fresh = town.suggestions.search(SuggestionQuery(status="registered"))[0]
    town.suggestions.edit(fresh, title="关于修缮狮子岩山塘和渠道的建议")
    import_package(county, export_package(town, stick, PASSWORD).path, PASSWORD)
    found = county.suggestions.rows(county.suggestions.search(SuggestionQuery(text="狮子岩山塘")))
    assert [r.title for r in found] == ["关于修缮狮子岩山塘和渠道的建议"]
    town.close()
    county.close()


def test_the_search_index_can_be_rebuilt(demo_db: Path, tmp_path: Path):
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(demo_db, copy)
    with Office.open(copy) as office:
        before = office.suggestions.search(SuggestionQuery(text="饮水"))
        assert office.suggestions.rebuild_search_index() >= 60
        assert office.suggestions.search(SuggestionQuery(text="饮水")) == before
