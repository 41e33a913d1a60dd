"""Import packages into a county database, each in a forked child of this fresh process,
and report for each: what happened, the message, the seconds it took and the peak memory
of the child (resource.getrusage), and a checksum of the county database afterwards.

    python -m tests.app.county.hostile_runner < spec.json   (one JSON line per case out)

spec: {"county": PATH, "cases": [{"name": …, "path": …, "password": …}, …]}

A fresh process keeps the figures honest: the child's peak starts from what a renda
process needs anyway (the interpreter and the program's modules), not from a test run's
heap. Without fork (Windows) each case runs in this process and no peak is reported."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import time


def checksum(path: str) -> str:
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def attempt(county: str, case: dict) -> dict:
    from app.core.errors import RendaError
    from app.county.merge import import_package
    from app.office import Office

    started = time.perf_counter()
    result: dict = {"name": case["name"]}
    try:
        with Office.open(county) as office:
            report = import_package(office, case["path"], case["password"])
        result.update(outcome="report", status=report.status, message=report.text)
    except RendaError as exc:
        result.update(outcome="refused", kind=type(exc).__name__, message=exc.message)
    except BaseException as exc:
        result.update(outcome="crash", kind=type(exc).__name__, message=repr(exc)[:500])
    result["seconds"] = time.perf_counter() - started
    return result


def main() -> None:
    spec = json.loads(sys.stdin.read())
    county = spec["county"]
    # What every import needs, loaded before the children start.
    from cryptography.hazmat.primitives.asymmetric import ed25519  # noqa: F401
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: F401
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt  # noqa: F401

    import app.county.merge
    import app.office  # noqa: F401

    for case in spec["cases"]:
        if hasattr(os, "fork"):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: one import, then out without cleanup
                os.close(read_end)
                import resource

                result = attempt(county, case)
                result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                os.write(write_end, json.dumps(result, ensure_ascii=False).encode())
                os._exit(0)
            os.close(write_end)
            chunks = []
            while block := os.read(read_end, 65536):
                chunks.append(block)
            os.close(read_end)
            os.waitpid(pid, 0)
            text = b"".join(chunks).decode() or json.dumps(
                {"name": case["name"], "outcome": "crash", "message": "child died"}
            )
            result = json.loads(text)
        else:
            result = attempt(county, case)
            result["peak_mb"] = None
        result["checksum"] = checksum(county)
        print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
