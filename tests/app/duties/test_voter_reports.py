"""Reports to voters (述职): the rating, its limits, and who still has to report."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.errors import ValidationError
from app.duties.voter_reports import verdict
from app.office import Office
from tests.app.duties.seed_between_sessions import seed


def test_ratings_cannot_exceed_the_voters_present(office: Office) -> None:
    s = seed(office)
    with pytest.raises(ValidationError) as caught:
        office.voter_reports.add(
            deputy_id=s.deputies[0].id,
            date="2026-03-10",
            place="桃源村村委会",
            voters_present="60",
            satisfied="50",
            basically_satisfied="8",
            unsatisfied="5",
        )
    assert caught.value.fields["satisfied"] == "测评票数合计 63 票，多于到会选民 60 人，请核对"
    with pytest.raises(ValidationError) as caught:
        office.voter_reports.add(
            deputy_id=s.deputies[0].id, date="2026-03-10", place="", voters_present="六十"
        )
    assert caught.value.fields["voters_present"].startswith("到会选民人数应填整数")
    assert "述职地点" in caught.value.fields["place"]
    assert office.db.execute("SELECT count(*) FROM voter_reports").fetchone()[0] == 0


def test_the_result_is_worked_out_unless_the_clerk_typed_one(office: Office) -> None:
    s = seed(office)
    report = office.voter_reports.add(
        deputy_id=s.deputies[1].id,
        date="2026-03-10",
        place="桃源村村委会",
        voters_present=60,
        satisfied=40,
        basically_satisfied=15,
        unsatisfied=5,
    )
    assert report.result == "满意" and report.deputy_name == "李䶮"
    assert report.rating_text == "满意 40 票，基本满意 15 票，不满意 5 票；满意率 91.7%"
    report = office.voter_reports.update(
        report.id, satisfied=20, basically_satisfied=10, unsatisfied=25
    )
    assert report.result == "不满意"
    report = office.voter_reports.update(report.id, result="基本满意（当场宣布）")
    assert report.result == "基本满意（当场宣布）"
    assert verdict(25, 15, 20) == "基本满意" and verdict(0, 0, 0) == "未测评"


def test_deputies_who_have_not_reported_are_reminded(office: Office) -> None:
    s = seed(office)
    office.voter_reports.add(
        deputy_id=s.deputies[0].id, date="2023-05-01", place="镇政府", voters_present=55
    )
    missing = office.voter_reports.not_reported(period="term")
    assert s.deputies[0].id not in missing and len(missing) == 4
    day = date(2026, 11, 22)  # the term ends 2026-12-28: within a year, so due
    reminder = next(r for r in office.reminders(day) if "述职" in r.text)
    assert reminder.level == "due" and reminder.page == "reports"
    assert reminder.text.startswith("4 名代表本届尚未向选民述职（")
    office.settings.set("voter_report_period", "year")
    assert len(office.voter_reports.not_reported(period="year", today=day)) == 5
    reminder = next(r for r in office.reminders(day) if "述职" in r.text)
    assert "5 名代表2026年尚未向选民述职" in reminder.text


def test_the_year_filter_offers_the_years_that_have_reports(office: Office) -> None:
    s = seed(office)
    assert office.voter_reports.years() == []
    for day in ("2023-05-01", "2025-12-31", "2023-11-02", "2026-01-01"):
        office.voter_reports.add(
            deputy_id=s.deputies[0].id, date=day, place="镇政府", voters_present=40
        )
    years = office.voter_reports.years()
    assert years == [2026, 2025, 2023]
    assert years == sorted({int(r.date[:4]) for r in office.voter_reports.list()}, reverse=True)
    for year in years:
        assert office.voter_reports.list(year=year)
