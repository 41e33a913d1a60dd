"""Save a small database of the current schema to tests/fixtures/, once per release.

    python build_scripts/make_schema_fixture.py

tests/app/test_storage.py opens every saved fixture with the current code, so an upgrade
from each released schema is tested for as long as the project lives. Never regenerate
an existing fixture: it stands for databases clerks already have.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.office import Office  # noqa: E402
from app.version import __version__  # noqa: E402


def main() -> None:
    target = ROOT / "tests" / "fixtures" / f"schema-{__version__}.sqlite"
    if target.exists():
        raise SystemExit(f"{target.name} exists; fixtures of released schemas never change")
    with Office.open(target) as office:
        office.setup(township="清溪镇", county="溪山县", term_number=17, term_start="2021-12-28")
        group = office.groups.add(name="东片代表小组")
        c = office.constituencies.add(name="第一选区", area="桃源村", seats=2)
        s = office.stations.add(name="桃源村代表联络点", village="桃源村")
        a = office.deputies.add(
            name="王𠮷",
            gender="男",
            birth_date="1975-03",
            unit="桃源村党支部书记",
            group_id=group.id,
            constituency_id=c.id,
            station_id=s.id,
            phone="13812345678",
        )
        b = office.deputies.add(
            name="李䶮", gender="女", birth_date="1982-11", unit="清溪镇中心小学教师"
        )
        office.groups.update(group.id, name=group.name, leader_id=None)
        office.groups.set_members(group.id, [a.id, b.id])
        office.deputies.set_status(b.id, status="ended", date="2025-06-30", reason="辞职被接受")
        office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        office.db.execute("PRAGMA journal_mode = DELETE")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
