"""The sealed container of the county package: compressed, encrypted, authenticated.

Layout of a .rdpkg file:

    b"RENDAPKG"  u16 format  u32 n  header (n bytes of JSON)  chunk  chunk … last chunk

The header names the cipher (AES-256-GCM), the key derivation (scrypt, its cost and a
fresh random salt), a fresh random nonce prefix, the chunk size and a key check. Every
chunk is one AES-GCM message of at most CHUNK bytes of the zlib-compressed payload; its
nonce is the prefix, the chunk's number and a flag for the last chunk, and the whole
prefix up to the header's end is its associated data. So a changed header, a changed,
reordered or dropped chunk, and a file cut short are all refused, and memory stays small
whatever the size of the attachments inside.

The header is read before anything is authenticated, so every value in it is checked
against fixed bounds of its format (`LIMITS`) before any key is derived or any buffer
allocated: a tampered header costs nothing. Format 1 (scrypt 2^16, the first release) stays
readable; format 2 costs more per password guess (`SCRYPT`, ≥ 0.5 s, see `kdf_seconds`).
The decompressed payload is capped in total and in ratio to what was read, so a
compression bomb is refused after a bounded amount of work.

The key check (HKDF of the key) tells a wrong password from a damaged file; it lets one
test a guess no faster than the scrypt in front of it already does."""

from __future__ import annotations

import base64
import binascii
import json
import os
import struct
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress

MAGIC = b"RENDAPKG"
FORMAT = 2
CHUNK = 1024 * 1024
TAG = 16
# scrypt for packages written now: 128 MiB of memory, about 0.6 s per guess on this
# project's build machine (a 2-core AMD EPYC VM), more on an older township PC.
SCRYPT = {"n": 2**17, "r": 8, "p": 2}
MAX_HEADER = 4096
MIN_PASSWORD = 8
# What a decompressed payload may hold: at most MAX_PAYLOAD bytes, and at most RATIO times
# the compressed bytes read so far plus SLACK (a real database compresses far less; a
# bomb of zeros compresses about 1000:1).
MAX_PAYLOAD = 4 * 1024**3
RATIO = 100
SLACK = 64 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The values a header of one format may hold; anything else is refused unread."""

    scrypt_n: frozenset[int]
    scrypt_r: frozenset[int]
    scrypt_p: frozenset[int]
    max_memory: int  # 128 * r * n bytes
    chunks: frozenset[int]


LIMITS = {
    1: Limits(frozenset({2**16}), frozenset({8}), frozenset({1}), 64 * 1024**2, frozenset({CHUNK})),
    2: Limits(
        frozenset({2**16, 2**17}),
        frozenset({8}),
        frozenset({1, 2}),
        128 * 1024**2,
        frozenset({CHUNK}),
    ),
}
HEADER_KEYS = {"format", "cipher", "kdf", "nonce_prefix", "chunk", "compression", "key_check"}
KDF_KEYS = {"name", "n", "r", "p", "salt"}
SALT_BYTES = 16
PREFIX_BYTES = 7
CHECK_BYTES = 16

DAMAGED_HEADER = "报送包的文件头已损坏或被改动，无法读取。请让乡镇重新生成报送包；数据库没有改动。"
TRUNCATED = "报送包不完整（文件被截断），可能没有复制完。请重新复制一份；数据库没有改动。"


class PackageError(RendaError):
    """A package that cannot be opened; nothing was changed."""


class WrongPassword(PackageError):
    pass


class TooNew(PackageError):
    pass


class TooLarge(PackageError):
    pass


def check_password(password: str) -> None:
    """The rule for a new package's password (reading accepts the older, shorter ones)."""
    if len(password) < MIN_PASSWORD:
        raise RendaError(
            f"报送包密码至少 {MIN_PASSWORD} 位，请与县人大常委会约定一个更长的密码"
            "（可用一句好记的话加数字，如“溪山春来2026”）"
        )


def password_strength(password: str) -> tuple[int, str]:
    """0 (refused) … 3 (strong) and a hint in Chinese for the password field."""
    if not password:
        return 0, f"至少 {MIN_PASSWORD} 位；可用一句好记的话加数字，如“溪山春来2026”"
    if len(password) < MIN_PASSWORD:
        return 0, f"太短：还差 {MIN_PASSWORD - len(password)} 位（至少 {MIN_PASSWORD} 位）"
    kinds = sum(
        [
            any(c.isdigit() for c in password),
            any(c.isascii() and c.isalpha() and c.islower() for c in password),
            any(c.isascii() and c.isalpha() and c.isupper() for c in password),
            any(not c.isascii() for c in password),  # Chinese characters
            any(c.isascii() and not c.isalnum() for c in password),
        ]
    )
    distinct = len(set(password))
    if distinct <= 2 or (password.isdigit() and len(password) < 12):
        return 1, "弱：只有数字或重复的字符，容易被猜中。请加入汉字或字母"
    if password.lower() in _COMMON:
        return 1, "弱：这是常见密码，容易被猜中。请换一个"
    # A Chinese character is one of thousands: it counts as two letters or digits.
    effective = len(password) + sum(not c.isascii() for c in password)
    if kinds >= 3 or effective >= 14 or (kinds >= 2 and effective >= 10):
        return 3, "强：不容易被猜中"
    return 2, "中：再长一些，或混用汉字、字母和数字会更安全"


_COMMON = {
    "12345678",
    "123456789",
    "password",
    "password1",
    "qwertyui",
    "11111111",
    "88888888",
    "abcd1234",
    "1qaz2wsx",
    "a1234567",
}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object, size: int) -> bytes:
    """Exactly `size` bytes from a base64 text, or a damaged-header refusal."""
    if not isinstance(value, str) or len(value) != len(_b64(bytes(size))):
        raise PackageError(DAMAGED_HEADER)
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise PackageError(DAMAGED_HEADER) from None
    if len(data) != size:
        raise PackageError(DAMAGED_HEADER)
    return data


def _int(value: object, allowed: frozenset[int]) -> int:
    if type(value) is not int or value not in allowed:
        raise PackageError(DAMAGED_HEADER)
    return value


@dataclass(frozen=True)
class Header:
    """A header whose every value is within the bounds of its format."""

    format: int
    n: int
    r: int
    p: int
    salt: bytes
    prefix: bytes
    chunk: int
    key_check: bytes
    aad: bytes  # everything up to the header's end: each chunk's associated data

    @property
    def kdf(self) -> dict:
        return {"n": self.n, "r": self.r, "p": self.p}


def validate_header(version: int, header: object, aad: bytes) -> Header:
    """Check a header against the fixed bounds of its format; allocate and derive nothing."""
    limits = LIMITS.get(version)
    if limits is None or not isinstance(header, dict) or set(header) != HEADER_KEYS:
        raise PackageError(DAMAGED_HEADER)
    kdf = header["kdf"]
    if (
        header["format"] != version
        or header["cipher"] != "AES-256-GCM"
        or header["compression"] != "zlib"
        or not isinstance(kdf, dict)
        or set(kdf) != KDF_KEYS
        or kdf["name"] != "scrypt"
    ):
        raise PackageError(DAMAGED_HEADER)
    n = _int(kdf["n"], limits.scrypt_n)
    r = _int(kdf["r"], limits.scrypt_r)
    p = _int(kdf["p"], limits.scrypt_p)
    if 128 * r * n > limits.max_memory:
        raise PackageError(DAMAGED_HEADER)
    return Header(
        format=version,
        n=n,
        r=r,
        p=p,
        salt=_unb64(kdf["salt"], SALT_BYTES),
        prefix=_unb64(header["nonce_prefix"], PREFIX_BYTES),
        chunk=_int(header["chunk"], limits.chunks),
        key_check=_unb64(header["key_check"], CHECK_BYTES),
        aad=aad,
    )


def derive_key(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))


def kdf_seconds(repeat: int = 3) -> float:
    """Seconds one password guess costs with the parameters of new packages (median)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        derive_key("measure-1234", os.urandom(SALT_BYTES), **SCRYPT)
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def _key_check(key: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    check = HKDF(algorithm=hashes.SHA256(), length=16, salt=None, info=b"renda key check")
    return check.derive(key)


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


@dataclass
class _Writer:
    out: BinaryIO
    aead: object
    prefix: bytes
    aad: bytes
    index: int = 0
    pending: bytearray = field(default_factory=bytearray)

    def write(self, data: bytes) -> None:
        self.pending += data
        while len(self.pending) > CHUNK:
            # Keep at least one byte back: the last chunk must be sealed as the last.
            self._seal(bytes(self.pending[:CHUNK]), last=False)
            del self.pending[:CHUNK]  # cheap: bytearray drops its front in place

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        nonce = _nonce(self.prefix, self.index, last)
        self.out.write(self.aead.encrypt(nonce, chunk, self.aad))  # type: ignore[attr-defined]
        self.index += 1

    def close(self) -> None:
        self._seal(bytes(self.pending), last=True)
        self.pending.clear()


def seal(
    parts: Iterator[bytes], out: BinaryIO, password: str, progress: Progress = NO_PROGRESS
) -> bytes:
    """Compress and encrypt the bytes `parts` yields into `out`; returns the key (so the
    writer can read its own package back without deriving it again)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_password(password)
    salt = os.urandom(SALT_BYTES)
    key = derive_key(password, salt, **SCRYPT)
    prefix = os.urandom(PREFIX_BYTES)
    header = json.dumps(
        {
            "format": FORMAT,
            "cipher": "AES-256-GCM",
            "kdf": {"name": "scrypt", **SCRYPT, "salt": _b64(salt)},
            "nonce_prefix": _b64(prefix),
            "chunk": CHUNK,
            "compression": "zlib",
            "key_check": _b64(_key_check(key)),
        },
        sort_keys=True,
    ).encode("ascii")
    aad = MAGIC + struct.pack(">HI", FORMAT, len(header)) + header
    out.write(aad)
    writer = _Writer(out, AESGCM(key), prefix, aad)
    compressor = zlib.compressobj(6)
    for part in parts:
        writer.write(compressor.compress(part))
        progress.check()
    writer.write(compressor.flush())
    writer.close()
    return key


def _read_exactly(f: BinaryIO, size: int) -> bytes:
    data = f.read(size)
    if len(data) < size:
        raise PackageError(TRUNCATED)
    return data


def read_header(f: BinaryIO) -> Header:
    """The checked header; refuses what is not a package of ours, or not within bounds."""
    magic = f.read(len(MAGIC))
    if magic != MAGIC:
        raise PackageError(
            "这不是乡镇人大工作台的报送包（.rdpkg）文件，或者文件开头已损坏；数据库没有改动。"
        )
    fixed = _read_exactly(f, 6)
    version, size = struct.unpack(">HI", fixed)
    if version > FORMAT:
        raise TooNew(
            f"这个报送包是较新版本的乡镇人大工作台生成的（格式 {version}），"
            f"本程序只能读取格式 {FORMAT}。请先升级本程序再导入；数据库没有改动。"
        )
    if version not in LIMITS or size > MAX_HEADER:
        raise PackageError(DAMAGED_HEADER)
    raw = _read_exactly(f, size)
    try:
        header = json.loads(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PackageError(DAMAGED_HEADER) from None
    return validate_header(version, header, MAGIC + fixed + raw)


def unseal(
    f: BinaryIO,
    password: str,
    progress: Progress = NO_PROGRESS,
    *,
    key: bytes | None = None,
    limit: int = MAX_PAYLOAD,
) -> Iterator[bytes]:
    """Yield the payload's bytes, every chunk verified before it is given out, never more
    than `limit` bytes in all nor more than RATIO times what was read (plus SLACK).

    `key`: the key itself (the writer checking what it wrote); else derived from
    `password` with the header's (bounded) parameters."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = read_header(f)
    if key is None:
        key = derive_key(password, header.salt, header.n, header.r, header.p)
        if _key_check(key) != header.key_check:
            raise WrongPassword(
                "报送包密码不对（或文件头被改动过）。请核对密码（区分大小写）后重试；"
                "数据库没有改动。"
            )
    aead = AESGCM(key)
    decompressor = zlib.decompressobj()
    chunk = header.chunk + TAG
    index = 0
    read = given = 0
    current = f.read(chunk)
    while True:
        following = f.read(chunk)
        last = not following
        if len(current) < TAG or (not last and len(current) != chunk):
            raise PackageError(TRUNCATED)
        try:
            plain = aead.decrypt(_nonce(header.prefix, index, last), current, header.aad)
        except InvalidTag:
            raise PackageError(
                "报送包已损坏或被改动（校验不通过），无法导入。请让乡镇重新生成报送包；"
                "数据库没有改动。"
            ) from None
        read += len(plain)
        pending = plain
        while True:
            try:
                data = decompressor.decompress(pending, CHUNK)
            except zlib.error:
                raise PackageError("报送包内容已损坏，无法解压；数据库没有改动。") from None
            pending = decompressor.unconsumed_tail
            given += len(data)
            if given > limit or given > RATIO * read + SLACK:
                raise TooLarge(
                    "报送包解压后的内容大得不合常理（可能是恶意构造的文件），已停止读取。"
                    "请让乡镇重新生成报送包；数据库没有改动。"
                )
            if data:
                yield data
            if decompressor.eof or (not pending and len(data) < CHUNK):
                break  # a full output may leave more inside zlib: ask again
        if decompressor.eof and (decompressor.unused_data or pending or not last):
            raise PackageError("报送包内容已损坏（压缩数据之后还有多余内容）；数据库没有改动。")
        index += 1
        progress.check()
        if last:
            break
        current = following
    if not decompressor.eof:
        raise PackageError("报送包不完整（内容被截断），无法导入；数据库没有改动。")
