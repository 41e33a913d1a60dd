"""A generated corpus of hostile county packages, each imported into a real county database
in a fresh process: every one is refused (or, for an old package, changes nothing) with a
Chinese message, within 5 s and 300 MB, and leaves the county database as it was.

The county holds 清溪镇 (its key pinned, its package No. 2 imported). The corpus: the real
package cut short everywhere, every header value tampered with (out of bounds and within),
bits flipped, a wrong password; and packages made with the password by someone else:
compression bombs, lying or broken manifests, broken signatures, 清溪镇 impersonated with
another key (No. 99, dated 2099) or by an unsigned old-format package, 清溪镇's own older
package replayed, and databases that are not a township's renda database."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.county.merge import import_package
from app.exchange.package import export_package, open_package
from app.exchange.sealed import CHUNK, TAG
from app.office import Office
from tests.app.county.hostile import (
    CHEAP,
    b64,
    join,
    manifest_for,
    payload,
    seal_raw,
    split,
    sqlite_bytes,
    zeros_stream,
)

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "溪山县人大2026"
MAX_SECONDS = 5.0
MAX_MB = 300.0
CJK = re.compile(r"[\u4e00-\u9fff]")

DAMAGED = "文件头已损坏"
CUT = "不完整|截断|已损坏或被改动"
WRONG = "密码不对"
NOT_OURS = "不是乡镇人大工作台的报送包"
MANIFEST = "清单已损坏"
HUGE = "大得不合常理"
NOT_RENDA = "不是乡镇人大工作台的乡镇数据库"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[dict]]:
    """The county database and the cases: name, file, password, expected message."""
    from app.demo import build_demo

    root = tmp_path_factory.mktemp("hostile")
    for name in ("p1", "p2"):
        (root / name).mkdir()
    with Office.open(root / "town" / "清溪镇.sqlite") as town:
        build_demo(town, seed=100, township_name="清溪镇")
        first = export_package(town, root / "p1", PASSWORD).path
        second = export_package(town, root / "p2", PASSWORD).path
    county_path = root / "county" / "县汇总.sqlite"
    with Office.open(county_path) as county:
        county.setup_county(county="溪山县")
        assert import_package(county, second, PASSWORD).status == "imported"
    with open_package(second, PASSWORD, beside=root / "x.sqlite") as opened:
        real = opened.manifest
        data = opened.db_path.read_bytes()

    cases: list[dict] = []
    folder = root / "cases"
    folder.mkdir()

    def add(name: str, content: bytes, expect: str, password: str = PASSWORD) -> None:
        path = folder / f"{len(cases):03d}.rdpkg"
        path.write_bytes(content)
        cases.append({"name": name, "path": str(path), "password": password, "expect": expect})

    good = second.read_bytes()
    version, header, body = split(good)
    header_end = len(good) - len(body)

    # ---- damaged in transit: cut short, bits flipped, a wrong password ----------------
    for at in (0, 5, 8, 10, 14, header_end - 1, header_end, header_end + 10, header_end + TAG):
        add(f"cut at byte {at}", good[:at], f"{CUT}|{NOT_OURS}|{DAMAGED}")
    add("cut in the middle", good[: len(good) // 2], CUT)
    add("cut by one byte", good[:-1], CUT)
    add("one byte more", good + b"\0", CUT)
    for at in (header_end + 5, len(good) // 2, len(good) - 1):
        flipped = bytearray(good)
        flipped[at] ^= 0x01
        add(f"bit flipped at {at}", bytes(flipped), CUT)
    add("wrong password", good, WRONG, password="别的密码12345678")
    add("not a package", b"PK\x03\x04" + good[4:], NOT_OURS)

    # ---- every header value tampered with ---------------------------------------------
    def tampered(name: str, expect: str = DAMAGED, **change: object) -> None:
        made = json.loads(json.dumps(header))
        for key, value in change.items():
            if key.startswith("kdf_"):
                made["kdf"][key[4:]] = value
            elif value is _DROP:
                made.pop(key)
            else:
                made[key] = value
        add(f"header: {name}", join(version, made, body), expect)

    for n in (2**20, 2**24, 2**30, 2**64, 0, -1, 3, 2**15, "131072", True, 1.5, None):
        tampered(f"scrypt n = {n!r}", kdf_n=n)
    for r in (0, 1, 4, 16, 2**31, -8):
        tampered(f"scrypt r = {r!r}", kdf_r=r)
    for p in (0, 4, 5, 64, 2**30, -1):
        tampered(f"scrypt p = {p!r}", kdf_p=p)
    tampered("kdf pbkdf2", kdf_name="pbkdf2")
    for salt in (b64(os.urandom(8)), b64(os.urandom(64)), "!!!!!!!!!!!!!!!!!!!!!!!!", 16):
        tampered(f"salt {str(salt)[:12]}", kdf_salt=salt)
    for prefix in (b64(os.urandom(4)), b64(os.urandom(12)), "", None):
        tampered(f"nonce prefix {prefix!r}", nonce_prefix=prefix)
    for chunk in (2**31, 2**62, 0, 16, -1, CHUNK + 1, CHUNK // 2, "1048576"):
        tampered(f"chunk = {chunk!r}", chunk=chunk)
    tampered("key check short", key_check=b64(os.urandom(4)))
    tampered("cipher AES-128", cipher="AES-128-GCM")
    tampered("compression lzma", compression="lzma")
    tampered("format 1 inside format 2", format=1)
    tampered("an extra field", extra="x")
    tampered("kdf missing", kdf=_DROP)
    tampered("kdf not an object", kdf=[1, 2, 3])
    add("header: a list", join(version, [header], body), DAMAGED)
    add("header: not JSON", join(version, None, body, raw=b"{not json"), DAMAGED)
    add("header: not ASCII", join(version, None, body, raw='{"格式": 2}'.encode()), DAMAGED)
    add("header: nested 5000 deep", join(version, None, body, raw=b"[" * 4000), DAMAGED)
    prefix = good[: len(b"RENDAPKG") + 2]
    add("header size 4 GiB", prefix + b"\xff\xff\xff\xff" + good[len(prefix) + 4 :], DAMAGED)
    add("header size 5000", prefix + (5000).to_bytes(4, "big") + good[len(prefix) + 4 :], DAMAGED)
    for v in (0, 3, 65535):
        add(f"format {v}", join(v, header, body), f"{DAMAGED}|较新版本")
    # Within bounds, but not what the key was made with: the key check fails.
    tampered("scrypt p 2 -> 1", WRONG, kdf_p=1)
    tampered("scrypt n 2^17 -> 2^16", WRONG, kdf_n=2**16)
    tampered("scrypt p 2 -> 3 (beyond what format 2 allows)", DAMAGED, kdf_p=3)
    tampered("another salt", WRONG, kdf_salt=b64(os.urandom(16)))
    tampered("another nonce prefix", CUT, nonce_prefix=b64(os.urandom(7)))

    # ---- made with the password by someone else ----------------------------------------
    mallory = Ed25519PrivateKey.generate()
    stranger = {"uuid": "0f0e0d0c-white-sand", "name": "白沙镇", "code": "", "county": "溪山县"}

    def crafted(name: str, plain: bytes, expect: str, *, version: int = 2) -> None:
        kdf = CHEAP if version == 2 else {"n": 2**16, "r": 8, "p": 1}
        add(name, seal_raw(zlib.compress(plain), PASSWORD, version=version, kdf=kdf), expect)

    # Compression bombs.
    bomb_manifest = manifest_for(real, b"", mallory, township=stranger)
    bomb_manifest["files"] = {"data.sqlite": {"size": 3 * 1024**3, "sha256": "0" * 64}}
    head = payload(bomb_manifest, b"", mallory)
    add("bomb: 3 GiB of zeros, declared", seal_raw(zeros_stream(head, 3), PASSWORD), HUGE)
    small = dict(bomb_manifest, files={"data.sqlite": {"size": 1 << 20, "sha256": "0" * 64}})
    add(
        "bomb: 3 GiB of zeros, 1 MiB declared",
        seal_raw(zeros_stream(payload(small, b"", mallory), 3), PASSWORD),
        "比清单所写的多",
    )
    large = dict(bomb_manifest, files={"data.sqlite": {"size": 2**40, "sha256": "0" * 64}})
    crafted("declares 1 TiB", payload(large, b"", mallory), HUGE)
    add(
        "bomb: the manifest's length 4 GiB",
        seal_raw(zeros_stream(b"\xff\xff\xff\xff", 1), PASSWORD),
        MANIFEST,
    )
    crafted(
        "manifest 100,000 deep", payload(None, b"", mallory, raw_manifest=b"[" * 100_000), MANIFEST
    )
    crafted("manifest a list", payload(None, b"", mallory, raw_manifest=b"[]"), MANIFEST)
    crafted("manifest not UTF-8", payload(None, b"", mallory, raw_manifest=b"\xff\xfe"), MANIFEST)
    crafted("payload empty", b"", "空的或已损坏")
    crafted("payload 3 bytes", b"\0\0\0", "空的或已损坏")
    for field, value in (
        ("sequence", "99"),
        ("sequence", -1),
        ("sequence", 0),
        ("sequence", 2**70),
        ("township", "清溪镇"),
        ("files", []),
        ("created_at", ""),
        ("records_digest", None),
        ("schema", "all"),
        ("kind", "county"),
        ("format", 9),
    ):
        broken = manifest_for(real, data, mallory, **{field: value})
        crafted(
            f"manifest {field} = {value!r}",
            payload(broken, data, mallory),
            f"{MANIFEST}|不是乡镇的报送包|较新版本",
        )
    long_name = dict(stranger, name="镇" * 5000)
    crafted(
        "township name 5000 characters",
        payload(manifest_for(real, data, mallory, township=long_name), data, mallory),
        MANIFEST,
    )
    signed = manifest_for(real, data, mallory, township=stranger)
    crafted("signature broken", payload(signed, data, mallory, bad_signature=True), "签名不对")
    crafted(
        "signed by a key it does not name",
        payload(dict(signed, signing_key=b64(os.urandom(32))), data, mallory),
        "签名不对",
    )
    crafted(
        "data one byte short of the manifest", payload(signed, data[:-1], mallory), "校验值不一致"
    )
    crafted(
        "data longer than the manifest", payload(signed, data + b"x", mallory), "比清单所写的多"
    )
    compressed = zlib.compress(payload(signed, data, mallory))
    add(
        "garbage after the compressed data",
        seal_raw(compressed + b"more", PASSWORD),
        "多余内容|已损坏",
    )
    add("not zlib inside", seal_raw(os.urandom(5000), PASSWORD), "无法解压|已损坏")

    # Impersonation, replay, the clock.
    as_qingxi = manifest_for(real, data, mallory, sequence=99, created_at="2099-12-31T00:00:00")
    crafted(
        "清溪镇 impersonated: another key, No. 99, dated 2099",
        payload(as_qingxi, data, mallory),
        "签名密钥.*不同.*冒充",
    )
    legacy = manifest_for(real, data, None, created_at="2099-12-31T00:00:00")
    crafted(
        "清溪镇 impersonated: unsigned first-format package dated 2099",
        payload(legacy, data, None),
        "没有签名",
        version=1,
    )
    add("清溪镇's own package No. 1 replayed", first.read_bytes(), "第 1 次.*较旧，没有改动")
    add("清溪镇's package No. 2 again", good, "相同，没有改动")

    # Not a township's renda database.
    empty = sqlite_bytes(folder, "empty.sqlite", ["PRAGMA user_version = 1"])
    foreign = sqlite_bytes(
        folder, "foreign.sqlite", ["CREATE TABLE foo (x)", "INSERT INTO foo VALUES (1)"]
    )
    with Office.open(folder / "fresh.sqlite") as fresh:
        fresh.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    fresh_bytes = (folder / "fresh.sqlite").read_bytes()
    with Office.open(folder / "county2.sqlite") as other_county:
        other_county.setup_county(county="别县")
        other_county.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    county_bytes = (folder / "county2.sqlite").read_bytes()
    damaged = bytearray(data)
    damaged[len(data) // 2 : len(data) // 2 + 8192] = os.urandom(8192)
    for name, content in (
        ("an empty SQLite database", empty),
        ("a SQLite database of another program", foreign),
        ("a renda database never set up", fresh_bytes),
        ("a county database", county_bytes),
        ("random bytes", os.urandom(20000)),
        ("清溪镇's database with its middle overwritten", bytes(damaged)),
    ):
        made = manifest_for(real, content, mallory, township=stranger)
        crafted(f"data: {name}", payload(made, content, mallory), f"{NOT_RENDA}|数据库已损坏")
    swollen = folder / "swollen.sqlite"
    swollen.write_bytes(data)
    sqlite_bytes(folder, "swollen.sqlite", [
        "UPDATE townships SET uuid = '0f0e0d0c-white-sand', name = '白沙镇' WHERE is_home = 1",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i <= 100000)"
        " INSERT INTO terms (uuid, township_id, number, start_date)"
        " SELECT 'swollen-' || i, (SELECT id FROM townships WHERE is_home = 1), 1000 + i,"
        " '2020-01-01' FROM n",
    ])  # fmt: skip
    content = swollen.read_bytes()
    made = manifest_for(real, content, mallory, township=stranger)
    crafted("data: a renda database with 100,001 terms", payload(made, content, mallory),
            "远超一个乡镇")  # fmt: skip
    as_other = manifest_for(real, data, mallory, township=stranger)
    crafted("data: 清溪镇's database sent as 白沙镇", payload(as_other, data, mallory), NOT_RENDA)
    return county_path, cases


class _Drop:
    pass


_DROP = _Drop()


def test_every_hostile_package_is_refused_quickly_in_chinese_and_changes_nothing(corpus, tmp_path):
    county_path, cases = corpus
    work = tmp_path / "county"
    shutil.copytree(county_path.parent, work)
    county = work / county_path.name
    spec = {"county": str(county), "cases": cases}
    env = dict(os.environ, RENDA_DATA_DIR=str(tmp_path / "userdata"))
    ran = subprocess.run(
        [sys.executable, "-m", "tests.app.county.hostile_runner"],
        input=json.dumps(spec, ensure_ascii=False),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    results = [json.loads(line) for line in ran.stdout.splitlines()]
    assert len(results) == len(cases)
    from tests.app.county.hostile_runner import checksum

    before = checksum(str(county_path))
    failures = []
    lines = [f"{'case':60} {'outcome':8} {'s':>6} {'MB':>6}  message"]
    for case, got in zip(cases, results, strict=True):
        peak = got.get("peak_mb")
        lines.append(
            f"{case['name'][:60]:60} {got['outcome']:8} {got['seconds']:6.2f} "
            f"{peak if peak is None else round(peak):>6}  {got['message'][:70]}"
        )
        problems = []
        if got["outcome"] == "crash":
            problems.append(f"crashed: {got['message']}")
        if got["outcome"] == "report" and got.get("status") == "imported":
            problems.append("ACCEPTED")
        if not CJK.search(got["message"]) or not re.search(case["expect"], got["message"]):
            problems.append(f"message {got['message']!r} does not match {case['expect']!r}")
        if got["seconds"] > MAX_SECONDS:
            problems.append(f"took {got['seconds']:.1f} s")
        if peak is not None and peak > MAX_MB:
            problems.append(f"peak {peak:.0f} MB")
        if got["checksum"] != before:
            problems.append("the county database changed")
        if problems:
            failures.append(f"{case['name']}: {'; '.join(problems)}")
    print("\n".join(lines))
    worst = max(results, key=lambda r: r["seconds"])
    heaviest = max(results, key=lambda r: r.get("peak_mb") or 0)
    print(
        f"{len(cases)} hostile packages, accepted {sum('ACCEPTED' in f for f in failures)}; "
        f"slowest {worst['seconds']:.2f} s ({worst['name']}), "
        f"peak {heaviest.get('peak_mb') or 0:.0f} MB ({heaviest['name']})"
    )
    assert not failures, "\n".join(failures)
    assert not list((work / ".renda-work").glob("*")), "plaintext left in the work folder"


def test_hostile_packages_in_one_batch_are_refused_as_one_by_one(corpus, tmp_path):
    """import_packages decrypts the next packages in worker threads before it
    merges them: each hostile package must still be refused with its own message (or,
    an old one, change nothing), the batch must go on after it, and the county database
    must end as it was. (In this process: the cases are refused within 300 MB each.)"""
    from app.core.errors import RendaError
    from app.county.merge import import_packages
    from tests.app.county.hostile_runner import checksum

    county_path, cases = corpus
    same_password = [c for c in cases if c["password"] == PASSWORD]
    assert len(same_password) > 10
    work = tmp_path / "county"
    shutil.copytree(county_path.parent, work)
    county = work / county_path.name
    before = checksum(str(county))
    with Office.open(county) as office:
        done = import_packages(office, [Path(c["path"]) for c in same_password], PASSWORD)
    assert [str(path) for path, _outcome in done] == [c["path"] for c in same_password]
    failures = []
    for case, (_path, outcome) in zip(same_password, done, strict=True):
        if isinstance(outcome, RendaError):
            message = outcome.message
        else:
            message = outcome.text
            if outcome.status == "imported":
                failures.append(f"{case['name']}: ACCEPTED")
        if not CJK.search(message) or not re.search(case["expect"], message):
            failures.append(f"{case['name']}: {message!r} does not match {case['expect']!r}")
    assert not failures, "\n".join(failures)
    assert checksum(str(county)) == before
    assert not list((work / ".renda-work").glob("*")), "plaintext left in the work folder"
