"""Rosters in and out of Excel, on real .xlsx files and a real database."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from app.core.errors import RendaError
from app.deputies.deputies import DeputyQuery
from app.exchange.roster_export import copy_template, export_roster
from app.exchange.roster_fields import field_for_header
from app.exchange.roster_import import apply_import, plan_import, save_problems
from app.exchange.tables import exchange_schema, records_digest
from tests.exchange_workbooks import GOOD_ID, SECOND_ID, messy_roster


def digest(office) -> str:
    return records_digest(office.db.conn, exchange_schema(office.db.conn))


def problems_at(plan, row: int) -> list[str]:
    return [f"{p.column}:{p.message}" for p in plan.problems() if p.row == row]


def test_a_messy_roster_is_read_and_every_problem_is_reported_where_it_is(office, tmp_path):
    before = digest(office)
    plan = plan_import(office, messy_roster(tmp_path / "名册.xlsx"))
    assert plan.header_row == 3 and plan.sheet == "名册"
    assert plan.columns["name"] == "代表姓名" and plan.columns["birth_date"] == "出生日期"
    assert [r.row for r in plan.rows] == [4, 5, 6, 8, 9, 10]
    by_row = {r.row: r for r in plan.rows}
    # The group is unknown: said at its cell, with what to do.
    assert any(m.startswith("H:代表小组“东片代表小组”不存在") for m in problems_at(plan, 4))
    assert any(m.startswith("H:代表小组“东片代表小组”不存在") for m in problems_at(plan, 5))
    # An ID stored as a number lost its last digits: said so, not guessed.
    assert any("存成了数字" in m and m.startswith("F:") for m in problems_at(plan, 8))
    assert any(m.startswith("F:身份证号码校验位不对") for m in problems_at(plan, 9))
    assert any(m.startswith("D:") and "1990.13" in m for m in problems_at(plan, 9))
    assert any("与第 4 行的身份证号码重复" in m for m in problems_at(plan, 10))
    notices = [p.message for p in plan.notices]
    assert any("合计行" in m for m in problems_at(plan, 11))
    assert any("“备注说明”列没有对应的登记项" in m for m in notices)
    # Cleaned values: stray spaces, full-width digits, an Excel date shown as year.month.
    li = by_row[5]
    assert li.name == "李四" and li.summary["gender"] == "女"
    assert by_row[6].action == "invalid"  # 西片 is unknown too
    assert plan.missing_links == {"group": ["东片代表小组", "西片"]}
    assert "系统里没有的代表小组：东片代表小组、西片（可勾选自动新建）" in plan.summary
    assert digest(office) == before  # nothing written by a preview


def test_nothing_is_written_while_rows_have_errors_unless_the_clerk_says_so(office, tmp_path):
    path = messy_roster(tmp_path / "名册.xlsx")
    plan = plan_import(office, path, create_missing=True)
    assert {r.row: r.action for r in plan.rows} == {
        4: "new",
        5: "new",
        6: "new",
        8: "invalid",
        9: "invalid",
        10: "invalid",
    }
    assert plan.missing_links == {"group": ["东片代表小组", "西片"]}
    before = digest(office)
    with pytest.raises(RendaError, match="有 3 行有错误"):
        apply_import(office, plan)
    assert digest(office) == before
    result = apply_import(office, plan, only_valid=True)
    assert (result.added, result.refused) == (3, 3)
    assert result.created == {"group": ["东片代表小组", "西片"]}
    ids = office.deputies.search(DeputyQuery(text="王𠮷"))
    wang = office.deputies.get(ids[0])
    assert wang.birth_date == "1975-03" and wang.id_number == GOOD_ID
    assert office.groups.get(wang.group_id).name == "东片代表小组"
    li = office.deputies.get(office.deputies.search(DeputyQuery(text="李四"))[0])
    assert li.birth_date == "1982-04" and li.phone == "13907312234"
    assert li.unit == "清溪镇中心小学 教师" and li.gender == "F" and li.ethnicity == "土家族"
    zhang = office.deputies.get(office.deputies.search(DeputyQuery(text="zs"))[0])
    assert zhang.birth_date == "1968-11" and zhang.phone == "0743-5221234"


def test_a_row_refused_at_write_time_leaves_nothing_written(office, tmp_path, make_id):
    plan = plan_import(office, messy_roster(tmp_path / "名册.xlsx"), create_missing=True)
    # Between preview and confirm someone registers 李四's ID number by hand.
    office.deputies.add(name="李芳", gender="女", id_number=SECOND_ID)
    before = digest(office)
    with pytest.raises(RendaError, match="第 5 行"):
        apply_import(office, plan, only_valid=True)
    assert digest(office) == before
    assert not office.groups.list()  # the groups it would have made are gone too


def _one_sheet(path: Path, header: list[str], rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("policy", "unit", "phone", "action"),
    [
        ("skip", "旧单位", "13800000000", "skip"),
        ("update", "新单位", "13911112222", "update"),
        ("fill", "旧单位", "13911112222", "fill"),
    ],
)
def test_duplicates_follow_the_policy_chosen_up_front(
    office, tmp_path, policy, unit, phone, action
):
    old = office.deputies.add(name="周𡒄", gender="男", birth_date="1970-05", unit="旧单位")
    office.deputies.update(old.id, phone="13800000000" if policy == "skip" else "")
    path = _one_sheet(
        tmp_path / "dup.xlsx",
        ["姓名", "性别", "出生年月", "工作单位及职务", "联系电话"],
        [["周𡒄", "男", "1970.05", "新单位", "13911112222"]],
    )
    plan = plan_import(office, path, policy=policy)
    assert [r.action for r in plan.rows] == [action]
    apply_import(office, plan)
    after = office.deputies.get(old.id)
    assert (after.unit, after.phone) == (unit, phone)
    assert office.deputies.count(DeputyQuery()) == 1


def test_the_id_number_finds_the_deputy_even_under_another_name_spelling(office, tmp_path):
    old = office.deputies.add(name="吴一", gender="男", id_number=GOOD_ID, unit="甲")
    path = _one_sheet(
        tmp_path / "id.xlsx", ["姓名", "身份证号码", "单位"], [["吴一", GOOD_ID, "乙"]]
    )
    plan = plan_import(office, path, policy="update")
    assert plan.rows[0].deputy_id == old.id and plan.rows[0].values == {"unit": "乙"}


def test_the_same_roster_exported_and_imported_again_changes_nothing(demo_office, tmp_path):
    before = digest(demo_office)
    for reveal in (False, True):
        path = export_roster(demo_office, tmp_path / f"名册{reveal}.xlsx", reveal=reveal)
        for policy in ("update", "fill", "skip"):
            plan = plan_import(demo_office, path, policy=policy)
            assert not plan.invalid_rows, plan.problems()[:3]
            assert {r.action for r in plan.rows} == {"skip" if policy == "skip" else "unchanged"}
            apply_import(demo_office, plan)
    assert digest(demo_office) == before


def test_an_exported_roster_fills_a_new_database_with_the_same_records(
    demo_office, office, tmp_path
):
    path = export_roster(demo_office, tmp_path / "full.xlsx", reveal=True, with_ended=True)
    plan = plan_import(office, path, create_missing=True)
    assert not plan.invalid_rows, plan.problems()[:3]
    apply_import(office, plan)
    source = {d: demo_office.deputies.get(d) for d in demo_office.deputies.search(DeputyQuery())}
    copied = {
        office.deputies.get(d).id_number: office.deputies.get(d)
        for d in office.deputies.search(DeputyQuery())
    }
    assert len(copied) == len(source) == 74
    skip = {"constituency_id", "group_id", "station_id"}
    for deputy in source.values():
        twin = copied[deputy.id_number]
        mine = {k: v for k, v in deputy.form_values().items() if k not in skip}
        theirs = {k: v for k, v in twin.form_values().items() if k not in skip}
        assert mine == theirs
        if deputy.group_id:
            assert (
                demo_office.groups.get(deputy.group_id).name
                == office.groups.get(twin.group_id).name
            )


def test_the_export_opens_as_a_proper_table(demo_office, tmp_path):
    path = export_roster(demo_office, tmp_path / "名册.xlsx")
    ws = load_workbook(path)["完整名册"]  # every field; the first sheet is the printed roster
    assert ws["A1"].value.startswith("清溪镇第十七届")
    headers = [c.value for c in ws[3]]
    assert headers[:3] == ["序号", "姓名", "性别"] and "身份证号码" in headers
    first = [c for c in ws[4]]
    by_header = dict(zip(headers, first, strict=True))
    assert by_header["出生年月"].is_date and by_header["出生年月"].number_format == "yyyy.mm"
    assert by_header["当选日期"].is_date
    id_cell = by_header["身份证号码"]
    assert id_cell.data_type == "s" and id_cell.number_format == "@" and "*" in id_cell.value
    assert ws.column_dimensions["F"].width > 8  # widths from the content
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    names = [ws.cell(row=r, column=2).value for r in range(4, ws.max_row + 1)]
    assert "王𠮷" in names and "李䶮" in names


def test_problems_are_saved_as_a_workbook(office, tmp_path):
    plan = plan_import(office, messy_roster(tmp_path / "名册.xlsx"))
    out = save_problems(plan, tmp_path / "问题清单")
    assert out.suffix == ".xlsx"
    ws = load_workbook(out).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert any(r[0] == 8 and r[1] == "F" and "存成了数字" in r[5] for r in rows)


def test_the_shipped_template_has_the_headers_the_import_reads(office, tmp_path):
    path = copy_template(tmp_path / "模板.xlsx")
    ws = load_workbook(path)["代表名册"]
    headers = [c.value for c in ws[3] if c.value]
    assert len(headers) > 25
    assert all(field_for_header(h) is not None for h in headers)
    assert "性别" in headers and "身份证号码" in headers
    id_column = headers.index("身份证号码") + 1
    assert ws.cell(row=4, column=id_column).number_format == "@"
    assert ws.data_validations.dataValidation  # drop-down lists
    plan = plan_import(office, path)
    assert plan.rows == []


def test_a_filled_template_imports(office, tmp_path):
    path = copy_template(tmp_path / "模板.xlsx")
    wb = load_workbook(path)
    ws = wb["代表名册"]
    headers = {c.value: c.column for c in ws[3] if c.value}
    ws.cell(row=4, column=headers["姓名"], value="郑𠮷")
    ws.cell(row=4, column=headers["性别"], value="女")
    ws.cell(row=4, column=headers["出生年月"], value="1980年2月")
    ws.cell(row=4, column=headers["民族"], value="侗族")
    ws.cell(row=4, column=headers["县人大代表"], value="是")
    ws.cell(row=4, column=headers["当选日期"], value=datetime(2021, 12, 28))
    wb.save(path)
    plan = plan_import(office, path)
    assert [r.action for r in plan.rows] == ["new"], plan.problems()
    apply_import(office, plan)
    d = office.deputies.get(office.deputies.search(DeputyQuery(text="郑𠮷"))[0])
    assert (d.birth_date, d.ethnicity, d.is_county_deputy, d.elected_date) == (
        "1980-02",
        "侗族",
        True,
        "2021-12-28",
    )


def test_a_file_that_is_not_a_roster_is_refused_clearly(office, tmp_path):
    empty = _one_sheet(tmp_path / "x.xlsx", ["项目", "金额"], [["修路", 5]])
    with pytest.raises(RendaError, match="找不到表头"):
        plan_import(office, empty)
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(RendaError, match="无法读取"):
        plan_import(office, broken)
    text_file = tmp_path / "名册.csv"
    text_file.write_text("姓名,性别\n张三,男\n", encoding="utf-8")
    with pytest.raises(RendaError, match=r"\.xlsx 或 \.xls"):
        plan_import(office, text_file)


def test_an_old_xls_roster_is_read(office):
    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "roster_messy.xls"
    plan = plan_import(office, fixture, create_missing=True)
    assert plan.header_row == 3
    names = [r.name for r in plan.rows]
    assert names[:3] == ["王𠮷", "李四", "张三"]
    li = next(r for r in plan.rows if r.name == "李四")
    assert li.action == "new" and li.values["birth_date"].startswith("1982-04")
    assert any("存成了数字" in p.message for p in plan.problems() if p.row == 8)


def _calc_installed() -> bool:
    """soffice with its spreadsheet part (a writer-only LibreOffice cannot open .xlsx)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return False
    program = Path(soffice).resolve().parent
    return any(program.glob("libsclo.so*")) or any(program.glob("sc*.dll"))


@pytest.mark.skipif(not _calc_installed(), reason="LibreOffice Calc is not installed")
def test_the_export_opens_in_libreoffice_as_the_clerk_sees_it(demo_office, tmp_path):
    """LibreOffice reads the file and shows dates as dates and ID numbers whole."""
    path = export_roster(demo_office, tmp_path / "roster.xlsx", reveal=True)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            # the second sheet, 完整名册 (every field)
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,2",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    rows = list(csv.reader((tmp_path / "roster-完整名册.csv").open(encoding="utf-8")))
    header = rows[2]
    wang = next(r for r in rows if len(r) > 2 and r[1] == "王𠮷")
    deputy = demo_office.deputies.find("王𠮷")[0]
    assert wang[header.index("出生年月")] == deputy.birth_date.replace("-", ".")
    assert wang[header.index("身份证号码")] == deputy.id_number
    assert wang[header.index("当选日期")] == deputy.elected_date


def test_the_first_sheet_prints_as_a_roster_on_a4_and_the_second_holds_every_field(
    demo_office, tmp_path
):
    from app.exchange.roster_export import PRINTED

    path = export_roster(demo_office, tmp_path / "名册.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["代表名册", "完整名册"]
    printed, full = book["代表名册"], book["完整名册"]
    headers = [c.value for c in printed[3]]
    assert headers == [h for h, _k, _w in PRINTED]
    widths = [printed.column_dimensions[get_column_letter(i)].width for i in range(1, 14)]
    assert sum(widths) <= 155  # about 90 % on A4 landscape: readable, not 25 %
    setup = printed.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == 9  # A4
    assert printed.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1
    assert printed.print_title_rows == "$3:$3"
    assert "&P" in printed.oddFooter.center.text and "&N" in printed.oddFooter.center.text
    # The second sheet: all columns, printed across pages with 序号 and 姓名 repeated.
    assert len([c for c in full[3] if c.value]) > 25
    assert full.print_title_cols == "$A:$B"
    assert not full.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in full.oddFooter.center.text


def test_deputies_whose_status_has_ended_are_left_out_unless_asked(demo_office, tmp_path):
    ended = demo_office.deputies.search(DeputyQuery(status="ended"))
    assert ended
    names = {demo_office.deputies.get(d).name for d in ended}

    def exported(**kw) -> list[str]:
        ws = load_workbook(export_roster(demo_office, tmp_path / "r.xlsx", **kw))["代表名册"]
        return [ws.cell(row=r, column=2).value for r in range(4, ws.max_row + 1)]

    shown = exported()
    assert not names & set(shown)
    assert names <= set(exported(with_ended=True))
    assert len(exported(with_ended=True)) == len(shown) + len(ended)


@pytest.mark.skipif(not _calc_installed(), reason="LibreOffice Calc is not installed")
def test_the_printed_roster_is_readable_with_page_numbers(demo_office, tmp_path):
    """LibreOffice prints the first sheet one page wide at a readable size, numbered."""
    path = export_roster(demo_office, tmp_path / "roster.xlsx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    html = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(tmp_path / "roster.pdf"), "-"],
        capture_output=True, check=True,
    ).stdout.decode("utf-8", "replace")  # fmt: skip
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', html)
    text = "".join(w[2] for w in words)
    for header in ("序号", "姓名", "工作单位及职务", "联系电话", "备注"):
        assert header in text  # every column on the first page
    assert "第1页" in text.replace(" ", "")
    name = next(w for w in words if w[2] == "姓名")
    assert float(name[1]) - float(name[0]) >= 7  # points high: readable, not shrunk to 25 %
