"""Save a database of the current schema to tests/fixtures/, once per release.

    python build_scripts/make_schema_fixture.py

It is the township demo (every area's records, rare-character names, attachments), with
all but three photos dropped to keep it small, and a manifest of its record counts.
tests/app/db/test_storage.py opens every saved fixture with the current code and checks that
the upgrade keeps every record, for as long as the project lives. Never regenerate a
fixture of a released version: it stands for databases clerks already have.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.demo import build_demo  # noqa: E402
from app.office import Office  # noqa: E402
from app.version import __version__  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


def main() -> None:
    target = FIXTURES / f"schema-{__version__}.sqlite"
    if target.exists():
        raise SystemExit(f"{target.name} exists; fixtures of released schemas never change")
    with Office.open(target) as office:
        build_demo(office, seed=2026)
        with office.transaction() as db:
            db.execute(
                "DELETE FROM deputy_photos WHERE deputy_id NOT IN"
                " (SELECT deputy_id FROM deputy_photos ORDER BY deputy_id LIMIT 3)"
            )
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("VACUUM")
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE '%search%' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name"
        )
    ]
    counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    names = [r[0] for r in conn.execute("SELECT name FROM deputies ORDER BY id")]
    conn.close()
    manifest = {"version": __version__, "counts": counts, "deputy_names": names}
    target.with_suffix(".json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {target} ({target.stat().st_size // 1024} KB) and its manifest")


if __name__ == "__main__":
    main()
