"""Every kind of write killed at any moment (SIGKILL: a power cut, a crash, the clerk
ending the program) loses nothing acknowledged and leaves nothing half-written: after each
kill the database passes SQLite's integrity check, every write the worker reported as done
is there whole (a meeting with its attendance, a suggestion with its history, an activity
with its deputies, a reception with its visitors), and no record stands without its parts.
A few kills run in ./check; the long loop with -m slow. Backups and restores have their own
loop (tests/app/exchange/test_backup_kills.py)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_until_killed(db: Path, seconds: float, run: int) -> list[tuple[str, str]]:
    """Start the worker, kill it after `seconds`, return what it acknowledged."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.app.kill_worker", str(db), str(run)],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    time.sleep(seconds)
    worker.send_signal(signal.SIGKILL)
    out, _ = worker.communicate(timeout=60)
    return [tuple(line.split()[1:3]) for line in out.splitlines() if line.startswith("ACK ")]


def check_whole(db: Path, acked: list[tuple[str, str]]) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        one = lambda sql, *a: conn.execute(sql, a).fetchone()[0]  # noqa: E731
        for kind, marker in acked:
            if kind == "deputy":
                assert one("SELECT count(*) FROM deputies WHERE unit = ?", marker) == 1
            elif kind == "meeting":
                meeting = one("SELECT id FROM meetings WHERE title = ?", f"培训会{marker}")
                marked = one(
                    "SELECT count(*) FROM meeting_attendance WHERE meeting_id = ?"
                    " AND status = 'present'",
                    meeting,
                )
                assert marked == 5
            elif kind == "suggestion":
                s = one("SELECT id FROM suggestions WHERE title = ?", f"关于{marker}的建议")
                assert one("SELECT status FROM suggestions WHERE id = ?", s) == "accepted"
                assert one("SELECT count(*) FROM suggestion_signers WHERE suggestion_id = ?", s)
            elif kind == "activity":
                a = one("SELECT id FROM activities WHERE topic = ?", f"视察{marker}")
                assert one("SELECT count(*) FROM activity_deputies WHERE activity_id = ?", a) == 3
            elif kind == "reception":
                r = one(
                    "SELECT reception_id FROM reception_items WHERE content = ?", f"反映{marker}"
                )
                assert one("SELECT count(*) FROM reception_deputies WHERE reception_id = ?", r)
        edits = [int(m[1:3] + m[4:]) for k, m in acked if k == "edit"]  # R01N000042 -> 1000042
        if edits:  # the phone holds the last acknowledged edit, or one made just after it
            phone = one(
                "SELECT phone FROM deputies WHERE id = (SELECT min(d.id) FROM deputies d"
                " JOIN terms t ON t.id = d.term_id AND t.is_current = 1"
                " WHERE d.status = 'serving')"
            )
            assert int(phone[3:]) >= max(edits)
        # No part without its whole: visitors, deputies and history all have their record.
        for part, key, whole in (
            ("reception_items", "reception_id", "receptions"),
            ("reception_deputies", "reception_id", "receptions"),
            ("activity_deputies", "activity_id", "activities"),
            ("suggestion_signers", "suggestion_id", "suggestions"),
            ("suggestion_events", "suggestion_id", "suggestions"),
            ("meeting_attendance", "meeting_id", "meetings"),
        ):
            orphans = one(
                f"SELECT count(*) FROM {part} WHERE {key} NOT IN (SELECT id FROM {whole})"
            )
            assert orphans == 0, part
    finally:
        conn.close()


def kill_loop(db: Path, kills: int, seed: int) -> int:
    rng = random.Random(seed)
    acknowledged: list[tuple[str, str]] = []
    for run in range(kills):
        acknowledged += run_until_killed(db, rng.uniform(1.0, 3.0), run)
        check_whole(db, acknowledged)
    return len(acknowledged)


def test_writes_killed_at_random_lose_nothing_acknowledged(demo_db: Path) -> None:
    done = kill_loop(demo_db, kills=4, seed=19)
    assert done > 0  # the worker got through writes between the kills


@pytest.mark.slow
def test_the_long_loop_of_killed_writes(demo_db: Path) -> None:
    done = kill_loop(demo_db, kills=60, seed=7)
    print(f"\n60 kills, {done} acknowledged writes, all whole")  # for the note (pytest -s)
    assert done > 0
