"""The county package (报送包) of a township: one sealed file on a USB stick.

    export_package(office, folder, password)  ->  folder/清溪镇_20261122.rdpkg
    with open_package(path, password, beside=county.path) as opened:
        opened.manifest, opened.db_path, opened.signing_key, opened.sequence

The payload (format 2) is a manifest (format, township, renda version, schema, the
package's sequence number, the township's public key, created at, counts, checksums), an
Ed25519 signature of the manifest (app/exchange/signing.py), then a snapshot of the
office's database made with SQLite's backup API, emptied of the office's own tables (its
signing key above all) and compacted. Format 1 packages (unsigned, unnumbered) stay
readable.

Plaintext never goes to the system's TEMP: the snapshot and a decrypted package live in a
work folder beside the database (app/core/workspace.py), removed when done or at the next
start. The sealed file is written and checked there, then copied to the stick under a
temporary name, flushed, renamed and read back (app/exchange/files.py)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import sqlite3
import struct
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO

from app.core import faults
from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.core.workspace import work_folder
from app.db.migrate import APP_MARK, applied_steps, known_steps
from app.exchange import signing
from app.exchange.files import CHUNK, copy_verified, mb, safe_file_name
from app.exchange.sealed import (
    MAX_PAYLOAD,
    PackageError,
    TooLarge,
    TooNew,
    check_password,
    read_header,
    seal,
    unseal,
)
from app.exchange.tables import (
    LOCAL_TABLES,
    SNAPSHOT_KEEPS,
    exchange_schema,
    records_digest,
    table_counts,
)
from app.version import __version__

if TYPE_CHECKING:
    from app.office import Office

EXTENSION = ".rdpkg"
PAYLOAD_FORMAT = 2
DATA_FILE = "data.sqlite"
MAX_MANIFEST = 256 * 1024
# More rows in one table than a township could keep in decades (prefecture scale averages
# 5,000 suggestions per township): the county's merge holds a table's rows in memory.
MAX_ROWS = 100_000
SQLITE_MAGIC = b"SQLite format 3\x00"

BAD_MANIFEST = "报送包的清单已损坏，无法导入。请让乡镇重新生成报送包；数据库没有改动。"
NOT_RENDA = (
    "报送包里的数据不是乡镇人大工作台的乡镇数据库（或者是空的），已拒绝导入。"
    "请让乡镇用“生成报送包”重新生成；数据库没有改动。"
)


@dataclass(frozen=True)
class PackageResult:
    path: Path
    size: int
    township: str
    counts: dict[str, int]
    sha256: str
    sequence: int = 0
    fingerprint: str = ""

    @property
    def text(self) -> str:
        deputies = self.counts.get("deputies", 0)
        return (
            f"已生成报送包“{self.path}”（第 {self.sequence} 次报送，{mb(self.size)}，"
            f"含代表 {deputies} 名），已读回校验无误。"
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


def package_snapshot(office: Office, target: Path) -> None:
    """The snapshot a package carries: the office's own tables emptied (keys, settings, the
    county's bookkeeping), then compacted, so neither they nor deleted records' old pages
    leave the office."""
    snapshot(office, target)
    copy = sqlite3.connect(target)
    try:
        names = [
            r[0]
            for r in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if r[0] in LOCAL_TABLES and r[0] not in SNAPSHOT_KEEPS
        ]
        # A local table may refuse deletes (an append-only trail): its triggers are set
        # aside in the copy while it is emptied, then put back as they were.
        triggers = copy.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN"
            f" ({', '.join('?' for _ in names)})",
            names,
        ).fetchall()
        with copy:
            for name, _sql in triggers:
                copy.execute(f'DROP TRIGGER "{name}"')
            for name in names:
                copy.execute(f'DELETE FROM "{name}"')
            for _name, sql in triggers:
                copy.execute(sql)
        copy.execute("VACUUM")
    finally:
        copy.close()


def _sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            sha.update(block)
    return sha.hexdigest()


def _manifest(office: Office, data: Path, sequence: int, public_key: bytes) -> dict:
    home = office.township
    assert home is not None
    conn = sqlite3.connect(data)
    try:
        schema = exchange_schema(conn)
        counts = table_counts(conn, schema)
        digest = records_digest(conn, schema)
    finally:
        conn.close()
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
        "sequence": sequence,
        "signing_key": base64.b64encode(public_key).decode("ascii"),
        "created_at": datetime.now().isoformat(timespec="microseconds"),
        "counts": counts,
        "records_digest": digest,
        "files": {DATA_FILE: {"size": data.stat().st_size, "sha256": _sha256(data)}},
    }


def _payload(head: bytes, signature: bytes, data: Path) -> Iterator[bytes]:
    yield struct.pack(">I", len(head)) + head + signature
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
    public_key = signing.ensure_key(office)
    with work_folder(office.path, "pkg") as work:
        data = work / DATA_FILE
        progress.report(0, 4, "正在生成数据快照…")
        sequence = signing.next_sequence(office)
        package_snapshot(office, data)
        manifest = _manifest(office, data, sequence, public_key)
        head = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
        progress.report(1, 4, "正在加密…")
        sealed = work / target.name
        with open(sealed, "wb") as out:
            key = seal(_payload(head, signing.sign(office, head), data), out, password, progress)
        progress.report(2, 4, "正在校验…")
        with open(sealed, "rb") as f:
            checked = _read_payload(unseal(f, "", progress, key=key), None)
        if checked.head != head:
            raise RendaError("报送包自检未通过，没有写入 U 盘。请重试。")
        progress.report(3, 4, f"正在写入“{target.parent}”…")
        digest = copy_verified(sealed, target, progress)
    progress.report(4, 4, "报送包已生成")
    return PackageResult(
        target,
        target.stat().st_size,
        home.name,
        manifest["counts"],
        digest,
        sequence,
        signing.fingerprint(public_key),
    )


@dataclass
class _Payload:
    head: bytes
    manifest: dict
    signing_key: bytes | None  # None: a format 1 package, unsigned


def _take(stream: Iterator[bytes], buffer: bytearray, size: int) -> bool:
    while len(buffer) < size:
        block = next(stream, None)
        if block is None:
            return False
        buffer += block
    return True


def _str(value: object, longest: int) -> str:
    if not isinstance(value, str) or not value or len(value) > longest:
        raise PackageError(BAD_MANIFEST)
    return value


def _check_manifest(manifest: object, sealed_format: int) -> dict:
    """The manifest's values have the types and sizes this program relies on."""
    if not isinstance(manifest, dict):
        raise PackageError(BAD_MANIFEST)
    version = manifest.get("format")
    if type(version) is not int or version < 1:
        raise PackageError(BAD_MANIFEST)
    if version > PAYLOAD_FORMAT:
        raise TooNew(
            "这个报送包是较新版本的乡镇人大工作台生成的，本程序读不懂它的内容。"
            "请先升级本程序再导入；数据库没有改动。"
        )
    if (version >= 2) != (sealed_format >= 2):
        raise PackageError(BAD_MANIFEST)
    if manifest.get("kind") != "township":
        raise PackageError("这不是乡镇的报送包，无法导入；数据库没有改动。")
    township = manifest.get("township")
    if not isinstance(township, dict):
        raise PackageError(BAD_MANIFEST)
    _str(township.get("uuid"), 64)
    _str(township.get("name"), 100)
    _str(manifest.get("created_at"), 40)
    _str(manifest.get("records_digest"), 128)
    schema = manifest.get("schema")
    if not isinstance(schema, list) or not all(isinstance(s, str) for s in schema):
        raise PackageError(BAD_MANIFEST)
    files = manifest.get("files")
    entry = files.get(DATA_FILE) if isinstance(files, dict) else None
    if not isinstance(entry, dict) or type(entry.get("size")) is not int:
        raise PackageError(BAD_MANIFEST)
    _str(entry.get("sha256"), 64)
    if not 0 < entry["size"] <= MAX_PAYLOAD:
        raise TooLarge(
            "报送包声明的数据大得不合常理（可能是恶意构造的文件），已拒绝导入；数据库没有改动。"
        )
    if version >= 2:
        sequence = manifest.get("sequence")
        if type(sequence) is not int or not 0 < sequence < 2**62:
            raise PackageError(BAD_MANIFEST)
        _str(manifest.get("signing_key"), 64)
    return manifest


def _read_payload(
    stream: Iterator[bytes], out: BinaryIO | None, sealed_format: int = 2
) -> _Payload:
    """Read the manifest, check its signature, then the data into `out` (or only hash it),
    never more than the manifest declares."""
    buffer = bytearray()
    if not _take(stream, buffer, 4):
        raise PackageError("报送包是空的或已损坏，无法导入；数据库没有改动。")
    (size,) = struct.unpack(">I", buffer[:4])
    if size > MAX_MANIFEST:
        raise PackageError(BAD_MANIFEST)
    if not _take(stream, buffer, 4 + size):
        raise PackageError(BAD_MANIFEST)
    head = bytes(buffer[4 : 4 + size])
    try:
        manifest = json.loads(head.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PackageError(BAD_MANIFEST) from None
    manifest = _check_manifest(manifest, sealed_format)
    rest = 4 + size
    public_key = None
    if manifest["format"] >= 2:
        if not _take(stream, buffer, rest + signing.SIGNATURE_BYTES):
            raise PackageError(BAD_MANIFEST)
        signature = bytes(buffer[rest : rest + signing.SIGNATURE_BYTES])
        rest += signing.SIGNATURE_BYTES
        try:
            public_key = base64.b64decode(manifest["signing_key"], validate=True)
        except (binascii.Error, ValueError):
            raise PackageError(BAD_MANIFEST) from None
        if not signing.verify(public_key, head, signature):
            raise PackageError(
                "报送包的签名不对：内容在生成后被改动过，或不是乡镇人大工作台生成的。"
                "已拒绝导入；数据库没有改动。"
            )
    expected = manifest["files"][DATA_FILE]
    sha = hashlib.sha256()
    written = 0

    def put(block: bytes) -> None:
        nonlocal written
        written += len(block)
        if written > expected["size"]:
            raise PackageError("报送包的内容比清单所写的多，已拒绝导入；数据库没有改动。")
        sha.update(block)
        if out is not None:
            out.write(block)

    if len(buffer) > rest:
        put(bytes(buffer[rest:]))
    del buffer
    for block in stream:
        put(block)
    if written != expected["size"] or sha.hexdigest() != expected["sha256"]:
        raise PackageError("报送包的内容与清单中的校验值不一致，已拒绝导入；数据库没有改动。")
    return _Payload(head, manifest, public_key)


@dataclass
class OpenedPackage:
    """A package decrypted and checked into a work folder (removed on exit)."""

    manifest: dict
    db_path: Path
    signing_key: bytes | None
    _resources: ExitStack

    def __enter__(self) -> OpenedPackage:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._resources.close()

    @property
    def township(self) -> dict:
        return self.manifest["township"]

    @property
    def sequence(self) -> int | None:
        return self.manifest.get("sequence") if self.signing_key is not None else None

    @property
    def fingerprint(self) -> str:
        return signing.fingerprint(self.signing_key) if self.signing_key else ""


def open_package(
    path: Path | str, password: str, *, beside: Path | str, progress: Progress = NO_PROGRESS
) -> OpenedPackage:
    """Decrypt, verify and unpack a package into a work folder beside the database
    `beside`; refuse anything not whole, ours, signed as it says and readable."""
    source = Path(path)
    resources = ExitStack()
    try:
        work = resources.enter_context(work_folder(beside, "open"))
        data = work / DATA_FILE
        try:
            with open(source, "rb") as f, open(data, "wb") as out:
                sealed_format = read_header(f).format
                f.seek(0)
                payload = _read_payload(unseal(f, password, progress), out, sealed_format)
        except OSError as exc:
            raise PackageError(
                f"无法读取“{source}”：{faults.reason(exc)}。数据库没有改动。"
            ) from exc
        _check_steps(payload.manifest)
        _check_database(payload.manifest, data)
        return OpenedPackage(payload.manifest, data, payload.signing_key, resources)
    except BaseException:
        resources.close()
        raise


def _check_steps(manifest: dict) -> None:
    unknown = set(manifest["schema"]) - {f"{s}/{n}" for s, n in known_steps()}
    if unknown:
        version = str(manifest.get("renda_version", ""))[:20]
        raise TooNew(
            f"这个报送包由较新版本的乡镇人大工作台（{version}）生成，"
            f"本程序（{__version__}）无法安全读取。请先升级本程序再导入；数据库没有改动。"
        )


def _check_database(manifest: dict, data: Path) -> None:
    """The data is a township database of renda, of the township the manifest names."""
    with open(data, "rb") as f:
        if f.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise PackageError(NOT_RENDA)
    try:
        conn = sqlite3.connect(f"{data.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        raise PackageError(NOT_RENDA) from None
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise PackageError(
                "报送包里的数据库已损坏，无法导入。请让乡镇重新生成报送包；数据库没有改动。"
            )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"renda_meta", "townships", "deputies"} <= tables:
            raise PackageError(NOT_RENDA)
        mark = conn.execute("SELECT value FROM renda_meta WHERE key = 'app'").fetchone()
        homes = conn.execute("SELECT uuid, name FROM townships WHERE is_home = 1").fetchall()
        for spec in exchange_schema(conn).tables:
            rows = conn.execute(f'SELECT count(*) FROM "{spec.name}"').fetchone()[0]
            if rows > MAX_ROWS:
                raise TooLarge(
                    f"报送包中的{spec.label}有 {rows} 条，远超一个乡镇可能有的数量"
                    f"（至多 {MAX_ROWS} 条），可能是恶意构造的文件，已拒绝导入；数据库没有改动。"
                )
    except sqlite3.Error:
        raise PackageError(NOT_RENDA) from None
    finally:
        conn.close()
    township = manifest["township"]
    if mark is None or mark[0] != APP_MARK or homes != [(township["uuid"], township["name"])]:
        raise PackageError(NOT_RENDA)
