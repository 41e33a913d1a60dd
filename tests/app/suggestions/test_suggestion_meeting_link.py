"""A suggestion made during a congress session belongs to that session (issue 5)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.core.errors import ValidationError
from app.suggestions.records import SuggestionQuery

TODAY = date(2026, 11, 22)
ROOT = Path(__file__).resolve().parents[3]


def register(town, **kw):
    d = town.deputies
    values = dict(
        lead_deputy_id=d["王𠮷"],
        title="关于修缮桃源村山塘的建议",
        category="水利设施",
        received_date="2026-03-12",
        today=TODAY,
    )
    values.update(kw)
    return town.office.suggestions.register(**values)


def test_a_session_suggestion_belongs_to_its_session(town) -> None:
    meetings = town.office.meetings
    first = meetings.add(kind="session", start_date="2026-03-11")
    meetings.add(kind="presidium", start_date="2026-03-01")
    suggestions = town.office.suggestions
    assert suggestions.session_for("2026-03-12") == first.id
    assert suggestions.session_for("2026-02-01") is None
    s = register(town, source="session", meeting_id=first.id)
    assert s.meeting_id == first.id
    between = register(town, source="between", title="关于硬化团结村通组公路的建议")
    assert suggestions.search(SuggestionQuery(meeting_id=first.id)) == [s.id]
    edited = suggestions.edit(s.id, title="关于修缮桃源村三口山塘的建议", today=TODAY)
    assert edited.meeting_id == first.id  # a correction keeps the session
    assert between.meeting_id is None


@pytest.mark.parametrize(
    ("source", "which", "message"),
    [
        ("between", "session", "大会期间提出"),
        ("session", "presidium", "不是本乡镇的人民代表大会会议"),
    ],
)
def test_a_wrong_meeting_is_refused_and_nothing_is_saved(town, source, which, message) -> None:
    meetings = town.office.meetings
    chosen = {
        "session": meetings.add(kind="session", start_date="2026-03-11"),
        "presidium": meetings.add(kind="presidium", start_date="2026-03-01"),
    }[which]
    with pytest.raises(ValidationError) as refused:
        register(town, source=source, meeting_id=chosen.id)
    assert message in refused.value.fields["meeting_id"]
    assert town.office.db.execute("SELECT count(*) FROM suggestions").fetchone()[0] == 0


def test_the_demo_links_session_suggestions_to_its_sessions(demo_office) -> None:
    rows = demo_office.db.execute(
        "SELECT s.source, m.kind FROM suggestions s LEFT JOIN meetings m ON m.id = s.meeting_id"
    ).fetchall()
    session_rows = [r for r in rows if r[0] == "session"]
    assert session_rows and all(kind == "session" for _s, kind in session_rows)
    assert all(kind is None for source, kind in rows if source in ("between", "reception"))


def test_the_cli_lists_the_suggestions_of_a_session(demo_db) -> None:
    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "app", "--db", str(demo_db), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        )
        return result.stdout

    meetings = json.loads(run("meetings", "--json"))
    session = next(m for m in meetings if "人民代表大会第一次会议" in m["title"])
    listed = json.loads(run("suggestions", "--meeting", str(session["id"]), "--json"))
    assert listed
    shown = json.loads(run("suggestion", "show", listed[0]["number"], "--json"))
    assert shown["meeting"] == session["title"]
