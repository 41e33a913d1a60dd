"""Backups of the office's database, and restoring one.

Automatic backups are made when the program closes and once a day, with SQLite's backup
API (a consistent copy while the database is in use), into a folder beside the database;
7 daily, 4 weekly and 12 monthly ones are kept. The clerk can also back up to any folder
or stick, and restore a backup after seeing what it holds; the current database is backed
up first. Restoring needs every connection to the database closed (the GUI reopens it)."""

from __future__ import annotations

import re
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.db.migrate import APP_MARK, known_steps
from app.exchange.files import copy_verified, mb
from app.exchange.tables import TABLE_LABELS
from app.version import __version__

if TYPE_CHECKING:
    from app.office import Office

FOLDER = "备份"
REASONS = {"close": "关闭时", "daily": "每日", "manual": "手动", "restore": "恢复前"}
AUTOMATIC = {"close", "daily"}
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
_NAME = re.compile(r"^(?P<stem>.+)_(?P<stamp>\d{8}-\d{6})_(?P<reason>[^_.]+)\.sqlite$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    reason: str  # a key of REASONS, or "" for a file named otherwise
    size: int

    @property
    def label(self) -> str:
        when = f"{self.made_at:%Y年%m月%d日 %H:%M}"
        kind = REASONS.get(self.reason, "")
        return f"{when}　{kind + '备份' if kind else self.path.name}　{mb(self.size)}"


def backup_folder(db_path: Path) -> Path:
    """Beside the database: <data folder>/备份/."""
    return Path(db_path).resolve().parent / FOLDER


def backup_name(stem: str, when: datetime, reason: str) -> str:
    return f"{stem}_{when:%Y%m%d-%H%M%S}_{REASONS[reason]}.sqlite"


def _parse(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    reason = next((k for k, v in REASONS.items() if v == match["reason"]), "")
    try:
        when = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, when, reason, size)


def list_backups(folder: Path, stem: str | None = None) -> list[BackupInfo]:
    """The backups in `folder` (of the database named `stem`), newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.sqlite"):
        info = _parse(path)
        if info is not None and (stem is None or path.name.startswith(stem + "_")):
            found.append(info)
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def make_backup(
    office: Office,
    folder: Path | None = None,
    *,
    reason: str = "manual",
    now: datetime | None = None,
    progress: Progress = NO_PROGRESS,
) -> BackupInfo:
    """A consistent copy of the open database into `folder` (the data folder by default),
    written under a temporary name and verified. Automatic ones are pruned afterwards."""
    from app.exchange.package import snapshot

    when = now or datetime.now()
    target_folder = Path(folder) if folder is not None else backup_folder(office.path)
    if folder is None:
        target_folder.mkdir(parents=True, exist_ok=True)
    target = target_folder / backup_name(office.path.stem, when, reason)
    progress.report(0, 2, "正在备份…")
    with tempfile.TemporaryDirectory(prefix="renda-backup-") as tmp:
        copy = Path(tmp) / target.name
        snapshot(office, copy)
        copy_verified(copy, target, progress)
    if reason in AUTOMATIC:
        prune(target_folder, office.path.stem, when.date())
    progress.report(2, 2, "备份完成")
    info = _parse(target)
    assert info is not None
    return info


def backup_due(office: Office, today: date | None = None) -> bool:
    """No automatic backup was made today."""
    day = today or date.today()
    return not any(
        b.made_at.date() == day and b.reason in AUTOMATIC
        for b in list_backups(backup_folder(office.path), office.path.stem)
    )


def kept(backups: list[BackupInfo]) -> set[Path]:
    """Which automatic backups to keep: the newest of each of the last 7 days, 4 weeks
    and 12 months that have backups."""
    newest = sorted(backups, key=lambda b: b.made_at, reverse=True)
    keep: set[Path] = set()
    for bucket, count in (
        (lambda d: d.isoformat(), KEEP_DAILY),
        (lambda d: tuple(d.isocalendar()[:2]), KEEP_WEEKLY),
        (lambda d: (d.year, d.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for b in newest:
            key = bucket(b.made_at.date())
            if key not in seen:
                seen.append(key)
                if len(seen) > count:
                    break
                keep.add(b.path)
    return keep


def prune(folder: Path, stem: str, today: date | None = None) -> list[Path]:
    """Delete automatic backups outside the 7 / 4 / 12 rule; others are never deleted."""
    automatic = [b for b in list_backups(folder, stem) if b.reason in AUTOMATIC]
    keep = kept(automatic)
    removed = []
    for b in automatic:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                pass  # open elsewhere: try again next time
    return removed


# ---- what a backup holds, and restoring it ---------------------------------------------


@dataclass(frozen=True)
class BackupPreview:
    path: Path
    title: str  # 清溪镇 · 第十七届, or the county
    mode: str
    written_by: str
    counts: dict[str, int]  # table label -> rows
    deputies_serving: int
    size: int

    @property
    def lines(self) -> list[str]:
        lines = [
            f"数据库：{self.title}",
            f"由乡镇人大工作台 {self.written_by or '（未知版本）'} 写入",
            f"在任代表 {self.deputies_serving} 名",
        ]
        counted = "，".join(f"{label} {n}" for label, n in self.counts.items() if n)
        if counted:
            lines.append(f"记录：{counted}")
        lines.append(f"文件大小：{mb(self.size)}")
        return lines


def inspect_backup(path: Path | str) -> BackupPreview:
    """What a backup holds; refuses a file that is not a whole renda database, or one
    written by a newer renda."""
    source = Path(path)
    if not source.is_file():
        raise RendaError(f"找不到备份文件“{source}”")
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise RendaError(f"无法打开“{source.name}”：{exc}") from exc
    try:
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise RendaError(
                f"“{source.name}”不是乡镇人大工作台的备份，或者文件已损坏（{exc}）。"
            ) from exc
        meta = (
            dict(conn.execute("SELECT key, value FROM renda_meta"))
            if "renda_meta" in tables
            else {}
        )
        if meta.get("app") != APP_MARK:
            raise RendaError(f"“{source.name}”不是乡镇人大工作台的数据库备份。")
        if ok != "ok":
            raise RendaError(f"“{source.name}”已损坏（{ok}），不能用来恢复。请换一个备份。")
        steps = set(conn.execute("SELECT migration_set, name FROM _sqlite_migrations"))
        if steps - known_steps():
            raise RendaError(
                f"这个备份由较新版本的乡镇人大工作台（{meta.get('written_by', '')}）写入，"
                f"当前程序 {__version__} 不能用它恢复。请先升级程序。"
            )
        settings = dict(conn.execute("SELECT key, value FROM settings"))
        mode = "county" if settings.get("office_mode") == '"county"' else "township"
        title = _title(conn, mode, settings)
        counts = {}
        for table, label in TABLE_LABELS.items():
            if table in tables and table not in ("townships",):
                counts[label] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        serving_sql = "SELECT count(*) FROM deputies WHERE status = 'serving'"
        serving = conn.execute(serving_sql).fetchone()[0]
    finally:
        conn.close()
    return BackupPreview(
        source, title, mode, meta.get("written_by", ""), counts, serving, source.stat().st_size
    )


def _title(conn: sqlite3.Connection, mode: str, settings: dict) -> str:
    import json

    from app.core.chinese import cn_number

    if mode == "county":
        return json.loads(settings.get("county_name", '""')) + "人大常委会（汇总）"
    home = conn.execute("SELECT id, name FROM townships WHERE is_home = 1").fetchone()
    if home is None:
        return "（尚未设置乡镇）"
    term = conn.execute(
        "SELECT number FROM terms WHERE township_id = ? AND is_current = 1", [home[0]]
    ).fetchone()
    return f"{home[1]} · 第{cn_number(term[0])}届" if term else home[1]


def restore_backup(
    db_path: Path | str, backup: Path | str, *, progress: Progress = NO_PROGRESS
) -> BackupInfo | None:
    """Replace the database at `db_path` with `backup`, after backing the current one up
    (returned). Every connection to `db_path` must be closed first."""
    target = Path(db_path)
    source = Path(backup)
    inspect_backup(source)
    if target.exists() and source.resolve() == target.resolve():
        raise RendaError("不能用数据库文件本身来恢复，请选择一个备份文件")
    safety = None
    progress.report(0, 2, "正在备份当前数据库…")
    if target.exists():
        safety = _backup_closed(target)
    progress.report(1, 2, "正在恢复…")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=10)
    try:
        # The backup API writes every page in one transaction: all or nothing.
        src.backup(dst)
    except sqlite3.Error as exc:
        kept_at = f"，恢复前的备份在“{safety.path}”" if safety else ""
        raise RendaError(f"恢复失败（{exc}）。原数据库没有改动{kept_at}。") from exc
    finally:
        src.close()
        dst.close()
    progress.report(2, 2, "恢复完成")
    return safety


def _backup_closed(db_path: Path) -> BackupInfo:
    """Back up a database nobody has open (before it is replaced)."""
    folder = backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / backup_name(db_path.stem, datetime.now(), "restore")
    with tempfile.TemporaryDirectory(prefix="renda-backup-") as tmp:
        copy = Path(tmp) / target.name
        src = sqlite3.connect(db_path)
        dst = sqlite3.connect(copy)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            src.close()
            dst.close()
        copy_verified(copy, target)
    info = _parse(target)
    assert info is not None
    return info
