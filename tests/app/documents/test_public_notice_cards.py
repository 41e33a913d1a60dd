"""代表履职情况公示 and 代表联系卡 read back from the PDF: every deputy is there with the duty
figures of the lists, and no ID number, phone or address is printed unless asked for."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from app.core.errors import RendaError, ValidationError
from app.deputies.deputies import DeputyQuery
from app.documents.contact_cards import contact_cards_pdf
from app.documents.contact_cards import gather as gather_cards
from app.documents.public_notice import gather, public_notice_pdf
from app.duties.activities import ActivityQuery
from app.duties.receptions import ReceptionQuery

YEAR = date.today().year - 1  # the demo's last year is complete


def text_of(data: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def serving(office) -> list:
    query = DeputyQuery(term_id=office.current_term_id(), status="active", level="township")
    return [office.deputies.get(i) for i in office.deputies.search(query)]


def test_the_public_notice_has_every_deputy_and_leaves_out_the_sensitive_fields(demo_office):
    office = demo_office
    deputies = serving(office)
    result = public_notice_pdf(office, YEAR)
    text = text_of(result.data)
    assert f"人民代表大会代表{YEAR}年度履职情况公示" in text and "代表法" in text
    for d in deputies:
        assert d.name in text
        for secret in (d.id_number, d.phone, d.address):
            assert not secret or secret not in text, d.name
    assert any(d.phone for d in deputies) and any(d.id_number for d in deputies)


def test_the_notice_counts_what_the_lists_hold_for_each_deputy(demo_office):
    office = demo_office
    notice = gather(office, YEAR)
    assert [x.name for x in notice.lines] == [d.name for d in serving(office)]
    for line in notice.lines[:12]:
        d = line.deputy_id
        activities = len(office.activities.search(ActivityQuery(year=YEAR, deputy_id=d)))
        groups_present = office.db.execute(
            "SELECT count(*) FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id"
            " WHERE a.deputy_id = ? AND m.kind = 'group' AND m.status = 'held'"
            " AND a.status = 'present' AND substr(m.start_date, 1, 4) = ?",
            [d, str(YEAR)],
        ).fetchone()[0]
        assert line.activities == activities + groups_present
        present, expected = office.db.execute(
            "SELECT sum(a.status = 'present'), count(*) FROM meeting_attendance a"
            " JOIN meetings m ON m.id = a.meeting_id WHERE a.deputy_id = ? AND m.kind <> 'group'"
            " AND m.status = 'held' AND a.status <> '' AND substr(m.start_date, 1, 4) = ?",
            [d, str(YEAR)],
        ).fetchone()
        assert (line.meetings_present, line.meetings_expected) == (present or 0, expected)
        signed = sum(
            1 for row, _role in office.suggestions.of_deputy(d)
            if row.received_date.startswith(str(YEAR))
        )  # fmt: skip
        assert line.suggestions == signed
        assert line.receptions == len(
            office.receptions.search(ReceptionQuery(year=YEAR, deputy_id=d))
        )
        assert line.reports == len(office.voter_reports.list(year=YEAR, deputy_id=d))
    assert sum(x.meetings_expected for x in notice.lines) > 0
    assert sum(x.suggestions for x in notice.lines) > 0
    assert sum(x.receptions for x in notice.lines) > 0


def test_a_station_notice_lists_its_deputies_only(demo_office):
    office = demo_office
    station = office.stations.list()[0]
    notice = gather(office, YEAR, station_id=station.id)
    ids = office.deputies.search(
        DeputyQuery(term_id=office.current_term_id(), status="active", level="township",
                    station_id=station.id)
    )  # fmt: skip
    assert [x.deputy_id for x in notice.lines] == list(ids) and ids
    assert station.name in notice.intro
    with pytest.raises(ValidationError, match="找不到编号为 99999 的联络站"):
        gather(office, YEAR, station_id=99999)


def test_contact_cards_mask_the_phone_unless_asked(demo_office):
    office = demo_office
    deputies = {d.id: d for d in serving(office)}
    with_phone = next(d for d in deputies.values() if d.phone and len(d.phone) == 11)
    masked = text_of(contact_cards_pdf(office).data)
    for d in deputies.values():
        assert d.name in masked
        assert not d.id_number or d.id_number not in masked
    assert with_phone.phone not in masked
    assert with_phone.phone[:3] + "****" + with_phone.phone[-4:] in masked
    shown = text_of(contact_cards_pdf(office, reveal=True).data)
    assert with_phone.phone in shown
    desk = text_of(contact_cards_pdf(office, office_phone="0743-8221234").data)
    assert "人大办电话：0743-8221234" in desk and with_phone.phone[-4:] + "选区" not in desk
    cards = gather_cards(office)
    assert len(cards) == len(deputies)
    card = next(c for c in cards if c.deputy_id == with_phone.id)
    if with_phone.station_id:
        assert card.station == office.stations.get(with_phone.station_id).name
    pages = len(PdfReader(io.BytesIO(contact_cards_pdf(office).data)).pages)
    assert pages == -(-len(deputies) // 8)  # eight to a page


def test_notice_and_cards_are_refused_in_a_county_database(tmp_path):
    from app.office import Office

    with Office.open(tmp_path / "county.sqlite") as county:
        county.setup_county(county="溪山县")
        with pytest.raises(RendaError, match="乡镇的数据库"):
            public_notice_pdf(county, YEAR)
        with pytest.raises(RendaError, match="乡镇的数据库"):
            contact_cards_pdf(county)


def test_the_print_commands(demo_db, tmp_path, capsys):
    from app.cli import main

    notice = tmp_path / "公示.pdf"
    assert main(["--db", str(demo_db), "print", "public-notice", "--year", str(YEAR),
                 "--out", str(notice)]) == 0  # fmt: skip
    cards = tmp_path / "联系卡.pdf"
    assert main(["--db", str(demo_db), "print", "contact-cards", "--office-phone",
                 "0743-8221234", "--out", str(cards)]) == 0  # fmt: skip
    assert "人大办电话" in text_of(cards.read_bytes())
    assert "年度履职情况公示" in text_of(notice.read_bytes())
    assert capsys.readouterr().out.count("已保存") == 2
