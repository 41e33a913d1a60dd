"""Figures kept between reads (app/db/figure_cache.py) are never stale: a record changed
through the facade, as the window changes it, changes every figure that counts it; the
kept figure always equals one summed afresh from the records. And the suggestion list's
sort keys (suggestion_order) follow every change of what they copy."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from app.core import dates
from app.county.figures import compare_townships, county_figures
from app.county.merge import import_package
from app.db.figure_cache import CACHE_TABLE, TOWNSHIP_CACHE_TABLE, TRIGGER_PREFIX, data_version
from app.exchange.package import export_package
from app.office import Office
from app.reports.dashboard import dashboard
from app.suggestions.records import SuggestionQuery
from app.suggestions.rules import STATUSES
from app.suggestions.stats import _yearly_rates, yearly_rates
from app.suggestions.suggestions import SORT_KEYS

PASSWORD = "溪山县人大2026"


def _fresh(office: Office, year: int):
    return _yearly_rates(office, year, township_id=None, today=dates.today(), meeting_id=None)


def _kept(office: Office) -> int:
    return office.db.execute(f"SELECT count(*) FROM {CACHE_TABLE}").fetchone()[0]


def _version_triggers(office: Office) -> list[str]:
    return [
        r[0]
        for r in office.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB ? ORDER BY name",
            [TRIGGER_PREFIX + "*"],
        )
    ]


def _one_in(office: Office, status: str, year: int) -> int:
    return office.suggestions.search(SuggestionQuery(status=status, year=year))[0]


def test_a_reply_recorded_changes_the_yearly_rates_and_the_dashboard(demo_office: Office):
    office = demo_office
    year = dates.today().year
    before = yearly_rates(office, year)
    assert _kept(office) >= 1
    assert yearly_rates(office, year) == before == _fresh(office, year)  # read back, kept
    board = dashboard(office)
    assert board is not None

    handling = _one_in(office, "handling", year)
    last = office.suggestions.events(handling)[-1].date
    day = max(dates.as_date(last), dates.today() - timedelta(days=1)).isoformat()
    solved = office.suggestions.classes()[0][0]
    office.suggestions.act(
        handling, "reply", date=day, result_class=solved, summary="已修复", operator="陈秀兰"
    )

    after = yearly_rates(office, year)
    assert after == _fresh(office, year)
    assert after.total.replied == before.total.replied + 1
    assert after.total.solved == before.total.solved + 1
    board_after = dashboard(office)
    assert board_after is not None and board_after.rates != board.rates
    states = {b.key: b.value for b in board_after.states}
    assert states.get("replied", 0) == office.suggestions.count(
        SuggestionQuery(year=year, status="replied")
    )


def test_a_changed_setting_changes_the_figures(demo_office: Office):
    """Figures depend on settings too (the solved class): a setting is a record."""
    office = demo_office
    year = dates.today().year
    before = yearly_rates(office, year)
    version = data_version(office.db.conn)
    office.settings.set("suggestion_due_soon_days", 20)
    assert data_version(office.db.conn) > version
    assert yearly_rates(office, year) == _fresh(office, year)
    assert yearly_rates(office, year).total == before.total


def test_figures_of_another_day_are_their_own(demo_office: Office):
    """What is overdue depends on the day: a figure kept for today is not given for
    another day."""
    office = demo_office
    year = dates.today().year
    today = yearly_rates(office, year)
    later = dates.today() + timedelta(days=400)
    far = yearly_rates(office, year, today=later)
    assert far.total.overdue >= today.total.overdue
    assert far == _yearly_rates(office, year, township_id=None, today=later, meeting_id=None)


def test_the_county_comparison_follows_a_newer_package(demo_db: Path, tmp_path: Path):
    town = Office.open(demo_db)
    county = Office.open(tmp_path / "county.sqlite")
    county.setup_county(county="溪山县")
    stick = tmp_path / "stick"
    stick.mkdir()
    import_package(county, export_package(town, stick, PASSWORD).path, PASSWORD)
    first = compare_townships(county)
    ((township_id, _name),) = first.townships
    assert compare_townships(county).values == first.values  # kept, read back
    serving = first.value("serving", township_id)

    # The township records that a deputy left office and sends a newer package: the
    # county's figures follow.
    deputy = town.db.execute(
        "SELECT id FROM deputies WHERE status = 'serving' AND term_id = ? LIMIT 1",
        [town.current_term_id()],
    ).fetchone()[0]
    town.deputies.set_status(
        deputy, status="ended", date=dates.today().isoformat(), reason="因病去世"
    )
    version, triggers = data_version(county.db.conn), _version_triggers(county)
    import_package(county, export_package(town, stick, PASSWORD).path, PASSWORD)
    # A bulk write raises the version once, and leaves the counting triggers in place.
    assert data_version(county.db.conn) > version
    assert _version_triggers(county) == triggers and triggers
    second = compare_townships(county)
    assert second.value("serving", township_id) == serving - 1
    fresh = {f.key: f.compute(county) for f in county_figures()}
    assert second.values == fresh
    town.close()
    county.close()


def test_every_sort_of_the_list_follows_renamed_units_and_changed_states(demo_office: Office):
    office = demo_office
    s = office.suggestions
    unit = office.handling_units.list()[0]
    office.handling_units.update(unit.id, name="阿" + unit.name)
    handling = _one_in(office, "handling", dates.today().year)
    last = office.suggestions.events(handling)[-1].date
    s.act(
        handling,
        "reply",
        date=max(last, (dates.today() - timedelta(days=1)).isoformat()),
        result_class=s.classes()[1][0],
        summary="列入明年计划",
        operator="陈秀兰",
    )
    everything = s.search(SuggestionQuery())
    rows = {r.id: r for r in s.rows(everything)}
    status_rank = list(STATUSES)
    keys = {
        "unit": lambda r: r.lead_unit_name,
        "status": lambda r: status_rank.index(r.status),
        "result": lambda r: (r.result_class == "", r.result_class),
        "title": lambda r: r.title,
        "deadline": lambda r: r.deadline,
        "received": lambda r: r.received_date,
    }
    for key in SORT_KEYS:
        for descending in (False, True):
            query = replace(SuggestionQuery(), sort=key, descending=descending)
            ids = s.search(query)
            assert sorted(ids) == sorted(everything), key
            assert s.search(query, limit=7, offset=3) == ids[3:10], key
            if key in keys:
                got = [keys[key](rows[i]) for i in ids]
                assert got == sorted(got, reverse=descending), key


def _kept_rows(county: Office) -> dict[int, tuple]:
    """township id -> (shared counter, township counter, kept text: the figures and the
    settings they read) of the comparison's kept rows."""
    rows = county.db.execute(
        f"SELECT township_id, shared, version, value FROM {TOWNSHIP_CACHE_TABLE}"
        " WHERE key LIKE '%county_comparison:%'"
    ).fetchall()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def test_a_newer_package_sums_again_only_its_township(tmp_path: Path):
    """The county's figures are kept per township: a newer package of one township makes
    that township's row stale and no other's, and every figure still equals one summed
    afresh from the records; a change of no one township (a setting) makes all stale."""
    from app.demo import build_demo

    stick = tmp_path / "stick"
    stick.mkdir()
    towns = []
    for i, name in enumerate(["清溪镇", "石门镇"]):
        town = Office.open(tmp_path / f"{name}.sqlite")
        build_demo(town, seed=310 + i, township_name=name)
        towns.append(town)
    county = Office.open(tmp_path / "county.sqlite")
    county.setup_county(county="溪山县")
    for town in towns:
        import_package(county, export_package(town, stick, PASSWORD).path, PASSWORD)
    year = dates.today().year
    first = compare_townships(county)
    ids = {name: tid for tid, name in first.townships}
    qingxi, shimen = ids["清溪镇"], ids["石门镇"]
    kept = _kept_rows(county)
    assert set(kept) == {qingxi, shimen}

    qx = towns[0]
    deputy = qx.db.execute(
        "SELECT id FROM deputies WHERE status = 'serving' AND term_id = ? LIMIT 1",
        [qx.current_term_id()],
    ).fetchone()[0]
    qx.deputies.set_status(deputy, status="ended", date=dates.today().isoformat(), reason="辞职")
    import_package(county, export_package(qx, stick, PASSWORD).path, PASSWORD)

    second = compare_townships(county)
    after = _kept_rows(county)
    assert after[shimen] == kept[shimen]  # its kept row was read, not summed again
    assert after[qingxi] != kept[qingxi]
    assert second.value("serving", qingxi) == first.value("serving", qingxi) - 1
    assert second.value("serving", shimen) == first.value("serving", shimen)
    fresh = {f.key: f.values(county, year) for f in county_figures()}
    assert second.values == fresh
    assert yearly_rates(county, year) == _fresh(county, year)
    _solved_before = yearly_rates(county, year).total.solved

    # A setting no figure reads (how many days before a deadline count as due soon):
    # every kept row is read, none summed again.
    county.settings.set("suggestion_due_soon_days", 21)
    assert compare_townships(county).values == second.values
    assert _kept_rows(county) == after
    # A setting the figures read (which result class counts as solved): every township's
    # row is summed again, and equals the figures summed afresh with the new setting.
    county.settings.set(
        "suggestion_result_classes", "B=列入计划逐步解决；A=已解决或采纳；C=留作参考"
    )
    third = compare_townships(county)
    again = _kept_rows(county)
    assert again[shimen] != after[shimen] and again[qingxi] != after[qingxi]
    assert third.values == {f.key: f.values(county, year) for f in county_figures()}
    assert yearly_rates(county, year) == _fresh(county, year)
    assert yearly_rates(county, year).total.solved != _solved_before
    for office in (*towns, county):
        office.close()
