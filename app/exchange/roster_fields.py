"""The roster's columns in Excel: what the export writes and what the import recognises.

The export writes the labels of app/deputies/fields.py; the import also knows the names
offices give those columns in their own sheets (姓名 / 代表姓名, 出生年月 / 出生日期 …)."""

from __future__ import annotations

import re

from app.core.chinese import to_halfwidth
from app.deputies.fields import DEPUTY_FIELDS

LINKS = {"constituency_id": "constituency", "group_id": "group", "station_id": "station"}

# How each field kind is written to and read from a cell (see table_export.KINDS).
CELL_KINDS = {
    "name": "text",
    "gender": "text",
    "ref": "text",
    "text": "text",
    "month": "month",
    "date": "date",
    "bool": "bool",
    "phone": "code",
    "postcode": "code",
    "id_number": "code",
    "link": "text",
    "role": "text",
    "longtext": "longtext",
}

# Field key -> other headers seen in offices' own rosters (after normalise_header).
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("代表姓名", "姓名", "名字", "代表名字"),
    "gender": ("性别",),
    "ethnicity": ("民族", "族别"),
    "birth_date": ("出生年月", "出生日期", "出生年月日", "生日", "出生时间", "出生年份"),
    "native_place": ("籍贯",),
    "political_status": ("政治面貌", "党派", "政治身份"),
    "education": ("文化程度", "学历", "文化", "最高学历"),
    "unit": (
        "工作单位及职务",
        "单位职务",
        "工作单位和职务",
        "单位及职务",
        "工作单位及职务职称",
        "工作单位",
        "单位",
        "职务",
    ),
    "category": ("代表构成", "构成", "代表类别", "身份类别", "代表结构"),
    "is_returned_overseas": ("归侨侨眷", "是否归侨侨眷", "归侨"),
    "is_reelected": ("连任代表", "是否连任", "连任"),
    "is_front_line": ("一线代表", "是否一线代表", "一线"),
    "card_number": ("代表证号", "代表证编号", "代表证号码"),
    "constituency_id": ("选区", "所在选区", "选区名称", "选举单位"),
    "elected_date": ("当选日期", "当选时间"),
    "group_id": ("代表小组", "所在代表小组", "所属代表小组", "小组"),
    "station_id": ("联络站", "代表联络站", "联络站点", "联络站名称", "所在联络站"),
    "presidium_role": ("主席团职务", "主席团"),
    "is_credentials_member": ("代表资格审查委员会委员", "资格审查委员会委员", "资格审查委员"),
    "is_township_deputy": ("乡镇人大代表", "乡镇代表", "镇人大代表", "乡人大代表"),
    "is_county_deputy": ("县人大代表", "县代表", "是否县人大代表", "兼任县人大代表"),
    "phone": ("联系电话", "电话", "手机", "手机号码", "联系方式", "电话号码", "手机号"),
    "address": ("家庭住址", "住址", "通讯地址", "地址", "家庭地址"),
    "postcode": ("邮政编码", "邮编"),
    "id_number": ("身份证号码", "身份证号", "公民身份号码", "身份证", "身份证件号码"),
    "resume": ("个人简历", "简历", "主要简历"),
    "awards": ("获奖情况", "奖惩情况", "荣誉"),
    "note": ("备注",),
}
# Columns recognised but not imported: shown once as a notice, never as an unknown column.
IGNORED = {
    "序号": "",
    "编号": "",
    "年龄": "年龄由出生年月计算",
    "状态": "代表状态不从表格导入，请在名册中用“变更状态”记录",
    "乡镇": "",
    "届次": "",
}
# 县、乡两级 / 县级 / 乡镇级 (the roster page's column): read into the two level flags.
LEVEL = "_level"

_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")


def normalise_header(text: object) -> str:
    """'代表 姓名*', '出生年月（年.月）', '身份证号码(必填)' -> 代表姓名, 出生年月, 身份证号码."""
    value = to_halfwidth(str(text or ""))
    value = _BRACKETS.sub("", value)
    return re.sub(r"[\s*：:、/]", "", value)


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for spec in DEPUTY_FIELDS:
        lookup[normalise_header(spec.label)] = spec.key
        for alias in ALIASES.get(spec.key, ()):
            lookup.setdefault(normalise_header(alias), spec.key)
    lookup["级别"] = lookup["代表级别"] = LEVEL
    return lookup


HEADER_LOOKUP = _build_lookup()


def field_for_header(text: object) -> str | None:
    """The field key a header names, "" for a known column that is not imported, None
    for an unknown one."""
    key = normalise_header(text)
    if not key:
        return None
    if key in HEADER_LOOKUP:
        return HEADER_LOOKUP[key]
    if key in IGNORED:
        return ""
    return None


def export_header(key: str) -> str:
    return next(f.label for f in DEPUTY_FIELDS if f.key == key)
