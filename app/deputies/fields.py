"""The fields of a deputy's registration form (代表基本情况登记表), in form order.

One description serves the add/edit dialog, validation messages, the command line, and
later the Excel import/export and the printed form."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: str  # name gender text longtext date month bool ref id_number phone postcode link role
    ref: str = ""  # reference list key for kind "ref"
    required: bool = False
    sensitive: bool = False
    max_length: int = 60


DEPUTY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "姓名", "name", required=True, max_length=20),
    FieldSpec("gender", "性别", "gender", required=True),
    FieldSpec("ethnicity", "民族", "ref", ref="ethnic_groups"),
    FieldSpec("birth_date", "出生年月", "month"),
    FieldSpec("native_place", "籍贯", "text", max_length=40),
    FieldSpec("political_status", "政治面貌", "ref", ref="political_statuses"),
    FieldSpec("education", "文化程度", "ref", ref="education_levels"),
    FieldSpec("unit", "工作单位及职务", "text", max_length=80),
    FieldSpec("category", "代表构成", "ref", ref="deputy_categories"),
    FieldSpec("is_returned_overseas", "归侨侨眷", "bool"),
    FieldSpec("is_reelected", "连任代表", "bool"),
    FieldSpec("is_front_line", "一线代表", "bool"),
    FieldSpec("card_number", "代表证号", "text", max_length=20),
    FieldSpec("constituency_id", "选区", "link"),
    FieldSpec("elected_date", "当选日期", "date"),
    FieldSpec("group_id", "代表小组", "link"),
    FieldSpec("station_id", "联络站", "link"),
    FieldSpec("presidium_role", "主席团职务", "role"),
    FieldSpec("is_credentials_member", "代表资格审查委员会委员", "bool"),
    FieldSpec("is_township_deputy", "乡镇人大代表", "bool"),
    FieldSpec("is_county_deputy", "县人大代表", "bool"),
    FieldSpec("phone", "联系电话", "phone", sensitive=True, max_length=30),
    FieldSpec("address", "家庭住址", "text", sensitive=True, max_length=80),
    FieldSpec("postcode", "邮政编码", "postcode"),
    FieldSpec("id_number", "身份证号码", "id_number", sensitive=True),
    FieldSpec("resume", "个人简历", "longtext", max_length=4000),
    FieldSpec("awards", "获奖情况", "longtext", max_length=2000),
    FieldSpec("note", "备注", "longtext", max_length=2000),
)

FIELDS_BY_KEY = {f.key: f for f in DEPUTY_FIELDS}

PRESIDIUM_ROLES = {"": "", "chair": "主席", "vice_chair": "副主席", "member": "主席团成员"}
STATUS_LABELS = {"serving": "在任", "suspended": "暂停执行代表职务", "ended": "代表资格终止"}
STATUS_SHORT = {"serving": "在任", "suspended": "暂停", "ended": "终止"}
LEVEL_LABELS = {"township": "乡镇人大代表", "county": "县人大代表"}


def level_label(is_township: bool, is_county: bool) -> str:
    if is_township and is_county:
        return "县、乡两级"
    return "县级" if is_county else "乡镇级"
