"""Backups of the office's database, and restoring one.

Automatic backups are made when the program closes and once a day, with SQLite's backup
API (a consistent copy while the database is in use, never a copy of the live file), into
a folder beside the database; 7 daily, 4 weekly and 12 monthly ones are kept. Each is also
copied to the second destination the clerk chose (setting backup_second_folder: a stick,
another disk, a network folder), kept by the same rule. The clerk can also back up to any
folder or stick, and restore a backup after seeing what it holds; the current database is
backed up first. Restoring needs every connection to the database closed (the GUI reopens
it).

Copies leave the PC encrypted: a backup written to removable media (or anywhere, with the
setting backup_encrypt_always) is sealed (app/exchange/sealed.py: AES-256-GCM, chunked,
authenticated) with the office's backup key, a random key made once and kept in the local
settings (never sent to the county). The clerk writes the key down (数据交换 → 备份密钥);
restoring on the same PC needs nothing, on a new PC the clerk types it. Plaintext copies
are made only in the data folder, never in TEMP, and removed afterwards (leftovers of a
crash on the next backup). When a copy is written to another disk than the database's,
backup_last_offsite records the time: a reminder tells when none left the disk for
backup_offsite_days days."""

from __future__ import annotations

import base64
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import faults
from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.core.replace import replace_file
from app.db.migrate import APP_MARK, known_steps
from app.exchange.drives import Lister, removable_drives
from app.exchange.files import copy_verified, fsync_folder, mb
from app.exchange.tables import TABLE_LABELS
from app.version import __version__

if TYPE_CHECKING:
    from app.office import Office

FOLDER = "备份"
REASONS = {"close": "关闭时", "daily": "每日", "manual": "手动", "restore": "恢复前"}
AUTOMATIC = {"close", "daily"}
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
PLAIN, SEALED = ".sqlite", ".rdbak"
_NAME = re.compile(
    r"^(?P<stem>.+)_(?P<stamp>\d{8}-\d{6})_(?P<reason>[^_.]+)(?P<ext>\.sqlite|\.rdbak)$"
)
# What a sealed backup's payload starts with (the database's bytes follow).
PAYLOAD_MARK = b"RENDA-BACKUP 1\n"
WORK_PREFIX = ".renda-work-"
# Pages copied per step of a snapshot (4 MB at SQLite's default page size).
SNAPSHOT_PAGES = 1024


class BackupKeyNeeded(RendaError):
    """A sealed backup the key at hand does not open: ask the clerk for the office's key."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    reason: str  # a key of REASONS, or "" for a file named otherwise
    size: int
    copies: tuple[Path, ...] = ()  # the same backup at the second destination
    note: str = ""  # for the clerk: why the second destination was not written

    @property
    def encrypted(self) -> bool:
        return self.path.suffix == SEALED

    @property
    def label(self) -> str:
        when = f"{self.made_at:%Y年%m月%d日 %H:%M}"
        kind = REASONS.get(self.reason, "")
        lock = "　已加密" if self.encrypted else ""
        return f"{when}　{kind + '备份' if kind else self.path.name}　{mb(self.size)}{lock}"


def backup_folder(db_path: Path) -> Path:
    """Beside the database: <data folder>/备份/."""
    return Path(db_path).resolve().parent / FOLDER


def backup_name(stem: str, when: datetime, reason: str, *, sealed: bool = False) -> str:
    return f"{stem}_{when:%Y%m%d-%H%M%S}_{REASONS[reason]}{SEALED if sealed else PLAIN}"


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
    for path in [*folder.glob("*" + PLAIN), *folder.glob("*" + SEALED)]:
        info = _parse(path)
        if info is not None and (stem is None or path.name.startswith(stem + "_")):
            found.append(info)
    return sorted(found, key=lambda b: b.made_at, reverse=True)


# ---- the office's backup key --------------------------------------------------------------


def backup_key(office: Office) -> str:
    """The office's backup key (made the first time it is asked for): 52 letters and digits
    in groups of four, to be written down and kept apart from the sticks."""
    key = office.settings.get("backup_key")
    if not key:
        raw = base64.b32encode(secrets.token_bytes(32)).decode("ascii").rstrip("=")
        key = "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
        office.settings.set("backup_key", key)
    return key


def normal_key(text: str) -> str:
    """A key as typed (spaces, lower case, 0 for O …) in its written form."""
    raw = re.sub(r"[^A-Z2-7]", "", text.upper().replace("0", "O").replace("1", "I"))
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


# ---- where a copy goes --------------------------------------------------------------------


def is_removable(folder: Path, lister: Lister = removable_drives) -> bool:
    """`folder` is on a stick or card the drive lister knows."""
    target = Path(folder).resolve()
    for drive in lister():
        root = Path(drive.path).resolve()
        if target == root or root in target.parents:
            return True
    return False


def other_disk(folder: Path, db_path: Path) -> bool:
    """`folder` is on another disk (device) than the database: a copy there survives the
    database's disk."""
    try:
        return os.stat(folder).st_dev != os.stat(Path(db_path).resolve().parent).st_dev
    except OSError:
        return False


@contextmanager
def work_folder(base: Path) -> Iterator[Path]:
    """A private folder in `base` (the data folder's 备份) for plaintext copies (never TEMP),
    removed afterwards; what a killed process left is removed the next time."""
    base.mkdir(parents=True, exist_ok=True)
    for old in base.glob(WORK_PREFIX + "*"):
        if _abandoned(old):
            shutil.rmtree(old, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=base))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _abandoned(folder: Path) -> bool:
    """Left by a process that is gone (or, where that cannot be asked, a day old)."""
    try:
        age = time.time() - folder.stat().st_mtime
    except OSError:
        return False
    pid_text = folder.name[len(WORK_PREFIX) :].split("-")[0]
    if os.name == "posix" and pid_text.isdigit():
        pid = int(pid_text)
        if pid == os.getpid():
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            pass
    return age > 24 * 3600


def _seal_file(plain: Path, sealed: Path, key: str, progress: Progress) -> None:
    from app.exchange.sealed import seal

    def parts() -> Iterator[bytes]:
        yield PAYLOAD_MARK
        with open(plain, "rb") as f:
            while block := f.read(1024 * 1024):
                yield block

    with open(sealed, "wb") as out:
        seal(parts(), out, key, progress)


def is_sealed(path: Path) -> bool:
    from app.exchange.sealed import MAGIC

    try:
        with open(path, "rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def unseal_backup(path: Path, key: str, target: Path) -> None:
    """Decrypt the sealed backup `path` into `target`; BackupKeyNeeded if `key` is not its
    key; RendaError if it is damaged or not a backup."""
    from app.exchange.sealed import PackageError, WrongPassword, unseal

    first = True
    try:
        with open(path, "rb") as f, open(target, "wb") as out:
            for data in unseal(f, key):
                if first:
                    if not data.startswith(PAYLOAD_MARK):
                        raise RendaError(
                            f"“{path.name}”是报送包或其他加密文件，不是乡镇人大工作台的备份。"
                        )
                    data = data[len(PAYLOAD_MARK) :]
                    first = False
                out.write(data)
    except WrongPassword:
        target.unlink(missing_ok=True)
        raise BackupKeyNeeded(
            f"“{path.name}”是加密的备份，需要做这个备份的办公室的备份密钥才能打开"
            "（本机的密钥打不开它，可能是另一台电脑或重装前做的）。请输入抄下的备份密钥。"
        ) from None
    except PackageError as exc:
        target.unlink(missing_ok=True)
        raise RendaError(
            f"“{path.name}”已损坏或不完整（{exc.message}），不能用来恢复。请换一个备份。"
        ) from exc
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise RendaError(f"无法读取“{path.name}”：{faults.reason(exc)}") from exc


# ---- making a backup ----------------------------------------------------------------------


def make_backup(
    office: Office,
    folder: Path | None = None,
    *,
    reason: str = "manual",
    now: datetime | None = None,
    progress: Progress = NO_PROGRESS,
    encrypt: bool | None = None,
    lister: Lister = removable_drives,
    second: bool = True,
) -> BackupInfo:
    """A consistent copy of the open database into `folder` (the data folder by default,
    then also the second destination), written under a temporary name and verified.
    Encrypted when `encrypt`, or (None) when the folder is on removable media or the
    setting backup_encrypt_always is on. Automatic ones are pruned afterwards. `second`
    False leaves the second destination out (the backup as the window closes: the daily
    one, in the background, copies there)."""
    when = now or datetime.now()
    local = folder is None
    target_folder = backup_folder(office.path) if local else Path(folder)  # type: ignore[arg-type]
    if local:
        target_folder.mkdir(parents=True, exist_ok=True)
    always = bool(office.settings.get("backup_encrypt_always"))
    seal_here = encrypt if encrypt is not None else always or is_removable(target_folder, lister)
    second_at = second_folder(office) if local and second else None
    seal_second = second_at is not None and (
        bool(encrypt) or always or is_removable(second_at, lister)
    )
    # Made before the snapshot (so the backup holds it too), and only when needed: a plain
    # backup writes nothing to the database.
    key = backup_key(office) if seal_here or seal_second else ""
    steps = 3
    progress.report(0, steps, "正在备份…")
    with work_folder(backup_folder(office.path)) as work:
        snap = work / "snapshot.sqlite"
        _snapshot(office, snap, progress)
        sealed_copy: Path | None = None

        def sealed() -> Path:
            nonlocal sealed_copy
            if sealed_copy is None:
                sealed_copy = work / "snapshot.rdbak"
                _seal_file(snap, sealed_copy, key, progress)
            return sealed_copy

        name = backup_name(office.path.stem, when, reason, sealed=seal_here)
        target = target_folder / name
        if local and not seal_here:
            # The snapshot lies in the backup folder's own work folder, on the same disk:
            # made durable and renamed into place, it needs no copy and no read-back (half
            # the time of a county's closing backup).
            _make_durable(snap)
            replace_file(snap, target)
            fsync_folder(target_folder)
            snap = target
        else:
            copy_verified(sealed() if seal_here else snap, target, progress)
        copies: list[Path] = []
        note = ""
        if second_at is not None:
            note = _second_copy(office, snap, sealed, seal_second, when, reason, copies)
    if reason in AUTOMATIC:
        prune(target_folder, office.path.stem, when.date())
    if not local and other_disk(target_folder, office.path):
        _record_offsite(office, when)
    progress.report(steps, steps, "备份完成")
    info = _parse(target)
    assert info is not None
    return BackupInfo(info.path, info.made_at, info.reason, info.size, tuple(copies), note)


def _make_durable(path: Path) -> None:
    """Flush a finished file to the disk before it is renamed into place."""
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _snapshot(office: Office, target: Path, progress: Progress = NO_PROGRESS) -> None:
    """A consistent copy of the open database, while it is in use (SQLite backup API),
    SNAPSHOT_PAGES pages at a time: SQLite lets go of the GIL during each step (so the
    window of a backup in the background keeps painting), progress shows between steps,
    and a cancel stops the copy there (the work folder is removed, the database untouched)."""

    def stepped(_status: int, remaining: int, total: int) -> None:
        progress.report(total - remaining, total, "正在复制数据库…")

    copy = sqlite3.connect(target)
    try:
        office.db.conn.backup(copy, pages=SNAPSHOT_PAGES, progress=stepped)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()


def second_folder(office: Office) -> Path | None:
    value = office.settings.get("backup_second_folder")
    return Path(value) if value else None


def _second_copy(
    office: Office,
    snap: Path,
    sealed: Callable[[], Path],
    seal_there: bool,
    when: datetime,
    reason: str,
    copies: list[Path],
) -> str:
    """Copy the backup to the second destination; a Chinese note when it could not."""
    folder = second_folder(office)
    if folder is None:
        return ""
    if not folder.is_dir():
        return f"第二备份位置“{folder}”现在找不到（U 盘没插或网络盘没连上），这次只备份在本机。"
    target = folder / backup_name(office.path.stem, when, reason, sealed=seal_there)
    try:
        copy_verified(sealed() if seal_there else snap, target)
    except RendaError as exc:
        return f"没有复制到第二备份位置：{exc.message}"
    copies.append(target)
    if reason in AUTOMATIC:
        prune(folder, office.path.stem, when.date())
    if other_disk(folder, office.path):
        _record_offsite(office, when)
    return ""


def set_second_folder(office: Office, folder: Path | None) -> None:
    """Choose (or, with None, stop using) the second destination of every backup."""
    from app.core.errors import ValidationError

    if folder is None:
        office.settings.set("backup_second_folder", "")
        return
    target = Path(folder).resolve()
    if not target.is_dir():
        raise ValidationError({"backup_second_folder": f"找不到文件夹“{folder}”"})
    home = office.path.resolve().parent
    if (
        target == home
        or target == backup_folder(office.path)
        or (backup_folder(office.path) in target.parents)
    ):
        raise ValidationError(
            {
                "backup_second_folder": "第二备份位置不能是数据文件夹或其中的备份文件夹，"
                "请选择另一块磁盘或 U 盘"
            }
        )
    office.settings.set("backup_second_folder", str(target))


def _record_offsite(office: Office, when: datetime) -> None:
    office.settings.set("backup_last_offsite", when.isoformat(timespec="seconds"))


def last_offsite(office: Office) -> datetime | None:
    value = office.settings.get("backup_last_offsite")
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


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
    encrypted: bool = False
    made_at: datetime | None = None

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
        if self.made_at is not None:
            lines.insert(1, f"备份时间：{self.made_at:%Y年%m月%d日 %H:%M}")
        if self.encrypted:
            lines.append("这是加密的备份，已用备份密钥打开")
        return lines


def _work_base() -> Path:
    from app.core.paths import user_data_dir

    return user_data_dir() / FOLDER


@contextmanager
def readable_copy(path: Path | str, key: str | None = None) -> Iterator[Path]:
    """The backup as a plain SQLite file: itself, or decrypted with `key` into a private
    folder of the data folder (removed afterwards)."""
    source = Path(path)
    if not source.is_file():
        raise RendaError(f"找不到备份文件“{source}”")
    if not is_sealed(source):
        yield source
        return
    if not key:
        raise BackupKeyNeeded(
            f"“{source.name}”是加密的备份，需要备份密钥才能打开。请输入抄下的备份密钥。"
        )
    with work_folder(_work_base()) as work:
        plain = work / "backup.sqlite"
        unseal_backup(source, key, plain)
        yield plain


def _open_read_only(source: Path) -> sqlite3.Connection:
    """Open a backup without writing anything, also on a write-protected stick or a copy
    still marked as WAL (immutable: SQLite then needs no file of its own beside it)."""
    uri = source.resolve().as_uri()
    last: sqlite3.Error | None = None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(f"{uri}?{options}", uri=True)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.DatabaseError as exc:
            last = exc
            if "conn" in locals():
                conn.close()
            if "not a database" in str(exc) or "malformed" in str(exc):
                break
    raise RendaError(
        f"“{source.name}”不是乡镇人大工作台的备份，或者文件已损坏（{last}）。"
    ) from last


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    """A query on a table an older renda may not have had: none rows then."""
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []


def inspect_backup(path: Path | str, key: str | None = None) -> BackupPreview:
    """What a backup holds. Reads any renda database it can (older ones, encrypted ones with
    their key, copies on write-protected media); refuses only a file that is not a whole
    renda database, or one written by a newer renda."""
    original = Path(path)
    with readable_copy(original, key) as source:
        preview = _inspect(source, original.name)
    info = _parse(original)
    return BackupPreview(
        original,
        preview.title,
        preview.mode,
        preview.written_by,
        preview.counts,
        preview.deputies_serving,
        original.stat().st_size,
        encrypted=source_is_sealed(original),
        made_at=info.made_at if info else datetime.fromtimestamp(original.stat().st_mtime),
    )


def source_is_sealed(path: Path) -> bool:
    return is_sealed(path)


def _inspect(source: Path, name: str) -> BackupPreview:
    conn = _open_read_only(source)
    try:
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise RendaError(
                f"“{name}”不是乡镇人大工作台的备份，或者文件已损坏（{exc}）。"
            ) from exc
        meta = dict(_rows(conn, "SELECT key, value FROM renda_meta"))
        if meta.get("app") != APP_MARK:
            raise RendaError(f"“{name}”不是乡镇人大工作台的数据库备份。")
        if ok != "ok":
            raise RendaError(f"“{name}”已损坏（{ok}），不能用来恢复。请换一个备份。")
        steps = set(_rows(conn, "SELECT migration_set, name FROM _sqlite_migrations"))
        if steps - known_steps():
            raise RendaError(
                f"这个备份由较新版本的乡镇人大工作台（{meta.get('written_by', '')}）写入，"
                f"当前程序 {__version__} 不能用它恢复。请先升级程序。"
            )
        settings = dict(_rows(conn, "SELECT key, value FROM settings"))
        mode = "county" if settings.get("office_mode") == '"county"' else "township"
        try:
            title = _title(conn, mode, settings)
        except sqlite3.Error:
            title = "（无法读出乡镇名称）"
        counts = {}
        for table, label in TABLE_LABELS.items():
            if table in tables and table not in ("townships",):
                counts[label] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        serving_rows = _rows(conn, "SELECT count(*) FROM deputies WHERE status = 'serving'")
        serving = serving_rows[0][0] if serving_rows else 0
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
    db_path: Path | str,
    backup: Path | str,
    *,
    key: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> BackupInfo | None:
    """Replace the database at `db_path` with `backup` (decrypted with `key` if sealed),
    after backing the current one up (returned). Every connection to `db_path` must be
    closed first."""
    target = Path(db_path)
    original = Path(backup)
    if target.exists() and original.exists() and original.resolve() == target.resolve():
        raise RendaError("不能用数据库文件本身来恢复，请选择一个备份文件")
    if is_sealed(original):
        with work_folder(backup_folder(target)) as work:
            plain = work / "backup.sqlite"
            if not key:
                raise BackupKeyNeeded(f"“{original.name}”是加密的备份，需要备份密钥才能恢复。")
            unseal_backup(original, key, plain)
            return _restore_plain(target, plain, original.name, progress)
    return _restore_plain(target, original, original.name, progress)


def _restore_plain(target: Path, source: Path, name: str, progress: Progress) -> BackupInfo | None:
    if not source.is_file():
        raise RendaError(f"找不到备份文件“{source}”")
    _inspect(source, name)
    safety = None
    key_before = None
    progress.report(0, 2, "正在备份当前数据库…")
    if target.exists():
        key_before = _stored_key(target)
        safety = _backup_closed(target)
    progress.report(1, 2, "正在恢复…")
    src = _open_read_only(source)
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
    if key_before and not _stored_key(target):
        _store_key(target, key_before)  # keep opening the copies made with the key until now
    progress.report(2, 2, "恢复完成")
    return safety


def _stored_key(db_path: Path) -> str:
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        rows = _rows(conn, "SELECT value FROM settings WHERE key = 'backup_key'")
    finally:
        conn.close()
    import json

    return json.loads(rows[0][0]) if rows else ""


def _store_key(db_path: Path, key: str) -> None:
    import json

    conn = sqlite3.connect(db_path, timeout=10)
    try:
        with conn:
            conn.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES ('backup_key', ?)",
                [json.dumps(key)],
            )
    except sqlite3.OperationalError:
        pass  # a backup from before settings existed: the migration adds them on opening
    finally:
        conn.close()


def _backup_closed(db_path: Path) -> BackupInfo:
    """Back up a database nobody has open (before it is replaced)."""
    folder = backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / backup_name(db_path.stem, datetime.now(), "restore")
    with work_folder(folder) as tmp:
        copy = tmp / target.name
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
