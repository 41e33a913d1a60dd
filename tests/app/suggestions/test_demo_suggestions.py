"""The demo's suggestions: every state, realistic, and the county's bulk rows identical to
what the facade writes for the same plans."""

from __future__ import annotations

import json
import random
from pathlib import Path

from app.office import Office
from app.suggestions.demo import _context, apply_plans, cover_states, plan_year
from app.suggestions.demo_writer import BulkWriter
from app.suggestions.records import SuggestionQuery
from app.suggestions.rules import STATUSES


def test_the_township_demo_has_two_years_in_every_state(demo_office: Office) -> None:
    db = demo_office.db
    statuses = {r[0] for r in db.execute("SELECT DISTINCT status FROM suggestions")}
    assert statuses == set(STATUSES)
    years = dict(db.execute("SELECT year, count(*) FROM suggestions GROUP BY year").fetchall())
    assert len(years) == 2 and all(25 <= n <= 45 for n in years.values())
    suggestions = demo_office.suggestions
    assert suggestions.count(SuggestionQuery(due="overdue"))
    rehandled = db.execute(
        "SELECT count(DISTINCT suggestion_id) FROM suggestion_events WHERE action = 'rehandle'"
    ).fetchone()[0]
    returned = db.execute(
        "SELECT count(*) FROM suggestion_events WHERE action = 'give_back'"
    ).fetchone()[0]
    assert rehandled >= 2 and returned >= 2
    titles = [r[0] for r in db.execute("SELECT title FROM suggestions")]
    assert all(t.startswith("关于") and t.endswith(("的建议", "的议案")) for t in titles)
    assert {r[0] for r in db.execute("SELECT DISTINCT source FROM suggestions")} >= {
        "session",
        "between",
    }


def _township(path: Path) -> Office:
    from app.deputies.demo import build_deputies, build_township

    office = Office.open(path)
    rng = random.Random(11)
    with office.transaction():
        township = build_township(office, rng, "清溪镇", 0, home=True)
        build_deputies(office, rng, township, 40, with_rare=True)
    return office


def _table(office: Office, sql: str) -> list[dict]:
    rows = []
    for row in office.db.query(sql):
        row = {
            k: v
            for k, v in row.items()
            if k not in ("uuid", "created_at", "updated_at", "recorded_at")
        }
        if "details" in row:
            row["details"] = json.loads(row["details"])
        rows.append(row)
    return rows


def test_bulk_rows_are_what_the_facade_writes_for_the_same_plans(tmp_path: Path) -> None:
    """The county demo writes 100,000 suggestions in bulk; this checks, plan by plan, that
    the bulk rows equal the facade's, so the bulk demo obeys the same rules."""
    by_facade = _township(tmp_path / "facade.sqlite")
    in_bulk = _township(tmp_path / "bulk.sqlite")
    ctx = _context(by_facade, random.Random(5), by_facade.township)
    _context(in_bulk, random.Random(5), in_bulk.township)
    plans = []
    for year in (ctx.today.year - 1, ctx.today.year):
        plans += plan_year(ctx, year, 60, ctx.today.replace(year=year, month=1, day=10))
    cover_states(plans)
    with by_facade.transaction():
        apply_plans(by_facade, plans, by_facade.township.id)
    with in_bulk.transaction():
        BulkWriter(in_bulk, in_bulk.township.id).write(plans)
    for sql in (
        "SELECT * FROM suggestions ORDER BY id",
        "SELECT * FROM suggestion_signers ORDER BY suggestion_id, position",
        "SELECT * FROM suggestion_units ORDER BY suggestion_id, unit_id",
        "SELECT * FROM suggestion_events ORDER BY id",
        "SELECT * FROM suggestion_replies ORDER BY id",
        "SELECT * FROM suggestion_ratings ORDER BY id",
    ):
        assert _table(in_bulk, sql) == _table(by_facade, sql), sql
    statuses = {r[0] for r in in_bulk.db.execute("SELECT DISTINCT status FROM suggestions")}
    assert len(statuses) >= 12
    for text in ("山塘", "塘", "饮水困难"):
        query = SuggestionQuery(text=text)
        assert in_bulk.suggestions.search(query) == by_facade.suggestions.search(query)
    by_facade.close()
    in_bulk.close()
