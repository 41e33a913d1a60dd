"""The township's signing key and the numbering of its packages.

A township office makes an Ed25519 key at setup (or at its first package, for a database
set up before keys existed); the private half never leaves its database (a package's
snapshot empties the table). Every package carries the public key and a signature of its
manifest, which names the data's SHA-256, the township and the package's sequence number.
The county pins the key at a township's first signed package, and from then on takes only
packages signed by it and numbered higher than the last it imported: another office with
the shared password cannot pass for the township, and a PC with a wrong clock orders
nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.office import Office

SIGNATURE_BYTES = 64
PUBLIC_BYTES = 32
CONTEXT = b"renda county package manifest\x00"


def fingerprint(public_key: bytes) -> str:
    """20 digits in five groups, easy to read out over the phone."""
    number = int.from_bytes(hashlib.sha256(public_key).digest()[:10], "big") % 10**20
    digits = f"{number:020d}"
    return " ".join(digits[i : i + 4] for i in range(0, 20, 4))


def _new_pair() -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    return (
        private.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()),
        private.public_key().public_bytes(raw, serialization.PublicFormat.Raw),
    )


def ensure_key(office: Office) -> bytes:
    """The office's public key, made now if it has none yet."""
    row = office.db.execute("SELECT public_key FROM package_signing WHERE id = 1").fetchone()
    if row is not None:
        return bytes(row[0])
    private, public = _new_pair()
    with office.transaction() as db:
        db.execute(
            "INSERT OR IGNORE INTO package_signing (id, private_key, public_key) VALUES (1, ?, ?)",
            [private, public],
        )
    row = office.db.execute("SELECT public_key FROM package_signing WHERE id = 1").fetchone()
    return bytes(row[0])


def _sequence_file(office: Office) -> Path | None:
    """Beside the database, the number of the last package: a database restored from an
    older backup goes on numbering from there, so the county does not take its next package
    for an old one."""
    if str(office.path) == ":memory:":
        return None
    return office.path.with_name(office.path.name + "-package-sequence")


def _remembered(path: Path | None) -> int:
    if path is None:
        return 0
    try:
        return max(0, int(path.read_text(encoding="ascii").strip() or 0))
    except (OSError, ValueError):
        return 0


def next_sequence(office: Office) -> int:
    """Number the next package: one more than the last, kept in the database and beside it."""
    from app.core.attachments import write_atomically

    ensure_key(office)
    remembered = _sequence_file(office)
    with office.transaction() as db:
        db.execute(
            "UPDATE package_signing SET sequence = max(sequence, ?) + 1 WHERE id = 1",
            [_remembered(remembered)],
        )
        number = db.execute("SELECT sequence FROM package_signing WHERE id = 1").fetchone()[0]
    if remembered is not None:
        try:
            write_atomically(remembered, str(number).encode("ascii"))
        except OSError:
            pass  # the database holds the number; the file only helps after a restore
    return number


def sign(office: Office, message: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    row = office.db.execute("SELECT private_key FROM package_signing WHERE id = 1").fetchone()
    key = Ed25519PrivateKey.from_private_bytes(bytes(row[0]))
    return key.sign(CONTEXT + message)


def verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if len(public_key) != PUBLIC_BYTES or len(signature) != SIGNATURE_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, CONTEXT + message)
    except (InvalidSignature, ValueError):
        return False
    return True
