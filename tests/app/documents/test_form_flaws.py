"""The flaws a county sends a form back for, each read back from the printed PDF: a page
holding only the seal lines, lines starting with a closing mark, words cut one character
from their end, the presidium not named after the township."""

from __future__ import annotations

import re

import pytest

from app.documents.base import Document
from app.documents.fonts import font_set
from app.documents.registration import registration_pdf
from app.documents.suggestion_assignment import assignment_pdf
from tests.app.documents.pdf_lines import all_lines, broken_lines, page_lines

SEAL_LINE = re.compile(r"^(.*签名：|.*签收人：|填表人：|.*（盖章）|年月日|第\d+页|共\d+页)+$")


def content_besides_seal(lines: list[str]) -> list[str]:
    return [line for line in lines if not SEAL_LINE.match(line)]


def resume(lines: int) -> str:
    return "\n".join(
        f"{1980 + i}.09—{1981 + i}.07 清溪镇桃源村村民委员会委员，负责农田水利工作"
        for i in range(lines)
    )


def test_the_registration_form_never_ends_with_a_page_of_only_seal_lines(office):
    deputy = office.deputies.add(name="王𠮷", gender="男", unit="桃源村")
    seen_two_pages = False
    for lines in range(14, 40):
        office.deputies.update(deputy.id, resume=resume(lines))
        pages = page_lines(registration_pdf(office, [deputy.id]).data)
        seen_two_pages |= len(pages) > 1
        assert content_besides_seal(pages[-1]), f"{lines} lines: last page {pages[-1]}"
        assert "清溪镇人民代表大会主席团（盖章）" in pages[-1]
    assert seen_two_pages


def test_the_assignment_slip_never_ends_with_a_page_of_only_seal_lines(town):
    office = town.office
    sentence = "桃源村至溪口村的通组公路路面破损，雨天泥泞，村民出行困难。"
    s = office.suggestions.register(
        lead_deputy_id=town.deputies["王𠮷"],
        title="关于硬化通组公路的建议",
        category="交通道路",
        content=sentence,
        received_date="2026-03-02",
    )
    office.suggestions.act(s.id, "accept", date="2026-03-03")
    office.suggestions.act(s.id, "assign", lead_unit_id=town.units["交管站"], date="2026-03-05")
    seen_two_pages = False
    for length in range(500, 1300, 19):
        with office.transaction() as db:
            db.execute(
                "UPDATE suggestions SET content = ? WHERE id = ?", ((sentence * 50)[:length], s.id)
            )
        pages = page_lines(assignment_pdf(office, [s.id]).data)
        seen_two_pages |= len(pages) > 1
        assert content_besides_seal(pages[-1]), f"{length}: last page {pages[-1]}"
    assert seen_two_pages


def test_seal_and_authority_lines_name_the_township(office):
    deputy = office.deputies.add(name="张三", gender="男")
    text = "".join(all_lines(registration_pdf(office, [deputy.id]).data))
    assert "乡镇人大主席团" not in text
    assert "清溪镇人民代表大会主席团（盖章）" in text


TEXT = (
    "群众反映道路（桃源村段）破损严重、排水不畅、路灯缺失；建议：一、硬化路面，"
    "二、修建边沟（约3公里），三、安装路灯。"
)


@pytest.mark.parametrize("rare", ["", "𠮷"], ids=["one font", "with a fallback font"])
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(rare):
    doc = Document(font_set(), title="禁则")
    kit = doc.kit()
    text = (TEXT + rare) * 3
    story = [kit.grid([[kit.text(text)]], [w]) for w in range(60, 300, 3)]
    data = doc.build(story, kit=kit).data
    assert len(all_lines(data)) > 500
    assert broken_lines(data) == []


UNIT = "清溪镇桃源村股份经济合作联合社党总支部委员会书记兼村委会主任"


def test_a_short_word_in_a_narrow_column_is_never_cut(office):
    doc = Document(font_set(), title="列宽")
    kit = doc.kit()
    rows = [
        [kit.label("序号"), kit.label("政治面貌"), kit.label("工作单位及职务")],
        [kit.text("1"), kit.text("中共预备党员"), kit.text(UNIT)],
    ]
    lines = page_lines(doc.build([kit.grid(rows, [18, 50, 200])], kit=kit).data)[0]
    assert "序号" in lines
    assert "中共预备党员" in lines
    assert all(len(line) > 1 for line in lines if line not in ("1",))


def test_forms_printed_before_a_meeting_leave_unknown_counts_blank(town):
    from app.documents.minutes import minutes_pdf
    from app.documents.session_pack import session_pack_pdf
    from app.documents.signin import signin_pdf

    office = town.office
    meeting = office.meetings.add(kind="session", start_date="2026-12-20", place="镇会议室")
    for build in (signin_pdf, minutes_pdf, session_pack_pdf):
        text = "".join(all_lines(build(office, meeting.id).data))
        assert "应到" in text and "6" in text
        assert not re.search(r"实到0|出席0|现出席", text), build.__name__
        assert "■" not in text, build.__name__  # no verdict ticked
        if "不足法定人数" in text:
            assert "□不足法定人数" in text, build.__name__
    # The sign-in sheet has a ruled cell for each count, to be filled in by hand.
    lines = page_lines(signin_pdf(office, meeting.id).data)[0]
    assert {"实到（人）", "请假（人）", "缺席（人）", "列席（人）"} <= set(lines)


def test_each_yearly_file_of_a_batch_starts_on_a_right_hand_page(demo_office):
    from app.documents.year_file import year_file_pdf

    ids = [r[0] for r in demo_office.db.execute("SELECT id FROM deputies ORDER BY id LIMIT 4")]
    result = year_file_pdf(demo_office, ids, 2025)
    pages = page_lines(result.data)
    assert result.pages == len(pages)
    starts = [i + 1 for i, page in enumerate(pages) if "第1页" in page]
    assert len(starts) == len(ids)
    assert all(n % 2 == 1 for n in starts), starts
    for n in range(2, len(pages) + 1):
        if n in starts and n > 1:
            before = pages[n - 2]
            assert before == ["此页无正文"] or "第1页" not in before


def test_part_two_of_the_yearly_file_counts_sessions_and_other_meetings_apart(demo_office):
    from app.documents.year_file import year_file_pdf

    deputy_id = demo_office.db.execute(
        "SELECT a.deputy_id FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id"
        " WHERE m.kind = 'presidium' AND a.status = 'present' LIMIT 1"
    ).fetchone()[0]
    text = "".join(all_lines(year_file_pdf(demo_office, [deputy_id], 2025).data))
    assert "出席人民代表大会会议情况" not in text
    assert "参加人大各类会议情况" in text
    sessions = len(re.findall(r"人民代表大会第.次会议：出席", text))
    others = len(re.findall(r"主席团第.次会议：出席", text))
    assert others > 0
    assert f"人民代表大会会议：出席{sessions}次" in text
    assert f"其他会议：出席{others}次" in text


def test_a_character_no_font_has_prints_as_a_mark_and_the_clerk_is_told(office):
    missing = "\U00030000"  # CJK Extension G: in none of the shipped fonts
    deputy = office.deputies.add(name="王" + missing, gender="男")
    result = registration_pdf(office, [deputy.id])
    assert "王〓" in "".join(all_lines(result.data))
    assert any("U+30000" in note and "〓" in note for note in result.notes), result.notes
    # The next form, without such a character, says nothing of it.
    other = office.deputies.add(name="李四", gender="男")
    assert not any("U+30000" in n for n in registration_pdf(office, [other.id]).notes)


def test_full_stops_and_commas_are_set_the_mainland_way(office, tmp_path):
    """。 and 、 low at the left of their square (GB convention), not centred (Taiwan)."""
    import subprocess

    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    from app.documents import fonts

    chain = font_set().body
    for mark in "。、":
        [(name, _piece)] = list(fonts.runs(mark, chain))
        file, _index = fonts.SHIPPED[name]
        font = TTFont(str(fonts.resource_path("fonts", file)))
        glyphs = font.getGlyphSet()
        glyph = font.getBestCmap()[ord(mark)]
        pen = BoundsPen(glyphs)
        glyphs[glyph].draw(pen)
        x0, y0, x1, y1 = pen.bounds
        advance = font["hmtx"][glyph][0]
        em = font["head"].unitsPerEm
        assert (x0 + x1) / 2 / advance < 0.4 and (y0 + y1) / 2 / em < 0.25, (mark, file)
    # and the form embeds that face
    deputy = office.deputies.add(name="张三", gender="男", unit="桃源村，东组。")
    path = registration_pdf(office, [deputy.id]).save(tmp_path / "f.pdf")
    listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "BousungEG-Light-GB" in listed
