"""Password and recovery-code hashes: scrypt (memory-hard), from the `cryptography`
library. Stored as `scrypt$<log2 n>$<r>$<p>$<salt hex>$<hash hex>`, so the cost can be
raised later without breaking older hashes."""

from __future__ import annotations

import os

# 2^15 × 8 × 128 bytes = 32 MB and about 0.1 s per try on an old PC.
LOG_N = 15
R = 8
P = 1
LENGTH = 32
MIN_PASSWORD = 8
# Recovery codes: no 0/O, 1/I/L, so a printed code is read back without doubt.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _derive(secret: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    # Imported here: cryptography costs the start of the program, which signs nobody in
    # before its window shows when login is off.
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=LENGTH, n=2**log_n, r=r, p=p).derive(secret.encode("utf-8"))


def hash_secret(secret: str) -> str:
    salt = os.urandom(16)
    digest = _derive(secret, salt, LOG_N, R, P)
    return f"scrypt${LOG_N}${R}${P}${salt.hex()}${digest.hex()}"


def verify_secret(secret: str, stored: str) -> bool:
    try:
        scheme, log_n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt" or not (10 <= int(log_n) <= 20 and 1 <= int(r) <= 16):
            return False
        got = _derive(secret, bytes.fromhex(salt), int(log_n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    import hmac  # here, as secrets below: every start imports this module, few sign in

    return hmac.compare_digest(got, bytes.fromhex(digest))


def new_recovery_code() -> str:
    """Twenty characters in five groups: XXXX-XXXX-XXXX-XXXX-XXXX (about 99 bits)."""
    import secrets

    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(20))
    return "-".join(chars[i : i + 4] for i in range(0, 20, 4))


def normalise_code(text: str) -> str:
    chars = "".join(c for c in text.upper() if c.isalnum())
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def password_problem(password: str) -> str | None:
    """Why a new password is refused, in Chinese; None if it will do."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 位"
    if password.isdigit() and len(set(password)) <= 2:
        return "密码太简单，请不要只用重复的数字"
    return None
