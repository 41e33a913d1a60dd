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

The key check (HKDF of the key) tells a wrong password from a damaged file; it lets one
test a guess no faster than the scrypt in front of it already does."""

from __future__ import annotations

import base64
import json
import os
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress

MAGIC = b"RENDAPKG"
FORMAT = 1
CHUNK = 1024 * 1024
TAG = 16
SCRYPT = {"n": 2**16, "r": 8, "p": 1}
MAX_HEADER = 64 * 1024
MIN_PASSWORD = 6


class PackageError(RendaError):
    """A package that cannot be opened; nothing was changed."""


class WrongPassword(PackageError):
    pass


class TooNew(PackageError):
    pass


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise RendaError(f"报送包密码至少 {MIN_PASSWORD} 位，请与县人大常委会约定一个密码")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(password: str, kdf: dict) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(
        salt=base64.b64decode(kdf["salt"]), length=32, n=kdf["n"], r=kdf["r"], p=kdf["p"]
    ).derive(password.encode("utf-8"))


def _key_check(key: bytes) -> str:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    check = HKDF(algorithm=hashes.SHA256(), length=16, salt=None, info=b"renda key check")
    return _b64(check.derive(key))


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
) -> None:
    """Compress and encrypt the bytes `parts` yields into `out`."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_password(password)
    kdf = {"name": "scrypt", **SCRYPT, "salt": _b64(os.urandom(16))}
    key = _derive(password, kdf)
    prefix = os.urandom(7)
    header = json.dumps(
        {
            "format": FORMAT,
            "cipher": "AES-256-GCM",
            "kdf": kdf,
            "nonce_prefix": _b64(prefix),
            "chunk": CHUNK,
            "compression": "zlib",
            "key_check": _key_check(key),
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


def read_header(f: BinaryIO) -> tuple[dict, bytes]:
    """The header and the associated data; refuses what is not a package of ours."""
    magic = f.read(len(MAGIC))
    if magic != MAGIC:
        raise PackageError("这不是乡镇人大工作台的报送包（.rdpkg）文件，或者文件开头已损坏。")
    fixed = f.read(6)
    if len(fixed) < 6:
        raise PackageError("报送包不完整（文件被截断），可能没有复制完。请重新复制一份。")
    version, size = struct.unpack(">HI", fixed)
    if version > FORMAT:
        raise TooNew(
            f"这个报送包是较新版本的乡镇人大工作台生成的（格式 {version}），"
            f"本程序只能读取格式 {FORMAT}。请先升级本程序再导入；数据库没有改动。"
        )
    if size > MAX_HEADER:
        raise PackageError("报送包的文件头已损坏，无法读取。")
    raw = f.read(size)
    try:
        header = json.loads(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise PackageError("报送包的文件头已损坏，无法读取。") from None
    return header, MAGIC + fixed + raw


def unseal(f: BinaryIO, password: str, progress: Progress = NO_PROGRESS) -> Iterator[bytes]:
    """Yield the payload's bytes, every chunk verified before it is given out."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header, aad = read_header(f)
    try:
        key = _derive(password, header["kdf"])
        prefix = base64.b64decode(header["nonce_prefix"])
        chunk = int(header["chunk"]) + TAG
        expected_check = header["key_check"]
    except (KeyError, TypeError, ValueError):
        raise PackageError("报送包的文件头已损坏，无法读取。") from None
    if _key_check(key) != expected_check:
        raise WrongPassword("报送包密码不对。请核对密码（区分大小写）后重试；数据库没有改动。")
    aead = AESGCM(key)
    decompressor = zlib.decompressobj()
    index = 0
    current = f.read(chunk)
    while True:
        following = f.read(chunk)
        last = not following
        if len(current) < TAG or (not last and len(current) != chunk):
            raise PackageError("报送包不完整（文件被截断），可能没有复制完。请重新复制一份。")
        try:
            plain = aead.decrypt(_nonce(prefix, index, last), current, aad)
        except InvalidTag:
            if last:
                raise PackageError(
                    "报送包不完整或已被改动（校验不通过），无法导入。请让乡镇重新生成报送包。"
                ) from None
            raise PackageError(
                "报送包已损坏或被改动（校验不通过），无法导入。请让乡镇重新生成报送包。"
            ) from None
        try:
            data = decompressor.decompress(plain)
        except zlib.error:
            raise PackageError("报送包内容已损坏，无法解压。") from None
        if data:
            yield data
        index += 1
        progress.check()
        if last:
            break
        current = following
    if not decompressor.eof:
        raise PackageError("报送包不完整（内容被截断），无法导入。")
