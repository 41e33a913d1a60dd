"""The blank roster template (data/templates/代表名册导入模板.xlsx).

Made by build_scripts/make_roster_template.py with this function and shipped, so the
clerk gets the same file on every PC. Its headers are the ones the import reads; drop-down
lists offer the reference lists; ID and phone columns are text, so Excel keeps all
18 digits."""

from __future__ import annotations

import json
from pathlib import Path

from app.core.paths import data_path
from app.deputies.fields import DEPUTY_FIELDS
from app.exchange.roster_export import YES_NO, roster_columns
from app.exchange.table_export import build_workbook, save_workbook

DATA_ROWS = 300
INSTRUCTIONS = [
    "1. 一行填一名代表，表头不要改动，可以删除不需要的列（“姓名”列必须保留）。",
    "2. 身份证号码、联系电话两列已设为文本格式，请直接输入，不要设为数字（数字会丢失末几位）。",
    "3. 出生年月可写 1975.03、1975年3月、197503 或 1975-03-08；当选日期写到日，如 2021-12-28。",
    "4. 民族、政治面貌、文化程度、代表构成请从下拉列表中选择；是否类的列填“是”或“否”。",
    "5. 选区、代表小组、联络站填名称，如“第一选区”“东片代表小组”；系统中没有的可在导入时自动新建。",
    "6. 主席团职务填“主席”“副主席”“主席团成员”或留空。",
    "7. 导入前会逐行检查并列出问题，确认后才写入；",
    "   已在名册中的代表按身份证号码（没有时按姓名和出生年月）识别。",
]


def _reference(key: str) -> list[str]:
    spec = json.loads(data_path("reference", f"{key}.json").read_text(encoding="utf-8"))
    return list(spec["items"])


def build_template(path: Path) -> Path:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = [c for c in roster_columns(county=False) if c.header != "状态"]
    wb = build_workbook(
        title="XX镇第XX届人民代表大会代表名册",
        columns=columns,
        rows=[],
        sheet_name="代表名册",
        note="（请把第一行改为本乡镇和届次；从第 4 行起每行填一名代表）",
    )
    ws = wb.active
    header_row, first, last = 3, 4, 3 + DATA_ROWS
    lists = wb.create_sheet("选项")
    lists.sheet_state = "hidden"
    choices: dict[str, list[str]] = {
        "性别": ["男", "女"],
        "主席团职务": ["主席", "副主席", "主席团成员"],
    }
    for spec in DEPUTY_FIELDS:
        if spec.kind == "ref":
            choices[spec.label] = _reference(spec.ref)
        elif spec.kind == "bool":
            choices[spec.label] = ["是", "否"]
    for spec in DEPUTY_FIELDS:
        if spec.key in YES_NO:
            choices[spec.label] = ["是", "否"]
    for c, (label, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(c)
        lists.cell(row=1, column=c, value=label)
        for r, value in enumerate(values, start=2):
            lists.cell(row=r, column=c, value=value)
        source = f"选项!${letter}$2:${letter}${len(values) + 1}"
        column = next(i for i, col in enumerate(columns, start=1) if col.header == label)
        target = get_column_letter(column)
        rule = DataValidation(type="list", formula1=source, allow_blank=True)
        rule.error = f"请从列表中选择{label}"
        rule.errorTitle = label
        rule.showErrorMessage = False  # a value the list lacks is reported at import
        ws.add_data_validation(rule)
        rule.add(f"{target}{first}:{target}{last}")
    for i, column in enumerate(columns, start=1):
        if column.kind in ("code", "text", "longtext") or column.kind == "month":
            for r in range(first, last + 1):
                ws.cell(row=r, column=i).number_format = "@"
    ws.auto_filter.ref = None
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    guide = wb.create_sheet("填写说明")
    guide.column_dimensions["A"].width = 110
    guide.cell(row=1, column=1, value="代表名册导入模板 填写说明")
    for r, line in enumerate(INSTRUCTIONS, start=3):
        guide.cell(row=r, column=1, value=line)
    return save_workbook(wb, path)
