"""Résumé and award entries take over the free text without losing a line of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import ValidationError
from app.deputies.careers import parse_awards, parse_resume, render_resume
from app.office import Office

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TYPED_RESUME = (
    "1995.03—2003.08  清溪镇桃源村务农\n"
    "2003.09-2010.12 外出务工（广东东莞）\n"
    "   其间：2006年获评优秀农民工\n"
    "2011年1月—至今  清溪镇桃源村党支部书记、村委会主任"
)
TYPED_AWARDS = "2021年度溪山县优秀人大代表\n2023年3月 湖南省三八红旗手\n全镇抗洪抢险先进个人"


def test_free_text_is_read_line_by_line() -> None:
    entries = parse_resume(TYPED_RESUME)
    assert [(e.start_date, e.end_date) for e in entries] == [
        ("1995-03", "2003-08"),
        ("2003-09", "2010-12"),
        ("", ""),
        ("2011-01", ""),
    ]
    assert entries[2].text == "其间：2006年获评优秀农民工"
    assert entries[3].line() == "2011.01—至今  清溪镇桃源村党支部书记、村委会主任"
    awards = parse_awards(TYPED_AWARDS)
    assert [(a.date, a.title) for a in awards] == [
        ("2021", "2021年度溪山县优秀人大代表"),
        ("2023-03", "2023年3月 湖南省三八红旗手"),
        ("", "全镇抗洪抢险先进个人"),
    ]


def test_the_upgrade_turns_typed_text_into_entries(tmp_path: Path) -> None:
    """A database made before the activities area (its schema up to suggestions), with
    text a clerk typed, is upgraded: the text becomes entries, line by line."""
    from app.core.records import new_uuid
    from app.db.connection import connect
    from app.db.migrations import MIGRATION_SETS

    path = tmp_path / "old.sqlite"
    db = connect(path)
    for migrations in MIGRATION_SETS:
        if migrations.name == "renda.activities":
            break
        migrations.apply(db)
    with db.atomic():
        db.execute(
            "INSERT INTO townships (uuid, name, county, is_home) VALUES (?, '清溪镇', '溪山县', 1)",
            [new_uuid()],
        )
        db.execute(
            "INSERT INTO terms (uuid, township_id, number, start_date, is_current)"
            " VALUES (?, 1, 17, '2021-12-28', 1)",
            [new_uuid()],
        )
        db.execute(
            "INSERT INTO deputies (uuid, township_id, term_id, name, gender, resume, awards)"
            " VALUES (?, 1, 1, '王𠮷', 'M', ?, ?)",
            [new_uuid(), TYPED_RESUME, TYPED_AWARDS],
        )
    db.close()
    with Office.open(path) as office:
        deputy_id = office.deputies.find("王𠮷")[0].id
        stored = office.db.execute(
            "SELECT count(*) FROM resume_entries WHERE deputy_id = ?", [deputy_id]
        ).fetchone()[0]
        assert stored == 4
        texts = [e.text for e in office.careers.resume(deputy_id)]
        assert texts[0] == "清溪镇桃源村务农" and len(texts) == 4
        assert [a.title for a in office.careers.awards(deputy_id)][2] == "全镇抗洪抢险先进个人"


def test_entries_and_text_stay_one(office: Office) -> None:
    deputy = office.deputies.add(name="王𠮷", gender="男", resume=TYPED_RESUME, awards=TYPED_AWARDS)
    entries = office.careers.add_resume(
        deputy.id, start_date="2010.12", end_date="2011.01", text="清溪镇桃源村村委会副主任"
    )
    assert [e.text for e in entries][3] == "清溪镇桃源村村委会副主任"  # placed by its date
    assert all(e.uuid for e in entries) and len(entries) == 5
    text = office.deputies.get(deputy.id).resume
    assert text == render_resume(entries) and "其间：2006年获评优秀农民工" in text

    kept = entries[0].uuid
    entries = office.careers.update_resume(
        deputy.id, 0, start_date="1995-04", end_date="2003-08", text="清溪镇桃源村务农"
    )
    assert entries[0].uuid == kept and entries[0].start_date == "1995-04"

    awards = office.careers.add_award(
        deputy.id, date="2025", title="2025年度溪山县优秀人大代表", issuer="溪山县人大常委会"
    )
    assert awards[-1].line() == "2025年度溪山县优秀人大代表（溪山县人大常委会）"
    assert office.deputies.get(deputy.id).awards.endswith("（溪山县人大常委会）")

    # The deputy dialog (or an import) changed the text: it is newer, and wins.
    office.deputies.update(deputy.id, resume="2011.01—至今  清溪镇人大主席")
    assert [e.text for e in office.careers.resume(deputy.id)] == ["清溪镇人大主席"]
    entries = office.careers.remove_resume(deputy.id, 0)
    assert entries == [] and office.deputies.get(deputy.id).resume == ""


def test_bad_entries_are_refused(office: Office) -> None:
    deputy = office.deputies.add(name="李䶮", gender="女")
    with pytest.raises(ValidationError) as caught:
        office.careers.add_resume(deputy.id, start_date="2010.05", end_date="2009.01", text="")
    assert caught.value.fields == {
        "text": "请填写单位及职务（经历）",
        "end_date": "截止年月早于起始年月，请核对",
    }
    with pytest.raises(ValidationError) as caught:
        office.careers.add_award(deputy.id, date="明年", title="")
    assert set(caught.value.fields) == {"date", "title"}
    assert office.careers.awards(deputy.id) == [] and office.deputies.get(deputy.id).awards == ""
