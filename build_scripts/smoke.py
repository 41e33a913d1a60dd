"""Smoke test of the frozen bundle: run the real programs the way a clerk's PC would.

    python build_scripts/smoke.py [BUNDLE]      (default: dist/renda; exit 1 on any failure)

Each step prints `ok`, `SKIP` or `FAIL` with the reason:
- the bundle holds both programs, the fonts, the icon, the reference data, Qt's Chinese
  texts, and none of the source tree's tests, benchmarks or virtual environment;
- the window program builds the demo township in the user's data folder (RENDA_DATA_DIR,
  a temporary folder here), draws the roster and the roster's print preview (QtPdf)
  offscreen, and each picture is the same as the one the program draws when run from
  source: resources are found the same way in both.
  On Linux both run with an empty fontconfig, so every character shown (王𠮷 included)
  comes from the fonts inside the bundle;
- the command-line program lists the deputies (rare-character names, stroke order), prints
  the roster to a PDF with Chinese text, exports the roster to Excel and reads it back, and
  carries an encrypted package into a county database (each step skipped, saying so, in a
  build that lacks the command);
- start to first painted window, frozen against from source (median of 5);
- nothing was written into the bundle or the working folder.
Pictures and the PDF are kept in build/smoke/ for looking at.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IS_WINDOWS = sys.platform == "win32"
EXE_SUFFIX = ".exe" if IS_WINDOWS else ""
RARE_NAME = "王𠮷"
STARTUP_RUNS = 5
# Antialiasing is deterministic on one machine; allow a sliver for platform rounding.
MAX_DIFFERENT_PIXELS = 0.001
EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


class Smoke:
    def __init__(self, bundle: Path, out: Path) -> None:
        self.bundle = bundle
        self.out = out
        self.work = Path(tempfile.mkdtemp(prefix="renda-smoke-"))
        self.userdata = self.work / "userdata"
        self.cwd = self.work / "cwd"
        self.cwd.mkdir()
        self.failures: list[str] = []
        self.figures: dict[str, float] = {}
        self.env = self._environment()

    # ---- helpers ----------------------------------------------------------------------

    def _environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "RENDA_"))}
        env["RENDA_DATA_DIR"] = str(self.userdata)
        env["QT_QPA_PLATFORM"] = "offscreen"
        env["PYTHONIOENCODING"] = "utf-8"
        if not IS_WINDOWS:
            conf = self.work / "fonts.conf"
            conf.write_text(EMPTY_FONTCONFIG.format(cache=self.work / "fc-cache"), "utf-8")
            env["FONTCONFIG_FILE"] = str(conf)
        return env

    def program(self, name: str) -> Path:
        return self.bundle / f"{name}{EXE_SUFFIX}"

    def run(
        self, argv: list[str | Path], *, cwd: Path | None = None, timeout: float = 180
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(a) for a in argv],
            cwd=cwd or self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
        )

    def step(self, title: str, check: Callable[[], str | None]) -> None:
        started = time.perf_counter()
        try:
            note = check()
        except SkipStep as skip:
            print(f"SKIP {title}: {skip}", flush=True)
            return
        except Exception as exc:
            self.failures.append(title)
            print(f"FAIL {title}: {exc}", flush=True)
            return
        seconds = time.perf_counter() - started
        print(f"ok   {title} ({seconds:.1f} s){': ' + note if note else ''}", flush=True)

    def expect_success(self, result: subprocess.CompletedProcess[str], what: str) -> None:
        if result.returncode != 0:
            raise AssertionError(
                f"{what} exited with {result.returncode}\n{result.stdout}{result.stderr}"
            )

    # ---- the steps --------------------------------------------------------------------

    def check_layout(self) -> str:
        internal = self.bundle / "_internal"
        must_exist = [
            self.program("renda"),
            self.program("renda-cli"),
            internal / "resources" / "fonts" / "wqy-microhei.ttc",
            internal / "resources" / "fonts" / "RendaFallbackB.ttf",
            internal / "resources" / "fonts" / "LICENSE-wqy-microhei.txt",
            internal / "resources" / "icons" / "renda.png",
            internal / "resources" / "style.qss",
            internal / "resources" / "guide" / "index.html",  # the user guide, offline
            internal / "resources" / "guide" / "img" / "deputies.png",
            internal / "data" / "chars" / "strokes.tsv.gz",
            internal / "data" / "chars" / "rare_readings.tsv.gz",
            internal / "data" / "reference" / "ethnic_groups.json",
        ]
        missing = [str(p.relative_to(self.bundle)) for p in must_exist if not p.exists()]
        if not any(internal.rglob("qtbase_zh_CN.qm")):
            missing.append("qtbase_zh_CN.qm")
        if missing:
            raise AssertionError("missing from the bundle: " + ", ".join(missing))
        # Our source tree's other folders; a library's own tests folder deeper down is not ours.
        strays = [
            name
            for name in ("tests", "benchmarks", ".venv", "build_scripts", "docs", ".git")
            if (internal / name).exists() or (self.bundle / name).exists()
        ]
        if strays:
            raise AssertionError("source-tree files in the bundle: " + ", ".join(strays))
        return f"{megabytes(self.bundle):.0f} MB"

    def check_window_builds_demo(self) -> str:
        shot = self.out / "frozen-home.png"
        result = self.run([self.program("renda"), "--demo", "--screenshot", shot])
        self.expect_success(result, "renda --demo --screenshot")
        if "翻译文件缺失" in result.stderr:
            raise AssertionError("Qt's Chinese texts were not found: " + result.stderr.strip())
        demo = self.userdata / "demo.sqlite"
        if not demo.exists():
            raise AssertionError(f"the demo database is not in the user's data folder {demo}")
        return f"demo in {demo.parent}, picture {shot}"

    def check_same_picture_as_source(self, page: str) -> str:
        from PIL import Image, ImageChops

        demo = self.userdata / "demo.sqlite"
        pictures = {}
        for label, argv, cwd in (
            ("frozen", [self.program("renda")], self.cwd),
            ("source", [sys.executable, "-m", "ui"], ROOT),
        ):
            shot = self.out / f"{label}-{page}.png"
            result = self.run([*argv, "--db", demo, "--screenshot", shot, "--page", page], cwd=cwd)
            self.expect_success(result, f"{label} screenshot of {page}")
            pictures[label] = Image.open(shot).convert("RGB")
        frozen, source = pictures["frozen"], pictures["source"]
        if frozen.size != source.size:
            raise AssertionError(f"sizes differ: {frozen.size} frozen, {source.size} source")
        histogram = ImageChops.difference(frozen, source).convert("L").histogram()
        share = sum(histogram[17:]) / (frozen.width * frozen.height)
        if share > MAX_DIFFERENT_PIXELS:
            raise AssertionError(f"{share:.2%} of the pixels differ from the source run")
        return f"{share:.3%} of pixels differ ({self.out / f'frozen-{page}.png'})"

    def check_cli_roster(self) -> str:
        demo = self.userdata / "demo.sqlite"
        result = self.run([self.program("renda-cli"), "--db", demo, "deputies", "--json"])
        self.expect_success(result, "renda-cli deputies --json")
        names = [row["name"] for row in json.loads(result.stdout)]
        if RARE_NAME not in names:
            raise AssertionError(f"{RARE_NAME} missing from the roster the CLI lists")
        surnames = [n[0] for n in names]
        if surnames.index("王") > surnames.index("张"):
            raise AssertionError("the roster is not in stroke order (王 4 strokes before 张 7)")
        return f"{len(names)} deputies, {RARE_NAME} among them"

    def check_print_roster(self) -> str:
        usage = self.run([self.program("renda-cli"), "--help"])
        self.expect_success(usage, "renda-cli --help")
        if "print" not in usage.stdout:
            raise SkipStep(
                "this build has no `print` command yet (the printing area adds "
                "`print roster`); nothing to print"
            )
        pdf = self.out / "roster.pdf"
        demo = self.userdata / "demo.sqlite"
        result = self.run(
            [self.program("renda-cli"), "--db", demo, "print", "roster", "--out", pdf]
        )
        self.expect_success(result, "renda-cli print roster")
        if not pdf.read_bytes().startswith(b"%PDF"):
            raise AssertionError(f"{pdf} is not a PDF")
        text = pdf_text(pdf)
        if text is None:
            return f"{pdf} written; no pdftotext or pypdf here to read its text back"
        township = "清溪镇"
        missing = [word for word in (township, RARE_NAME) if word not in text]
        if missing:
            raise AssertionError(f"the PDF's text lacks {', '.join(missing)}")
        return f"{pdf}: {township} and {RARE_NAME} read back from the text"

    def check_exchange(self) -> str:
        """Excel out and back in (openpyxl), the encrypted county package (cryptography)."""
        cli = self.program("renda-cli")
        usage = self.run([cli, "--help"]).stdout
        if "roster" not in usage or "package" not in usage:
            raise SkipStep("this build has no `roster` / `package` commands (the exchange area)")
        demo = self.userdata / "demo.sqlite"
        xlsx, usb, county = self.work / "名册.xlsx", self.work / "usb", self.work / "county.sqlite"
        password = self.work / "password.txt"
        password.write_text("smoke-测试-2026", encoding="utf-8")
        usb.mkdir()
        for argv in (
            [cli, "--db", demo, "roster", "export", xlsx],
            [cli, "--db", demo, "roster", "import", xlsx, "--dry-run"],
            [cli, "--db", demo, "package", "export", "--out", usb, "--password-file", password],
            [cli, "--db", county, "init", "--county", "溪山县", "--county-mode"],
        ):
            self.expect_success(self.run(argv), " ".join(str(a) for a in argv[3:5]))
        packages = list(usb.iterdir())
        imported = self.run([cli, "--db", county, "package", "import", *packages,
                             "--password-file", password])  # fmt: skip
        self.expect_success(imported, "package import")
        if not xlsx.read_bytes().startswith(b"PK"):
            raise AssertionError(f"{xlsx} is not an .xlsx file")
        info = self.run([cli, "--db", county, "info", "--json"])
        self.expect_success(info, "county info")
        deputies = json.loads(info.stdout)["deputies"]
        if deputies == 0:
            raise AssertionError("the county database holds no deputies after the import")
        return f"roster to Excel and back, package into the county: {deputies} deputies"

    def check_startup(self) -> str:
        demo = self.userdata / "demo.sqlite"
        frozen = self.startup_ms([self.program("renda")], self.cwd, demo)
        source = self.startup_ms([sys.executable, "-m", "ui"], ROOT, demo)
        self.figures.update(frozen_startup_ms=frozen, source_startup_ms=source)
        return f"first painted window {frozen:.0f} ms frozen, {source:.0f} ms from source"

    def startup_ms(self, argv: list[str | Path], cwd: Path, db: Path) -> float:
        runs = []
        for _ in range(STARTUP_RUNS):
            started = time.time()
            result = self.run([*argv, "--db", db, "--startup-time"], cwd=cwd)
            self.expect_success(result, "--startup-time")
            if "first_paint_epoch" not in result.stdout and IS_WINDOWS:
                raise SkipStep("this windowed renda.exe gave no standard output to read")
            painted = float(result.stdout.strip().rsplit(":", 1)[1])
            runs.append((painted - started) * 1000)
        return statistics.median(runs)

    def check_version_resource(self) -> str:
        if not IS_WINDOWS:
            raise SkipStep("the version resource exists on Windows only")
        from app.version import __version__

        found = windows_product_version(self.program("renda"))
        if found != __version__:
            raise AssertionError(f"ProductVersion is {found!r}, expected {__version__!r}")
        return f"ProductVersion {found}"

    def run_all(self) -> int:
        before = snapshot(self.bundle)
        self.step("bundle layout", self.check_layout)
        self.step("window builds the demo in the user's data folder", self.check_window_builds_demo)
        if (self.userdata / "demo.sqlite").exists():
            self.step(
                "roster drawn the same frozen and from source",
                lambda: self.check_same_picture_as_source("deputies"),
            )
            self.step(
                "print preview (QtPdf) drawn the same frozen and from source",
                lambda: self.check_same_picture_as_source("preview"),
            )
            self.step("command line lists the roster", self.check_cli_roster)
            self.step("command line prints the roster", self.check_print_roster)
            self.step("command line exchanges data", self.check_exchange)
            self.step("start-up time", self.check_startup)
        self.step("version resource", self.check_version_resource)
        self.step("bundle unchanged", lambda: compare(before, snapshot(self.bundle), "bundle"))
        self.step("working folder untouched", lambda: compare({}, snapshot(self.cwd), "cwd"))
        (self.out / "figures.json").write_text(json.dumps(self.figures, indent=2), "utf-8")
        shutil.rmtree(self.work, ignore_errors=True)
        if self.failures:
            print(f"smoke test FAILED: {', '.join(self.failures)}")
            return 1
        print("smoke test passed")
        return 0


class SkipStep(Exception):
    pass


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in folder.rglob("*")
    }


def compare(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]], what: str):
    added = sorted(set(after) - set(before))
    changed = sorted(k for k in set(before) & set(after) if before[k] != after[k])
    removed = sorted(set(before) - set(after))
    if added or changed or removed:
        raise AssertionError(
            f"{what}: added {added[:5]}, changed {changed[:5]}, removed {removed[:5]}"
        )
    return f"{len(after)} entries as before"


def megabytes(folder: Path) -> float:
    """Size of the files, not counting the links PyInstaller makes on Linux twice."""
    return (
        sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    )


def pdf_text(pdf: Path) -> str | None:
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


def windows_product_version(exe: Path) -> str:
    """ProductVersion from the version resource, as Explorer's Details tab shows it."""
    import ctypes
    from ctypes import wintypes

    version = ctypes.WinDLL("version")
    size = version.GetFileVersionInfoSizeW(str(exe), None)
    if not size:
        return ""
    buffer = ctypes.create_string_buffer(size)
    version.GetFileVersionInfoW(str(exe), 0, size, buffer)
    value = ctypes.c_wchar_p()
    length = wintypes.UINT()
    query = r"\StringFileInfo\080404b0\ProductVersion"
    if not version.VerQueryValueW(buffer, query, ctypes.byref(value), ctypes.byref(length)):
        return ""
    return value.value or ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=ROOT / "dist" / "renda")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "smoke")
    args = parser.parse_args(argv)
    if not (args.bundle / f"renda{EXE_SUFFIX}").exists():
        print(f"no frozen renda in {args.bundle}: run python build_scripts/build.py first")
        return 1
    sys.path.insert(0, str(ROOT))
    args.out.mkdir(parents=True, exist_ok=True)
    return Smoke(args.bundle.resolve(), args.out.resolve()).run_all()


if __name__ == "__main__":
    sys.exit(main())
