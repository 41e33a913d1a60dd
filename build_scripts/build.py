"""Freeze renda with PyInstaller and, on Windows, wrap it in the installer.

    python build_scripts/build.py [--smoke] [--installer | --no-installer] [--clean]

Needs the build tools: pip install -e ".[build]". Writes dist/renda/ (the onedir bundle:
renda and renda-cli sharing _internal/) and, on Windows, dist/renda-VERSION-setup.exe.
--smoke runs build_scripts/smoke.py on the fresh bundle. --installer compiles the installer
on any platform (on Linux it only proves the NSIS script compiles: the payload is then the
Linux bundle, which no Windows can run). Exits non-zero when any step fails."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIST = ROOT / "dist"
BUILD = ROOT / "build"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))


def freeze(clean: bool) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit('PyInstaller is missing: pip install -e ".[build]"')
    started = time.perf_counter()
    argv = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={DIST}",
        f"--workpath={BUILD / 'pyinstaller'}",
        str(HERE / "renda.spec"),
    ]
    if clean:
        argv.insert(3, "--clean")
    env = {**os.environ, "RENDA_BUILD_DIR": str(BUILD)}
    if subprocess.run(argv, cwd=ROOT, env=env).returncode != 0:
        sys.exit("PyInstaller failed")
    from smoke import megabytes

    bundle = DIST / "renda"
    print(
        f"frozen: {bundle} ({megabytes(bundle):.0f} MB) in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    return bundle


def make_installer(bundle: Path) -> Path:
    from installer import InstallerError, compile_installer

    from app.version import __version__

    started = time.perf_counter()
    try:
        out = compile_installer(bundle, DIST, __version__)
    except InstallerError as exc:
        sys.exit(str(exc))
    size = out.stat().st_size / 1e6
    print(f"installer: {out} ({size:.0f} MB) in {time.perf_counter() - started:.0f} s", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="smoke-test the frozen bundle")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--installer", action="store_true", help="compile the installer here too")
    which.add_argument("--no-installer", action="store_true", help="do not make the installer")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's caches first")
    args = parser.parse_args(argv)

    bundle = freeze(args.clean)
    if args.smoke:
        import smoke

        if smoke.main([str(bundle)]) != 0:
            return 1
    if args.installer or (sys.platform == "win32" and not args.no_installer):
        make_installer(bundle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
