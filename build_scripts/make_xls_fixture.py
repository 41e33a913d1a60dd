"""Make tests/fixtures/roster_messy.xls: the messy test roster in the old .xls format.

No maintained Python library writes .xls, so LibreOffice converts the .xlsx the tests
build (Debian: libreoffice-calc-nogui). Run once; the file is committed.

    python build_scripts/make_xls_fixture.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.exchange_workbooks import messy_roster  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = messy_roster(Path(tmp) / "roster_messy.xlsx")
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "xls", "--outdir", tmp, str(source)],
            check=True,
            capture_output=True,
        )
        target = ROOT / "tests" / "fixtures" / "roster_messy.xls"
        shutil.copyfile(Path(tmp) / "roster_messy.xls", target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
