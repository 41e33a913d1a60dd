"""Issue 16: an office's own roster imports — short forms understood and shown, unknown
values mapped by the clerk and remembered, ID area codes of any year, same names warned,
an ID number of one deputy under another name never renaming anyone (issue 19)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.cli import main
from app.core.errors import RendaError
from app.core.paths import data_path
from app.core.validate import area_code_existed, check_id_number
from app.deputies.deputies import DeputyQuery
from app.exchange.roster_import import apply_import, plan_import
from app.exchange.roster_values import ValueReader, remembered
from app.exchange.tables import exchange_schema, records_digest
from tests.exchange_workbooks import GOOD_ID, SECOND_ID, THIRD_ID, office_roster


def digest(office) -> str:
    return records_digest(office.db.conn, exchange_schema(office.db.conn))


def one_sheet(path: Path, header: list[str], rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def the(office, name: str):
    return office.deputies.get(office.deputies.search(DeputyQuery(text=name))[0])


# ---- the table ---------------------------------------------------------------------------


def test_the_table_covers_the_56_groups_and_every_value_it_names_is_on_a_shipped_list():
    spec = json.loads(data_path("roster_synonyms.json").read_text(encoding="utf-8"))
    lists = {
        key: json.loads(data_path("reference", f"{ref}.json").read_text(encoding="utf-8"))
        for key, ref in {
            "ethnicity": "ethnic_groups",
            "political_status": "political_statuses",
            "education": "education_levels",
            "category": "deputy_categories",
        }.items()
    }
    groups = spec["fields"]["ethnicity"]["values"]
    assert len([g for g in groups if g != "其他"]) == 56
    for key, shipped in lists.items():
        assert set(spec["fields"][key]["values"]) <= set(shipped["items"]), key
    assert groups["汉族"][0] == "汉" and "苗" in groups["苗族"]


@pytest.mark.parametrize(
    ("field", "written", "value"),
    [
        ("ethnicity", "汉", "汉族"),
        ("ethnicity", "维族", "维吾尔族"),
        ("ethnicity", "汉　族", "汉族"),  # a full-width space
        ("political_status", "党员", "中共党员"),
        ("political_status", "中共党员（预备）", "中共预备党员"),
        ("political_status", "无党派", "无党派人士"),
        ("political_status", "团员", "共青团员"),
        ("education", "本科", "大学本科"),
        ("education", "大学", "大学本科"),
        ("education", "中央党校大学", "大学本科"),
        ("education", "大专学历", "大学专科"),
        ("education", "中专／中技", "中专/中技"),
        ("education", "技校", "中专/中技"),
        ("category", "解放军", "解放军/武警"),
        ("gender", "M", "男"),
        ("gender", "女性", "女"),
        ("is_reelected", "连任", True),
        ("is_reelected", "新任", False),
        ("is_front_line", "√", True),
        ("presidium_role", "主席团副主席", "副主席"),
    ],
)
def test_short_forms_and_synonyms_are_read_as_the_list_value(office, field, written, value):
    reader = ValueReader.for_office(office)
    assert reader.read(field, written).value == value


def test_an_ambiguous_or_unknown_value_is_not_guessed(office):
    reader = ValueReader.for_office(office)
    assert reader.read("education", "研究生").how == "unknown"  # 博士 or 硕士?
    assert reader.read("education", "大学肄业").how == "unknown"  # not finished
    assert reader.read("ethnicity", "穿青人").how == "unknown"
    assert reader.read("is_front_line", "也许").how == "unknown"


def test_a_synonym_of_a_value_the_office_removed_from_its_list_is_not_used(office):
    item = next(i for i in office.reference.items("education_levels") if i.value == "大学本科")
    office.reference.rename(item.id, "本科")
    reader = ValueReader.for_office(office)
    assert reader.read("education", "本科").value == "本科"  # its own list
    assert reader.read("education", "大本").how == "unknown"  # 大学本科 is no more


# ---- an office's roster ------------------------------------------------------------------


def test_an_office_roster_imports_every_valid_row_with_the_right_values(office, tmp_path):
    """The issue's test: short forms, an ID typed as a number, a merged title, blank and
    total rows, full-width spaces, a rare character."""
    before = digest(office)
    plan = plan_import(office, office_roster(tmp_path / "花名册.xlsx"))
    assert digest(office) == before
    assert {r.row: r.action for r in plan.rows} == {
        3: "new",
        4: "new",
        5: "new",
        7: "unmapped",  # values no list has: the clerk says what they mean
        8: "invalid",
    }
    problems = {(p.row, p.column, p.level) for p in plan.problems() if p.level != "notice"}
    assert problems == {(7, "D", "choice"), (7, "G", "choice"), (8, "J", "error")}
    shown = [note.text for note in plan.understood]
    assert "民族：汉 → 汉族，1 行" in shown
    assert "政治面貌：无党派 → 无党派人士，1 行" in shown
    assert "文化程度：大专（在职） → 大学专科，1 行" in shown
    assert "连任：√ → 是，1 行" in shown
    apply_import(office, plan, only_valid=True)
    wang = the(office, "王𠮷")
    assert (wang.ethnicity, wang.political_status, wang.education, wang.category) == (
        "汉族",
        "中共党员",
        "大学本科",
        "党政领导干部",
    )
    assert wang.is_reelected and wang.presidium_role == "chair" and wang.id_number == GOOD_ID
    li = the(office, "李四")
    assert (li.gender, li.ethnicity, li.political_status, li.education) == (
        "F",
        "土家族",
        "中共预备党员",
        "中专/中技",
    )
    zhao = the(office, "赵大")
    assert zhao.id_number == THIRD_ID and zhao.presidium_role == "member"


def test_the_dry_run_changes_nothing_and_lists_the_unknown_values(office, tmp_path, capsys):
    path = office_roster(tmp_path / "花名册.xlsx")
    before = digest(office)
    db = str(office.db.conn.execute("PRAGMA database_list").fetchone()[2])
    assert main(["--db", db, "roster", "import", str(path), "--dry-run"]) == 1
    said = capsys.readouterr()
    assert "已识别：民族：汉 → 汉族" in said.out
    assert "--map 文化程度:研究生=博士研究生" in said.err
    assert "第 8 行 J 列（身份证号码）" in said.err
    assert digest(office) == before


def test_an_unknown_value_is_mapped_by_the_clerk_and_remembered(office, tmp_path):
    path = office_roster(tmp_path / "花名册.xlsx")
    plan = plan_import(office, path)
    unknown = {(u.label, u.source): u for u in plan.unknown}
    assert set(unknown) == {("民族", "穿青人"), ("文化程度", "研究生")}
    assert unknown[("文化程度", "研究生")].suggested[:2] == ("博士研究生", "硕士研究生")
    assert unknown[("文化程度", "研究生")].rows == (7,)
    mapped = plan_import(
        office,
        path,
        mappings={("education_levels", "研究生"): "硕士研究生", ("ethnic_groups", "穿青人"): ""},
    )
    assert next(r for r in plan.rows if r.row == 7).action_label == "待指定"
    assert next(r for r in mapped.rows if r.row == 7).action == "new"
    assert "文化程度：研究生 → 硕士研究生（本次指定），1 行" in [n.text for n in mapped.understood]
    assert remembered(office) == {}  # a preview remembers nothing
    apply_import(office, mapped, only_valid=True)
    qian = the(office, "钱七")
    assert qian.education == "硕士研究生" and qian.ethnicity == ""  # 留空
    assert remembered(office) == {
        ("education_levels", "研究生"): "硕士研究生",
        ("ethnic_groups", "穿青人"): "",
    }
    # The next import knows them.
    again = plan_import(office, path, policy="skip")
    assert not again.unknown
    assert "文化程度：研究生 → 硕士研究生（按上次指定的对应），1 行" in [
        n.text for n in again.understood
    ]


def test_a_mapping_to_a_value_not_in_the_list_is_refused(office, tmp_path):
    path = office_roster(tmp_path / "花名册.xlsx")
    with pytest.raises(RendaError, match="不在文化程度列表中"):
        plan_import(office, path, mappings={("education_levels", "研究生"): "研究生"})


def test_the_command_line_maps_with_map(office, tmp_path, capsys):
    path = office_roster(tmp_path / "花名册.xlsx")
    db = str(office.db.conn.execute("PRAGMA database_list").fetchone()[2])
    code = main(
        ["--db", db, "roster", "import", str(path), "--skip-invalid",
         "--map", "文化程度:研究生=硕士研究生", "--map", "民族:穿青人=其他"]
    )  # fmt: skip
    assert code == 1  # 孙八's ID lost its digits
    assert "新增 4 名" in capsys.readouterr().out
    assert remembered(office)[("ethnic_groups", "穿青人")] == "其他"
    assert main(["--db", db, "roster", "import", str(path), "--map", "学历=本科"]) == 1
    assert "--map 学历=本科 的写法不对" in capsys.readouterr().err


# ---- ID numbers --------------------------------------------------------------------------


def test_an_area_code_of_any_year_is_accepted_and_one_that_never_existed_is_warned():
    assert area_code_existed("110111")  # 房山区, since 1986
    assert area_code_existed("110103")  # 崇文区, until 2010
    assert not area_code_existed("999999")
    born_before = check_id_number(THIRD_ID)  # born 1970, issued by a code of 1986
    assert born_before.error is None and born_before.warning is None
    from tests.conftest import make_id_number

    merged_away = check_id_number(make_id_number("20120301", area="110103"))
    assert merged_away.warning is None
    never = check_id_number(make_id_number("19800101", area="999999"))
    assert never.error is None and "不是任何时期的县级行政区划代码" in never.warning


# ---- same names and conflicts -------------------------------------------------------------


def test_a_deputy_whose_name_the_term_has_is_a_warning_to_confirm(office):
    first = office.deputies.add(name="张伟", gender="男", birth_date="1970-05", unit="甲村")
    checked = office.deputies.check({"name": "张伟", "gender": "男", "birth_date": "1988-01"})
    assert checked.ok
    assert "本届已有同名代表“张伟”（1970年5月，甲村）" in checked.warnings["name"]
    second = office.deputies.add(name="张伟", gender="男", birth_date="1988-01")  # allowed
    assert second.id != first.id
    # Editing either one without renaming it says nothing.
    assert "name" not in office.deputies.check({"unit": "乙村"}, deputy_id=first.id).warnings


def test_an_imported_deputy_of_a_known_name_is_warned_and_flagged(office, tmp_path):
    office.deputies.add(name="张伟", gender="男", birth_date="1970-05")
    path = one_sheet(
        tmp_path / "同名.xlsx",
        ["姓名", "性别", "出生年月"],
        [["张伟", "男", "1988.01"], ["李娜", "女", "1990.02"], ["李娜", "女", "1979.09"]],
    )
    plan = plan_import(office, path)
    assert [r.action for r in plan.rows] == ["new", "new", "new"]
    assert [r.row for r in plan.same_name_rows] == [2, 4]
    messages = {p.row: p.message for p in plan.problems() if p.level == "warning"}
    assert "本届已有同名代表“张伟”" in messages[2]
    assert messages[4] == "与第 3 行同名，请核对是否为同一人"


def _renamed_sheet(tmp_path: Path) -> Path:
    return one_sheet(
        tmp_path / "改名.xlsx",
        ["姓名", "性别", "身份证号码", "工作单位及职务"],
        [["吴一凡", "男", GOOD_ID, "新单位"], ["郑二", "女", SECOND_ID, "乙"]],
    )


def test_update_never_renames_a_deputy_whose_id_number_the_sheet_gives_another_name(
    office, tmp_path
):
    old = office.deputies.add(name="吴一", gender="男", id_number=GOOD_ID, unit="旧单位")
    plan = plan_import(office, _renamed_sheet(tmp_path), policy="update")
    conflict = plan.rows[0]
    assert conflict.action == "conflict" and conflict.deputy_id == old.id
    assert conflict.summary["old_name"] == "吴一" and conflict.values["name"] == "吴一凡"
    assert any("没有改名" in p.message for p in conflict.problems)
    before = digest(office)
    with pytest.raises(RendaError, match="身份证号码是名册中另一姓名的代表的"):
        apply_import(office, plan)  # the command line: a conflict refuses the import
    assert digest(office) == before
    result = apply_import(office, plan, renames=set())  # the clerk left it out
    assert (result.added, result.conflicts_left, result.renamed) == (1, 1, 0)
    assert (
        office.deputies.get(old.id).name == "吴一" and office.deputies.get(old.id).unit == "旧单位"
    )
    assert "姓名与名册不一致而未导入 1 行" in result.text


def test_a_rename_the_clerk_confirms_row_by_row_is_written(office, tmp_path):
    old = office.deputies.add(name="吴一", gender="男", id_number=GOOD_ID, unit="旧单位")
    plan = plan_import(office, _renamed_sheet(tmp_path), policy="update")
    result = apply_import(office, plan, renames={2})
    assert result.renamed == 1
    after = office.deputies.get(old.id)
    assert (after.name, after.unit) == ("吴一凡", "新单位")


def test_skip_and_the_command_line_list_the_conflict(office, tmp_path, capsys):
    office.deputies.add(name="吴一", gender="男", id_number=GOOD_ID)
    path = _renamed_sheet(tmp_path)
    skipped = plan_import(office, path, policy="skip")
    assert skipped.rows[0].action == "skip"
    assert any("已跳过" in p.message for p in skipped.rows[0].problems)
    db = str(office.db.conn.execute("PRAGMA database_list").fetchone()[2])
    assert main(["--db", db, "roster", "import", str(path), "--on-duplicate", "update"]) == 1
    err = capsys.readouterr().err
    assert "第 2 行 A 列（姓名）" in err and "没有改名" in err
    assert office.deputies.find(GOOD_ID)[0].name == "吴一"


# ---- linear: the checks use indexes with bound parameters -----------------------------------


def _vm_steps(office, fn) -> int:
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    office.db.conn.set_progress_handler(count, 50)
    try:
        fn()
    finally:
        office.db.conn.set_progress_handler(None, 0)
    return steps[0]


def test_checking_a_row_costs_the_same_with_a_hundred_or_three_thousand_deputies(office):
    """The import checks every row against the term: with a scan per check, n rows cost
    n² (issue 19: 50,000 rows took over 15 minutes)."""
    from tests.conftest import make_id_number

    values = {
        "name": "欧阳新",
        "gender": "女",
        "id_number": make_id_number("19910203", male=False, serial=99),
        "card_number": "X-99999",
    }

    def add(start: int, count: int) -> None:
        with office.transaction(), office.deputies.batch():
            for i in range(start, start + count):
                born = date(1950, 1, 1) + timedelta(days=i)
                office.deputies.add(
                    name="代表"
                    + "甲乙丙丁戊己庚辛壬癸"[i % 10]
                    + "子丑寅卯辰巳午未申酉"[i // 10 % 10],
                    gender="男",
                    id_number=make_id_number(born.strftime("%Y%m%d"), serial=i % 100),
                    card_number=f"C{i:05d}",
                )

    add(0, 100)
    small = _vm_steps(office, lambda: office.deputies.check(values))
    add(100, 2900)
    large = _vm_steps(office, lambda: office.deputies.check(values))
    assert large < small * 2, (small, large)
    # Without the indexes of this release the same check scans the term.
    for index in ("deputies_term_id_number", "deputies_term_card", "deputies_term_name"):
        office.db.execute(f"DROP INDEX {index}")
    scanning = _vm_steps(office, lambda: office.deputies.check(values))
    assert scanning > small * 10, (small, scanning)


def test_a_deputy_registered_from_another_program_after_the_preview_is_caught(office, tmp_path):
    """The planned rows are written unchecked only when nothing was written anywhere since
    the preview; another connection's commit makes the import check every row again."""
    from app.office import Office

    path = office_roster(tmp_path / "花名册.xlsx")
    plan = plan_import(office, path)
    db = office.db.conn.execute("PRAGMA database_list").fetchone()[2]
    with Office.open(db) as other:  # the clerk's second window, or a script
        other.deputies.add(name="李芳", gender="女", id_number=SECOND_ID)
    before = digest(office)
    with pytest.raises(RendaError, match=r"第 4 行（李四）.*名册在预览后有了变动"):
        apply_import(office, plan, only_valid=True)
    assert digest(office) == before


def test_an_unchanged_database_takes_the_planned_rows_as_they_are(office, tmp_path):
    path = office_roster(tmp_path / "花名册.xlsx")
    plan = plan_import(office, path)
    assert plan.snapshot.current(office)
    office.settings.set("package_last_folder", "D:/")  # any write at all
    assert not plan.snapshot.current(office)
    result = apply_import(office, plan, only_valid=True)  # checked again, still fine
    assert result.added == 3
