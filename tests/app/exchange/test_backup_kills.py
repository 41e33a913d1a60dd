"""A backup or a restore killed at any moment (SIGKILL: a power cut, a crash, the clerk
ending the program) loses nothing: the database stays whole with all it held (or, for a
restore, becomes the backup whole), no half-written file carries a backup's name, and the
plaintext working copy a killed backup left in the data folder is gone after the next one.
A few kills run in ./check; the long loop with -m slow."""

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

from app.exchange.backup import (
    PLAIN,
    SEALED,
    WORK_PREFIX,
    backup_folder,
    backup_key,
    inspect_backup,
    make_backup,
)
from app.office import Office

ROOT = Path(__file__).resolve().parents[3]


def deputy_names(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        return sorted(r[0] for r in conn.execute("SELECT name FROM deputies"))
    finally:
        conn.close()


def cli(db: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-m", "app", "--db", str(db), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def timed(db: Path, *args: str) -> float:
    started = time.monotonic()
    assert cli(db, *args).wait(timeout=120) == 0
    return time.monotonic() - started


def kill_at(db: Path, delay: float, *args: str) -> None:
    process = cli(db, *args)
    time.sleep(delay)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)


def run_backup_kills(demo_db: Path, out: Path, kills: int) -> None:
    out.mkdir(exist_ok=True)
    with Office.open(demo_db) as office:
        key = backup_key(office)
        office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = deputy_names(demo_db)
    whole = timed(demo_db, "backup", "--out", str(out), "--encrypt")
    rng = random.Random(19)
    for _ in range(kills):
        kill_at(demo_db, rng.uniform(0, whole), "backup", "--out", str(out), "--encrypt")
        assert deputy_names(demo_db) == before
        for made in [*out.glob("*" + SEALED), *out.glob("*" + PLAIN)]:
            assert inspect_backup(made, key).counts["代表"] == len(before)  # whole, or absent
    with Office.open(demo_db) as office:
        make_backup(office, out, encrypt=True)
    assert not list(backup_folder(demo_db).glob(WORK_PREFIX + "*"))


def run_restore_kills(demo_db: Path, tmp_path: Path, kills: int) -> None:
    other = tmp_path / "其他.sqlite"
    with Office.open(other) as office:
        office.setup(township="清溪镇", county="溪山县", term_number=17, term_start="2021-12-28")
        office.deputies.add(name="备份中的代表", gender="女")
        backup = make_backup(office, tmp_path, reason="manual").path
    before = deputy_names(demo_db)
    after = deputy_names(backup)
    db = tmp_path / "kill.sqlite"
    whole = 0.0
    rng = random.Random(7)
    for _ in range(kills):
        db.write_bytes(demo_db.read_bytes())
        for extra in ("-wal", "-shm"):
            Path(str(db) + extra).unlink(missing_ok=True)
        whole = whole or timed(tmp_path / "probe.sqlite", "restore", str(backup))
        kill_at(db, rng.uniform(0, whole), "restore", str(backup))
        assert deputy_names(db) in (before, after)  # the old one whole, or the backup whole


def test_killed_backups_leave_whole_files_and_no_plaintext(demo_db: Path, tmp_path) -> None:
    run_backup_kills(demo_db, tmp_path / "U盘", kills=3)


def test_killed_restores_leave_the_old_or_the_new_database_whole(demo_db: Path, tmp_path):
    run_restore_kills(demo_db, tmp_path, kills=3)


@pytest.mark.slow
def test_many_killed_backups_and_restores(demo_db: Path, tmp_path) -> None:
    out = tmp_path / "U盘"
    run_backup_kills(demo_db, out, kills=40)
    run_restore_kills(demo_db, tmp_path, kills=40)
