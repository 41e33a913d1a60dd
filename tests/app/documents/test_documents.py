"""Printed forms read back: every value is in the PDF's text (rare characters too), every
font is embedded, long texts wrap, empty fields and missing or damaged photos never crash."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.core.errors import Cancelled, RendaError
from app.core.progress import Progress
from app.deputies.deputies import DeputyQuery
from app.documents import fonts
from app.documents.registration import registration_files, registration_pdf
from app.documents.roster import roster_pdf

RARE = "王𠮷䶮"
UNIT = "溪山县清溪镇桃源村股份经济合作联合社党总支部委员会书记兼村民委员会主任兼调解主任"


def text_of(path_or_bytes) -> str:
    import io

    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    return "".join(page.extract_text() for page in PdfReader(source).pages)


def squeezed(text: str) -> str:
    return "".join(text.split())


def font_table(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [line.split() for line in out.stdout.splitlines()[2:]]


@pytest.fixture
def full_deputy(office, make_id):
    group = office.groups.add(name="东片代表小组")
    constituency = office.constituencies.add(name="第三选区", seats=2)
    station = office.stations.add(name="桃源村代表联络站")
    resume = "\n".join(
        f"{1990 + i}.09—{1991 + i}.07 清溪镇桃源村村民委员会委员，负责农田水利和饮水安全工作"
        for i in range(40)
    )
    return office.deputies.add(
        name=RARE,
        gender="女",
        ethnicity="土家族",
        birth_date="1975-03",
        native_place="湖南溪山",
        political_status="中共党员",
        education="大学本科",
        unit=UNIT,
        category="农民",
        is_reelected=True,
        card_number="17042",
        constituency_id=constituency.id,
        elected_date="2021-12-28",
        group_id=group.id,
        station_id=station.id,
        presidium_role="member",
        is_county_deputy=True,
        phone="13812345678",
        address="溪山县清溪镇桃源村5组12号",
        postcode="416100",
        id_number=make_id("19750308", male=False),
        resume=resume,
        awards="2023年度优秀人大代表",
        note="䶮𡒄",
    )


def test_registration_form_prints_every_value_and_embeds_its_fonts(office, full_deputy, tmp_path):
    result = registration_pdf(office, [full_deputy.id])
    path = result.save(tmp_path / "登记表.pdf")
    text = squeezed(text_of(path))
    d = full_deputy
    for value in (
        RARE, "女", "土家族", "1975.03", "湖南溪山", "中共党员", "大学本科", UNIT, "农民",
        "17042", "第三选区", "2021年12月28日", "东片代表小组", "桃源村代表联络站",
        "主席团成员", "13812345678", "溪山县清溪镇桃源村5组12号", "416100", d.id_number,
        "2023年度优秀人大代表", "䶮𡒄", "第十七届", "2029.09—2030.07",
        "清溪镇第十七届人民代表大会代表基本情况登记表", "代表本人签名", "盖章",
    ):  # fmt: skip
        assert squeezed(value) in text, value
    assert "■县人大代表" in text and "■连任代表" in text and "□一线代表" in text
    # The 40-line résumé continues on a second page instead of overflowing its cell.
    assert result.pages == 2
    rows = font_table(path)
    assert rows, "no fonts listed"
    assert all(row[-5] == "yes" and row[-4] == "yes" for row in rows), rows  # emb, sub
    names = " ".join(row[0] for row in rows)
    assert "UMingCN" in names and "WenQuanYiMicroHei" in names and "Helvetica" not in names


def test_an_id_number_is_never_split_and_a_long_unit_wraps_in_its_cell(office, full_deputy):
    longer = UNIT + "、溪山县清溪镇桃源村农民专业合作社理事长兼监事会主任"
    office.deputies.update(full_deputy.id, unit=longer)
    raw = text_of(registration_pdf(office, [full_deputy.id]).data)
    assert full_deputy.id_number in raw  # on one line, in one piece
    lines = [line for line in raw.splitlines() if line.strip()]
    assert not any(longer in line for line in lines), "the unit did not wrap"
    assert longer in squeezed(raw)  # but all of it is there
    roster = text_of(roster_pdf(office).data)
    assert UNIT not in roster and UNIT in squeezed(roster)  # wrapped in its column


def test_empty_fields_and_no_photo_print_blank(office):
    bare = office.deputies.add(name="𡒄", gender="男")
    result = registration_pdf(office, [bare.id])
    assert result.pages == 1 and result.notes == ()
    text = text_of(result.data)
    assert "𡒄" in text and "照片" in text  # the empty photo box keeps its faint caption


def test_a_damaged_photo_prints_a_blank_box_and_says_so(office, full_deputy):
    office.deputies.set_photo(full_deputy.id, _png())
    office.db.execute(
        "UPDATE deputy_photos SET image = ? WHERE deputy_id = ?",
        [b"\xff\xd8broken", full_deputy.id],
    )
    result = registration_pdf(office, [full_deputy.id])
    assert result.pages >= 1
    assert any("照片已损坏" in note and RARE in note for note in result.notes)


def test_a_photo_is_embedded(office, full_deputy):
    office.deputies.set_photo(full_deputy.id, _png())
    reader = PdfReader(__import__("io").BytesIO(registration_pdf(office, [full_deputy.id]).data))
    assert list(reader.pages[0].images), "the photo is not in the PDF"


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (300, 420), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_roster_is_in_stroke_order_with_header_on_every_page(demo_office, tmp_path):
    result = roster_pdf(demo_office)
    reader = PdfReader(__import__("io").BytesIO(result.data))
    assert len(reader.pages) == result.pages >= 2
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    for page in reader.pages:
        assert "工作单位及职务" in page.extract_text()
    text = squeezed(text_of(result.data))
    query = DeputyQuery(term_id=demo_office.current_term_id(), status="active")
    names = [r.name for r in demo_office.deputies.rows(demo_office.deputies.search(query))]
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions), "not in 姓氏笔画 order"
    assert f"共{len(names)}名" in text
    assert "****" in text  # phones masked by default


def test_roster_prints_rare_names_and_refuses_an_empty_selection(office):
    office.deputies.add(name=RARE, gender="男", phone="13812345678")
    text = text_of(roster_pdf(office, reveal=True).data)
    assert RARE in text and "13812345678" in text
    with pytest.raises(RendaError, match="名册为空"):
        roster_pdf(office, DeputyQuery(term_id=office.current_term_id(), text="没有这个人"))


def test_batch_into_one_pdf_numbers_each_form_and_can_be_cancelled(demo_office):
    ids = demo_office.deputies.search(DeputyQuery(term_id=demo_office.current_term_id()))[:5]
    seen = []
    result = registration_pdf(demo_office, ids, progress=Progress(lambda d, t, s: seen.append(d)))
    assert result.pages == 5 and seen[-1] == 5
    progress = Progress(lambda d, t, s: progress.cancel() if d == 2 else None)
    with pytest.raises(Cancelled):
        registration_pdf(demo_office, ids, progress=progress)


def test_one_file_each_or_nothing(demo_office, tmp_path):
    ids = demo_office.deputies.search(DeputyQuery(term_id=demo_office.current_term_id()))[:4]
    folder = tmp_path / "登记表"
    result = registration_files(demo_office, ids, folder)
    assert len(result.paths) == 4 and all(p.parent == folder for p in result.paths)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in result.paths)
    other = tmp_path / "取消"
    progress = Progress(lambda d, t, s: progress.cancel() if d == 2 else None)
    with pytest.raises(Cancelled):
        registration_files(demo_office, ids, other, progress=progress)
    assert list(other.iterdir()) == []  # nothing half done is left


def test_saving_is_whole_or_not_at_all(office, tmp_path):
    result = registration_pdf(office, [office.deputies.add(name="张三", gender="男").id])
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")
    blocked = tmp_path / "no" / "x.pdf"
    (tmp_path / "no").write_text("a file where a folder should be")
    with pytest.raises(RendaError, match="无法保存"):
        result.save(blocked)
    assert target.read_bytes() == b"old"
    result.save(target)
    assert target.read_bytes().startswith(b"%PDF") and not list(tmp_path.glob(".*.part"))


def test_characters_missing_from_every_font_print_as_a_mark_not_a_gap():
    chain = fonts.font_set().body
    pieces = list(fonts.runs("王𠮷\U00031350", chain))  # U+31350: Extension H, no font has it
    assert "".join(text for _font, text in pieces) == "王𠮷" + fonts.MISSING_MARK
    assert pieces[0][0] == fonts.SONG


def test_full_width_punctuation_never_starts_a_line():
    from reportlab.lib import textsplit

    fonts.font_set()
    for ch in "，；：！？》）":
        assert ch in textsplit.ALL_CANNOT_START


def test_windows_fonts_fall_back_to_the_shipped_ones_with_a_message(tmp_path, monkeypatch):
    folder = tmp_path / "Fonts"
    folder.mkdir()
    # A real TrueType Song face where 仿宋 is expected, a damaged file where 黑体 is.
    shutil.copyfile(fonts.resource_path("fonts", "uming-cn.ttf"), folder / "simfang.ttf")
    (folder / "simhei.ttf").write_bytes(b"not a font")
    monkeypatch.setattr(fonts, "windows_fonts_dir", lambda: folder)
    fonts.font_set.cache_clear()
    try:
        chosen = fonts.font_set("windows_fangsong")
        assert chosen.body[0] == "RendaWinFangsong" and chosen.title[0] == fonts.HEI
        assert any("黑体" in note and "不能嵌入" in note for note in chosen.notes)
        missing = fonts.font_set("windows_song")
        assert missing.body[0] == fonts.SONG
        assert any("宋体" in note and "没有找到" in note for note in missing.notes)
    finally:
        fonts.font_set.cache_clear()
