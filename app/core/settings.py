"""Office settings: the numbers DOMAIN.md marks *(configurable)*, and the clerk's choices.

Every setting is described once in `SETTINGS` (label, kind, default, limits); the 设置 tab
of 基础数据 is built from it, so an area that adds a setting adds one line here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.errors import ValidationError

if TYPE_CHECKING:
    from app.office import Office


# The fonts a printed form may use (app.documents.fonts resolves them). Kept here, not
# there: the settings are read at every start, the PDF machinery only when printing.
FONT_CHOICES: tuple[tuple[str, str], ...] = (
    ("程序自带字体（正文宋体风格，标题黑体）", "bundled"),
    ("Windows 宋体正文、黑体标题", "windows_song"),
    ("Windows 仿宋正文、黑体标题", "windows_fangsong"),
)


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    kind: str  # bool | int | text | choice
    default: Any
    help: str = ""
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[tuple[str, Any], ...] = ()
    editable: bool = True  # False: kept by the program (mode, names), not shown in 设置


SETTINGS: list[SettingSpec] = [
    SettingSpec(
        "office_mode",
        "数据库类型",
        "choice",
        "township",
        editable=False,
        choices=(("乡镇", "township"), ("县级汇总", "county")),
    ),
    SettingSpec("county_name", "县（市、区）", "text", "", editable=False),
    SettingSpec(
        "mask_sensitive",
        "列表和导出中隐藏身份证号码、电话、住址",
        "bool",
        True,
        help="隐藏时只显示身份证号码前 6 位和后 4 位、手机号码前 3 位和后 4 位",
    ),
    SettingSpec(
        "term_years",
        "每届任期（年）",
        "int",
        5,
        minimum=3,
        maximum=5,
        help="新增届次时按此计算届满日期；早年的届次为 3 年",
    ),
    SettingSpec("term_end_warning_days", "届满前多少天提醒换届", "int", 90, minimum=0, maximum=365),
    SettingSpec(
        "print_fonts",
        "打印字体",
        "choice",
        "bundled",
        choices=FONT_CHOICES,
        help="所选的 Windows 字体不存在或不能嵌入 PDF 时，自动改用程序自带字体并提示",
    ),
    SettingSpec(
        "auto_backup",
        "关闭程序时和每天自动备份数据库",
        "bool",
        True,
        help="备份保存在数据库旁的“备份”文件夹，保留最近 7 天、4 周、12 个月各一份",
    ),
    SettingSpec(
        "lock_wait_seconds",
        "数据库被占用时最多等待（秒）",
        "int",
        30,
        minimum=1,
        maximum=600,
        help="另一项操作（如导入名册）正在写入时，保存会等待并显示提示，超过这个时间才放弃",
    ),
    SettingSpec(
        "backup_offsite_days",
        "多少天没有备份到本机以外就提醒",
        "int",
        7,
        minimum=1,
        maximum=90,
        help="本机以外：U 盘、移动硬盘、第二备份位置等另一块磁盘。"
        "电脑损坏或丢失时只有它们能找回数据",
    ),
    SettingSpec(
        "backup_encrypt_always",
        "所有备份都加密",
        "bool",
        False,
        help="不选时，只有写到 U 盘等移动存储的备份加密；"
        "加密用本办公室的备份密钥（数据交换页可查看）",
    ),
    SettingSpec("backup_second_folder", "第二备份位置", "text", "", editable=False),
    SettingSpec("backup_last_offsite", "最近一次备份到本机以外", "text", "", editable=False),
    SettingSpec("backup_key", "备份密钥", "text", "", editable=False),
    SettingSpec("package_last_folder", "上次保存报送包的位置", "text", "", editable=False),
    # ---- the county's evaluation (app/reports/rubric.py): edited on the 报告 page
    SettingSpec("county_rubric", "考评细则（JSON，空为内置细则）", "text", "", editable=False),
    SettingSpec("county_hand_scores", "考评手工评分（JSON，按年度）", "text", "", editable=False),
    # ---- access (app/access): changed by a 管理员 on the 用户 tab, not on 设置
    SettingSpec(
        "login_required",
        "启动时要求登录",
        "bool",
        True,
        editable=False,
        help="新建的乡镇数据库默认开启；演示数据库关闭",
    ),
    SettingSpec(
        "idle_lock_minutes",
        "无操作多少分钟后锁定",
        "int",
        10,
        minimum=1,
        maximum=240,
        editable=False,
        help="锁定后需重新输入密码才能继续使用",
    ),
    SettingSpec("sessions_per_year", "每年召开人民代表大会次数", "int", 2, minimum=1, maximum=6),
    SettingSpec(
        "presidium_interval_months", "主席团会议间隔（月）", "int", 3, minimum=1, maximum=12
    ),
    SettingSpec(
        "group_activity_interval_months", "代表小组活动间隔（月）", "int", 3, minimum=1, maximum=12
    ),
    # ---- suggestions (建议办理, DOMAIN.md §4)
    SettingSpec(
        "suggestion_operator", "建议办理：经办人", "text", "人大办", help="记入每一步办理记录"
    ),
    SettingSpec(
        "suggestion_number_prefix",
        "建议编号前缀",
        "text",
        "",
        help="如填“清人建”，编号为 清人建2026-015",
    ),
    SettingSpec(
        "motion_number_prefix", "议案编号前缀", "text", "议案", help="议案单独编号，如 议案2026-01"
    ),
    SettingSpec(
        "suggestion_reply_months", "建议答复期限（交办后几个月）", "int", 3, minimum=1, maximum=12
    ),
    SettingSpec(
        "suggestion_complex_months", "复杂建议答复期限（月）", "int", 6, minimum=1, maximum=12
    ),
    SettingSpec(
        "suggestion_rehandle_months", "不满意重新办理期限（月）", "int", 1, minimum=1, maximum=6
    ),
    SettingSpec(
        "suggestion_return_workdays", "承办单位退回期限（工作日）", "int", 7, minimum=1, maximum=30
    ),
    SettingSpec(
        "suggestion_assign_workdays",
        "闭会期间建议交办期限（工作日）",
        "int",
        5,
        minimum=1,
        maximum=30,
    ),
    SettingSpec(
        "suggestion_feedback_workdays",
        "征询意见表收回期限（工作日）",
        "int",
        20,
        minimum=5,
        maximum=60,
    ),
    SettingSpec("suggestion_due_soon_days", "答复期限前几天提醒", "int", 15, minimum=1, maximum=60),
    SettingSpec(
        "suggestion_result_classes",
        "办理结果分类",
        "text",
        "A=已解决或采纳；B=列入计划逐步解决；C=留作参考",
        help="第一类计为“已解决”（办成率），其余各类继续跟踪；"
        "如 甲=已解决；乙=正在解决；丙=留作参考",
    ),
    SettingSpec(
        "voter_report_period",
        "代表向选民述职",
        "choice",
        "term",
        choices=(("每届至少一次", "term"), ("每年至少一次", "year")),
        help="未按期述职的代表列入工作台提醒",
    ),
    SettingSpec(
        "station_reception_months",
        "联络站（点）至少每几个月接待一次选民",
        "int",
        1,
        minimum=1,
        maximum=12,
    ),
    # ---- elections and the officials' register (选举、任职, DOMAIN.md §3)
    SettingSpec(
        "election_joint_nominators",
        "代表联合提名候选人的最少人数",
        "int",
        10,
        minimum=3,
        maximum=30,
        help="乡镇人大代表十人以上书面联名，可以提出主席、副主席和乡镇长、副乡镇长的候选人",
    ),
    SettingSpec(
        "election_chief_extra",
        "人大主席、乡镇长候选人比应选名额多（人）",
        "int",
        1,
        minimum=0,
        maximum=2,
    ),
    SettingSpec(
        "election_chief_single",
        "人大主席、乡镇长只提名一人时可以等额选举",
        "bool",
        True,
    ),
    SettingSpec(
        "election_vice_extra_min",
        "副主席、副乡镇长候选人至少比应选名额多（人）",
        "int",
        1,
        minimum=0,
        maximum=3,
    ),
    SettingSpec(
        "election_vice_extra_max",
        "副主席、副乡镇长候选人最多比应选名额多（人）",
        "int",
        3,
        minimum=1,
        maximum=5,
    ),
    SettingSpec("election_vice_chairs_max", "人大副主席职数", "int", 2, minimum=1, maximum=2),
    SettingSpec(
        "election_recall_share",
        "代表联名提出罢免案：全体代表的几分之一以上",
        "int",
        5,
        minimum=2,
        maximum=10,
        help="5 即五分之一以上代表联名，可以提出对人大主席、副主席和乡镇长、副乡镇长的罢免案",
    ),
    SettingSpec(
        "session_notice_days",
        "人代会会议通知提前几天发出",
        "int",
        7,
        minimum=1,
        maximum=60,
        help="全套会议材料中的会议通知按会议日期提前这些天落款",
    ),
    SettingSpec(
        "session_notice_bring",
        "人代会会议通知：请代表携带",
        "text",
        "代表证、本通知、收集整理的群众意见和建议",
    ),
    SettingSpec(
        "election_deputy_heads",
        "副乡镇长职数",
        "int",
        3,
        minimum=1,
        maximum=8,
        help="少于此数时，任职登记中显示副乡镇长空缺",
    ),
    SettingSpec(
        "work_plan_due_month",
        "年度工作要点最迟在几月底前通过",
        "int",
        3,
        minimum=1,
        maximum=12,
        help="主席团每年制定工作要点并提请主席团会议通过；过了这个月还没有录入或通过的，列入工作台提醒",
    ),
]
# ---- oversight (工作评议、述职评议、审议意见, app/oversight/rules.py)
SETTINGS += [
    SettingSpec(
        "opinion_feedback_months",
        "审议意见反馈期限（送交后几个月）",
        "int",
        3,
        minimum=1,
        maximum=12,
        help="送交审议意见时不另定期限的，按此计算反馈期限",
    ),
    SettingSpec(
        "rectification_months",
        "工作评议整改期限（送交整改意见后几个月）",
        "int",
        3,
        minimum=1,
        maximum=12,
    ),
    SettingSpec(
        "oversight_due_soon_days",
        "审议意见、整改反馈期限前几天提醒",
        "int",
        15,
        minimum=1,
        maximum=60,
    ),
    SettingSpec(
        "rating_satisfied_share",
        "测评“满意”：满意票超过有效票的百分之几",
        "int",
        50,
        minimum=1,
        maximum=99,
    ),
    SettingSpec(
        "rating_pass_share",
        "测评“基本满意”：满意率（满意＋基本满意）至少百分之几",
        "int",
        60,
        minimum=1,
        maximum=100,
        help="满意率低于此数的测评结果为“不满意”",
    ),
]
SPECS = {spec.key: spec for spec in SETTINGS}
DEFAULTS: dict[str, Any] = {spec.key: spec.default for spec in SETTINGS}


def check_value(spec: SettingSpec, value: Any) -> Any:
    """The value in its proper type, or ValidationError keyed by the setting."""
    if spec.kind == "bool":
        return value in (True, 1, "1", "true", "True", "是")
    if spec.kind == "int":
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValidationError({spec.key: f"“{spec.label}”应是整数"}) from None
        if (spec.minimum is not None and number < spec.minimum) or (
            spec.maximum is not None and number > spec.maximum
        ):
            raise ValidationError(
                {spec.key: f"“{spec.label}”应在 {spec.minimum} 到 {spec.maximum} 之间"}
            )
        return number
    if spec.kind == "choice":
        allowed = [v for _label, v in spec.choices]
        if value not in allowed:
            raise ValidationError({spec.key: f"“{spec.label}”只能从列表中选择"})
        return value
    return str(value).strip()


# The settings read while a kept figure is computed (app/db/figure_cache.py): key -> the
# stored text (None: the default). A figure is kept with what it read, and given again
# only while those settings still hold the same values; a setting it did not read (the
# clerk's name, how many days count as "due soon") leaves it valid.
_reads: ContextVar[dict[str, str | None] | None] = ContextVar("settings_read", default=None)


@contextmanager
def recording_reads() -> Iterator[dict[str, str | None]]:
    """Within the block, every setting read (by this thread) is noted in the dict yielded;
    an enclosing recording is told of them too, when the block ends."""
    outer = _reads.get()
    read: dict[str, str | None] = {}
    token = _reads.set(read)
    try:
        yield read
    finally:
        _reads.reset(token)
        if outer is not None:
            outer.update(read)


def note_reads(read: dict[str, str | None]) -> None:
    """Settings a kept figure read when it was computed, given now without computing: the
    figure being computed around it depends on them too."""
    current = _reads.get()
    if current is not None:
        current.update(read)


class Settings:
    def __init__(self, office: Office) -> None:
        self._office = office

    def get(self, key: str) -> Any:
        if key not in SPECS:
            raise KeyError(key)
        row = self._office.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        read = _reads.get()
        if read is not None:
            read[key] = None if row is None else row[0]
        return SPECS[key].default if row is None else json.loads(row[0])

    def set(self, key: str, value: Any) -> Any:
        if key not in SPECS:
            raise KeyError(key)
        checked = check_value(SPECS[key], value)
        with self._office.transaction() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(checked, ensure_ascii=False)],
            )
        return checked

    def set_many(self, values: dict[str, Any]) -> None:
        """Save several settings at once: all are checked first, then all saved, or none."""
        errors: dict[str, str] = {}
        checked: dict[str, Any] = {}
        for key, value in values.items():
            try:
                checked[key] = check_value(SPECS[key], value)
            except ValidationError as exc:
                errors.update(exc.fields)
        if errors:
            raise ValidationError(errors)
        with self._office.transaction():
            for key, value in checked.items():
                self.set(key, value)

    def all(self) -> dict[str, Any]:
        return {key: self.get(key) for key in SPECS}
