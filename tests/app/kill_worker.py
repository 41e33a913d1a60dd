"""Writes every kind of record through the facade, one transaction each, in a loop, and
says "ACK kind marker" on stdout after each has committed: tests/app/test_write_kills.py
kills it at random moments and checks that every acknowledged write is whole on disk.

    python -m tests.app.kill_worker DB RUN   (RUN: this run's number, 0–99, in every marker)
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from app.deputies.deputies import DeputyQuery
from app.office import Office

KINDS = ("deputy", "meeting", "suggestion", "activity", "reception", "edit")


def main(db: Path, run: int) -> None:
    office = Office.open(db)
    ids = office.deputies.search(DeputyQuery(term_id=office.current_term_id(), status="serving"))
    station = office.stations.list()[0].id
    for n in itertools.count():
        kind = KINDS[n % len(KINDS)]
        marker = f"R{run:02d}N{n:06d}"
        if kind == "deputy":
            # A name holds no digits: the marker goes into the unit.
            office.deputies.add(name="龚测试", gender="男", unit=marker)
        elif kind == "meeting":
            meeting = office.meetings.add(
                kind="other", title=f"培训会{marker}", start_date="2026-11-10"
            )
            office.meetings.attendance.set_expected(meeting.id, ids[:5])
            office.meetings.attendance.set_status(meeting.id, ids[:5], "present")
        elif kind == "suggestion":
            s = office.suggestions.register(
                lead_deputy_id=ids[n % len(ids)],
                title=f"关于{marker}的建议",
                category="水利设施",
                received_date="2026-11-10",
            )
            office.suggestions.act(s.id, "accept", date="2026-11-11")
        elif kind == "activity":
            office.activities.add(
                kind="视察", date="2026-11-12", topic=f"视察{marker}", deputy_ids=ids[:3]
            )
        elif kind == "reception":
            office.receptions.add(
                station_id=station,
                date="2026-11-13",
                deputy_ids=ids[:2],
                items=[dict(visitor_name="张三", content=f"反映{marker}", handling="answered")],
            )
        else:  # an edit: the first deputy's phone carries the loop's number
            office.deputies.update(min(ids), phone=f"139{run:02d}{n:06d}")
        sys.stdout.write(f"ACK {kind} {marker}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
