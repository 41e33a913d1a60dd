"""Write the blank roster template shipped in data/templates/ (run after changing the
roster's fields; tests/app/test_roster_exchange.py checks the shipped file matches).

    python build_scripts/make_roster_template.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.exchange.roster_export import template_path  # noqa: E402
from app.exchange.roster_template import build_template  # noqa: E402


def main() -> None:
    target = template_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    build_template(target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
