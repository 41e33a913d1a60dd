"""Rosters typed the way real offices type them, built with openpyxl for the tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.conftest import make_id_number

GOOD_ID = make_id_number("19750308", male=True, serial=21)
SECOND_ID = make_id_number("19820415", male=False, serial=33)


def messy_roster(path: Path, *, group: str = "东片代表小组") -> Path:
    """Title rows and a merged note above a header with the office's own names; dates in
    every shape; an ID stored as a number; blank, total and footer rows; stray spaces and
    full-width digits; a group name merged down over two members."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "名册"
    ws["A1"] = "清溪镇第十七届人民代表大会代表名册"
    ws.merge_cells("A1:J1")
    ws["A2"] = "填报单位（盖章）：清溪镇人大主席团          填报日期：2026年11月"
    ws.merge_cells("A2:J2")
    headers = [
        "序号",
        "代表姓名",
        "性 别",
        "出生日期",
        "单位职务",
        "身份证号",
        "手机",
        "所在代表小组",
        "民族",
        "备注说明",
    ]
    for col, text in enumerate(headers, start=1):
        ws.cell(row=3, column=col, value=text)
    rows = [
        # row 4: rare name, birth as text 1975.03, ID as text, phone as number
        [1, "王𠮷", "男", "1975.03", "桃源村党支部书记", GOOD_ID, 13812345678, group, "汉族", ""],
        # row 5: Excel date formatted as year.month, full-width phone, stray spaces
        [
            2,
            " 李  四 ",
            "女 ",
            datetime(1982, 4, 15),
            " 清溪镇中心小学 教师 ",
            SECOND_ID,
            "１３９０７３１２２３４",
            None,
            "土家族",
            "",
        ],
        # row 6: birth 1975年3月, no ID
        [
            3,
            "张三",
            "男",
            "1968年11月",
            "石桥村村委会主任",
            None,
            "0743-5221234",
            "西片",
            "苗族",
            "",
        ],
        # row 7: blank
        [None] * 10,
        # row 8: 18-digit ID stored as a number (its last digits lost by Excel)
        [4, "赵六", "男", "197503", "竹山村村民", 433122197503081234, None, None, "汉族", ""],
        # row 9: wrong check digit, a birth month that is not a month
        [
            5,
            "钱七",
            "女",
            "1990.13",
            "卫生院护士",
            GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1"),
            None,
            None,
            "汉族",
            "",
        ],
        # row 10: same ID as row 4
        [6, "孙八", "男", "1975.03", "枫林村会计", GOOD_ID, None, None, "汉族", ""],
        # row 11: total row
        ["合计", "6人", None, None, None, None, None, None, None, None],
        # row 12: footer
        ["制表人：刘芳", None, None, None, None, None, None, None, None, None],
    ]
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
    ws["D5"].number_format = "yyyy.mm"
    # The group of 王𠮷 merged down over 李四 (offices merge a group's cells).
    ws.merge_cells("H4:H5")
    wb.save(path)
    return path


THIRD_ID = make_id_number("19700612", male=True, area="110111", serial=45)  # 房山区, since 1986


def office_roster(path: Path) -> Path:
    """A roster as an office keeps it: a merged title, short forms everywhere (汉, 本科,
    党员, 无党派, 男性, √), full-width spaces, a rare character, an ID typed as a number,
    a blank row, a total row, values no list has (研究生, 穿青人)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "代表名单"
    ws["A1"] = "桃源镇第十七届人民代表大会代表花名册"
    ws.merge_cells("A1:L1")
    headers = ["序号", "姓名", "性别", "民族", "出生年月", "政治面貌", "文化程度",
               "工作单位及职务", "代表构成", "身份证号码", "连任", "主席团职务"]  # fmt: skip
    for col, text in enumerate(headers, start=1):
        ws.cell(row=2, column=col, value=text)
    rows = [
        # 3: every coded cell a short form
        [1, "王　𠮷", "男", "汉", "1975.03", "党员", "本科", "桃源村党支部书记", "干部",
         GOOD_ID, "√", "主席团主席"],
        # 4: full-width space inside a value, M/F, 预备党员, 中专
        [2, "李四", "F", "土家", "1982.04", "预备党员", "中专", "桃源镇中心小学教师", "专技人员",
         SECOND_ID, "新任", ""],
        # 5: 无党派, 大专, an area code of 1986 for a person born in 1970
        [3, "赵大", "男性", "蒙古", "1970.06", "无党派", "大专（在职）", "个体工商户", "其它",
         THIRD_ID, "×", "成员"],
        # 6: blank
        [None] * 12,
        # 7: values no list has
        [4, "钱七", "女", "穿青人", "1990.05", "群众", "研究生", "卫生院医生", "专业技术人员",
         None, "否", ""],
        # 8: an ID typed as a number
        [5, "孙八", "男", "汉族", "1968.11", "团员", "高中", "石桥村村民", "农民",
         433122196811021234, "是", ""],
        # 9: total
        ["合计", "5人", None, None, None, None, None, None, None, None, None, None],
    ]  # fmt: skip
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
    wb.save(path)
    return path
