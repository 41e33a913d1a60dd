"""Making hostile county packages: the tools an attacker (or a damaged stick) has.

`seal_raw` writes the container around any compressed bytes with any header, encrypted
with the real password, so a case can be refused only by what the reader checks, not by a
wrong password. `signed_payload` signs any manifest with any key."""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import struct
import zlib
from collections.abc import Iterable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.exchange.sealed import CHUNK, MAGIC, _key_check, _nonce, derive_key
from app.exchange.signing import CONTEXT

CHEAP = {"n": 2**16, "r": 8, "p": 1}  # the cheapest cost the reader allows


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def split(package: bytes) -> tuple[int, dict, bytes]:
    """A package's format, header and everything after the header."""
    version, size = struct.unpack(">HI", package[len(MAGIC) : len(MAGIC) + 6])
    start = len(MAGIC) + 6
    return version, json.loads(package[start : start + size]), package[start + size :]


def join(version: int, header: object, body: bytes, raw: bytes | None = None) -> bytes:
    text = raw if raw is not None else json.dumps(header, sort_keys=True).encode()
    return MAGIC + struct.pack(">HI", version, len(text)) + text + body


def seal_raw(
    compressed: bytes,
    password: str,
    *,
    version: int = 2,
    kdf: dict | None = None,
) -> bytes:
    """The container around `compressed` (already zlib), sealed with `password`."""
    kdf = kdf or CHEAP
    salt, prefix = os.urandom(16), os.urandom(7)
    key = derive_key(password, salt, **kdf)
    header = json.dumps(
        {
            "format": version,
            "cipher": "AES-256-GCM",
            "kdf": {"name": "scrypt", **kdf, "salt": b64(salt)},
            "nonce_prefix": b64(prefix),
            "chunk": CHUNK,
            "compression": "zlib",
            "key_check": b64(_key_check(key)),
        },
        sort_keys=True,
    ).encode()
    aad = MAGIC + struct.pack(">HI", version, len(header)) + header
    pieces = [compressed[i : i + CHUNK] for i in range(0, len(compressed), CHUNK)] or [b""]
    aead = AESGCM(key)
    sealed = [
        aead.encrypt(_nonce(prefix, i, i == len(pieces) - 1), piece, aad)
        for i, piece in enumerate(pieces)
    ]
    return aad + b"".join(sealed)


def payload(
    manifest: object,
    data: bytes,
    key: Ed25519PrivateKey | None,
    *,
    raw_manifest: bytes | None = None,
    bad_signature: bool = False,
) -> bytes:
    """The plaintext payload: manifest, its signature (none for format 1), the data."""
    head = raw_manifest if raw_manifest is not None else json.dumps(manifest).encode()
    signature = b""
    if key is not None:
        signature = key.sign(CONTEXT + head)
        if bad_signature:
            signature = bytes([signature[0] ^ 1]) + signature[1:]
    return struct.pack(">I", len(head)) + head + signature + data


def zeros_stream(prefix: bytes, gib: int) -> bytes:
    """zlib data of `prefix` then `gib` GiB of zeros, made without compressing them: after a
    full flush, each MiB of zeros compresses to the same bytes. (Its checksum at the end is
    wrong; a reader that gets that far has already lost.)"""
    c = zlib.compressobj(9)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    zero = bytes(CHUNK)
    c.compress(zero)
    c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(zero) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(zero) + c.flush(zlib.Z_FULL_FLUSH)
    assert block == again
    return head + block * (gib * 1024) + c.flush()


def public_b64(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = serialization.Encoding.Raw
    return b64(key.public_key().public_bytes(raw, serialization.PublicFormat.Raw))


def manifest_for(real: dict, data: bytes, key: Ed25519PrivateKey | None, **changes: object) -> dict:
    """A manifest like `real`, describing `data`, signed by `key`, with `changes`."""
    import hashlib

    made = json.loads(json.dumps(real))
    made["files"] = {"data.sqlite": {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}}
    if key is None:
        made["format"] = 1
        made.pop("sequence", None)
        made.pop("signing_key", None)
    else:
        made["signing_key"] = public_b64(key)
    for name, value in changes.items():
        made[name] = value
    return made


def sqlite_bytes(folder: Path, name: str, script: Iterable[str]) -> bytes:
    path = folder / name
    conn = sqlite3.connect(path)
    for statement in script:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path.read_bytes()
