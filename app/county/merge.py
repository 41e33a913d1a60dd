"""County mode: importing townships' packages into one county database.

Each township's records stay apart: `exchange_origin` remembers which township every
imported record came from. A newer package of a township replaces exactly that township's
records, matched by uuid: records keep their county ids, integer foreign keys are mapped
by uuid, records gone from the package are removed. An older or identical package changes
nothing. Everything is checked before anything is written, and written in one transaction.

Here: which packages are admitted (signatures, numbers), the batch, the transaction and
the bookkeeping. The merge itself: a township's first package is copied in SQL
(app/county/first_import.py), every later one compared row by row (app/county/row_merge.py).
Tables are taken from the schema (app/exchange/tables.py), so tables of later areas travel
without a change here."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import dates
from app.core.errors import Cancelled, RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.county.row_merge import RowMerge, TableReport
from app.db.audit import bulk_unaudited
from app.exchange.package import OpenedPackage, open_package
from app.exchange.sealed import PackageError
from app.exchange.signing import fingerprint

if TYPE_CHECKING:
    from app.office import Office


@dataclass(frozen=True)
class ImportReport:
    file_name: str
    township: str
    created_at: str
    status: str  # imported | identical | older
    tables: tuple[TableReport, ...] = ()
    previous: str = ""  # created_at of the package imported before
    sequence: int | None = None  # the package's number (None: an unsigned first-format one)
    previous_sequence: int | None = None
    registered: str = ""  # "first" | "manual" when this import pinned the township's key
    fingerprint: str = ""  # of the key that signed the package

    def table(self, name: str) -> TableReport:
        return next((t for t in self.tables if t.table == name), TableReport(name, name))

    @property
    def changed(self) -> bool:
        return self.status == "imported"

    @property
    def text(self) -> str:
        made = dates.format_date(self.created_at[:10])
        if self.status == "identical":
            return f"{self.township}（{made}的报送包）与已导入的内容相同，没有改动。"
        if self.status == "older":
            before = dates.format_date(self.previous[:10])
            if self.sequence is not None and self.previous_sequence is not None:
                return (
                    f"{self.township}的这个报送包是第 {self.sequence} 次报送的（{made}生成），"
                    f"已导入的是第 {self.previous_sequence} 次，这个较旧，没有改动。"
                    "（如乡镇从备份恢复过数据库，报送次数会变小：核实后可用“重新登记乡镇密钥”"
                    "按确认导入。）"
                )
            return (
                f"{self.township}的这个报送包（{made}生成）比已导入的（{before}生成）旧，没有改动。"
            )
        shown = [t for t in self.tables if t.new or t.updated or t.removed or t.table == "deputies"]
        lines = "；".join(t.text for t in shown)
        number = f"第 {self.sequence} 次报送，" if self.sequence is not None else ""
        pinned = {
            "first": f"已登记该乡镇的签名密钥（指纹 {self.fingerprint}，可电话向乡镇核对）。",
            "manual": f"已按确认改用该乡镇的新签名密钥（指纹 {self.fingerprint}）。",
        }.get(self.registered, "")
        return f"{self.township}（{number}{made}的报送包）已导入。{lines}。{pinned}"


def _apply(
    office: Office, merge: RowMerge, record: dict | None, pin: tuple[bytes, str] | None = None
) -> None:
    """Write the merge and remember the package (None: the township is being removed) and,
    with `pin` (public key, how), the township's signing key, all in one transaction."""
    conn = office.db.conn
    conn.execute("PRAGMA foreign_keys = OFF")  # no cascades while rows are swapped
    try:
        with office.transaction():
            # Thousands of rows of a township's own records: the import is recorded as one
            # event of the trail (import_package), not row by row (3x slower, measured).
            with bulk_unaudited(office.db) as bulk:
                before = merge.township_id(conn)
                merge.write(conn)
                bulk.townships = merge.touched_townships(conn, before)
            if record is None:
                conn.execute(
                    "DELETE FROM package_imports WHERE township_uuid = ?", [merge.township]
                )
                conn.execute("DELETE FROM township_keys WHERE township_uuid = ?", [merge.township])
            else:
                conn.execute(
                    "INSERT INTO package_imports (township_uuid, township_name, created_at,"
                    " records_digest, file_name, renda_version, report, sequence,"
                    " key_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        record["township_uuid"],
                        record["township_name"],
                        record["created_at"],
                        record["records_digest"],
                        record["file_name"],
                        record["renda_version"],
                        record["report"],
                        record["sequence"],
                        record["key_fingerprint"],
                    ],
                )
            if pin is not None and record is not None:
                conn.execute(
                    "INSERT INTO township_keys (township_uuid, township_name, public_key, how)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (township_uuid) DO UPDATE SET"
                    " township_name = excluded.township_name, public_key = excluded.public_key,"
                    " how = excluded.how, registered_at = strftime('%Y-%m-%dT%H:%M:%S', 'now',"
                    " 'localtime')",
                    [record["township_uuid"], record["township_name"], pin[0], pin[1]],
                )
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


@dataclass(frozen=True)
class _Last:
    created_at: str
    records_digest: str
    sequence: int | None


def _last_import(office: Office, township_uuid: str) -> _Last | None:
    """The township's package imported last (never older than those before it)."""
    row = office.db.execute(
        "SELECT created_at, records_digest, sequence FROM package_imports"
        " WHERE township_uuid = ? ORDER BY id DESC LIMIT 1",
        [township_uuid],
    ).fetchone()
    return _Last(*row) if row else None


def pinned_key(office: Office, township_uuid: str) -> bytes | None:
    row = office.db.execute(
        "SELECT public_key FROM township_keys WHERE township_uuid = ?", [township_uuid]
    ).fetchone()
    return bytes(row[0]) if row else None


class KeyMismatch(PackageError):
    """Signed by another key than the one the county registered for the township."""

    def __init__(self, message: str, township: str, pinned: str, offered: str) -> None:
        super().__init__(message)
        self.township = township
        self.pinned = pinned
        self.offered = offered


def _admit(
    office: Office, opened: OpenedPackage, file_name: str, re_register: bool
) -> tuple[ImportReport | None, tuple[bytes, str] | None]:
    """Decide, before anything is written, whether the package may replace what the county
    holds of its township: a report when it changes nothing, and the key to pin."""
    township = opened.township
    name = township["name"]
    created = opened.manifest["created_at"]
    digest = opened.manifest["records_digest"]
    pinned = pinned_key(office, township["uuid"])
    last = _last_import(office, township["uuid"])
    signer = opened.signing_key
    if signer is None:  # format 1: neither signed nor numbered
        if pinned is not None:
            raise PackageError(
                f"这个报送包没有签名（由旧版本的乡镇人大工作台生成），而县里已经登记了{name}的"
                "签名密钥，为防止冒充已拒绝导入。请乡镇升级程序后重新生成报送包；数据库没有改动。"
            )
        if re_register:
            raise PackageError(
                "重新登记乡镇需要新版本生成的、带签名的报送包。请乡镇升级程序后重新生成；"
                "数据库没有改动。"
            )
        if last is not None and last.sequence is None and created < last.created_at:
            return ImportReport(file_name, name, created, "older", previous=last.created_at), None
        if last is not None and digest == last.records_digest:
            return ImportReport(file_name, name, created, "identical"), None
        return None, None
    if pinned is not None and pinned != signer and not re_register:
        raise KeyMismatch(
            f"这个报送包的签名密钥与县里登记的{name}的密钥不同（登记的指纹 {fingerprint(pinned)}，"
            f"报送包的指纹 {fingerprint(signer)}），可能是有人冒充{name}，已拒绝导入；数据库"
            f"没有改动。如果{name}重装了程序或重建了数据库，请电话向{name}核对其“报送包密钥"
            "指纹”，无误后用“重新登记乡镇密钥”导入。",
            name,
            fingerprint(pinned),
            fingerprint(signer),
        )
    if re_register:  # taken whatever its number (a township that restored a backup)
        return None, ((signer, "manual") if pinned != signer else None)
    sequence = opened.sequence
    if last is not None and last.sequence is not None and sequence is not None:
        if sequence == last.sequence and digest == last.records_digest:
            return ImportReport(file_name, name, created, "identical", sequence=sequence), None
        if sequence <= last.sequence:
            return (
                ImportReport(
                    file_name,
                    name,
                    created,
                    "older",
                    previous=last.created_at,
                    sequence=sequence,
                    previous_sequence=last.sequence,
                ),
                None,
            )
    return None, ((signer, "first") if pinned is None else None)


def import_package(
    office: Office,
    path: Path | str,
    password: str,
    *,
    re_register: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ImportReport:
    """Import one township's package into the county database (or say why not).

    `re_register`: the clerk has confirmed (by phone, with the township's key fingerprint)
    that the township has a new key: the package is taken whatever key signed it and
    whatever its number, and its key is pinned from now on."""
    _require_county(office)
    source_path = Path(path)
    office.access.require("package")
    progress.report(0, 3, f"正在解密“{source_path.name}”…")
    with (
        open_package(source_path, password, beside=office.path, progress=progress) as opened,
        _large_cache(office.db.conn),
    ):
        report = _import_opened(office, opened, source_path, re_register, progress)
    if report.changed:  # an identical or older package leaves no trace either
        office.access.record("package", "导入报送包", note=source_path.name)
    progress.report(3, 3, "导入完成")
    return report


def _require_county(office: Office) -> None:
    if office.mode != "county":
        raise RendaError(
            "只有县级汇总数据库才能导入报送包。请新建一个县级汇总数据库"
            "（命令 init --county-mode，或首次启动时选择“县级汇总”）。"
        )


class _CancelOnly(Progress):
    """The progress handed to a package decrypted ahead in another thread: it obeys the
    clerk's cancel but says nothing (the bar follows the package being merged)."""

    def __init__(self, outer: Progress) -> None:
        super().__init__()
        self._outer = outer

    def report(self, done: int, total: int, text: str = "") -> None:
        self.check()
        self._outer.check()


AHEAD = 2  # packages decrypted ahead of the merge (two cores; each holds one decrypted file)


def import_packages(
    office: Office, paths: Sequence[Path | str], password: str, *, progress: Progress = NO_PROGRESS
) -> list[tuple[Path, ImportReport | RendaError]]:
    """Import several townships' packages, in order, each in its own transaction, as
    import_package would one by one; a refused package does not stop the others.

    The key derivation (scrypt, about 0.7 s per package by design) and the decryption of
    the next packages run in worker threads while the main one merges: scrypt and AES
    release the GIL, so on two cores they cost little of the wall time. Only the merge
    touches the county database."""
    from concurrent.futures import Future, ThreadPoolExecutor

    _require_county(office)
    office.access.require("package")
    sources = [Path(p) for p in paths]
    quiet = _CancelOnly(progress)
    results: list[tuple[Path, ImportReport | RendaError]] = []
    pending: dict[int, Future[OpenedPackage]] = {}

    def _open(path: Path) -> OpenedPackage:
        return open_package(path, password, beside=office.path, progress=quiet)

    with (
        ThreadPoolExecutor(max_workers=AHEAD, thread_name_prefix="renda-unseal") as pool,
        _checkpoints_beside(office) as checkpoint,
    ):
        try:
            for i, path in enumerate(sources):
                for ahead in range(i, min(i + AHEAD + 1, len(sources))):
                    if ahead not in pending:
                        pending[ahead] = pool.submit(_open, sources[ahead])
                progress.report(i, len(sources), f"正在导入“{path.name}”…")
                try:
                    opened = pending.pop(i).result()
                except Cancelled:
                    raise
                except RendaError as exc:
                    results.append((path, exc))
                    continue
                try:
                    with opened, _large_cache(office.db.conn):
                        report = _import_opened(office, opened, path, False, NO_PROGRESS)
                except RendaError as exc:
                    results.append((path, exc))
                    continue
                if report.changed:
                    office.access.record("package", "导入报送包", note=path.name)
                    checkpoint()
                results.append((path, report))
        finally:
            quiet.cancel()  # packages decrypted ahead and not merged: stop, then clean up
            for future in pending.values():
                try:
                    future.result().__exit__(None, None, None)
                except BaseException:
                    pass
    progress.report(len(sources), len(sources), "导入完成")
    return results


@contextmanager
def _checkpoints_beside(office: Office) -> Iterator[Callable[[], None]]:
    """While a batch of packages is merged, the write-ahead log is copied into the
    database file (a checkpoint: 50 MB a county-scale township, with its fsync) by another
    thread on its own connection, beside the next package's merge, instead of inside each
    package's commit. The log stays durable (every commit is synced to it as before); a
    checkpoint never waits for the merge nor holds it up (PASSIVE), and the last one is
    waited for. Yields what starts one (at most one at a time)."""
    from concurrent.futures import Future, ThreadPoolExecutor

    conn = office.db.conn
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal" or not office.path.is_file():
        yield lambda: None
        return
    before = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    running: list[Future] = []

    def _checkpoint() -> None:
        beside = sqlite3.connect(office.path, timeout=0)
        try:
            beside.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            beside.close()

    def start() -> None:
        if running and not running[-1].done():
            return
        running[:] = [pool.submit(_checkpoint)]

    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="renda-checkpoint") as pool:
            yield start
            for future in running:
                try:
                    future.result()
                except sqlite3.Error:
                    pass  # the log is copied at the next checkpoint: nothing is lost
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(before)}")


IMPORT_CACHE_KIB = 64 * 1024


@contextmanager
def _large_cache(conn: sqlite3.Connection) -> Iterator[None]:
    """A larger page cache while a township is merged: its 85,000 rows go into indexes
    keyed by random uuids, which SQLite's default 2 MB cache re-reads from the file
    page by page as the county grows. Pages are taken only as used; set back after."""
    before = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {before}")


def _import_opened(
    office: Office, opened: OpenedPackage, source_path: Path, re_register: bool, progress: Progress
) -> ImportReport:
    """Merge a decrypted, verified package into the county database (or say why not)."""
    from app.office import Office as OfficeClass

    manifest = opened.manifest
    township = opened.township
    created = manifest["created_at"]
    settled, pin = _admit(office, opened, source_path.name, re_register)
    if settled is not None:
        return settled
    if _last_import(office, township["uuid"]) is None:
        _refuse_namesake(office, township)
    progress.report(1, 3, f"正在比对{township['name']}的记录…")
    try:
        # Brings an older schema up to date; only read, so without the write triggers.
        source = OfficeClass.open(opened.db_path, read_only_copy=True)
    except RendaError as exc:
        raise PackageError(f"报送包中的数据无法打开：{exc.message}") from exc
    from app.county import first_import

    conn = office.db.conn
    # The township's first package: its tables copied in SQL (app/county/first_import.py).
    first = first_import.holds_nothing_of(conn, township["uuid"])
    attached = False
    try:
        if first:
            first_import.attach(conn, str(opened.db_path))
            attached = True
            merge: RowMerge = first_import.FirstImport(conn, township["uuid"])
        else:
            merge = RowMerge(conn, source.db.conn, township["uuid"])
        merge.plan()
        report = ImportReport(
            source_path.name,
            township["name"],
            created,
            "imported",
            merge.reports,
            sequence=opened.sequence,
            registered=pin[1] if pin else "",
            fingerprint=opened.fingerprint,
        )
        progress.report(2, 3, f"正在写入{township['name']}的记录…")
        _apply(
            office,
            merge,
            {
                "township_uuid": township["uuid"],
                "township_name": township["name"],
                "created_at": created,
                "records_digest": manifest["records_digest"],
                "file_name": source_path.name,
                "renda_version": str(manifest.get("renda_version", ""))[:40],
                "report": json.dumps([r.__dict__ for r in merge.reports], ensure_ascii=False),
                "sequence": opened.sequence,
                "key_fingerprint": opened.fingerprint,
            },
            pin,
        )
    except sqlite3.DatabaseError as exc:
        raise PackageError(
            "报送包里的数据库已损坏或结构不对，无法导入。请让乡镇重新生成报送包；数据库没有改动。"
        ) from exc
    finally:
        if attached:
            first_import.detach(conn)
        source.close()
    return report


@dataclass(frozen=True)
class KeySeen:
    """What re-registering a township would change: shown to the clerk to confirm."""

    township: str
    pinned: str  # fingerprint registered now ("" when none)
    offered: str  # fingerprint of the package's key


def inspect_package(
    office: Office, path: Path | str, password: str, *, progress: Progress = NO_PROGRESS
) -> KeySeen:
    """Open a package (changing nothing) and tell whose key signed it."""
    if office.mode != "county":
        raise RendaError("只有县级汇总数据库才能登记乡镇的密钥")
    with open_package(Path(path), password, beside=office.path, progress=progress) as opened:
        if opened.signing_key is None:
            raise PackageError(
                "重新登记乡镇需要新版本生成的、带签名的报送包。请乡镇升级程序后重新生成；"
                "数据库没有改动。"
            )
        pinned = pinned_key(office, opened.township["uuid"])
        return KeySeen(
            opened.township["name"], fingerprint(pinned) if pinned else "", opened.fingerprint
        )


@dataclass(frozen=True)
class RegisteredKey:
    township: str
    fingerprint: str
    how: str  # first | manual
    registered_at: str


def registered_keys(office: Office) -> list[RegisteredKey]:
    from app.core.chinese import stroke_sort_key

    rows = office.db.execute(
        "SELECT township_name, public_key, how, registered_at FROM township_keys"
    ).fetchall()
    found = [RegisteredKey(r[0], fingerprint(bytes(r[1])), r[2], r[3]) for r in rows]
    return sorted(found, key=lambda k: stroke_sort_key(k.township))


def _refuse_namesake(office: Office, township: dict) -> None:
    row = office.db.execute(
        "SELECT name FROM townships WHERE name = ? AND uuid <> ?",
        [township["name"], township["uuid"]],
    ).fetchone()
    if row is not None:
        raise RendaError(
            f"县级汇总数据库中已有“{row[0]}”，但这个报送包来自另一个数据库文件"
            "（该乡镇可能重新建立了数据库）。如确认以新的为准，请先删除原有的"
            f"“{row[0]}”汇总数据再导入；数据库没有改动。"
        )


def remove_township(office: Office, township_id: int) -> ImportReport:
    """Remove everything a township's packages brought (to take a rebuilt one afresh)."""
    if office.mode != "county":
        raise RendaError("只有县级汇总数据库才能删除乡镇的汇总数据")
    found = office.db.execute(
        "SELECT uuid, name FROM townships WHERE id = ?", [township_id]
    ).fetchone()
    if found is None:
        raise RendaError("找不到该乡镇")
    merge = RowMerge(office.db.conn, None, found[0])
    merge.plan()
    _apply(office, merge, None)
    return ImportReport("", found[1], "", "imported", merge.reports)


@dataclass(frozen=True)
class ImportedTownship:
    township_id: int
    name: str
    package_created_at: str
    imported_at: str
    file_name: str
    deputies: int
    sequence: int | None = None  # the number of the latest package (None: first format)


def imported_townships(office: Office) -> list[ImportedTownship]:
    """The townships of a county database with their latest package."""
    rows = office.db.execute(
        "SELECT t.id, t.name, coalesce(p.created_at, ''), coalesce(p.imported_at, ''),"
        " coalesce(p.file_name, ''),"
        " (SELECT count(*) FROM deputies d WHERE d.township_id = t.id AND d.status <> 'ended'),"
        " p.sequence"
        " FROM townships t LEFT JOIN package_imports p ON p.id = (SELECT id FROM"
        " package_imports WHERE township_uuid = t.uuid ORDER BY id DESC"
        " LIMIT 1) ORDER BY t.name"
    ).fetchall()
    from app.core.chinese import stroke_sort_key

    found = [ImportedTownship(*row) for row in rows]
    return sorted(found, key=lambda t: stroke_sort_key(t.name))
