"""The facade loads an area's module the first time the area is used (app/office.py): the
start imports only what the first page reads. What an area hooks into another when it is
built (elections into meetings' attendance) is in place whichever is used first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.office import Office

ROOT = Path(__file__).resolve().parents[2]

AREA_MODULES = [
    "app.deputies.deputies",
    "app.meetings.meetings",
    "app.elections.elections",
    "app.suggestions.suggestions",
    "app.oversight.appraisals",
    "app.plans.calendar",
    "app.duties.activities",
]

OPEN_AND_LIST = """
import json, sys
from app.office import Office
office = Office.open(sys.argv[1])
title = office.title
print(json.dumps({"title": title, "loaded": [m for m in sys.argv[2:] if m in sys.modules]}))
"""


def test_opening_an_office_loads_no_area_module_until_it_is_used(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", OPEN_AND_LIST, str(db), *AREA_MODULES],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"title": "未设置", "loaded": []}


def test_an_area_is_built_once_and_kept(tmp_path: Path) -> None:
    with Office.open(tmp_path / "office.sqlite") as office:
        assert office.deputies is office.deputies
        assert office.terms is office.terms
        assert "suggestions" not in vars(office)


def test_elections_check_attendance_whichever_area_is_used_first(tmp_path: Path) -> None:
    with Office.open(tmp_path / "a.sqlite") as first_meetings:
        checks = first_meetings.meetings.attendance._checks
        elections = first_meetings.elections
        assert elections.conflict in checks and elections.removals.conflict in checks
        assert len(checks) == 2
    with Office.open(tmp_path / "b.sqlite") as first_elections:
        elections = first_elections.elections
        checks = first_elections.meetings.attendance._checks
        assert elections.conflict in checks and elections.removals.conflict in checks
        assert len(checks) == 2


def test_every_area_of_the_facade_can_be_built(tmp_path: Path) -> None:
    Office.load_areas()
    with Office.open(tmp_path / "office.sqlite") as office:
        for name, area in vars(Office).items():
            if type(area).__name__ == "_Area":
                assert getattr(office, name).__class__.__name__ == area.name


def test_the_search_index_functions_are_there_before_the_suggestions_area(tmp_path: Path) -> None:
    """The index's triggers call them on any write to the suggestions (a county merge)."""
    from app.suggestions.search import SQL_FUNCTION

    with Office.open(tmp_path / "office.sqlite") as office:
        assert "suggestions" not in vars(office)
        assert office.db.execute(f"SELECT {SQL_FUNCTION}('饮水困难')").fetchone()[0]
