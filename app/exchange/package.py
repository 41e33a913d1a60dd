"""The county package (报送包) of a township: one sealed file on a USB stick.

    export_package(office, folder, password)  ->  folder/清溪镇_20261122.rdpkg
    with open_package(path, password) as opened:  opened.manifest, opened.db_path

The payload is a manifest (format, township, renda version, schema, created at, counts,
checksums) and a snapshot of the office's database made with SQLite's backup API into a
local temporary file, never the live file. The sealed file is written and checked locally,
then copied to the stick under a temporary name, flushed, renamed and read back
(app/exchange/files.py)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.db.migrate import applied_steps, known_steps
from app.exchange.files import CHUNK, copy_verified, mb, safe_file_name
from app.exchange.sealed import PackageError, TooNew, check_password, seal, unseal
from app.exchange.tables import exchange_schema, records_digest, table_counts
from app.version import __version__

if TYPE_CHECKING:
    from app.office import Office

EXTENSION = ".rdpkg"
PAYLOAD_FORMAT = 1
DATA_FILE = "data.sqlite"


@dataclass(frozen=True)
class PackageResult:
    path: Path
    size: int
    township: str
    counts: dict[str, int]
    sha256: str

    @property
    def text(self) -> str:
        deputies = self.counts.get("deputies", 0)
        return (
            f"已生成报送包“{self.path}”（{mb(self.size)}，含代表 {deputies} 名），已读回校验无误。"
        )


def package_name(township: str, day: date) -> str:
    return safe_file_name(f"{township}_{day:%Y%m%d}") + EXTENSION


def snapshot(office: Office, target: Path) -> None:
    """A consistent copy of the open database, while it is in use (SQLite backup API)."""
    copy = sqlite3.connect(target)
    try:
        office.db.conn.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
        _strip_office_secrets(copy)
    finally:
        copy.close()


def _strip_office_secrets(copy: sqlite3.Connection) -> None:
    """The office's users (password hashes) and its audit trail never leave the office.
    The trail's triggers go too (a bare connection cannot fire them); the county's Office
    writes them again when it opens the copy."""
    triggers = copy.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit%'"
    ).fetchall()
    for (name,) in triggers:
        copy.execute(f'DROP TRIGGER "{name}"')
    for table in ("audit_log", "users"):
        if copy.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [table]).fetchone():
            copy.execute(f'DELETE FROM "{table}"')
    copy.commit()


def _manifest(office: Office, data: Path) -> dict:
    home = office.township
    assert home is not None
    conn = sqlite3.connect(data)
    try:
        schema = exchange_schema(conn)
        counts = table_counts(conn, schema)
        digest = records_digest(conn, schema)
    finally:
        conn.close()
    sha = hashlib.sha256()
    with open(data, "rb") as f:
        while block := f.read(CHUNK):
            sha.update(block)
    steps = sorted(f"{s}/{n}" for s, n in applied_steps(office.db))
    return {
        "format": PAYLOAD_FORMAT,
        "kind": "township",
        "township": {
            "uuid": home.uuid,
            "name": home.name,
            "code": home.code,
            "county": home.county,
        },
        "renda_version": __version__,
        "schema": steps,
        "created_at": datetime.now().isoformat(timespec="microseconds"),
        "counts": counts,
        "records_digest": digest,
        "files": {DATA_FILE: {"size": data.stat().st_size, "sha256": sha.hexdigest()}},
    }


def _payload(manifest: dict, data: Path) -> Iterator[bytes]:
    head = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
    yield struct.pack(">I", len(head)) + head
    with open(data, "rb") as f:
        while block := f.read(CHUNK):
            yield block


def export_package(
    office: Office,
    folder: Path | str,
    password: str,
    *,
    progress: Progress = NO_PROGRESS,
    today: date | None = None,
) -> PackageResult:
    """Seal the office's records into `folder` (a USB stick) and verify what was written."""
    if office.mode != "township":
        raise RendaError("报送包由乡镇生成；县级汇总数据库不能生成报送包")
    home = office.township
    if home is None:
        raise RendaError("还没有设置本乡镇，请先完成初始设置")
    check_password(password)
    target = Path(folder) / package_name(home.name, today or date.today())
    office.access.permit("package", what="生成报送包", note=target.name)
    with tempfile.TemporaryDirectory(prefix="renda-pkg-") as tmp:
        data = Path(tmp) / DATA_FILE
        progress.report(0, 4, "正在生成数据快照…")
        snapshot(office, data)
        manifest = _manifest(office, data)
        progress.report(1, 4, "正在加密…")
        sealed = Path(tmp) / target.name
        with open(sealed, "wb") as out:
            seal(_payload(manifest, data), out, password, progress)
        progress.report(2, 4, "正在校验…")
        with open_package(sealed, password) as opened:
            if opened.manifest["records_digest"] != manifest["records_digest"]:
                raise RendaError("报送包自检未通过，没有写入 U 盘。请重试。")
        progress.report(3, 4, f"正在写入“{target.parent}”…")
        digest = copy_verified(sealed, target, progress)
    progress.report(4, 4, "报送包已生成")
    return PackageResult(target, target.stat().st_size, home.name, manifest["counts"], digest)


@dataclass
class OpenedPackage:
    """A package decrypted and checked into a temporary folder (removed on exit)."""

    manifest: dict
    db_path: Path
    _tmp: tempfile.TemporaryDirectory

    def __enter__(self) -> OpenedPackage:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._tmp.cleanup()

    @property
    def township(self) -> dict:
        return self.manifest["township"]


def open_package(
    path: Path | str, password: str, progress: Progress = NO_PROGRESS
) -> OpenedPackage:
    """Decrypt, verify and unpack a package; refuse anything not whole, ours and readable."""
    source = Path(path)
    tmp = tempfile.TemporaryDirectory(prefix="renda-open-")
    try:
        data = Path(tmp.name) / DATA_FILE
        try:
            with open(source, "rb") as f, open(data, "wb") as out:
                manifest = _unpack(unseal(f, password, progress), out)
        except OSError as exc:
            raise PackageError(f"无法读取“{source}”：{exc.strerror or exc}") from exc
        _verify(manifest, data)
        return OpenedPackage(manifest, data, tmp)
    except BaseException:
        tmp.cleanup()
        raise


def _unpack(stream: Iterator[bytes], out: object) -> dict:
    buffer = b""
    manifest: dict | None = None
    for block in stream:
        if manifest is None:
            buffer += block
            if len(buffer) < 4:
                continue
            (size,) = struct.unpack(">I", buffer[:4])
            if len(buffer) < 4 + size:
                continue
            try:
                manifest = json.loads(buffer[4 : 4 + size].decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise PackageError("报送包的清单已损坏，无法导入。") from None
            out.write(buffer[4 + size :])  # type: ignore[attr-defined]
            buffer = b""
        else:
            out.write(block)  # type: ignore[attr-defined]
    if manifest is None:
        raise PackageError("报送包是空的或已损坏，无法导入。")
    return manifest


def _verify(manifest: dict, data: Path) -> None:
    if int(manifest.get("format", 0)) > PAYLOAD_FORMAT:
        raise TooNew(
            "这个报送包是较新版本的乡镇人大工作台生成的，本程序读不懂它的内容。"
            "请先升级本程序再导入；数据库没有改动。"
        )
    unknown = set(manifest.get("schema", [])) - {f"{s}/{n}" for s, n in known_steps()}
    if unknown:
        raise TooNew(
            f"这个报送包由较新版本的乡镇人大工作台（{manifest.get('renda_version', '')}）生成，"
            f"本程序（{__version__}）无法安全读取。请先升级本程序再导入；数据库没有改动。"
        )
    expected = manifest.get("files", {}).get(DATA_FILE, {})
    sha = hashlib.sha256()
    with open(data, "rb") as f:
        while block := f.read(CHUNK):
            sha.update(block)
    if data.stat().st_size != expected.get("size") or sha.hexdigest() != expected.get("sha256"):
        raise PackageError("报送包的内容与清单中的校验值不一致，已拒绝导入。")
    if manifest.get("kind") != "township":
        raise PackageError("这不是乡镇的报送包，无法导入。")
